"""Target deconfliction in a real browser (chromium via Playwright), on SQLite and
PostgreSQL: ATF (in English) and HSI (in Spanish) register cases with the same serial; each
sees the hit with only the other's point of contact; both acknowledge, HSI resolves it as a
joint investigation; the compliance dashboard (when present) counts it. Expected texts are
written out, so a missing translation fails."""

from __future__ import annotations

import importlib.util
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


@pytest.fixture
def hsi(session_factory: sessionmaker[Session], accounts: dict[str, int]) -> None:
    from armsflow.audit.service import SYSTEM
    from armsflow.auth import service as auth

    with session_factory() as db:
        auth.create_agency(db, actor=SYSTEM, ori="DCICE0000",
                           name="Homeland Security Investigations", kind="federal",
                           country="US", state="DC")
        auth.create_user(db, actor=SYSTEM, username="hsi_agent", password=PASSWORD,
                         full_name="Hector Agent", agency_ori="DCICE0000",
                         roles=["investigator"], email="hector@hsi.example")
        auth.create_user(db, actor=SYSTEM, username="atf_super", password=PASSWORD,
                         full_name="Sam Super", agency_ori="WVATF0900", roles=["supervisor"])
        db.commit()


def _log_in(page: Page, username: str, lang: str) -> None:
    expect = _expect()
    page.goto("/login")
    if lang != "en":
        page.click(f"a[data-lang={lang}]")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    expect(page).not_to_have_url(re.compile(r"/login"))


def _register(page: Page, number: str, title: str, offense: str, phone: str,
              serial: str, maker: str) -> None:
    page.locator("nav a[href='/cases']").click()
    page.click("#new-case-link")
    form = page.locator("form#case-form")
    form.locator("[name=case_number]").fill(number)
    form.locator("[name=title]").fill(title)
    form.locator("[name=offense]").fill(offense)
    form.locator("[name=poc_phone]").fill(phone)
    form.locator("select[name=kind]").select_option("firearm")
    form.locator("[name=value]").fill(serial)
    form.locator("[name=manufacturer]").fill(maker)
    page.click("#register-case")


@pytest.mark.browser
def test_two_agencies_same_serial_hit_acknowledged_and_resolved(
    new_page: NewPage, hsi: None,
) -> None:
    expect = _expect()
    atf = new_page()
    _log_in(atf, "analyst", "en")
    _register(atf, "ATF-2026-001", "Operation Copper Wire", "Straw purchasing to Sonora",
              "+1 304 555 0100", "LS-12345", "Lone Star Arms")
    expect(atf.locator("#case-title")).to_have_text("ATF-2026-001 · Operation Copper Wire")
    expect(atf.locator("#identifiers tr[data-kind=firearm] td.mono")).to_have_text("LS12345")
    expect(atf.locator("#case-hits")).to_contain_text("No hit.")

    hsi_page = new_page()
    _log_in(hsi_page, "hsi_agent", "es")
    _register(hsi_page, "HSI-EL-PASO-77", "Blue River", "Exportación ilegal", "+1 915 555 0177",
              "ls12345", "LONE STAR ARMS LLC")
    expect(hsi_page.locator("#new-hits")).to_have_text(
        "Coincidencias de desconflicción generadas: 1. Véalas abajo.")
    hit = hsi_page.locator("#case-hits article.hit")
    expect(hit.locator(".poc-name")).to_have_text("Analyst")
    expect(hit.locator(".poc-agency")).to_have_text("ATF National Tracing Center (WVATF0900)")
    expect(hit.locator(".poc-phone")).to_have_text("+1 304 555 0100")
    expect(hit).to_contain_text("Coincidencia exacta")
    for secret in ("ATF-2026-001", "Copper Wire", "Sonora"):
        expect(hsi_page.locator("main")).not_to_contain_text(secret)

    # ATF sees the hit in its inbox with HSI's contact only, and acknowledges it
    atf.goto("/cases")
    expect(atf.locator("#pending-hits")).to_have_text("1")
    atf.click("#hits-link")
    expect(atf.locator("main h1")).to_have_text("Deconfliction hits")
    card = atf.locator("#hits article.hit")
    expect(card.locator(".poc-name")).to_have_text("Hector Agent")
    expect(card.locator(".poc-agency")).to_have_text(
        "Homeland Security Investigations (DCICE0000)")
    expect(card.locator(".poc-email")).to_have_text("hector@hsi.example")
    expect(card.locator(".my-identifier")).to_have_text("firearm: Lone Star Arms LS-12345")
    for secret in ("HSI-EL-PASO-77", "Blue River", "Exportación"):
        expect(atf.locator("main")).not_to_contain_text(secret)
    expect(atf.locator("#notifications")).to_contain_text("Deconfliction hit on your case")
    card.locator("button.acknowledge").click()
    expect(card.locator(".acknowledged-mine")).to_contain_text("You acknowledged it on")
    expect(card).to_have_attribute("data-status", "open")

    # HSI acknowledges, then resolves it as a joint investigation (in Spanish)
    hsi_page.goto("/cases/hits")
    card_h = hsi_page.locator("#hits article.hit")
    expect(card_h.locator(".acknowledged-other")).to_have_text("La otra parte acusó recibo.")
    card_h.locator("button.acknowledge").click()
    expect(card_h).to_have_attribute("data-status", "acknowledged")
    card_h.locator("select[name=resolution]").select_option("joint_investigation")
    card_h.locator("input[name=note]").fill("Llamada el martes")
    card_h.locator("button.resolve").click()
    hsi_page.goto("/cases/hits?status=resolved")
    expect(hsi_page.locator("#hits .resolution")).to_have_text(
        "Resuelta: Investigación conjunta — Llamada el martes")

    atf.goto("/cases/hits?status=all")
    expect(atf.locator("#hits article.hit")).to_have_attribute("data-status", "resolved")
    expect(atf.locator("#hits .resolution")).to_contain_text("Resolved: Joint investigation")

    # the compliance dashboard (issue 7 item 4, armsflow.monitoring) counts it
    if importlib.util.find_spec("armsflow.monitoring.hits") is None:
        return
    boss = new_page()
    _log_in(boss, "atf_super", "en")
    resp = boss.goto("/monitoring")
    assert resp is not None and resp.status == 200
    expect(boss.locator("#hits-raised")).to_have_text("1")
    expect(boss.locator("#hits-in-time")).to_have_text("1")
    expect(boss.locator("#hits-unresolved")).to_have_text("0")
