"""Tables of the operations feature (imported by armsflow.models so that Alembic sees them).

Planned operations and their event conflicts; joint operations with their tallies.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
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


class PlannedOperation(Base):
    """An operation an agency plans at a place (centre and radius) in a UTC window."""

    __tablename__ = "planned_operations"
    __table_args__ = (
        # The deconfliction prefilter: per window-length class, grid cells near the place,
        # windows starting in range (repository.candidates); the trailing columns make it
        # covering, so the query never reads the table.
        Index("ix_planned_operations_span_cell_start", "span_class", "grid_cell", "starts_at",
              "ends_at", "lat", "lon", "radius_m", "agency_id", "status"),
        Index("ix_planned_operations_agency_start", "agency_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reference: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12), default="planned")
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    radius_m: Mapped[float] = mapped_column(Float)
    address: Mapped[str | None] = mapped_column(String(300))
    timezone: Mapped[str] = mapped_column(String(64))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    grid_cell: Mapped[int] = mapped_column(Integer)
    span_class: Mapped[int] = mapped_column(Integer)
    contact_name: Mapped[str] = mapped_column(String(200))
    contact_phone: Mapped[str] = mapped_column(String(40))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class OperationConflict(Base):
    """Two operations of different agencies that overlap in space and time. ``first`` is
    the operation that was on file, ``second`` the one whose planning raised the conflict."""

    __tablename__ = "operation_conflicts"
    __table_args__ = (UniqueConstraint("first_operation_id", "second_operation_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_operation_id: Mapped[int] = mapped_column(
        ForeignKey("planned_operations.id"), index=True)
    second_operation_id: Mapped[int] = mapped_column(
        ForeignKey("planned_operations.id"), index=True)
    distance_m: Mapped[float] = mapped_column(Float)
    overlap_starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    overlap_ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    detected_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)
    first_acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    second_acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolution: Mapped[str | None] = mapped_column(String(20))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by: Mapped[str | None] = mapped_column(String(64))


class JointOperation(Base):
    """A multi-agency operation such as Project Deliverance (DOMAIN.md §4)."""

    __tablename__ = "joint_operations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    lead_agency: Mapped[str] = mapped_column(String(200))
    started_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    description: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class JointOperationAgency(Base):
    __tablename__ = "joint_operation_agencies"
    __table_args__ = (UniqueConstraint("joint_operation_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    joint_operation_id: Mapped[int] = mapped_column(
        ForeignKey("joint_operations.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default="participant")


class JointOperationTally(Base):
    """One figure: a day's or a cumulative report's count or amount of one metric, in one
    state or ('' ) not broken down by state. Amounts are integers in the metric's base unit
    (count; US cents; micrograms of a drug), so pounds, kilograms and tons sum exactly."""

    __tablename__ = "joint_operation_tallies"
    __table_args__ = (
        UniqueConstraint("joint_operation_id", "period", "on_date", "state", "metric", "drug",
                         name="uq_joint_operation_tallies_figure"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    joint_operation_id: Mapped[int] = mapped_column(
        ForeignKey("joint_operations.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(12))
    on_date: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(3), default="")
    metric: Mapped[str] = mapped_column(String(20))
    drug: Mapped[str] = mapped_column(String(20), default="")
    amount: Mapped[int] = mapped_column(BigInteger)
