"""REST API of the analytics feature (``READ_ANALYTICS``): the list of reports, a report as
JSON, CSV, XLSX or Parquet, the filter values, and drill-down from a cell to its traces
(only the traces the caller may open under tracing's rules)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from armsflow.analytics import formats
from armsflow.analytics.engines import Engine
from armsflow.analytics.reports import (
    REPORTS,
    Filters,
    Report,
    drill_trace_ids,
    filter_options,
    get_report,
    run_report,
)
from armsflow.analytics.service import entitled_traces, fresh_engine
from armsflow.auth.policy import Permission, require
from armsflow.errors import InvalidInput
from armsflow.web.api_errors import COMMON_ERRORS
from armsflow.web.deps import CurrentUser, Db

router = APIRouter(prefix="/api/v1", tags=["analytics"], responses=COMMON_ERRORS)

Years = Annotated[list[int] | None, Query(description="Recovery year (repeatable)")]
Codes = Annotated[list[str] | None, Query()]
Ids = Annotated[list[int] | None, Query(description="Requesting agency id (repeatable)")]


def filters_of(year: list[int] | None, country: list[str] | None, state: list[str] | None,
               agency_id: list[int] | None, firearm_type: list[str] | None) -> Filters:
    """Query parameters -> validated ``Filters`` (422 naming the bad one)."""
    return Filters.of(years=year, countries=country, states=state, agency_ids=agency_id,
                      firearm_types=firearm_type)


def request_engine(request: Request) -> Engine:
    """The configured engine over data refreshed per ``ARMSFLOW_ANALYTICS_REFRESH_SECONDS``."""
    return fresh_engine(request.app.state.sessions, request.app.state.settings)


def _describe(r: Report) -> dict[str, Any]:
    return {"name": r.name, "title": r.title, "description": r.description,
            "caveat": r.caveat, "drill_columns": list(r.drill),
            "columns": [{"name": c.name, "type": str(c.type), "title": c.title}
                        for c in r.columns]}


@router.get("/analytics/reports")
def list_reports(user: CurrentUser) -> list[dict[str, Any]]:
    """Every report: name, title, description, columns, ATF's caveat."""
    require(user, Permission.READ_ANALYTICS)
    return [_describe(r) for r in REPORTS.values()]


@router.get("/analytics/filters")
def get_filters(request: Request, user: CurrentUser) -> dict[str, list[Any]]:
    """Values present in the data for each filter."""
    require(user, Permission.READ_ANALYTICS)
    return filter_options(request_engine(request))


@router.get("/analytics/reports/{name}", response_model=None)
def get_report_rows(
    request: Request, user: CurrentUser, name: str,
    year: Years = None, country: Codes = None, state: Codes = None,
    agency_id: Ids = None, firearm_type: Codes = None,
    format: Literal["json", "csv", "xlsx", "parquet"] = "json",
) -> Response:
    """A report's rows under the filters, as JSON (with title, columns and caveat), CSV,
    XLSX or Parquet (caveat in the ``X-ArmsFlow-Caveat`` header and inside XLSX/Parquet)."""
    require(user, Permission.READ_ANALYTICS)
    report = get_report(name)
    filters = filters_of(year, country, state, agency_id, firearm_type)
    table = run_report(name, filters, request_engine(request))
    if format == "json":
        body = _describe(report) | {"rows": table.to_pylist()}
        return JSONResponse(_jsonable(body))
    headers = {"X-ArmsFlow-Caveat": report.caveat,
               "Content-Disposition": f'attachment; filename="{name}.{format}"'}
    if format == "csv":
        data = formats.to_csv(table)
    elif format == "xlsx":
        data = formats.to_xlsx(table, report.title, report.caveat)
    else:
        data = formats.to_parquet(table, report.title, report.caveat)
    return Response(data, media_type=formats.MEDIA_TYPES[format], headers=headers)


def _jsonable(value: Any) -> Any:
    import datetime as dt

    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def parse_cell(report: Report, cell: list[str]) -> dict[str, object]:
    """``["source_state:TX", "year:2022"]`` -> typed cell values (empty value: null)."""
    types = {c.name: str(c.type) for c in report.columns}
    out: dict[str, object] = {}
    for item in cell:
        column, sep, value = item.partition(":")
        if not sep or column not in report.drill:
            raise InvalidInput(f"cell {item!r}: give COLUMN:VALUE with COLUMN one of "
                               f"{', '.join(report.drill)}", field="cell")
        if value == "":
            out[column] = None
        elif types.get(column, "string").startswith("int"):
            try:
                out[column] = int(value)
            except ValueError:
                raise InvalidInput(f"cell {item!r}: {column} is a whole number",
                                   field="cell") from None
        else:
            out[column] = value
    return out


@router.get("/analytics/reports/{name}/traces")
def drill_down(
    request: Request, db: Db, user: CurrentUser, name: str,
    cell: Annotated[list[str], Query(description="COLUMN:VALUE of the cell (repeatable)")],
    year: Years = None, country: Codes = None, state: Codes = None,
    agency_id: Ids = None, firearm_type: Codes = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
) -> dict[str, Any]:
    """The traces behind one cell that the caller may open (tracing's rule: the requesting
    agency, its sharing partners, domestic analysts and investigators); the others are
    only counted (``withheld``)."""
    require(user, Permission.READ_ANALYTICS)
    report = get_report(name)
    filters = filters_of(year, country, state, agency_id, firearm_type)
    ids = drill_trace_ids(name, filters, parse_cell(report, cell), request_engine(request))
    visible, withheld = entitled_traces(db, user, ids)
    from sqlalchemy import select

    from armsflow.tracing.models import Trace

    shown = visible[:limit]
    refs = dict(db.execute(select(Trace.id, Trace.request_ref).where(Trace.id.in_(shown))).all()
                ) if shown else {}
    return {"report": name, "total": len(ids), "withheld": withheld,
            "truncated": len(visible) > limit,
            "traces": [{"id": i, "request_ref": refs.get(i), "url": f"/traces/{i}"}
                       for i in shown]}
