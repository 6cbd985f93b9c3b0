"""Drill-down from a report cell to the traces behind it, for those entitled to them.

A cell is named by its report and the values of the report's drill keys
(``report=origin&recovery_year=2014&origin=us``, ``-`` for a missing value) under the
dashboard's filters. ``reports.drill_trace_ids`` finds the traces the cell counted, on the
same engine and data as the report, and ``service.entitled_traces`` keeps those the caller
may open (tracing's rule, ``auth.policy.may_read_trace``): users who may submit traces see
their agency's and its sharing partners'; domestic users entitled to registry personal data
see all; everyone else sees the aggregate only (no drill-down at all).

The list shows no personal data (no purchaser, no possessor), so listing writes no audit
event; each trace's own page decides and audits what it shows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pyarrow as pa
from sqlalchemy import select
from sqlalchemy.orm import Session

from armsflow.analytics.charts import NONE
from armsflow.analytics.reports import Report
from armsflow.auth.models import Agency
from armsflow.auth.policy import Permission, allowed
from armsflow.auth.principal import Principal
from armsflow.errors import InvalidInput
from armsflow.tracing.models import Trace

PAGE_SIZE = 100
INT_KEYS = frozenset({"recovery_year", "year"})


def may_drill(principal: Principal) -> bool:
    """True when the caller may see some traces behind the aggregates (the same holders as
    ``auth.policy.may_read_trace`` can ever grant)."""
    return allowed(principal, Permission.SUBMIT_TRACES) or allowed(
        principal, Permission.READ_PERSONAL_DATA)


def parse_cell(report: Report, params: Mapping[str, str]) -> dict[str, object]:
    """The cell named by request parameters: the report's drill keys present in ``params``
    (``-`` is a missing value). A malformed year raises InvalidInput naming the key."""
    cell: dict[str, object] = {}
    types = {c.name: c.type for c in report.columns}
    for key in report.drill:
        raw = params.get(key)
        if raw is None or raw.strip() == "":
            continue
        raw = raw.strip()
        if raw == NONE:
            cell[key] = None
        elif key in INT_KEYS or pa.types.is_integer(types.get(key, pa.string())):
            try:
                cell[key] = int(raw)
            except ValueError:
                raise InvalidInput(f"{key} must be a whole number, not {raw!r}",
                                   field=key) from None
        else:
            cell[key] = raw
    return cell


@dataclass(frozen=True)
class DrillRow:
    trace_id: int
    request_ref: str
    agency_ori: str
    recovery_date: date
    recovery_country: str
    recovery_state: str | None
    firearm_type: str | None
    manufacturer: str | None
    caliber: str | None
    origin: str | None
    source_state: str | None
    ttc_days: int | None


def load_rows(db: Session, ids: Sequence[int]) -> list[DrillRow]:
    """One page of traces (no personal data), newest recovery first."""
    if not ids:
        return []
    stmt = (select(Trace, Agency.ori).join(Agency, Agency.id == Trace.agency_id)
            .where(Trace.id.in_(list(ids)))
            .order_by(Trace.recovery_date.desc(), Trace.id.desc()))
    return [_row(t, ori) for t, ori in db.execute(stmt)]


def _row(t: Trace, ori: str) -> DrillRow:
    return DrillRow(trace_id=t.id, request_ref=t.request_ref, agency_ori=ori,
                    recovery_date=t.recovery_date, recovery_country=t.recovery_country,
                    recovery_state=t.recovery_state, firearm_type=t.firearm_type,
                    manufacturer=t.manufacturer, caliber=t.caliber, origin=t.origin,
                    source_state=t.source_state, ttc_days=t.ttc_days)


def describe(report: Report, cell: Mapping[str, object]) -> list[tuple[str, str, Any]]:
    """(column, column title, value) naming the cell."""
    titles = {c.name: c.title for c in report.columns}
    return [(k, titles.get(k, k), v) for k, v in cell.items()]
