"""Tables of the entities feature (imported by armsflow.models so that Alembic sees them).

- ``entity_records``: every person record the resolution reads, one row per
  (source, source_ref). Registry purchasers (source ``purchaser``, ref = purchaser ref) and
  trace possessors (source ``possessor``, ref = trace id) are copied in by ``collect``;
  any other source (associates, case subjects, a person-records file) is loaded as is.
- ``entity_members``: the current resolution, record -> entity id and match probability.
- ``entity_runs``: one row per resolution run (who, when, how many, which backend).
- ``entity_judgements``: analysts' decisions (same / not the same person), append-only; the
  latest judgement on a pair is the one in force, and every run respects it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from armsflow.db.base import Base, UTCDateTime, utcnow
from armsflow.registry.models import BigId


class EntityRecord(Base):
    """One person as one source wrote them. Personal data: see armsflow.auth.policy."""

    __tablename__ = "entity_records"
    __table_args__ = (UniqueConstraint("source", "source_ref"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    source: Mapped[str] = mapped_column(String(32))
    source_ref: Mapped[str] = mapped_column(String(64))
    last_name: Mapped[str | None] = mapped_column(String(100))
    first_name: Mapped[str | None] = mapped_column(String(100))
    middle_name: Mapped[str | None] = mapped_column(String(100))
    dob: Mapped[date | None] = mapped_column(Date)
    sex: Mapped[str | None] = mapped_column(String(1))
    street: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str | None] = mapped_column(String(3))
    zip: Mapped[str | None] = mapped_column(String(10))
    phone: Mapped[str | None] = mapped_column(String(20))
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class EntityRun(Base):
    """One resolution run."""

    __tablename__ = "entity_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_by: Mapped[str] = mapped_column(String(64))
    backend: Mapped[str] = mapped_column(String(16))
    records: Mapped[int] = mapped_column(Integer, default=0)
    pairs: Mapped[int] = mapped_column(Integer, default=0)
    entities: Mapped[int] = mapped_column(Integer, default=0)
    threshold: Mapped[float] = mapped_column(Float)
    judgements_applied: Mapped[int] = mapped_column(Integer, default=0)
    model: Mapped[str | None] = mapped_column(Text)  # the trained Splink model (JSON)


class EntityMember(Base):
    """The current resolution: which entity a record belongs to. ``entity_id`` is the
    smallest record id in the entity, so it survives re-runs that leave the entity whole."""

    __tablename__ = "entity_members"
    __table_args__ = (Index("ix_entity_members_entity", "entity_id"),)

    record_id: Mapped[int] = mapped_column(
        ForeignKey("entity_records.id", ondelete="CASCADE"), primary_key=True
    )
    entity_id: Mapped[int] = mapped_column(BigId)
    match_probability: Mapped[float] = mapped_column(Float)
    placed_by: Mapped[str | None] = mapped_column(String(16))
    """How the record came into its entity: ``link`` (a scored pair at or above the
    threshold, or a judgement), ``name`` or ``neighbour`` (a record with no date of birth
    placed after clustering, see ``attach.py``), ``alone``."""
    run_id: Mapped[int | None] = mapped_column(ForeignKey("entity_runs.id"))


class EntityJudgement(Base):
    """An analyst's decision on a pair of records: the same person or not. Never updated:
    a later judgement on the same pair supersedes the earlier one."""

    __tablename__ = "entity_judgements"
    __table_args__ = (Index("ix_entity_judgements_pair", "record_a_id", "record_b_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_a_id: Mapped[int] = mapped_column(ForeignKey("entity_records.id"))
    record_b_id: Mapped[int] = mapped_column(ForeignKey("entity_records.id"))
    same: Mapped[bool] = mapped_column(Boolean)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    username: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
