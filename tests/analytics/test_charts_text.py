"""Every text a report shows on the dashboard (title, description, column titles, caveat) and
every code its cells hold is listed for translation in ``analytics.page_text``, and the
dashboard's view model gives every report a section and (where it has one) a chart."""

from __future__ import annotations

import pyarrow as pa

from armsflow.analytics import dashboard
from armsflow.analytics.layout import ATF_TYPES, FIREARM_CLASSES
from armsflow.analytics.page_text import CODE_LABELS, REPORT_TEXTS, namer
from armsflow.analytics.reports import CAVEAT, REPORTS, TTC_BANDS


def test_every_report_text_is_marked_for_translation() -> None:
    texts = set(REPORT_TEXTS)
    for report in REPORTS.values():
        assert report.title in texts, report.title
        assert report.description in texts, report.description
        for column in report.columns:
            assert column.title in texts, (report.name, column.title)
        assert report.caveat in texts
    assert CAVEAT in texts
    codes = {*ATF_TYPES, *FIREARM_CLASSES, *(label for label, _ in TTC_BANDS), "us",
             "foreign", "undetermined"}
    assert codes <= set(CODE_LABELS)


def test_every_report_is_in_one_section() -> None:
    placed = [n for _key, names in dashboard.SECTIONS for n in names]
    assert sorted(placed) == sorted(REPORTS)


def test_a_panel_for_every_report_on_empty_data() -> None:
    name = namer(lambda s: s, lambda c: c or "")
    for report in REPORTS.values():
        table = report.schema.empty_table()
        panel = dashboard.panel(report, table, filters_qs="year=2023", name=name,
                                gettext=lambda s: s, drill=True)
        assert panel.table.total_rows == 0
        assert panel.downloads["csv"] == f"/analytics/tables/{report.name}.csv?year=2023"
        assert panel.drill_base and "year=2023" in panel.drill_base


def test_table_counts_link_to_their_cell() -> None:
    report = REPORTS["origin"]
    table = pa.table({"recovery_year": [2014], "recovery_country": ["MX"], "origin": ["foreign"],
                      "origin_country": [None], "n": [3]}, schema=report.schema)
    name = namer(lambda s: s, lambda c: c or "")
    panel = dashboard.panel(report, table, filters_qs="", name=name, gettext=lambda s: s,
                            drill=True)
    (row,) = panel.table.rows
    link = row[-1].drill
    assert link is not None
    assert "recovery_year=2014" in link and "origin=foreign" in link
    assert "origin_country=-" in link  # a missing value selects the traces without one
    assert [c.text for c in row[:4]] == ["2014", "MX", "Foreign-sourced", "(not known)"]
    none = dashboard.panel(report, table, filters_qs="", name=name, gettext=lambda s: s,
                           drill=False)
    assert all(c.drill is None for c in none.table.rows[0])


def test_country_codes_are_not_read_as_states() -> None:
    name = namer(lambda s: s, {"DE": "Germany", "IL": "Israel"}.get)  # type: ignore[arg-type]
    assert name.of("origin_country")("DE") == "Germany"
    assert name.of("source_state")("DE") == "Delaware"
    assert name.of("recovery_state")("SON") == "Sonora"
    assert name("us") == "US-sourced"
    assert name(None) == name.country(None) == "(not known)"
    report = REPORTS["origin"]
    table = pa.table({"recovery_year": [2014], "recovery_country": ["MX"], "origin": ["foreign"],
                      "origin_country": ["IL"], "n": [3]}, schema=report.schema)
    panel = dashboard.panel(report, table, filters_qs="", name=name, gettext=lambda s: s,
                            drill=True)
    assert panel.table.rows[0][3].text == "Israel"
    (_by_year, by_country) = (c.figure for c in panel.charts)
    assert by_country["data"][0]["y"] == ["Israel"]


def test_national_comparison_keeps_the_years_with_local_figures() -> None:
    rows = [{"year": 2010, "recovery_state": "TX", "source_state": "TX", "local_n": None,
             "national_n": 900},
            {"year": 2022, "recovery_state": "TX", "source_state": "AZ", "local_n": 2,
             "national_n": 50},
            {"year": 2022, "recovery_state": "TX", "source_state": "TX", "local_n": 7,
             "national_n": 800}]
    kept = dashboard.local_years_only(rows)
    assert [(r["year"], r["source_state"]) for r in kept] == [(2022, "TX"), (2022, "AZ")]
    national_only = [rows[0]]
    assert dashboard.local_years_only(national_only) == national_only


def test_every_report_has_a_chart() -> None:
    assert set(dashboard.CHARTS) == set(REPORTS)


def test_charts_pooling_years_drill_down_to_their_cell() -> None:
    name = namer(lambda s: s, lambda c: c or "")
    cases = {
        "in-state": ({"year": [2021, 2022], "recovery_state": ["TX", "TX"], "n": [10, 5],
                      "n_in_state": [6, 2], "share_in_state": [0.6, 0.4]},
                     ["recovery_state=TX"]),
        "top-outside-source": ({"year": [2021, 2022], "recovery_state": ["CA", "CA"],
                                "source_state": ["AZ", "NV"], "n": [4, 3], "n_outside": [9, 8],
                                "share_of_outside": [0.4, 0.4]},
                               ["recovery_state=CA&source_state=AZ",
                                "recovery_state=CA&source_state=NV"]),
    }
    for report_name, (columns, expected) in cases.items():
        report = REPORTS[report_name]
        table = pa.table(columns, schema=report.schema)
        panel = dashboard.panel(report, table, filters_qs="year_from=2021", name=name,
                                gettext=lambda s: s, drill=True)
        (chart,) = panel.charts
        for trace in chart.figure["data"]:
            assert sorted(trace["customdata"]) == expected, report_name
        hidden = dashboard.panel(report, table, filters_qs="", name=name,
                                 gettext=lambda s: s, drill=False)
        assert all("customdata" not in t for t in hidden.charts[0].figure["data"])
