"""entity_members.placed_by: how a record came into its entity (link, name, neighbour, alone)

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("entity_members") as batch:
        batch.add_column(sa.Column("placed_by", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("entity_members") as batch:
        batch.drop_column("placed_by")
