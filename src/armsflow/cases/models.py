"""Tables of the cases feature (imported by armsflow.models so that Alembic sees them).

A case belongs to the agency that registered it; ``case_shares`` lists the agencies it is
explicitly shared with (armsflow.cases.policy decides visibility). Identifiers are stored
with their exact-match key (``kind``, ``key``) and, for persons, a blocking key for fuzzy
matching. A hit links two parties (two cases of different agencies, or a case and a trace);
each party acknowledges on its own; either may resolve it.
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
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from armsflow.db.base import Base, UTCDateTime, utcnow
from armsflow.notify.models import Notification  # noqa: F401  (its table is ours: 0007)
from armsflow.tracing.models import Trace

# Trace possessors are matched by date of birth (the blocking key of person matching).
Index("ix_traces_possessor_dob", Trace.possessor_dob)


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (
        UniqueConstraint("agency_id", "case_number"),
        Index("ix_cases_status_agency", "status", "agency_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    case_number: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    lead_agency: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(12), default="open")
    international: Mapped[bool] = mapped_column(Boolean, default=False)
    offense: Mapped[str] = mapped_column(String(200))
    case_agent_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    poc_name: Mapped[str] = mapped_column(String(200))
    poc_phone: Mapped[str | None] = mapped_column(String(40))
    poc_email: Mapped[str | None] = mapped_column(String(254))
    opened_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    identifiers: Mapped[list[CaseIdentifier]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseIdentifier.id")
    shares: Mapped[list[CaseShare]] = relationship(cascade="all, delete-orphan")


class CaseShare(Base):
    __tablename__ = "case_shares"
    __table_args__ = (UniqueConstraint("case_id", "agency_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))


class CaseIdentifier(Base):
    __tablename__ = "case_identifiers"
    __table_args__ = (
        UniqueConstraint("case_id", "kind", "key", "qualifier"),
        Index("ix_case_identifiers_kind_key", "kind", "key"),
        Index("ix_case_identifiers_kind_block", "kind", "block"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(12))
    key: Mapped[str] = mapped_column(String(220))
    qualifier: Mapped[str] = mapped_column(String(120), default="")
    block: Mapped[str | None] = mapped_column(String(40))
    display: Mapped[str] = mapped_column(String(260))
    dob: Mapped[date | None] = mapped_column(Date)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    added_by: Mapped[str] = mapped_column(String(64))

    case: Mapped[Case] = relationship(back_populates="identifiers")


class Hit(Base):
    """A target-deconfliction hit. ``pair_key`` (e.g. ``i12-i34`` or ``i12-t99``) makes
    raising idempotent: the same two identifiers never raise twice."""

    __tablename__ = "case_hits"
    __table_args__ = (Index("ix_case_hits_raised_at", "raised_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pair_key: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(12))
    match: Mapped[str] = mapped_column(String(10))  # exact | fuzzy | trace
    score: Mapped[int] = mapped_column(Integer, default=100)
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ack_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    resolve_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(14), default="open")
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolution: Mapped[str | None] = mapped_column(String(20))
    resolution_note: Mapped[str | None] = mapped_column(String(500))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by: Mapped[str | None] = mapped_column(String(64))
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolve_escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    parties: Mapped[list[HitParty]] = relationship(
        back_populates="hit", cascade="all, delete-orphan", order_by="HitParty.side",
        lazy="selectin")


class HitParty(Base):
    """One side of a hit: a case (with its identifier) or a trace, its agency, its agent."""

    __tablename__ = "case_hit_parties"
    __table_args__ = (UniqueConstraint("hit_id", "side"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hit_id: Mapped[int] = mapped_column(ForeignKey("case_hits.id", ondelete="CASCADE"))
    side: Mapped[str] = mapped_column(String(1))  # a | b
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    identifier_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_identifiers.id", ondelete="CASCADE"))
    trace_id: Mapped[int | None] = mapped_column(ForeignKey("traces.id"))
    agent_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    poc_name: Mapped[str] = mapped_column(String(200))
    poc_phone: Mapped[str | None] = mapped_column(String(40))
    poc_email: Mapped[str | None] = mapped_column(String(254))
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_by: Mapped[str | None] = mapped_column(String(64))

    hit: Mapped[Hit] = relationship(back_populates="parties")
