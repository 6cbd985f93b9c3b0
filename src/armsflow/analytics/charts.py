"""Plotly figures for the analytics dashboard, built as plain JSON-ready dicts (pure).

Each builder takes report rows (mappings of column name to value, as the report tables
give them) and returns ``{"data": [...], "layout": {...}}`` for ``Plotly.newPlot``. The
browser draws them with the vendored plotly.js (``web/static/vendor/plotly``); nothing is
fetched from the internet: :func:`plot_config` points ``topojsonURL`` at the vendored map
shapes.

Drill-down: every bar, line point, map state and flow carries in ``customdata`` the query
string that selects its traces (``origin=us&recovery_year=2014``); the page appends it to
the dashboard's filters and opens the trace list (``/analytics/traces``). A figure built
with ``drill=False`` carries none, for users who may see only the aggregate.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from armsflow.analytics.geo import MX_CENTROIDS, US_CENTROIDS

Row = Mapping[str, Any]
Figure = dict[str, Any]
Namer = Callable[[Any], str]

TOPOJSON_URL = "/static/vendor/topojson/"
NONE = "-"
"""How a drill-down query names a missing value (traces without a state, a country...)."""
PALETTE = ("#1d3557", "#e63946", "#457b9d", "#f4a261", "#2a9d8f", "#8d99ae", "#6d597a",
           "#b56576", "#588157", "#bc6c25", "#264653", "#a8dadc")
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 12}


def _same(value: Any) -> str:
    return "" if value is None else str(value)


def plot_config(lang: str, filename: str = "armsflow-chart") -> dict[str, Any]:
    """plotly.js config: vendored map shapes, the PNG/SVG buttons of the mode bar, no logo,
    no link to Plotly's online editor."""
    return {
        "topojsonURL": TOPOJSON_URL,
        "responsive": True,
        "displaylogo": False,
        "showLink": False,
        "showSendToCloud": False,
        "showEditInChartStudio": False,
        "locale": "es" if lang == "es" else "en-US",
        "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
    }


def drill_query(params: Mapping[str, Any]) -> str:
    """The query string that selects one cell's traces: a missing value (None) is written
    ``-`` (the cell of traces without it), an empty string is left out."""
    return urlencode({k: NONE if v is None else str(v) for k, v in params.items() if v != ""})


def _layout(title: str, **extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 14}},
        "font": FONT, "margin": {"l": 60, "r": 20, "t": 48, "b": 48},
        "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff",
        "legend": {"orientation": "h", "y": -0.18}, "hovermode": "closest",
        "colorway": list(PALETTE),
    }
    layout.update(extra)
    return layout


def _sort_key(v: Any) -> tuple[bool, bool, float, str]:
    number = isinstance(v, int | float) and not isinstance(v, bool)
    return (v is None, not number, float(v) if number else 0.0, "" if number else str(v))


def _ordered(values: Iterable[Any]) -> list[Any]:
    """Distinct values, sorted: numbers as numbers, then text, None last."""
    return sorted(set(values), key=_sort_key)


def stacked_bars(rows: Sequence[Row], *, x: str, series: str | None, title: str,
                 y: str = "n", name: Namer = _same, x_name: Namer = _same,
                 x_title: str = "", y_title: str = "", drill: bool = True,
                 horizontal: bool = False, keep_order: bool = False) -> Figure:
    """One bar per ``x`` value, stacked by ``series`` (one trace per series value); ``x``
    values sorted, or in the order of ``rows`` with ``keep_order``."""
    sums: dict[Any, dict[Any, float]] = defaultdict(lambda: defaultdict(float))
    for r in rows:
        sums[r.get(series) if series else None][r.get(x)] += float(r.get(y) or 0)
    xs = (list(dict.fromkeys(r.get(x) for r in rows)) if keep_order
          else _ordered(r.get(x) for r in rows))
    data = []
    for s in _ordered(sums):
        values = [sums[s].get(v, 0) for v in xs]
        labels = [x_name(v) for v in xs]
        trace: dict[str, Any] = {
            "type": "bar", "name": name(s) if series else y_title or title,
            "x": values if horizontal else labels, "y": labels if horizontal else values,
            "orientation": "h" if horizontal else "v",
            "hovertemplate": "%{fullData.name}: %{" + ("x" if horizontal else "y") +
                             ":,}<extra>%{" + ("y" if horizontal else "x") + "}</extra>",
        }
        if drill:
            trace["customdata"] = [drill_query({x: v, **({series: s} if series else {})})
                                   for v in xs]
        data.append(trace)
    axis_cat = {"type": "category", "title": {"text": x_title}, "automargin": True}
    axis_num = {"title": {"text": y_title}, "rangemode": "tozero", "separatethousands": True}
    if horizontal:
        axis_cat.update(autorange="reversed", dtick=1)  # every label, not every other
    layout = _layout(title, barmode="stack", showlegend=bool(series),
                     xaxis=axis_num if horizontal else axis_cat,
                     yaxis=axis_cat if horizontal else axis_num)
    return {"data": data, "layout": layout}


