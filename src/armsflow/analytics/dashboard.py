"""The dashboard's view model (pure): report tables in, panels out (charts, a table with
drill-down links, download links, the caveat), grouped in sections.

The pages run the reports (``reports.run_report``) and hand the pyarrow tables here; nothing
in this module reads a database or a file.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pyarrow as pa
from babel.numbers import format_decimal, format_percent

from armsflow.analytics import charts
from armsflow.analytics.page_text import TREND_SERIES, Namer
from armsflow.analytics.reports import TTC_BANDS, Filters, Report

Rows = list[dict[str, Any]]
Gettext = Callable[[str], str]

SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("origin", ("origin",)),
    ("sources", ("top-source-states", "flows", "source-states", "in-state",
                 "top-outside-source")),
    ("firearms", ("types", "long-guns", "calibers", "manufacturers")),
    ("time-to-crime", ("time-to-crime-distribution", "time-to-crime",
                       "time-to-crime-states")),
    ("indicators", ("trends", "multiple-sales", "privately-made", "conversion-devices",
                    "thefts")),
    ("national", ("national-comparison",)),
)
"""Dashboard sections, in page order; every report of ``reports.REPORTS`` is in one."""

TABLE_LIMIT = 60
"""Rows shown on the page per table; downloads carry every row."""
DIMENSION_TYPES = (pa.string(), pa.int32())
FORMATS = ("csv", "xlsx", "parquet")


def filter_query(filters: Filters, agency_oris: Sequence[str] = ()) -> list[tuple[str, str]]:
    """The dashboard's filters as query parameters (what the form sends)."""
    items: list[tuple[str, str]] = [("year", str(y)) for y in filters.years]
    items += [("country", c) for c in filters.countries]
    items += [("state", s) for s in filters.states]
    items += [("agency", o) for o in agency_oris]
    items += [("firearm_type", t) for t in filters.firearm_types]
    return items


@dataclass(frozen=True)
class CellView:
    text: str
    numeric: bool = False
    drill: str | None = None


@dataclass(frozen=True)
class TableView:
    columns: list[str]
    rows: list[list[CellView]]
    total_rows: int


@dataclass(frozen=True)
class ChartView:
    id: str
    name: str
    figure: dict[str, Any]


@dataclass
class Panel:
    name: str
    report: Report
    table: TableView
    charts: list[ChartView] = field(default_factory=list)
    downloads: dict[str, str] = field(default_factory=dict)
    drill_base: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _format(value: Any, type_: pa.DataType, share: bool, lang: str = "en") -> str:
    """A number as the page's language writes it (``1,234.5`` / ``1.234,5``)."""
    if value is None:
        return "–"
    if share:
        return format_percent(float(value), "#,##0.0%", locale=lang)
    if pa.types.is_floating(type_):
        return format_decimal(float(value), "#,##0.00", locale=lang)
    if pa.types.is_integer(type_) and not isinstance(value, bool):
        return format_decimal(int(value), "#,##0", locale=lang)
    return str(value)


def dimensions(report: Report) -> list[str]:
    """The report's grouping columns that can select traces (its drill keys)."""
    return [c.name for c in report.columns if c.name in report.drill]


def table_view(report: Report, rows: Rows, *, name: Namer, gettext: Gettext,
               drill_base: str | None, limit: int = TABLE_LIMIT,
               lang: str = "en") -> TableView:
    """The first ``limit`` rows as text; the count cells link to their traces."""
    dims = dimensions(report)
    first_count = next((c.name for c in report.columns
                        if pa.types.is_integer(c.type) and c.name not in dims), None)
    out = []
    for row in rows[:limit]:
        cells = []
        for col in report.columns:
            value = row.get(col.name)
            is_dim = col.name in dims
            numeric = not is_dim and (pa.types.is_integer(col.type)
                                      or pa.types.is_floating(col.type))
            share = "share" in col.name
            text = (str(value) if is_dim and col.name.endswith("year") and value is not None
                    else name.of(col.name)(value) if is_dim
                    else _format(value, col.type, share, lang))
            link = None
            if drill_base and col.name == first_count and value:
                link = _join(drill_base, charts.drill_query({d: row.get(d) for d in dims}))
            cells.append(CellView(text=text, numeric=numeric, drill=link))
        out.append(cells)
    return TableView(columns=[gettext(c.title) for c in report.columns], rows=out,
                     total_rows=len(rows))


def _join(base: str, query: str) -> str:
    return f"{base}&{query}" if query else base


# ------------------------------------------------------------------------------ charts

ChartBuilder = Callable[[Rows, Namer, Gettext, bool], list[dict[str, Any]]]


