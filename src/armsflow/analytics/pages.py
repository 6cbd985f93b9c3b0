"""Web pages of the analytics feature: the dashboard (``/analytics``, every report with its
charts, maps, table, downloads and ATF's caveat, filtered with HTMX), drill-down to the
traces behind a cell (``/analytics/traces``), table downloads (CSV, XLSX, Parquet), the PDF
summary (``/analytics/report.pdf``) and a refresh of the analytical data.

Thin: reports come from ``reports.run_report`` on the engine ``service.fresh_engine`` gives
(the same as the API and CLI), drill-down ids from ``reports.drill_trace_ids`` kept through
``service.entitled_traces``; the view model is ``analytics.dashboard`` (pure).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import QueryParams

from armsflow.analytics import charts, dashboard, drill, formats, pdf, service
from armsflow.analytics.engines import Engine, analytics_dir
from armsflow.analytics.export import export_parquet, read_manifest
from armsflow.analytics.layout import ATF_TYPES
from armsflow.analytics.page_text import SECTION_TITLES, namer
from armsflow.analytics.reports import (
    REPORTS,
    Filters,
    drill_trace_ids,
    get_report,
    run_report,
)
from armsflow.auth.models import Agency
from armsflow.auth.policy import Permission, require
from armsflow.auth.principal import Principal
from armsflow.errors import InvalidInput, NotFound
from armsflow.tracing import page_text as tracing_text
from armsflow.vocab.firearms import atf_category
from armsflow.vocab.places import MX_STATES, US_STATES
from armsflow.web.deps import CurrentUser, Db, check_form_csrf
from armsflow.web.i18n import translations
from armsflow.web.render import page

router = APIRouter(include_in_schema=False)
AGENCY_CHOICES = 500


def _lang(request: Request) -> str:
    return str(getattr(request.state, "lang", "en"))


def _gettext(lang: str) -> Any:
    return translations(lang).gettext


def _engine(request: Request) -> Engine:
    return service.fresh_engine(request.app.state.sessions, request.app.state.settings)


# ------------------------------------------------------------------------------ filters


def _values(params: QueryParams, key: str) -> list[str]:
    return [v.strip() for v in params.getlist(key) if v.strip()]


def parse_filters(db: Session, params: QueryParams) -> tuple[Filters, list[str]]:
    """The dashboard's filters from the query string (``year``, ``country``, ``state``,
    ``agency`` as ORI, ``firearm_type``; each may repeat). Bad values: InvalidInput
    naming the field."""
    years = []
    for raw in _values(params, "year"):
        if not re.fullmatch(r"[0-9]{1,4}", raw):
            raise InvalidInput(f"year {raw!r} is not a year", field="year")
        years.append(int(raw))
    oris = [o.upper() for o in _values(params, "agency")]
    ids = []
    for ori in oris:
        found = db.scalar(select(Agency.id).where(Agency.ori == ori))
        if found is None:
            raise InvalidInput(f"no agency with ORI {ori!r}", field="agency")
        ids.append(found)
    filters = Filters.of(years=years, countries=_values(params, "country"),
                         states=_values(params, "state"), agency_ids=ids,
                         firearm_types=_values(params, "firearm_type"))
    return filters, oris


def _choices(db: Session, engine: Engine, lang: str) -> dict[str, Any]:
    every = run_report("trends", Filters(), engine).to_pylist()
    country = tracing_text.country_namer(lang)
    countries = sorted({r["recovery_country"] for r in every if r["recovery_country"]})
    agencies = db.execute(select(Agency.ori, Agency.name).order_by(Agency.ori)
                          .limit(AGENCY_CHOICES)).all()
    return {
        "years": sorted({r["recovery_year"] for r in every if r["recovery_year"]},
                        reverse=True),
        "countries": [(c, country(c)) for c in countries],
        "us_states": sorted(US_STATES.items(), key=lambda kv: kv[1]),
        "mx_states": sorted(MX_STATES.items(), key=lambda kv: kv[1]),
        "agencies": [(o, n) for o, n in agencies],
        "firearm_types": list(ATF_TYPES),
    }


def as_of(request: Request) -> dict[str, Any]:
    """When the figures were taken, and how they are refreshed."""
    settings = request.app.state.settings
    if settings.analytics_engine == "postgres":
        return {"live": True, "at": datetime.now(UTC), "every": 0}
    manifest = read_manifest(analytics_dir(settings)) or {}
    at = manifest.get("exported_at")
    return {"live": False, "at": datetime.fromisoformat(at) if at else None,
            "every": settings.analytics_refresh_seconds}


# ------------------------------------------------------------------------------ dashboard


def _panels(engine: Engine, filters: Filters, oris: list[str], user: Principal,
            lang: str) -> dict[str, dashboard.Panel]:
    _ = _gettext(lang)
    name = namer(_, tracing_text.country_namer(lang))
    qs = dashboard.encode(dashboard.filter_query(filters, oris))
    may = drill.may_drill(user)
    return {r.name: dashboard.panel(r, run_report(r.name, filters, engine), filters_qs=qs,
                                    name=name, gettext=_, drill=may, lang=lang)
            for r in REPORTS.values()}


@router.get("/analytics")
def dashboard_page(request: Request, db: Db, user: CurrentUser) -> Response:
    """The dashboard; with ``HX-Request`` only the part below the filters (HTMX swap)."""
    require(user, Permission.READ_ANALYTICS)
    lang = _lang(request)
    filters, oris = parse_filters(db, request.query_params)
    engine = _engine(request)
    panels = _panels(engine, filters, oris, user, lang)
    qs = dashboard.encode(dashboard.filter_query(filters, oris))
    ctx: dict[str, Any] = {
        "sections": dashboard.sections_of(panels), "filters": filters, "oris": oris,
        "qs": qs, "as_of": as_of(request), "may_drill": drill.may_drill(user),
        "section_titles": SECTION_TITLES}
    if request.headers.get("hx-request") == "true":
        return page(request, "analytics/_dashboard.html", **ctx)
    return page(request, "analytics/index.html", choices=_choices(db, engine, lang),
                plot_config=charts.plot_config(lang), **ctx)


@router.post("/analytics/refresh")
def refresh(request: Request, user: CurrentUser, csrf_token: str = Form("")) -> Response:
    """Bring the analytical export up to date now (incremental), back to the dashboard."""
    check_form_csrf(request, csrf_token)
    require(user, Permission.READ_ANALYTICS)
    settings = request.app.state.settings
    if settings.analytics_engine != "postgres":
        export_parquet(request.app.state.sessions, analytics_dir(settings))
    back = urlsplit(request.headers.get("referer", ""))  # back to the same filters, on
    target = "/analytics" + (f"?{back.query}" if back.path == "/analytics" and back.query
                             else "")  # this server only
    return RedirectResponse(target, status_code=303)


# ------------------------------------------------------------------------------ downloads


@router.get("/analytics/tables/{name}.{fmt}")
def table_download(request: Request, db: Db, user: CurrentUser, name: str,
                   fmt: str) -> Response:
    """One report table, every row, under the dashboard's filters (the API's formats:
    ``analytics.formats``, with the report's title and ATF's caveat in the file)."""
    require(user, Permission.READ_ANALYTICS)
    if fmt not in formats.MEDIA_TYPES:
        raise NotFound(f"no table format {fmt!r}; use csv, xlsx or parquet")
    report = get_report(name)
    filters, _oris = parse_filters(db, request.query_params)
    table = run_report(report.name, filters, _engine(request))
    if fmt == "csv":
        body = formats.to_csv(table)
    elif fmt == "xlsx":
        body = formats.to_xlsx(table, report.title, report.caveat)
    else:
        body = formats.to_parquet(table, report.title, report.caveat)
    return Response(body, media_type=formats.MEDIA_TYPES[fmt], headers={
        "Content-Disposition": f'attachment; filename="armsflow-{report.name}.{fmt}"'})


# ------------------------------------------------------------------------------ drill-down


@router.get("/analytics/traces")
def drill_page(request: Request, db: Db, user: CurrentUser, report: str = "origin",
               offset: int = 0) -> Response:
    """The traces behind one cell that the caller may open, with links to their results."""
    require(user, Permission.READ_ANALYTICS)
    rep = get_report(report)
    if not drill.may_drill(user):
        return page(request, "analytics/traces.html", status_code=403, allowed=False,
                    report=rep, cell=[], rows=[], total=0, withheld=0, offset=0,
                    page_size=drill.PAGE_SIZE, back="/analytics", qs="")
    filters, oris = parse_filters(db, request.query_params)
    cell = drill.parse_cell(rep, request.query_params)
    ids = drill_trace_ids(rep.name, filters, cell, _engine(request))
    kept, withheld = service.entitled_traces(db, user, ids)
    kept.sort(reverse=True)
    offset = max(0, offset)
    rows = drill.load_rows(db, kept[offset:offset + drill.PAGE_SIZE])
    qs = dashboard.encode(dashboard.filter_query(filters, oris))
    here = dashboard.encode([("report", rep.name), *dashboard.filter_query(filters, oris),
                             *drill_items(cell)])
    name = namer(_gettext(_lang(request)), tracing_text.country_namer(_lang(request)))
    described = [(title, value if key.endswith("year") or value is None
                  else name.of(key)(value)) for key, title, value in drill.describe(rep, cell)]
    return page(request, "analytics/traces.html", allowed=True, report=rep, cell=described,
                rows=rows, total=len(kept), withheld=withheld, offset=offset,
                page_size=drill.PAGE_SIZE, back="/analytics" + (f"?{qs}" if qs else ""),
                here=here, name=name, category=atf_category)


def drill_items(cell: dict[str, object]) -> list[tuple[str, str]]:
    return [(k, "-" if v is None else str(v)) for k, v in cell.items()]


# ------------------------------------------------------------------------------ PDF


@router.get("/analytics/report.pdf")
def summary_pdf(request: Request, db: Db, user: CurrentUser) -> Response:
    """The PDF summary of the dashboard under its filters, in the page's language."""
    require(user, Permission.READ_ANALYTICS)
    lang = _lang(request)
    filters, oris = parse_filters(db, request.query_params)
    engine = _engine(request)
    tables = {name: run_report(name, filters, engine) for name in pdf.PDF_REPORTS}
    body = pdf.render_summary(tables, lang=lang, filters=dashboard.filter_query(filters, oris),
                              as_of=as_of(request)["at"], user=user)
    return Response(body, media_type="application/pdf", headers={
        "Content-Disposition": 'inline; filename="armsflow-analytics-summary.pdf"',
        "Cache-Control": "no-store"})
