"""Tracing tables: trace requests with their state and result, the status history, records
requests to licensees, collective data-sharing agreements, and licensed export records.

A trace's state lives here and nowhere else: a worker claims rows (``claim_token``,
``claimed_by``, ``lease_until``), writes the result and the status change in one
transaction, and a restarted worker takes over rows whose claimer died (docs/tracing.md).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
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


class Trace(Base):
    """One trace request (ATF Form 3312.1) and, once resolved, its result."""

    __tablename__ = "traces"
    __table_args__ = (
        UniqueConstraint("agency_id", "request_ref"),
        Index("ix_traces_status_id", "status", "id"),
        Index("ix_traces_recovery_key", "serial_norm", "maker_key", "recovery_date"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    request_ref: Mapped[str] = mapped_column(String(40))
    submitted_by: Mapped[str] = mapped_column(String(64))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    request_date: Mapped[date | None] = mapped_column(Date)
    priority: Mapped[str] = mapped_column(String(8), default="routine")
    urgent_reason: Mapped[str | None] = mapped_column(String(500))
    agency_case_number: Mapped[str | None] = mapped_column(String(40))
    offense_code: Mapped[str | None] = mapped_column(String(8))
    recovery_date: Mapped[date] = mapped_column(Date)
    recovery_country: Mapped[str] = mapped_column(String(2))
    recovery_state: Mapped[str | None] = mapped_column(String(3))
    recovery_city: Mapped[str | None] = mapped_column(String(100))
    serial_raw: Mapped[str | None] = mapped_column(String(60))
    serial_norm: Mapped[str | None] = mapped_column(String(40))
    serial_obliterated: Mapped[bool] = mapped_column(Boolean, default=False)
    manufacturer: Mapped[str | None] = mapped_column(String(200))
    maker_key: Mapped[str | None] = mapped_column(String(120))
    model: Mapped[str | None] = mapped_column(String(100))
    caliber: Mapped[str | None] = mapped_column(String(40))
    firearm_type: Mapped[str | None] = mapped_column(String(2))
    country_of_manufacture: Mapped[str | None] = mapped_column(String(2))
    importer: Mapped[str | None] = mapped_column(String(200))
    item_kind: Mapped[str] = mapped_column(String(24), default="firearm")
    possessor_last_name: Mapped[str | None] = mapped_column(String(100))
    possessor_first_name: Mapped[str | None] = mapped_column(String(100))
    possessor_dob: Mapped[date | None] = mapped_column(Date)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("traces.id"), index=True)
    # state
    status: Mapped[str] = mapped_column(String(20), default="pending")
    claim_token: Mapped[str | None] = mapped_column(String(40))
    claimed_by: Mapped[str | None] = mapped_column(String(120))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # result
    outcome: Mapped[str | None] = mapped_column(String(24))
    reason: Mapped[str | None] = mapped_column(String(32))
    origin: Mapped[str | None] = mapped_column(String(16))
    origin_country: Mapped[str | None] = mapped_column(String(2))
    firearm_id: Mapped[int | None] = mapped_column(ForeignKey("firearms.id"), index=True)
    match_note: Mapped[str | None] = mapped_column(String(200))
    source_licensee_id: Mapped[int | None] = mapped_column(ForeignKey("licensees.id"))
    source_license: Mapped[str | None] = mapped_column(String(20))
    source_state: Mapped[str | None] = mapped_column(String(3))
    purchaser_id: Mapped[int | None] = mapped_column(ForeignKey("purchasers.id"))
    purchaser_ref: Mapped[str | None] = mapped_column(String(64))
    first_retail_sale_date: Mapped[date | None] = mapped_column(Date)
    ttc_days: Mapped[int | None] = mapped_column(Integer)
    indicators: Mapped[str | None] = mapped_column(String(400))
    chain_json: Mapped[str | None] = mapped_column(Text)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class TraceEvent(Base):
    """A status change of a trace: who or what, from which status to which, when, why."""

    __tablename__ = "trace_events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    trace_id: Mapped[int] = mapped_column(ForeignKey("traces.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(120))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(String(300))


class RecordsRequest(Base):
    """A request to a licensee whose records are not on file; it answers through a link."""

    __tablename__ = "records_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trace_id: Mapped[int] = mapped_column(ForeignKey("traces.id"), index=True)
    licensee_id: Mapped[int] = mapped_column(ForeignKey("licensees.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="open")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answer: Mapped[str | None] = mapped_column(String(32))
    answer_date: Mapped[date | None] = mapped_column(Date)
    answer_license: Mapped[str | None] = mapped_column(String(20))
    answer_purchaser: Mapped[str | None] = mapped_column(String(300))
    answer_note: Mapped[str | None] = mapped_column(String(500))


class SharingAgreement(Base):
    """Collective data sharing: ``agency_id`` opted in to share its traces with
    ``partner_id``. Personal data flows only when both directions exist."""

    __tablename__ = "sharing_agreements"
    __table_args__ = (UniqueConstraint("agency_id", "partner_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ExportRecord(Base):
    """A firearm exported under a State Department licence (the simulator's exports file;
    no registry import kind exists yet, so tracing keeps these itself: docs/tracing.md)."""

    __tablename__ = "export_records"
    __table_args__ = (
        UniqueConstraint("export_license", "maker_key", "serial_norm"),
        Index("ix_export_records_serial", "serial_norm"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    export_license: Mapped[str] = mapped_column(String(20))
    exporter_license: Mapped[str | None] = mapped_column(String(20))
    exporter_name: Mapped[str | None] = mapped_column(String(200))
    destination_country: Mapped[str] = mapped_column(String(2))
    end_user: Mapped[str | None] = mapped_column(String(200))
    ship_date: Mapped[date | None] = mapped_column(Date)
    maker_key: Mapped[str] = mapped_column(String(120))
    serial_norm: Mapped[str] = mapped_column(String(40))
