"""index on traces.duplicate_of_id (the duplicates of a recovery are looked up by it)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(op.f("ix_traces_duplicate_of_id"), "traces", ["duplicate_of_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_traces_duplicate_of_id"), table_name="traces")
