"""The dashboard's Plotly figure builders (pure): totals kept, drill-down queries that select
exactly the cell, maps that only place known states, SVG bars for the PDF."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from urllib.parse import parse_qs

from hypothesis import given
from hypothesis import strategies as st

from armsflow.analytics import charts, svg
from armsflow.analytics.geo import MX_CENTROIDS, US_CENTROIDS

ORIGINS = st.sampled_from(["us", "foreign", "undetermined"])
YEARS = st.integers(min_value=2009, max_value=2014)
ROWS = st.lists(st.fixed_dictionaries({"recovery_year": YEARS, "origin": ORIGINS,
                                       "n": st.integers(min_value=0, max_value=10_000)}),
                max_size=40)


@given(ROWS)
def test_stacked_bars_keep_every_count_and_drill_to_their_cell(rows: list[dict]) -> None:
    fig = charts.stacked_bars(rows, x="recovery_year", series="origin", title="Origin")
    assert charts.figure_total(fig) == sum(r["n"] for r in rows)
    expected: Counter[tuple[str, str]] = Counter()
    for r in rows:
        expected[(str(r["recovery_year"]), r["origin"])] += r["n"]
    for trace in fig["data"]:
        for x, y, query in zip(trace["x"], trace["y"], trace["customdata"], strict=True):
            params = {k: v[0] for k, v in parse_qs(query).items()}
            assert params["recovery_year"] == x
            assert params["origin"] == trace["name"]
            assert y == expected[(x, params["origin"])]
    json.dumps(fig)  # plain JSON for the page


def test_years_are_in_order_and_names_are_translated() -> None:
    rows = [{"recovery_year": 2014, "origin": "us", "n": 3},
            {"recovery_year": 2009, "origin": "foreign", "n": 2},
            {"recovery_year": 2011, "origin": "us", "n": 1}]
    fig = charts.stacked_bars(rows, x="recovery_year", series="origin", title="t",
                              name={"us": "US-sourced", "foreign": "Foreign"}.__getitem__)
    assert [t["name"] for t in fig["data"]] == ["Foreign", "US-sourced"]
    assert fig["data"][0]["x"] == ["2009", "2011", "2014"]
    assert fig["data"][1]["y"] == [0, 1, 3]


def test_no_drill_down_data_for_aggregate_only_users() -> None:
    rows = [{"recovery_year": 2014, "origin": "us", "n": 3}]
    fig = charts.stacked_bars(rows, x="recovery_year", series="origin", title="t",
                              drill=False)
    assert all("customdata" not in t for t in fig["data"])
    choro = charts.us_choropleth([{"source_state": "TX", "n": 1}], state="source_state",
                                 title="t", drill=False)
    assert "customdata" not in choro["data"][0]


@given(st.dictionaries(st.sampled_from(["a", "b", "c", "d", "e"]),
                       st.integers(min_value=0, max_value=100), min_size=1),
       st.integers(min_value=1, max_value=5))
def test_top_bars_are_the_largest_in_order(counts: dict[str, int], top: int) -> None:
    rows = [{"maker": k, "n": v} for k, v in counts.items()]
    fig = charts.top_bars(rows, category="maker", title="Makers", top=top)
    (trace,) = fig["data"]
    assert trace["orientation"] == "h"
    assert trace["x"] == sorted(counts.values(), reverse=True)[:top]
    assert len(trace["y"]) == min(top, len(counts))


def test_choropleth_sums_states_and_drops_unknown_codes() -> None:
    rows = [{"source_state": "TX", "n": 5}, {"source_state": "tx", "n": 2},
            {"source_state": "AZ", "n": 1}, {"source_state": "ZZ", "n": 9},
            {"source_state": None, "n": 4}]
    fig = charts.us_choropleth(rows, state="source_state", title="Sources")
    (trace,) = fig["data"]
    assert dict(zip(trace["locations"], trace["z"], strict=True)) == {"AZ": 1, "TX": 7}
    assert trace["locationmode"] == "USA-states"
    assert trace["customdata"] == ["source_state=AZ", "source_state=TX"]


def test_flow_map_links_us_states_to_mexican_states_only() -> None:
    rows = [{"source_state": "TX", "recovery_state": "TAM", "n": 10},
            {"source_state": "AZ", "recovery_state": "SON", "n": 5},
            {"source_state": "TX", "recovery_state": "TX", "n": 99},  # domestic: no flow
            {"source_state": "CA", "recovery_state": "BCN", "n": 0}]
    fig = charts.flow_map(rows, source="source_state", target="recovery_state", title="F")
    flows = [t for t in fig["data"] if t["mode"] == "lines+markers"]
    assert len(flows) == 3
    first = flows[0]
    assert (first["lat"][0], first["lon"][0]) == US_CENTROIDS["TX"]
    assert (first["lat"][-1], first["lon"][-1]) == MX_CENTROIDS["TAM"]
    assert first["line"]["width"] > flows[1]["line"]["width"]
    assert parse_qs(first["customdata"][0]) == {"source_state": ["TX"],
                                                "recovery_state": ["TAM"]}
    assert fig["layout"]["geo"]["scope"] == "north america"


def test_every_mexican_state_has_a_centroid_inside_mexico() -> None:
    from armsflow.vocab.places import MX_STATES, US_STATES

    assert set(MX_CENTROIDS) == set(MX_STATES)
    for lat, lon in MX_CENTROIDS.values():
        assert 14 <= lat <= 33 and -118 <= lon <= -86
    assert {s for s in US_STATES if len(s) == 2} >= set(US_CENTROIDS)


def test_plot_config_never_points_at_the_internet() -> None:
    config = charts.plot_config("es")
    assert config["topojsonURL"] == "/static/vendor/topojson/"
    assert config["locale"] == "es"
    assert config["displaylogo"] is False


@given(st.lists(st.tuples(st.text(min_size=1, max_size=40),
                          st.floats(min_value=0, max_value=1e6)), max_size=12))
def test_svg_bars_are_well_formed_and_proportional(items: list[tuple[str, float]]) -> None:
    root = ET.fromstring(svg.bar_chart(items, title="Top <states> & more"))  # noqa: S314
    ns = "{http://www.w3.org/2000/svg}"
    widths = [float(r.get("width") or 0) for r in root.iter(f"{ns}rect")]
    assert len(widths) == len(items)
    if items and max(v for _, v in items) > 0:
        biggest = max(range(len(items)), key=lambda i: items[i][1])
        assert widths[biggest] == max(widths)
