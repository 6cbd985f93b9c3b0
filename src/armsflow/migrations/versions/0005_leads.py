"""leads: lead runs, leads and their dispositions (owned by the armsflow.leads package)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import armsflow.db.base

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "lead_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", armsflow.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", armsflow.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("rules_digest", sa.String(length=64), nullable=False),
        sa.Column("traces", sa.Integer(), nullable=False),
        sa.Column("leads", sa.Integer(), nullable=False),
        sa.Column("high", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_runs")),
    )
    op.create_table(
        "leads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("subject_key", sa.String(length=80), nullable=False),
        sa.Column("subject_ref", sa.String(length=80), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=3), nullable=True),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("priority", sa.String(length=8), nullable=False),
        sa.Column("hits_json", sa.Text(), nullable=False),
        sa.Column("evidence_json", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("assigned_to", sa.String(length=64), nullable=True),
        sa.Column("case_ref", sa.String(length=64), nullable=True),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("first_seen_at", armsflow.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", armsflow.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["lead_runs.id"],
                                name=op.f("fk_leads_run_id_lead_runs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leads")),
        sa.UniqueConstraint("kind", "subject_key", name=op.f("uq_leads_kind_subject_key")),
    )
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.create_index("ix_leads_queue", ["active", "priority", "score"], unique=False)
        batch_op.create_index(batch_op.f("ix_leads_subject_ref"), ["subject_ref"], unique=False)
    op.create_table(
        "lead_dispositions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("at", armsflow.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=False),
        sa.Column("to_status", sa.String(length=16), nullable=False),
        sa.Column("assigned_to", sa.String(length=64), nullable=True),
        sa.Column("case_ref", sa.String(length=64), nullable=True),
        sa.Column("reason", sa.String(length=1000), nullable=False),
        sa.ForeignKeyConstraint(["lead_id"], ["leads.id"],
                                name=op.f("fk_lead_dispositions_lead_id_leads")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_dispositions")),
    )
    with op.batch_alter_table("lead_dispositions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lead_dispositions_lead_id"), ["lead_id"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("lead_dispositions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lead_dispositions_lead_id"))
    op.drop_table("lead_dispositions")
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_leads_subject_ref"))
        batch_op.drop_index("ix_leads_queue")
    op.drop_table("leads")
    op.drop_table("lead_runs")
