"""operations: planned operations, event conflicts, joint operations and their tallies

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import armsflow.db.base

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = armsflow.db.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "planned_operations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("reference", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("radius_m", sa.Float(), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("starts_at", UTC, nullable=False),
        sa.Column("ends_at", UTC, nullable=False),
        sa.Column("grid_cell", sa.Integer(), nullable=False),
        sa.Column("span_class", sa.Integer(), nullable=False),
        sa.Column("contact_name", sa.String(length=200), nullable=False),
        sa.Column("contact_phone", sa.String(length=40), nullable=False),
        sa.Column("contact_email", sa.String(length=254), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("cancelled_at", UTC, nullable=True),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"],
                                name=op.f("fk_planned_operations_agency_id_agencies")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"],
                                name=op.f("fk_planned_operations_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planned_operations")),
    )
    with op.batch_alter_table("planned_operations", schema=None) as batch_op:
        batch_op.create_index("ix_planned_operations_agency_start", ["agency_id", "starts_at"])
        batch_op.create_index("ix_planned_operations_span_cell_start",
                              ["span_class", "grid_cell", "starts_at", "ends_at", "lat", "lon",
                               "radius_m", "agency_id", "status"])

    op.create_table(
        "operation_conflicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("first_operation_id", sa.Integer(), nullable=False),
        sa.Column("second_operation_id", sa.Integer(), nullable=False),
        sa.Column("distance_m", sa.Float(), nullable=False),
        sa.Column("overlap_starts_at", UTC, nullable=False),
        sa.Column("overlap_ends_at", UTC, nullable=False),
        sa.Column("detected_at", UTC, nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("first_acknowledged_at", UTC, nullable=True),
        sa.Column("second_acknowledged_at", UTC, nullable=True),
        sa.Column("resolution", sa.String(length=20), nullable=True),
        sa.Column("resolved_at", UTC, nullable=True),
        sa.Column("resolved_by", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["first_operation_id"], ["planned_operations.id"],
            name=op.f("fk_operation_conflicts_first_operation_id_planned_operations")),
        sa.ForeignKeyConstraint(
            ["second_operation_id"], ["planned_operations.id"],
            name=op.f("fk_operation_conflicts_second_operation_id_planned_operations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_operation_conflicts")),
        sa.UniqueConstraint(
            "first_operation_id", "second_operation_id",
            name=op.f("uq_operation_conflicts_first_operation_id_second_operation_id")),
    )
    with op.batch_alter_table("operation_conflicts", schema=None) as batch_op:
        for column in ("first_operation_id", "second_operation_id", "status"):
            batch_op.create_index(batch_op.f(f"ix_operation_conflicts_{column}"), [column])

    op.create_table(
        "joint_operations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("lead_agency", sa.String(length=200), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=500), nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_joint_operations")),
        sa.UniqueConstraint("name", name=op.f("uq_joint_operations_name")),
    )
    op.create_table(
        "joint_operation_agencies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("joint_operation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["joint_operation_id"], ["joint_operations.id"],
            name=op.f("fk_joint_operation_agencies_joint_operation_id_joint_operations"),
            ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_joint_operation_agencies")),
        sa.UniqueConstraint("joint_operation_id", "name",
                            name=op.f("uq_joint_operation_agencies_joint_operation_id_name")),
    )
    op.create_table(
        "joint_operation_tallies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("joint_operation_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=12), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=3), nullable=False),
        sa.Column("metric", sa.String(length=20), nullable=False),
        sa.Column("drug", sa.String(length=20), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["joint_operation_id"], ["joint_operations.id"],
            name=op.f("fk_joint_operation_tallies_joint_operation_id_joint_operations"),
            ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_joint_operation_tallies")),
        sa.UniqueConstraint("joint_operation_id", "period", "on_date", "state", "metric",
                            "drug", name="uq_joint_operation_tallies_figure"),
    )


def downgrade() -> None:
    op.drop_table("joint_operation_tallies")
    op.drop_table("joint_operation_agencies")
    op.drop_table("joint_operations")
    with op.batch_alter_table("operation_conflicts", schema=None) as batch_op:
        for column in ("status", "second_operation_id", "first_operation_id"):
            batch_op.drop_index(batch_op.f(f"ix_operation_conflicts_{column}"))
    op.drop_table("operation_conflicts")
    with op.batch_alter_table("planned_operations", schema=None) as batch_op:
        batch_op.drop_index("ix_planned_operations_span_cell_start")
        batch_op.drop_index("ix_planned_operations_agency_start")
    op.drop_table("planned_operations")
