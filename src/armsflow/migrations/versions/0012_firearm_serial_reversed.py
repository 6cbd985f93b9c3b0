"""index on firearms' serials read backwards (damaged serials whose start is lost)

SQLite gets ``reverse()`` from the application's connections (db/dialect.py); PostgreSQL
has it built in.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_firearms_serial_rev", "firearms", [sa.text("reverse(serial_norm)")])


def downgrade() -> None:
    op.drop_index("ix_firearms_serial_rev", table_name="firearms")
