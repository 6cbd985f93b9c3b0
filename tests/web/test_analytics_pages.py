"""The analytics pages over HTTP (no browser): the dashboard with every report, filters,
drill-down under tracing's access rules, table downloads, the PDF summary. Runs on SQLite
and PostgreSQL."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from analytics_data import ORIGIN_COUNTS, load_traces
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from armsflow.analytics.reports import CAVEAT, REPORTS

PASSWORD = "correct-horse-42"


@pytest.fixture
def data(session_factory, accounts):  # type: ignore[no-untyped-def]
    return load_traces(session_factory)


def _login(client: TestClient, username: str) -> None:
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]*)"', page.text)
    form = {"username": username, "password": PASSWORD}
    if token:
        form["csrf_token"] = token.group(1)
    resp = client.post("/login", data=form, follow_redirects=False)
    assert resp.status_code in (302, 303), resp.text[:300]


def test_dashboard_shows_every_report_with_caveat_and_downloads(client, data) -> None:
    _login(client, "analyst")
    resp = client.get("/analytics")
    assert resp.status_code == 200
    html = resp.text
    for name in REPORTS:
        assert f'id="panel-{name}"' in html, name
        assert f"/analytics/tables/{name}.csv" in html
    assert html.count(CAVEAT) == len(REPORTS)
    assert "/static/vendor/plotly/plotly.min.js" in html
    assert '"topojsonURL": "/static/vendor/topojson/"' in html
    assert "cdn" not in html.lower()
    # GAO layout: 2022 has 6 traced, all US-sourced
    gao = html[html.index('id="gao-table"'):]
    assert re.search(r"<td>2022</td>\s*<td>6</td>", gao)


def test_filters_narrow_every_report_and_htmx_gets_the_fragment(client, data) -> None:
    _login(client, "analyst")
    resp = client.get("/analytics?year=2023&country=MX", headers={"HX-Request": "true"})
    assert resp.status_code == 200
    assert resp.text.lstrip().startswith('<div id="dashboard">')
    assert "<html" not in resp.text
    table = client.get("/analytics/tables/origin.csv?year=2023&country=MX")
    rows = list(csv.DictReader(io.StringIO(table.text)))
    got = {(int(r["recovery_year"]), r["recovery_country"], r["origin"]): int(r["n"])
           for r in rows}
    assert got == {k: v for k, v in ORIGIN_COUNTS.items() if k[:2] == (2023, "MX")}
    bad = client.get("/analytics?year=20x3")
    assert bad.status_code == 422 and "year" in bad.text


def test_tables_download_as_csv_xlsx_and_parquet_with_the_same_rows(client, data) -> None:
    _login(client, "requester")
    csv_resp = client.get("/analytics/tables/origin.csv")
    assert csv_resp.headers["content-type"].startswith("text/csv")
    assert "attachment" in csv_resp.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(csv_resp.text)))
    assert list(rows[0]) == ["recovery_year", "recovery_country", "origin", "origin_country", "n"]
    assert sum(int(r["n"]) for r in rows) == sum(ORIGIN_COUNTS.values())  # duplicate excluded
    book = load_workbook(io.BytesIO(client.get("/analytics/tables/origin.xlsx").content))
    sheet = list(book["data"].values)
    assert sum(r[-1] for r in sheet[1:]) == sum(ORIGIN_COUNTS.values())
    assert CAVEAT in [cell for row in book["about"].values for cell in row]
    table = pq.read_table(io.BytesIO(client.get("/analytics/tables/origin.parquet").content))
    assert sum(table.column("n").to_pylist()) == sum(ORIGIN_COUNTS.values())
    assert table.schema.metadata[b"armsflow.caveat"].decode() == CAVEAT
    assert client.get("/analytics/tables/origin.exe").status_code == 404
    assert client.get("/analytics/tables/nope.csv").status_code == 404


def test_drill_down_follows_tracing_access_rules(client, data) -> None:
    url = "/analytics/traces?report=origin&recovery_year=2023&recovery_country=MX&origin=us"
    _login(client, "analyst")  # tracing centre: every trace
    resp = client.get(url)
    assert resp.status_code == 200
    assert len(re.findall(r'href="/traces/\d+"', resp.text)) == 5
    client.cookies.clear()
    _login(client, "requester")  # Houston: its own traces only
    resp = client.get(url)
    assert resp.status_code == 200
    assert not re.findall(r'href="/traces/\d+"', resp.text)
    assert 'id="withheld"' in resp.text
    own = client.get("/analytics/traces?report=origin&recovery_year=2022&origin=us")
    refs = set(re.findall(r'href="/traces/\d+">(AN-\d+)<', own.text))
    assert refs == {f"AN-{i:03d}" for i in range(6)}
    client.cookies.clear()
    _login(client, "exporter")  # aggregate only
    page = client.get("/analytics")
    assert page.status_code == 200 and 'class="drill"' not in page.text
    assert '"customdata"' not in page.text
    assert client.get(url).status_code == 403


def test_dashboard_needs_the_analytics_permission(client, data) -> None:
    _login(client, "stockpile")
    assert client.get("/analytics").status_code == 403
    assert client.get("/analytics/tables/origin.csv").status_code == 403


def test_refresh_now_rewrites_the_export_and_needs_the_csrf_token(client, data) -> None:
    from armsflow.analytics.engines import analytics_dir
    from armsflow.analytics.export import read_manifest

    _login(client, "requester")
    page = client.get("/analytics")
    folder = analytics_dir(client.app.state.settings)
    before = read_manifest(folder)
    assert before is not None and before["exported_at"][:16] in page.text.replace(" ", "T")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    assert client.post("/analytics/refresh", data={"csrf_token": "forged"},
                       follow_redirects=False).status_code == 403
    resp = client.post("/analytics/refresh", data={"csrf_token": token.group(1)},
                       follow_redirects=False)
    assert resp.status_code == 303 and resp.headers["location"] == "/analytics"
    after = read_manifest(folder)
    assert after is not None and after["exported_at"] > before["exported_at"]


@pytest.mark.parametrize(("query", "expected"), [
    ("agency=TXHPD0000", 6),          # Houston's traces only
    ("agency=txhpd0000&year=2023", 0),
    ("firearm_type=rifle", 7),        # 2 in Houston, 5 recovered in Mexico
    ("state=SON", 3),
    ("country=MX&state=TAM&state=SON", 5),
])
def test_each_filter_narrows_the_tables(client, data, query: str, expected: int) -> None:
    _login(client, "analyst")
    resp = client.get(f"/analytics/tables/origin.csv?{query}")
    assert resp.status_code == 200, resp.text[:300]
    assert sum(int(r["n"]) for r in csv.DictReader(io.StringIO(resp.text))) == expected


@pytest.mark.parametrize(("query", "field"), [
    ("agency=ZZ9999999", "agency"), ("firearm_type=bazooka", "firearm_type"),
    ("country=Mexico", "country"), ("year=1066", "year"),
])
def test_bad_filters_are_refused_naming_the_field(client, data, query: str, field: str
                                                  ) -> None:
    _login(client, "analyst")
    resp = client.get(f"/analytics?{query}", headers={"accept": "application/json"})
    assert resp.status_code == 422
    assert resp.json()["error"]["field"] == field


def test_refresh_goes_back_to_the_same_filters_on_this_server_only(client, data) -> None:
    _login(client, "analyst")
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/analytics").text)
    assert token
    for referer, location in [("http://testserver/analytics?year=2023", "/analytics?year=2023"),
                              ("https://elsewhere.example/analytics?year=1", "/analytics?year=1"),
                              ("https://elsewhere.example/phish", "/analytics")]:
        resp = client.post("/analytics/refresh", data={"csrf_token": token.group(1)},
                           headers={"referer": referer}, follow_redirects=False)
        assert resp.headers["location"] == location
    assert client.get("/analytics?year=%C2%B2").status_code == 422  # a superscript two


def test_plotly_js_is_served_locally_from_the_pinned_package(client: TestClient) -> None:
    import plotly

    resp = client.get("/static/vendor/plotly/plotly.min.js")
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/javascript")
    bundled = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    assert resp.content == bundled.read_bytes()
    assert b"plotly.js v" in resp.content[:400]