def top_bars(rows: Sequence[Row], *, category: str, title: str, y: str = "n",
             top: int = 15, name: Namer = _same, y_title: str = "",
             drill: bool = True) -> Figure:
    """The ``top`` largest categories as horizontal bars, largest first."""
    sums: dict[Any, float] = defaultdict(float)
    for r in rows:
        sums[r.get(category)] += float(r.get(y) or 0)
    best = sorted(sums.items(), key=lambda kv: (-kv[1], str(kv[0])))[:top]
    picked = [{category: k, y: v} for k, v in best]
    return stacked_bars(picked, x=category, series=None, title=title, y=y, x_name=name,
                        y_title=y_title, drill=drill, horizontal=True, keep_order=True)


def lines(rows: Sequence[Row], *, x: str, y: str, series: str | None, title: str,
          name: Namer = _same, y_title: str = "", percent: bool = False,
          drill: bool = True) -> Figure:
    """One line per ``series`` value over ``x`` (years), with markers."""
    points: dict[Any, dict[Any, float | None]] = defaultdict(dict)
    for r in rows:
        value = r.get(y)
        points[r.get(series) if series else None][r.get(x)] = (
            None if value is None else float(value))
    xs = _ordered(r.get(x) for r in rows)
    data = []
    for s in _ordered(points):
        trace: dict[str, Any] = {
            "type": "scatter", "mode": "lines+markers", "name": name(s) if series else title,
            "x": [str(v) for v in xs], "y": [points[s].get(v) for v in xs],
            "hovertemplate": "%{fullData.name}: %{y" + (":.1%" if percent else ":,") +
                             "}<extra>%{x}</extra>",
        }
        if drill:
            trace["customdata"] = [drill_query({x: v, **({series: s} if series else {})})
                                   for v in xs]
        data.append(trace)
    yaxis: dict[str, Any] = {"title": {"text": y_title}, "rangemode": "tozero"}
    if percent:
        yaxis["tickformat"] = ".0%"
    layout = _layout(title, showlegend=bool(series),
                     xaxis={"type": "category", "automargin": True}, yaxis=yaxis)
    return {"data": data, "layout": layout}


def us_choropleth(rows: Sequence[Row], *, state: str, title: str, y: str = "n",
                  name: Namer = _same, colorbar_title: str = "",
                  drill: bool = True) -> Figure:
    """US states shaded by ``y`` (source states of recovered guns)."""
    sums: dict[str, float] = defaultdict(float)
    for r in rows:
        code = str(r.get(state) or "").upper()
        if code in US_CENTROIDS:
            sums[code] += float(r.get(y) or 0)
    codes = sorted(sums)
    trace: dict[str, Any] = {
        "type": "choropleth", "locationmode": "USA-states", "locations": codes,
        "z": [sums[c] for c in codes], "text": [name(c) for c in codes],
        "colorscale": [[0, "#eef4f8"], [0.5, "#457b9d"], [1, "#1d3557"]],
        "marker": {"line": {"color": "#ffffff", "width": 0.6}},
        "colorbar": {"title": {"text": colorbar_title}, "thickness": 12},
        "hovertemplate": "%{text}: %{z:,}<extra></extra>",
    }
    if drill:
        trace["customdata"] = [drill_query({state: c}) for c in codes]
    layout = _layout(title, geo={"scope": "usa", "projection": {"type": "albers usa"},
                                 "showlakes": False, "bgcolor": "#ffffff"},
                     margin={"l": 0, "r": 0, "t": 48, "b": 0})
    return {"data": [trace], "layout": layout}


