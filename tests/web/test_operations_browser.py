"""Event deconfliction in a real browser (chromium via Playwright), on SQLite and
PostgreSQL: ATF plans a search warrant in Houston in Chicago time, HSI (in Spanish) plans a
controlled buy nearby in Mexico City time that overlaps it; both see the conflict with only
the other's point of contact; a coordinator opens the compliance dashboard and sees it."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from playwright.sync_api import Page

NewPage = Callable[[], "Page"]
PASSWORD = "correct-horse-42"


def _expect():  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    return expect


def _people(session_factory: sessionmaker[Session]) -> None:
    from armsflow.audit.service import SYSTEM
    from armsflow.auth import service as auth

    with session_factory() as db:
        auth.create_agency(db, actor=SYSTEM, ori="DCICE0000",
                           name="Homeland Security Investigations", kind="federal",
                           country="US", state="DC")
        auth.create_user(db, actor=SYSTEM, username="hsi_agent", password=PASSWORD,
                         full_name="Hana Agent", agency_ori="DCICE0000",
                         roles=["investigator"], language="es")
        auth.create_user(db, actor=SYSTEM, username="coordinator", password=PASSWORD,
                         full_name="Coco Ordinator", agency_ori="WVATF0900",
                         roles=["supervisor"])
        db.commit()


def _log_in(page: Page, username: str) -> None:
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    _expect()(page.locator("header .who")).to_be_visible()


def _plan(page: Page, ref: str, kind: str, lon: str, tz: str, start: str, end: str,
          phone: str) -> None:
    page.click("nav a[href='/operations']")
    page.click("#plan-link")
    form = page.locator("form#operation-form")
    form.locator("[name=reference]").fill(ref)
    form.locator("[name=kind]").select_option(kind)
    form.locator("[name=lat]").fill("29.7604")
    form.locator("[name=lon]").fill(lon)
    form.locator("[name=radius_m]").fill("300")
    form.locator("[name=timezone]").fill(tz)
    form.locator("[name=starts_at]").fill(start)
    form.locator("[name=ends_at]").fill(end)
    form.locator("[name=contact_phone]").fill(phone)
    form.locator("[name=notes]").fill(f"informant details for {ref}")
    page.click("#plan-submit")


@pytest.mark.browser
def test_two_agencies_see_the_conflict_and_the_dashboard_counts_it(
    new_page: NewPage, accounts: dict[str, int], session_factory: sessionmaker[Session]
) -> None:
    expect = _expect()
    _people(session_factory)

    atf = new_page()
    _log_in(atf, "investigator")
    _plan(atf, "ATF-HOU-7", "search_warrant", "-95.3698", "America/Chicago",
          "2026-07-14T05:00", "2026-07-14T08:00", "+1 713 555 0107")
    expect(atf.locator("#no-conflict")).to_be_visible()

    hsi = new_page()
    _log_in(hsi, "hsi_agent")            # an HSI agent who works in Spanish
    expect(hsi.locator("html")).to_have_attribute("lang", "es")
    # 06:30-09:00 in Mexico City (UTC-6 all year) is 07:30-10:00 in Chicago (CDT): overlaps.
    _plan(hsi, "HSI-HOU-3", "controlled_buy", "-95.3650", "America/Mexico_City",
          "2026-07-14T06:30", "2026-07-14T09:00", "+1 713 555 0203")
    alert = hsi.locator("#conflict-alert")
    expect(alert).to_contain_text("Conflicto: otra agencia planea un operativo aquí")
    expect(alert).to_contain_text("ATF National Tracing Center")
    expect(alert).to_contain_text("+1 713 555 0107")
    expect(alert).not_to_contain_text("ATF-HOU-7")
    expect(alert).not_to_contain_text("informant")

    atf.click("nav a[href='/operations']")
    expect(atf.locator("#open-conflicts")).to_contain_text("1 open conflicts")
    atf.click("#conflicts-link")
    row = atf.locator("tr.conflict").first
    expect(row.locator(".contact")).to_contain_text("+1 713 555 0203")
    expect(row).not_to_contain_text("HSI-HOU-3")
    expect(row).not_to_contain_text("informant")
    row.locator("button.acknowledge").click()
    row = atf.locator("tr.conflict").first
    expect(row.locator(".state")).to_contain_text("acknowledged by us")
    row.locator("select[name=resolution]").select_option("coordinated")
    row.locator("button.resolve").click()
    expect(atf.locator("tr.conflict .state").first).to_contain_text("Resolved")

    boss = new_page()
    _log_in(boss, "coordinator")
    boss.click("nav a[href='/monitoring']")
    expect(boss.locator("main h1")).to_have_text("Compliance dashboard")
    expect(boss.locator("#conflicts-detected")).to_have_text("1")
    expect(boss.locator("#conflicts-unresolved")).to_have_text("0")
    expect(boss.locator("#held-of-due")).to_have_text(re.compile(r"^0 of \d+$"))
