"""The PDF summary of the analytics dashboard (WeasyPrint, English or Spanish).

The same report tables as the dashboard, under the same filters: the origin table in
GAO-16-223's layout, top source states, firearm types, time-to-crime by type and the yearly
trends, each with ATF's caveat. Charts are static SVG drawn on the server from the same
rows (``analytics.svg``: horizontal bars), since WeasyPrint runs no JavaScript. Rendering
reuses the tracing report's WeasyPrint set-up (``tracing.pdf``): fonts from fontconfig,
nothing fetched but files of the static folder, 503 when Pango is missing.
"""

from __future__ import annotations

import base64
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa

from armsflow.analytics import svg
from armsflow.analytics.dashboard import origin_pivot
from armsflow.analytics.page_text import TREND_SERIES, namer
from armsflow.analytics.reports import CAVEAT, get_report
from armsflow.auth.principal import Principal
from armsflow.tracing import page_text as tracing_text
from armsflow.tracing.pdf import (
    STATIC_DIR,
    _static_fetcher,  # the tracing report's fetcher: static folder only
    _weasyprint,  # WeasyPrint or PdfUnavailable (503)
    css_string,
    page_counter,
)
from armsflow.web.i18n import LANGUAGES, translations
from armsflow.web.render import TEMPLATES

TEMPLATE = "analytics/summary_pdf.html"
PDF_REPORTS = ("origin", "top-source-states", "flows", "types", "time-to-crime", "trends")
TOP = 15


def render_summary(tables: Mapping[str, pa.Table], *, lang: str,
                   filters: Sequence[tuple[str, str]], as_of: datetime | None,
                   user: Principal | None = None, generated_at: datetime | None = None
                   ) -> bytes:
    """The summary as PDF bytes (``tables``: report name -> table, ``PDF_REPORTS``)."""
    weasyprint = _weasyprint()
    html = summary_html(tables, lang=lang, filters=filters, as_of=as_of, user=user,
                        generated_at=generated_at)
    document = weasyprint.HTML(string=html, base_url=STATIC_DIR.as_uri() + "/",
                               url_fetcher=_static_fetcher(weasyprint))
    out: bytes = document.write_pdf()
    return out


def _svg_uri(text: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(text.encode()).decode()


def _totals(rows: list[dict[str, Any]], key: str, value: str = "n") -> list[tuple[Any, float]]:
    sums: dict[Any, float] = defaultdict(float)
    for r in rows:
        sums[r.get(key)] += float(r.get(value) or 0)
    return sorted(sums.items(), key=lambda kv: (-kv[1], str(kv[0])))


def summary_html(tables: Mapping[str, pa.Table], *, lang: str,
                 filters: Sequence[tuple[str, str]], as_of: datetime | None,
                 user: Principal | None = None, generated_at: datetime | None = None) -> str:
    """The HTML WeasyPrint lays out (pure but for the template)."""
    lang = lang if lang in LANGUAGES else "en"
    tr = translations(lang)

    def gettext(message: str, **params: Any) -> str:
        text = tr.gettext(message)
        return text % params if params else text

    name = namer(gettext, tracing_text.country_namer(lang))
    rows = {k: t.to_pylist() for k, t in tables.items()}
    origin = origin_pivot(rows.get("origin", []))
    sources = _totals(rows.get("top-source-states", []), "source_state")[:TOP]
    types = _totals(rows.get("types", []), "firearm_type")
    trends = _yearly(rows.get("trends", []))
    flows = sorted(rows.get("flows", []), key=lambda r: (-(r.get("n") or 0),
                                                         str(r.get("source_state")),
                                                         str(r.get("recovery_state"))))[:TOP]
    charts = {
        "origin": svg.bar_chart([(gettext(label), float(origin[-1][code]))
                                 for code, label in (("us", "US-sourced"),
                                                     ("foreign", "Foreign-sourced"),
                                                     ("undetermined", "Undetermined"))]
                                if origin else []),
        "sources": svg.bar_chart([(name(k), v) for k, v in sources]),
        "types": svg.bar_chart([(name(k), v) for k, v in types]),
    }
    template = TEMPLATES.env.get_template(TEMPLATE)
    return template.render(
        _=gettext, lang=lang, name=name, origin=origin, sources=sources, types=types,
        flows=flows,
        ttc=rows.get("time-to-crime", []), trends=trends, trend_series=TREND_SERIES,
        charts={k: _svg_uri(v) for k, v in charts.items()}, caveat=CAVEAT,
        filters=filters, as_of=as_of, user=user, css_string=css_string,
        page_counter=page_counter, report=get_report,
        generated_at=(generated_at or datetime.now(UTC)).astimezone(UTC))


def _yearly(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The trends report summed over recovery countries, one row per year."""
    sums: dict[Any, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for r in rows:
        for key in TREND_SERIES:
            sums[r.get("recovery_year")][key] += float(r.get(key) or 0)
    return [{"recovery_year": y, **sums[y]} for y in sorted(sums, key=lambda y: y or 0)]
