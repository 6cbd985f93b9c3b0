"""Tables of the monitoring feature (imported by armsflow.models so that Alembic sees them).

One row per monitoring activity held, with its participants (trainings and meetings) and
the international firearms investigations a case-system check found (checks)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from armsflow.db.base import Base, UTCDateTime, utcnow


class MonitoringActivity(Base):
    __tablename__ = "monitoring_activities"
    __table_args__ = (Index("ix_monitoring_activities_kind_held", "kind", "held_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    held_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    location: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    participants: Mapped[list[MonitoringParticipant]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="MonitoringParticipant.id")
    investigations: Mapped[list[CheckedInvestigation]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="CheckedInvestigation.id")


class MonitoringParticipant(Base):
    """Someone invited to a training or meeting, and whether they attended."""

    __tablename__ = "monitoring_participants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("monitoring_activities.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    agency: Mapped[str] = mapped_column(String(40))
    attended: Mapped[bool] = mapped_column(Boolean, default=True)


class CheckedInvestigation(Base):
    """An international firearms investigation a case-system check found, and whether the
    two agencies coordinated on it and shared information."""

    __tablename__ = "monitoring_investigations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("monitoring_activities.id", ondelete="CASCADE"), index=True)
    case_number: Mapped[str] = mapped_column(String(60), index=True)
    lead_agency: Mapped[str] = mapped_column(String(10))
    coordinated: Mapped[bool] = mapped_column(Boolean)
    information_shared: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(String(300))
