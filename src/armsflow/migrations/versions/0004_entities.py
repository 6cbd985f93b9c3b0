"""entities: person records, resolution runs, entity members, analysts' judgements

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import armsflow.db.base

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
UTC = armsflow.db.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "entity_records",
        sa.Column("id", BIG, nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("source_ref", sa.String(length=64), nullable=False),
        sa.Column("last_name", sa.String(length=100), nullable=True),
        sa.Column("first_name", sa.String(length=100), nullable=True),
        sa.Column("middle_name", sa.String(length=100), nullable=True),
        sa.Column("dob", sa.Date(), nullable=True),
        sa.Column("sex", sa.String(length=1), nullable=True),
        sa.Column("street", sa.String(length=200), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.Column("state", sa.String(length=3), nullable=True),
        sa.Column("zip", sa.String(length=10), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("loaded_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entity_records")),
        sa.UniqueConstraint("source", "source_ref",
                            name=op.f("uq_entity_records_source_source_ref")),
    )
    op.create_table(
        "entity_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", UTC, nullable=False),
        sa.Column("finished_at", UTC, nullable=True),
        sa.Column("started_by", sa.String(length=64), nullable=False),
        sa.Column("backend", sa.String(length=16), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("pairs", sa.Integer(), nullable=False),
        sa.Column("entities", sa.Integer(), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.Column("judgements_applied", sa.Integer(), nullable=False),
        sa.Column("model", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entity_runs")),
    )
    op.create_table(
        "entity_members",
        sa.Column("record_id", BIG, nullable=False),
        sa.Column("entity_id", BIG, nullable=False),
        sa.Column("match_probability", sa.Float(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["record_id"], ["entity_records.id"],
                                name=op.f("fk_entity_members_record_id_entity_records"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["run_id"], ["entity_runs.id"],
                                name=op.f("fk_entity_members_run_id_entity_runs")),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_entity_members")),
    )
    with op.batch_alter_table("entity_members", schema=None) as batch_op:
        batch_op.create_index("ix_entity_members_entity", ["entity_id"], unique=False)
    op.create_table(
        "entity_judgements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_a_id", BIG, nullable=False),
        sa.Column("record_b_id", BIG, nullable=False),
        sa.Column("same", sa.Boolean(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(["record_a_id"], ["entity_records.id"],
                                name=op.f("fk_entity_judgements_record_a_id_entity_records")),
        sa.ForeignKeyConstraint(["record_b_id"], ["entity_records.id"],
                                name=op.f("fk_entity_judgements_record_b_id_entity_records")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_entity_judgements_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entity_judgements")),
    )
    with op.batch_alter_table("entity_judgements", schema=None) as batch_op:
        batch_op.create_index("ix_entity_judgements_pair", ["record_a_id", "record_b_id"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("entity_judgements", schema=None) as batch_op:
        batch_op.drop_index("ix_entity_judgements_pair")
    op.drop_table("entity_judgements")
    with op.batch_alter_table("entity_members", schema=None) as batch_op:
        batch_op.drop_index("ix_entity_members_entity")
    op.drop_table("entity_members")
    op.drop_table("entity_runs")
    op.drop_table("entity_records")
