"""What the API, the dashboard and the CLI share: the engine to use, fresh analytical data,
and the access check of drill-down.

Refresh: DuckDB and Spark read the Parquet export; ``fresh_engine`` first brings it up to
date incrementally when it is older than ``ARMSFLOW_ANALYTICS_REFRESH_SECONDS`` (only the
years with new or re-resolved traces are rewritten), so new traces appear in reports
within that delay. PostgreSQL reads the operational tables directly and needs no refresh.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Engine as SAEngine
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from armsflow.analytics.engines import Engine, analytics_dir, engine_named
from armsflow.analytics.export import refresh_if_stale
from armsflow.auth.policy import may_read_trace
from armsflow.auth.principal import Principal
from armsflow.settings import Settings
from armsflow.tracing.models import Trace
from armsflow.tracing.reads import partners


def fresh_engine(factory: sessionmaker[Session], settings: Settings,
                 name: str | None = None) -> Engine:
    """The engine ``name`` (default: configured), over data at most
    ``analytics_refresh_seconds`` old (the dashboard and API call this per request)."""
    name = name or settings.analytics_engine
    if name != "postgres":
        refresh_if_stale(factory, analytics_dir(settings), settings.analytics_refresh_seconds)
    bind = factory.kw.get("bind")
    return engine_named(name, settings, bind if isinstance(bind, SAEngine) else None)


def entitled_traces(db: Session, principal: Principal, ids: Sequence[int]
                    ) -> tuple[list[int], int]:
    """Of the trace ids behind a cell, those the caller may open (tracing's rule,
    ``auth.policy.may_read_trace``), and how many were withheld."""
    keep: list[int] = []
    shared: dict[int, frozenset[int]] = {}
    for start in range(0, len(ids), 5000):
        part = list(ids[start:start + 5000])
        for tid, agency in db.execute(select(Trace.id, Trace.agency_id)
                                      .where(Trace.id.in_(part))):
            if agency not in shared:
                shared[agency] = partners(db, agency)
            if may_read_trace(principal, agency, shared[agency]):
                keep.append(tid)
    keep.sort()
    return keep, len(ids) - len(keep)
