"""The analytics dashboard in a real browser (chromium via Playwright): charts and maps
drawn by the vendored plotly.js with no request leaving the server, a filter applied with
HTMX, drill-down from a table cell and from a chart bar to the traces, a table downloaded
and its content read, a chart exported as SVG, and the page in Spanish. Set
``ARMSFLOW_SCREENSHOTS=1`` to keep screenshots in test-results/."""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from analytics_data import ORIGIN_COUNTS, load_traces

if TYPE_CHECKING:
    from playwright.sync_api import Page

NewPage = Callable[[], "Page"]
PASSWORD = "correct-horse-42"
DRAW_MS = 30_000  # plotly.js (4.8 MB) parses and draws ~20 figures on a shared 2-core box
SHOTS = Path(__file__).resolve().parents[2] / "test-results"


def _expect():  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    return expect


def _shot(page: Page, name: str, *panels: str) -> None:
    """The top of the page, and each of ``panels`` (CSS selectors) on its own."""
    if os.environ.get("ARMSFLOW_SCREENSHOTS"):
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"analytics-{name}.png"))
        for i, selector in enumerate(panels):
            page.locator(selector).screenshot(path=str(SHOTS / f"analytics-{name}-{i}.png"))


def _log_in(page: Page, username: str, lang: str = "en") -> None:
    page.goto("/login")
    if lang != "en":
        page.click(f"a[data-lang={lang}]")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(re.compile(r"/registry$"))


def _outside_requests(page: Page, base: str) -> list[str]:
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base)
            and not r.url.startswith(("data:", "blob:")) else None)
    return outside


@pytest.mark.browser
def test_dashboard_filter_drill_down_and_download(
    new_page: NewPage, live_server: str, session_factory, accounts  # type: ignore[no-untyped-def]
) -> None:
    expect = _expect()
    load_traces(session_factory)
    page = new_page()
    outside = _outside_requests(page, live_server)
    errors: list[str] = []  # CSP violations, script errors
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_default_timeout(DRAW_MS)  # the dashboard loads plotly.js (4.8 MB) and runs
    page.set_default_navigation_timeout(DRAW_MS)  # every report: slow on a shared box
    _log_in(page, "analyst")
    page.locator("nav a[href='/analytics']").click()
    expect(page.locator("main h1")).to_have_text("Crime-gun analytics")
    # every chart drawn by plotly.js, maps included (shapes from the vendored topojson)
    expect(page.locator("#chart-origin-0[data-ready='1']")).to_have_count(1, timeout=DRAW_MS)
    expect(page.locator("#chart-top-source-states-0[data-ready='1'] .choroplethlocation")
           .first).to_be_attached(timeout=DRAW_MS)
    expect(page.locator("#chart-flows-0[data-ready='1'] .scattergeo path").first
           ).to_be_attached(timeout=DRAW_MS)
    _shot(page, "dashboard-en", "#panel-origin", "#panel-top-source-states",
          "#panel-flows", "#panel-time-to-crime-distribution", "#panel-national-comparison")

    # filter with HTMX: the dashboard part is replaced, the address keeps the filter
    page.select_option("#f-year", "2023")
    expect(page).to_have_url(re.compile(r"/analytics\?.*year=2023"))
    gao = page.locator("#gao-table tbody tr")
    expect(gao).to_have_count(2)  # 2023 and all years
    expect(gao.first.locator("td").nth(1)).to_have_text(
        str(sum(v for k, v in ORIGIN_COUNTS.items() if k[0] == 2023)))
    expect(page.locator("#chart-origin-0[data-ready='1']")).to_have_count(1, timeout=DRAW_MS)

    # download the filtered origin table and read it
    with page.expect_download() as info:
        page.locator("#panel-origin a[data-format=csv]").click()
    download = info.value
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text("utf-8"))))
    assert {(int(r["recovery_year"]), r["recovery_country"], r["origin"]): int(r["n"])
            for r in rows} == {k: v for k, v in ORIGIN_COUNTS.items() if k[0] == 2023}

    # a chart as SVG through plotly.js's own export (works offline)
    with page.expect_download() as info:
        page.locator("button[data-chart='chart-origin-0'][data-format=svg]").click()
    assert Path(info.value.path()).read_text("utf-8").lstrip().startswith("<svg")

    # drill-down from the GAO table's cell: 2023, US-sourced -> 7 traces
    page.locator("#gao-table tbody tr").first.locator("a.drill").first.click()
    expect(page.locator("main h1")).to_have_text("Traces behind a figure")
    expect(page.locator("#drill-traces tbody tr")).to_have_count(7)
    _shot(page, "drill-en")
    page.locator("#drill-traces a").first.click()
    expect(page).to_have_url(re.compile(r"/traces/\d+$"))

    # drill-down from a chart bar: click the 2022 US-sourced bar of the origin chart
    page.goto("/analytics?year=2022", timeout=DRAW_MS)
    bar = page.locator("#chart-origin-0[data-ready='1'] .trace.bars .point path").first
    bar.wait_for(timeout=DRAW_MS)
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()  # plotly's drag layer takes the pointer: click where the bar is
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page).to_have_url(re.compile(r"/analytics/traces\?report=origin.*origin=us"))
    expect(page.locator("#drill-traces tbody tr")).to_have_count(6)

    # drill-down from the map: Texas on the source-state choropleth (states AZ, TX, VA)
    page.goto("/analytics", timeout=DRAW_MS)
    texas = page.locator("#chart-top-source-states-0[data-ready='1'] .choroplethlocation").nth(1)
    texas.wait_for(timeout=DRAW_MS)
    texas.scroll_into_view_if_needed()
    box = texas.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page).to_have_url(re.compile(r"report=top-source-states.*source_state=TX"))
    expect(page.locator("#drill-traces tbody tr")).to_have_count(6)  # 4 Houston + 2 to TAM
    assert outside == []
    assert errors == []


@pytest.mark.browser
def test_dashboard_in_spanish_for_an_aggregate_only_user(
    new_page: NewPage, live_server: str, session_factory, accounts  # type: ignore[no-untyped-def]
) -> None:
    expect = _expect()
    load_traces(session_factory)
    page = new_page()
    page.set_default_timeout(DRAW_MS)
    page.set_default_navigation_timeout(DRAW_MS)
    _log_in(page, "exporter", "es")
    page.goto("/analytics", timeout=DRAW_MS)
    expect(page.locator("main h1")).to_have_text("Analítica de armas del delito")
    expect(page.locator("#panel-origin h3")).to_have_text("Origen de las armas recuperadas")
    expect(page.locator("#panel-origin .caveat")).to_contain_text(
        "No todas las armas usadas en delitos se rastrean")
    expect(page.locator("#aggregate-only")).to_be_visible()
    expect(page.locator("a.drill")).to_have_count(0)
    expect(page.locator("#chart-top-source-states-0[data-ready='1']")).to_have_count(
        1, timeout=DRAW_MS)
    # plotly.js speaks Spanish too (vendored locale): the mode bar's download button
    expect(page.locator("#chart-origin-0 .modebar-btn[data-title='Descargar gráfica como PNG']")
           ).to_have_count(1)
    _shot(page, "dashboard-es", "#panel-origin", "#panel-flows")
