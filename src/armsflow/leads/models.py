"""Tables of the leads feature (imported by armsflow.models so that Alembic sees them).

A lead is one subject (purchaser, dealer or network) with its score, priority, the rules
that fired and the records behind them. Recomputing updates leads in place (same kind and
subject), so dispositions and their history survive; a lead the rules no longer produce is
marked inactive, never deleted. Every disposition is a row of ``lead_dispositions``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from armsflow.db.base import Base, UTCDateTime, utcnow


class LeadRun(Base):
    """One computation of leads: when, by whom, with which rules file, how many leads."""

    __tablename__ = "lead_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(64))
    rules_digest: Mapped[str] = mapped_column(String(64))
    traces: Mapped[int] = mapped_column(Integer, default=0)
    leads: Mapped[int] = mapped_column(Integer, default=0)
    high: Mapped[int] = mapped_column(Integer, default=0)


class Lead(Base):
    __tablename__ = "leads"
    __table_args__ = (
        UniqueConstraint("kind", "subject_key"),
        Index("ix_leads_queue", "active", "priority", "score"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    subject_key: Mapped[str] = mapped_column(String(80))
    subject_ref: Mapped[str] = mapped_column(String(80), index=True)
    label: Mapped[str] = mapped_column(String(200))
    state: Mapped[str | None] = mapped_column(String(3))
    score: Mapped[float] = mapped_column(Float)
    priority: Mapped[str] = mapped_column(String(8))
    hits_json: Mapped[str] = mapped_column(Text)
    evidence_json: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[str] = mapped_column(String(16), default="open")
    assigned_to: Mapped[str | None] = mapped_column(String(64))
    case_ref: Mapped[str | None] = mapped_column(String(64))
    run_id: Mapped[int] = mapped_column(ForeignKey("lead_runs.id"))
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LeadDisposition(Base):
    """A change of a lead's status: who, when, from what to what, and why."""

    __tablename__ = "lead_dispositions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(Integer)
    username: Mapped[str] = mapped_column(String(64))
    from_status: Mapped[str] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    assigned_to: Mapped[str | None] = mapped_column(String(64))
    case_ref: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(1000))
