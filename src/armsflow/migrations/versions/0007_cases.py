"""cases, identifiers, shares, deconfliction hits and their parties, notifications
(owned by the armsflow.cases and armsflow.notify packages); an index on trace possessors'
dates of birth for person deconfliction

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import armsflow.db.base

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = armsflow.db.base.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("link", sa.String(length=300), nullable=True),
        sa.Column("created_at", UTC(timezone=True), nullable=False),
        sa.Column("read_at", UTC(timezone=True), nullable=True),
        sa.Column("email_to", sa.String(length=254), nullable=True),
        sa.Column("email_status", sa.String(length=10), nullable=False),
        sa.Column("email_attempts", sa.Integer(), nullable=False),
        sa.Column("email_error", sa.String(length=300), nullable=True),
        sa.Column("emailed_at", UTC(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_notifications_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    op.create_index("ix_notifications_email_status", "notifications", ["email_status"])
    op.create_index("ix_notifications_user_read", "notifications", ["user_id", "read_at"])

    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("case_number", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("lead_agency", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("international", sa.Boolean(), nullable=False),
        sa.Column("offense", sa.String(length=200), nullable=False),
        sa.Column("case_agent_id", sa.Integer(), nullable=False),
        sa.Column("poc_name", sa.String(length=200), nullable=False),
        sa.Column("poc_phone", sa.String(length=40), nullable=True),
        sa.Column("poc_email", sa.String(length=254), nullable=True),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("created_at", UTC(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("closed_at", UTC(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"],
                                name=op.f("fk_cases_agency_id_agencies")),
        sa.ForeignKeyConstraint(["case_agent_id"], ["users.id"],
                                name=op.f("fk_cases_case_agent_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("agency_id", "case_number",
                            name=op.f("uq_cases_agency_id_case_number")),
    )
    op.create_index("ix_cases_status_agency", "cases", ["status", "agency_id"])

    op.create_table(
        "case_shares",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"],
                                name=op.f("fk_case_shares_agency_id_agencies")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"],
                                name=op.f("fk_case_shares_case_id_cases"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_shares")),
        sa.UniqueConstraint("case_id", "agency_id", name=op.f("uq_case_shares_case_id_agency_id")),
    )
    op.create_index(op.f("ix_case_shares_agency_id"), "case_shares", ["agency_id"])

    op.create_table(
        "case_identifiers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("key", sa.String(length=220), nullable=False),
        sa.Column("qualifier", sa.String(length=120), nullable=False),
        sa.Column("block", sa.String(length=40), nullable=True),
        sa.Column("display", sa.String(length=260), nullable=False),
        sa.Column("dob", sa.Date(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("added_at", UTC(timezone=True), nullable=False),
        sa.Column("added_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"],
                                name=op.f("fk_case_identifiers_case_id_cases"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_identifiers")),
        sa.UniqueConstraint("case_id", "kind", "key", "qualifier",
                            name=op.f("uq_case_identifiers_case_id_kind_key_qualifier")),
    )
    op.create_index("ix_case_identifiers_kind_block", "case_identifiers", ["kind", "block"])
    op.create_index("ix_case_identifiers_kind_key", "case_identifiers", ["kind", "key"])

    op.create_table(
        "case_hits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pair_key", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("match", sa.String(length=10), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("raised_at", UTC(timezone=True), nullable=False),
        sa.Column("ack_due_at", UTC(timezone=True), nullable=False),
        sa.Column("resolve_due_at", UTC(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=14), nullable=False),
        sa.Column("acknowledged_at", UTC(timezone=True), nullable=True),
        sa.Column("resolution", sa.String(length=20), nullable=True),
        sa.Column("resolution_note", sa.String(length=500), nullable=True),
        sa.Column("resolved_at", UTC(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.String(length=64), nullable=True),
        sa.Column("escalated_at", UTC(timezone=True), nullable=True),
        sa.Column("resolve_escalated_at", UTC(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_hits")),
        sa.UniqueConstraint("pair_key", name=op.f("uq_case_hits_pair_key")),
    )
    op.create_index("ix_case_hits_raised_at", "case_hits", ["raised_at"])

    op.create_table(
        "case_hit_parties",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hit_id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=1), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("identifier_id", sa.Integer(), nullable=True),
        sa.Column("trace_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                  nullable=True),
        sa.Column("agent_user_id", sa.Integer(), nullable=True),
        sa.Column("poc_name", sa.String(length=200), nullable=False),
        sa.Column("poc_phone", sa.String(length=40), nullable=True),
        sa.Column("poc_email", sa.String(length=254), nullable=True),
        sa.Column("acknowledged_at", UTC(timezone=True), nullable=True),
        sa.Column("acknowledged_by", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"],
                                name=op.f("fk_case_hit_parties_agency_id_agencies")),
        sa.ForeignKeyConstraint(["agent_user_id"], ["users.id"],
                                name=op.f("fk_case_hit_parties_agent_user_id_users")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"],
                                name=op.f("fk_case_hit_parties_case_id_cases"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["hit_id"], ["case_hits.id"],
                                name=op.f("fk_case_hit_parties_hit_id_case_hits"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["identifier_id"], ["case_identifiers.id"],
                                name=op.f("fk_case_hit_parties_identifier_id_case_identifiers"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["trace_id"], ["traces.id"],
                                name=op.f("fk_case_hit_parties_trace_id_traces")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_hit_parties")),
        sa.UniqueConstraint("hit_id", "side", name=op.f("uq_case_hit_parties_hit_id_side")),
    )
    op.create_index(op.f("ix_case_hit_parties_agency_id"), "case_hit_parties", ["agency_id"])
    op.create_index(op.f("ix_case_hit_parties_case_id"), "case_hit_parties", ["case_id"])
    op.create_index("ix_traces_possessor_dob", "traces", ["possessor_dob"])


def downgrade() -> None:
    op.drop_index("ix_traces_possessor_dob", table_name="traces")
    op.drop_table("case_hit_parties")
    op.drop_table("case_hits")
    op.drop_table("case_identifiers")
    op.drop_table("case_shares")
    op.drop_table("cases")
    op.drop_table("notifications")