def flow_map(rows: Sequence[Row], *, source: str, target: str, title: str,
             y: str = "n", top: int = 40, source_name: Namer = _same,
             target_name: Namer = _same, drill: bool = True) -> Figure:
    """Lines from US source states to Mexican recovery states, width by count (the
    ``top`` largest flows), over North American country borders; states are points at
    their centroids (``analytics.geo``)."""
    sums: dict[tuple[str, str], float] = defaultdict(float)
    for r in rows:
        a, b = str(r.get(source) or "").upper(), str(r.get(target) or "").upper()
        if a in US_CENTROIDS and b in MX_CENTROIDS:
            sums[(a, b)] += float(r.get(y) or 0)
    flows = sorted(sums.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    biggest = max((n for _, n in flows), default=1.0) or 1.0
    data: list[dict[str, Any]] = []
    for (a, b), n in flows:
        (lat_a, lon_a), (lat_b, lon_b) = US_CENTROIDS[a], MX_CENTROIDS[b]
        label = f"{source_name(a)} → {target_name(b)}: {n:,.0f}"
        # a middle vertex with a dot: plotly.js reports hover and click on vertices only
        trace: dict[str, Any] = {
            "type": "scattergeo", "mode": "lines+markers",
            "lat": [lat_a, (lat_a + lat_b) / 2, lat_b],
            "lon": [lon_a, (lon_a + lon_b) / 2, lon_b], "showlegend": False,
            "hoverinfo": "text", "text": [label] * 3, "opacity": 0.75,
            "line": {"width": 1 + 7 * n / biggest, "color": PALETTE[1]},
            "marker": {"size": [0, 7, 0], "color": PALETTE[1]},
        }
        if drill:
            trace["customdata"] = [drill_query({source: a, target: b})] * 3
        data.append(trace)
    data.extend(_state_points([a for (a, _), _n in flows], US_CENTROIDS, source_name,
                              PALETTE[0]))
    data.extend(_state_points([b for (_, b), _n in flows], MX_CENTROIDS, target_name,
                              PALETTE[3]))
    geo = {"scope": "north america", "resolution": 110, "showcountries": True,
           "countrycolor": "#8d99ae", "showsubunits": True, "subunitcolor": "#d7dce1",
           "showland": True, "landcolor": "#f7f8f9", "showlakes": False,
           "lataxis": {"range": [13, 50]}, "lonaxis": {"range": [-125, -80]},
           "projection": {"type": "mercator"}}
    return {"data": data, "layout": _layout(title, geo=geo, showlegend=False,
                                            margin={"l": 0, "r": 0, "t": 48, "b": 0})}


def _state_points(codes: list[str], where: Mapping[str, tuple[float, float]],
                  name: Namer, color: str) -> list[dict[str, Any]]:
    unique = sorted(set(codes))
    if not unique:
        return []
    return [{"type": "scattergeo", "mode": "markers+text", "showlegend": False,
             "lat": [where[c][0] for c in unique], "lon": [where[c][1] for c in unique],
             "text": unique, "textposition": "top center", "hoverinfo": "text",
             "hovertext": [name(c) for c in unique],
             "marker": {"size": 6, "color": color}, "textfont": {"size": 9}}]


def figure_total(figure: Figure) -> float:
    """The sum of all bar values of a figure (tests and sanity checks)."""
    total = 0.0
    for trace in figure["data"]:
        if trace.get("type") == "bar":
            values = trace["x"] if trace.get("orientation") == "h" else trace["y"]
            total += sum(float(v or 0) for v in values)
        elif trace.get("type") == "choropleth":
            total += sum(trace["z"])
    return total
