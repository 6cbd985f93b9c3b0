"""Tables of the analytics feature (imported by armsflow.models so that Alembic sees them).

Only published national tables live in the database; trace facts are computed from the
tracing tables (``armsflow.analytics.facts``) and exported to Parquet.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from armsflow.db.base import Base, UTCDateTime, utcnow


class NationalTraceCount(Base):
    """One cell of a published aggregate table: traces by source state x recovery state x
    year (ATF's Firearms Trace Data layout). ``source`` names the publication."""

    __tablename__ = "analytics_national_counts"
    __table_args__ = (UniqueConstraint("source", "year", "source_state", "recovery_state"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(20))
    year: Mapped[int] = mapped_column(Integer)
    source_state: Mapped[str] = mapped_column(String(3))
    recovery_state: Mapped[str] = mapped_column(String(3))
    n: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
