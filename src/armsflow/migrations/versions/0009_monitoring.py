"""monitoring: the six ATF-ICE monitoring activities, participants, checked investigations

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import armsflow.db.base

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "monitoring_activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", armsflow.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monitoring_activities")),
    )
    with op.batch_alter_table("monitoring_activities", schema=None) as batch_op:
        batch_op.create_index("ix_monitoring_activities_kind_held", ["kind", "held_on"])

    op.create_table(
        "monitoring_participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("agency", sa.String(length=40), nullable=False),
        sa.Column("attended", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["monitoring_activities.id"],
            name=op.f("fk_monitoring_participants_activity_id_monitoring_activities"),
            ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monitoring_participants")),
    )
    with op.batch_alter_table("monitoring_participants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_monitoring_participants_activity_id"),
                              ["activity_id"])

    op.create_table(
        "monitoring_investigations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("case_number", sa.String(length=60), nullable=False),
        sa.Column("lead_agency", sa.String(length=10), nullable=False),
        sa.Column("coordinated", sa.Boolean(), nullable=False),
        sa.Column("information_shared", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["monitoring_activities.id"],
            name=op.f("fk_monitoring_investigations_activity_id_monitoring_activities"),
            ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monitoring_investigations")),
    )
    with op.batch_alter_table("monitoring_investigations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_monitoring_investigations_activity_id"),
                              ["activity_id"])
        batch_op.create_index(batch_op.f("ix_monitoring_investigations_case_number"),
                              ["case_number"])


def downgrade() -> None:
    op.drop_table("monitoring_investigations")
    op.drop_table("monitoring_participants")
    op.drop_table("monitoring_activities")
