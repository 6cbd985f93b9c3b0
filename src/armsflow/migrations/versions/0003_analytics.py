"""analytics tables: published national aggregate tables

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import armsflow.db.base

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "analytics_national_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("source_state", sa.String(length=3), nullable=False),
        sa.Column("recovery_state", sa.String(length=3), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("imported_at", armsflow.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analytics_national_counts")),
        sa.UniqueConstraint(
            "source", "year", "source_state", "recovery_state",
            name=op.f("uq_analytics_national_counts_source_year_source_state_recovery_state"),
        ),
    )


def downgrade() -> None:
    op.drop_table("analytics_national_counts")