def _sum_by(rows: Rows, keys: Sequence[str], values: Sequence[str]) -> Rows:
    sums: dict[tuple[Any, ...], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for r in rows:
        for v in values:
            sums[tuple(r.get(k) for k in keys)][v] += float(r.get(v) or 0)
    return [dict(zip(keys, k, strict=True)) | dict(vs) for k, vs in sums.items()]


def _origin(rows: Rows, name: Namer, _: Gettext, drill: bool) -> list[dict[str, Any]]:
    foreign = [r for r in rows if r.get("origin") == "foreign"]
    return [charts.stacked_bars(rows, x="recovery_year", series="origin",
                                title=_("Origin of recovered firearms"), name=name,
                                y_title=_("Traces"), drill=drill),
            charts.top_bars(foreign, category="origin_country", name=name.country,
                            title=_("Foreign-sourced") + " · " + _("Origin country"),
                            y_title=_("Traces"), drill=drill)]


def _top_sources(rows: Rows, name: Namer, _: Gettext, drill: bool) -> list[dict[str, Any]]:
    return [charts.us_choropleth(rows, state="source_state", title=_("Top source states"),
                                 name=name, colorbar_title=_("Traces"), drill=drill)]


def _flows(rows: Rows, name: Namer, _: Gettext, drill: bool) -> list[dict[str, Any]]:
    mx = [r for r in rows if r.get("recovery_country") == "MX"]
    return [charts.flow_map(mx, source="source_state", target="recovery_state",
                            title=_("Flows from US source states to recovery places abroad"),
                            source_name=name, target_name=name, drill=drill)]


def _bars(x: str, series: str | None, title: str) -> ChartBuilder:
    def build(rows: Rows, name: Namer, _: Gettext, drill: bool) -> list[dict[str, Any]]:
        return [charts.stacked_bars(rows, x=x, series=series, title=_(title),
                                    name=name.of(series or ""),
                                    x_name=name.of(x) if not x.endswith("year") else str,
                                    y_title=_("Traces"), drill=drill)]
    return build


def _top(category: str, title: str) -> ChartBuilder:
    def build(rows: Rows, name: Namer, _: Gettext, drill: bool) -> list[dict[str, Any]]:
        return [charts.top_bars(rows, category=category, title=_(title), name=name,
                                y_title=_("Traces"), drill=drill)]
    return build


def _line(y: str, series: str | None, title: str, y_title: str,
          percent: bool = True) -> ChartBuilder:
    """Lines over the years; with a single year, bars (one per series value)."""
    def build(rows: Rows, name: Namer, _: Gettext, drill: bool) -> list[dict[str, Any]]:
        series_name = name.of(series or "")
        if len({r.get("recovery_year") for r in rows}) <= 1 and series:
            fig = charts.stacked_bars(rows, x=series, series=None, y=y, title=_(title),
                                      x_name=series_name, y_title=_(y_title), drill=drill)
            if percent:
                fig["layout"]["yaxis"]["tickformat"] = ".0%"
            return [fig]
        return [charts.lines(rows, x="recovery_year", y=y, series=series, title=_(title),
                             name=series_name, y_title=_(y_title), percent=percent,
                             drill=drill)]
    return build


def _ttc_distribution(rows: Rows, name: Namer, _: Gettext, drill: bool
                      ) -> list[dict[str, Any]]:
    order = {label: i for i, (label, _limit) in enumerate(TTC_BANDS)}
    ordered = sorted(rows, key=lambda r: (order.get(str(r.get("ttc_band")), 99),
                                          r.get("recovery_year") or 0))
    return [charts.stacked_bars(ordered, x="ttc_band", series="recovery_year",
                                title=_("Time-to-crime distribution"), x_name=name,
                                y_title=_("Traces"), drill=drill, keep_order=True)]


def _trends(rows: Rows, name: Namer, _: Gettext, drill: bool) -> list[dict[str, Any]]:
    sums = _sum_by(rows, ["recovery_year"], list(TREND_SERIES))
    long = [{"recovery_year": r["recovery_year"], "measure": _(label), "n": r[key]}
            for r in sums for key, label in TREND_SERIES.items()]
    if len(sums) <= 1:  # one year: a bar per measure, in the report's order
        return [charts.stacked_bars(long, x="measure", series=None, keep_order=True,
                                    title=_("Trends by year"), y_title=_("Traces"),
                                    drill=False)]
    return [charts.lines(long, x="recovery_year", y="n", series="measure",
                         title=_("Trends by year"), drill=False)]


def _in_state(rows: Rows, name: Namer, _: Gettext, drill: bool) -> list[dict[str, Any]]:
    sums = _sum_by(rows, ["recovery_state"], ["n", "n_in_state"])
    long = []
    for r in sorted(sums, key=lambda r: -r["n"])[:25]:
        long.append({"recovery_state": r["recovery_state"], "part": _("Sourced in state"),
                     "n": r["n_in_state"]})
        long.append({"recovery_state": r["recovery_state"], "part": _("Other states"),
                     "n": r["n"] - r["n_in_state"]})
    fig = charts.stacked_bars(long, x="recovery_state", series="part", keep_order=True,
                              title=_("Share sourced in the recovery state"),
                              y_title=_("Traces"), drill=False)
    return [_pooled_drill(fig, [{"recovery_state": r["recovery_state"]} for r in long[::2]],
                          drill)]


def _outside(rows: Rows, name: Namer, _: Gettext, drill: bool) -> list[dict[str, Any]]:
    """Each recovery state's top outside source (summed over the years shown), as
    "recovery state ← source state" bars."""
    sums = _sum_by(rows, ["recovery_state", "source_state"], ["n"])
    pairs = [{"pair": f"{name(r['recovery_state'])} ← {name(r['source_state'])}", "n": r["n"]}
             for r in sums]
    cells = {p["pair"]: {"recovery_state": r["recovery_state"],
                         "source_state": r["source_state"]} for p, r in zip(pairs, sums,
                                                                             strict=True)}
    fig = charts.top_bars(pairs, category="pair", top=15, y_title=_("Traces"), drill=False,
                          title=_("Top outside source state"))
    shown = fig["data"][0]["y"] if fig["data"] else []
    return [_pooled_drill(fig, [cells[label] for label in shown], drill)]


def _ttc_states(rows: Rows, name: Namer, _: Gettext, drill: bool) -> list[dict[str, Any]]:
    """Shares under 1 year and from 1 to 3 years per recovery state, pooled over the years
    shown (shares pool by their counts; medians do not, so they stay in the table)."""
    weighted = [{"recovery_state": r.get("recovery_state"), "n": r.get("n") or 0,
                 "u1": (r.get("n") or 0) * (r.get("share_under_1y") or 0),
                 "u3": (r.get("n") or 0) * (r.get("share_under_3y") or 0)} for r in rows]
    sums = sorted(_sum_by(weighted, ["recovery_state"], ["n", "u1", "u3"]),
                  key=lambda r: -r["n"])[:25]
    long = []
    for r in sums:
        if r["n"]:
            long.append({"recovery_state": r["recovery_state"], "band": _("Share under 1 year"),
                         "share": r["u1"] / r["n"]})
            long.append({"recovery_state": r["recovery_state"],
                         "band": _("1 to 3 years"), "share": (r["u3"] - r["u1"]) / r["n"]})
    fig = charts.stacked_bars(long, x="recovery_state", series="band", y="share",
                              keep_order=True, x_name=name, drill=False,
                              title=_("Time-to-crime by recovery state"),
                              y_title=_("Share under 3 years"))
    fig["layout"]["yaxis"]["tickformat"] = ".0%"
    return [_pooled_drill(fig, [{"recovery_state": r["recovery_state"]} for r in long[::2]],
                          drill)]


def _pooled_drill(fig: dict[str, Any], cells: Sequence[Mapping[str, Any]], drill: bool
                  ) -> dict[str, Any]:
    """Drill-down on a chart that pools the years shown: each bar (every series of it)
    opens the traces of its cell in those years (``cells``: one per bar, in order; the
    page's filters, years included, come with the panel's drill base)."""
    if drill:
        for trace in fig["data"]:
            trace["customdata"] = [charts.drill_query(c) for c in cells]
    return fig


def local_years_only(rows: Rows) -> Rows:
    """National-comparison rows of the years with local figures (all rows when there are
    none), local counts first: comparing the local years with every published year would
    mislead."""
    years = {r.get("year") for r in rows if r.get("local_n")}
    kept = [r for r in rows if r.get("year") in years] if years else list(rows)
    return sorted(kept, key=lambda r: (-(r.get("local_n") or 0), -(r.get("national_n") or 0),
                                       str(r.get("recovery_state")), str(r.get("source_state"))))


def _national(rows: Rows, name: Namer, _: Gettext, drill: bool) -> list[dict[str, Any]]:
    rows = local_years_only(rows)
    years = sorted({str(r.get("year")) for r in rows})
    sums = _sum_by(rows, ["source_state"], ["local_n", "national_n"])
    local_total = sum(r["local_n"] for r in sums) or 1.0
    national_total = sum(r["national_n"] for r in sums) or 1.0
    best = sorted(sums, key=lambda r: -(r["national_n"] / national_total
                                        + r["local_n"] / local_total))[:15]
    long = []
    for r in best:
        long.append({"source_state": r["source_state"], "side": _("Local share"),
                     "share": r["local_n"] / local_total})
        long.append({"source_state": r["source_state"], "side": _("National share"),
                     "share": r["national_n"] / national_total})
    fig = charts.stacked_bars(long, x="source_state", series="side", y="share",
                              keep_order=True, drill=False,
                              title=_("Local and national source states") + " · "
                              + ", ".join(years[:3]) + ("…" if len(years) > 3 else ""))
    fig["layout"]["barmode"] = "group"
    fig["layout"]["yaxis"]["tickformat"] = ".0%"
    return [fig]


CHARTS: dict[str, ChartBuilder] = {
    "origin": _origin,
    "top-source-states": _top_sources,
    "flows": _flows,
    "source-states": _top("source_state", "Source state by recovery state"),
    "in-state": _in_state,
    "top-outside-source": _outside,
    "time-to-crime-states": _ttc_states,
    "types": _bars("recovery_year", "firearm_type", "Firearm types"),
    "long-guns": _bars("recovery_year", "firearm_class", "Long guns and handguns"),
    "calibers": _top("caliber", "Calibers"),
    "manufacturers": _top("manufacturer", "Manufacturers"),
    "time-to-crime-distribution": _ttc_distribution,
    "time-to-crime": _line("median_years", "firearm_type", "Time-to-crime by firearm type",
                           "Median time-to-crime (years)", percent=False),
    "trends": _trends,
    "multiple-sales": _line("share_multiple_sale", "recovery_country",
                            "Multiple-sale linkage", "Share"),
    "privately-made": _bars("recovery_year", "recovery_country", "Privately made firearms"),
    "conversion-devices": _bars("recovery_year", "recovery_country",
                                "Machine-gun conversion devices"),
    "thefts": _line("share_stolen", "recovery_country", "Stolen firearms", "Share stolen"),
    "national-comparison": _national,
}
"""The charts of each report."""


def panel(report: Report, table: pa.Table, *, filters_qs: str, name: Namer,
          gettext: Gettext, drill: bool, lang: str = "en") -> Panel:
    """One report on the page: its charts, its table, its downloads."""
    rows: Rows = table.to_pylist()
    base = f"/analytics/traces?report={report.name}" + (f"&{filters_qs}" if filters_qs else "")
    drill_base = base if drill else None
    built = CHARTS[report.name](rows, name, gettext, drill) if report.name in CHARTS else []
    views = [ChartView(id=f"chart-{report.name}-{i}", name=f"armsflow-{report.name}-{i + 1}",
                       figure=fig) for i, fig in enumerate(built)]
    query = f"?{filters_qs}" if filters_qs else ""
    downloads = {fmt: f"/analytics/tables/{report.name}.{fmt}{query}" for fmt in FORMATS}
    extra = {"gao": origin_pivot(rows)} if report.name == "origin" else {}
    shown = local_years_only(rows) if report.name == "national-comparison" else rows
    return Panel(name=report.name, report=report, charts=views, downloads=downloads,
                 drill_base=drill_base, extra=extra,
                 table=table_view(report, shown, name=name, gettext=gettext,
                                  drill_base=drill_base, lang=lang))


def encode(items: Sequence[tuple[str, str]]) -> str:
    return urlencode(list(items))


def sections_of(panels: Mapping[str, Panel]) -> list[tuple[str, list[Panel]]]:
    return [(key, [panels[n] for n in names if n in panels]) for key, names in SECTIONS]


ORIGINS = ("us", "foreign", "undetermined")


def origin_pivot(rows: Rows) -> Rows:
    """GAO-16-223's layout: one row per year of recovery with the traced total and each
    origin's count and share, then an all-years row (``recovery_year`` None)."""
    by_year: dict[Any, dict[str, int]] = defaultdict(lambda: dict.fromkeys(ORIGINS, 0))
    for r in rows:
        if r.get("origin") in ORIGINS:
            by_year[r.get("recovery_year")][str(r["origin"])] += int(r.get("n") or 0)
    years = sorted(by_year, key=lambda y: (y is None, y or 0))
    all_years = {o: sum(by_year[y][o] for y in years) for o in ORIGINS}
    out = []
    for year, counts in [*((y, by_year[y]) for y in years), (None, all_years)]:
        total = sum(counts.values())
        row: dict[str, Any] = {"recovery_year": year, "total": total}
        for o in ORIGINS:
            row[o] = counts[o]
            row[f"{o}_share"] = counts[o] / total if total else None
        out.append(row)
    return out
