"""The pages in a real browser (chromium via Playwright), in English and in Spanish.

Expected texts are written out here, not looked up in the catalog, so that a broken or
missing translation fails these tests. The language is switched the way a user does it:
with the header's language link (``a[data-lang=es]``).

These run on both database backends, like every ``engine`` test (1-3 s each). The tests
that drive chromium are marked ``browser``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

NewPage = Callable[[], "Page"]  # the new_page fixture (tests/web/conftest.py)

PASSWORD = "correct-horse-42"
LANGS = ["en", "es"]

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "Log in": "Log in",
        "Records registry": "Records registry",
        "Imports": "Imports",
        "Import records": "Import records",
        "Rows with errors": "Rows with errors",
        "Custody timeline": "Custody timeline",
        "transfer": "Transfer",
        "retail_sale": "Retail sale",
        "Show purchaser": "Show purchaser",
        "Date of birth": "Date of birth",
        "This read was recorded in the audit log.": "This read was recorded in the audit log.",
        "Retail purchaser (restricted)": "Retail purchaser (restricted)",
    },
    "es": {
        "Log in": "Iniciar sesión",
        "Records registry": "Registro de armas y licenciatarios",
        "Imports": "Carga de datos",
        "Import records": "Cargar registros",
        "Rows with errors": "Filas con errores",
        "Custody timeline": "Cronología de custodia",
        "transfer": "transferencia",
        "retail_sale": "venta al menudeo",
        "Show purchaser": "Mostrar comprador",
        "Date of birth": "Fecha de nacimiento",
        "This read was recorded in the audit log.":
            "Esta consulta quedó registrada en la bitácora de auditoría.",
        "Retail purchaser (restricted)": "Comprador al menudeo (restringido)",
    },
}


def _expect():  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    return expect


def log_in(page: Page, username: str, lang: str) -> None:
    """Open /login, pick the language with the header link, log in; lands on /registry."""
    expect = _expect()
    page.goto("/login")
    if lang != "en":
        page.click(f"a[data-lang={lang}]")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("main h1")).to_have_text(TEXT[lang]["Log in"])
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    expect(page).to_have_url(re.compile(r"^https?://[^/]+/registry$"))
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("main h1")).to_have_text(TEXT[lang]["Records registry"])


def test_login_session_is_committed_before_redirect(
    live_server: str, accounts: dict[str, int]
) -> None:
    """A browser follows the login redirect at once: the session must already be stored.
    (No browser needed: a fast HTTP client shows the race more often than chromium.)"""
    import httpx

    bounced = 0
    with httpx.Client(base_url=live_server) as client:
        for _ in range(30):
            client.cookies.clear()
            resp = client.post("/login", data={"username": "analyst", "password": PASSWORD})
            assert resp.status_code == 303 and resp.headers["location"] == "/registry"
            if client.get("/registry").status_code != 200:
                bounced += 1
    assert bounced == 0, f"{bounced} of 30 logins were not yet committed when redirected"


# --------------------------------------------------------------------------- trace a firearm


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_analyst_traces_firearm_and_reveals_purchaser(
    new_page: NewPage, accounts: dict[str, int], registry_sample: dict[str, int], lang: str
) -> None:
    expect = _expect()
    t = TEXT[lang]
    page = new_page()
    log_in(page, "analyst", lang)

    page.fill("input[name=serial]", "LS-12345")
    page.click("form.search button[type=submit]")
    page.get_by_role("link", name="LS-12345", exact=True).click()
    expect(page).to_have_url(re.compile(rf"^https?://[^/]+/firearms/{registry_sample['firearm']}$"))

    # the custody timeline: manufacturer -> dealer, then the retail sale, in date order
    expect(page.locator("h2#timeline")).to_have_text(t["Custody timeline"])
    events = page.locator("ol.timeline > li")
    expect(events).to_have_count(2)
    expect(events.nth(0)).to_have_class(re.compile(r"\bevent-transfer\b"))
    expect(events.nth(1)).to_have_class(re.compile(r"\bevent-retail_sale\b"))
    transfer, sale = events.nth(0), events.nth(1)
    expect(transfer.locator("strong")).to_have_text(t["transfer"])
    expect(transfer.locator("time")).to_have_attribute("datetime", "2022-01-10")
    expect(transfer).to_contain_text("LONE STAR ARMS LLC (Houston, TX)")
    expect(transfer).to_contain_text("DESERT GUNS (Phoenix, AZ)")
    expect(sale.locator("strong")).to_have_text(t["retail_sale"])
    expect(sale.locator("time")).to_have_attribute("datetime", "2022-03-01")
    expect(sale).to_contain_text("DESERT GUNS (Phoenix, AZ)")

    # entitled: the purchaser is a reference until revealed with a reason (HTMX, in place)
    expect(page.get_by_text("Quintero")).to_have_count(0)
    form = sale.locator("form.reveal")
    expect(form.locator("button[type=submit]")).to_have_text(t["Show purchaser"])
    at = page.url
    form.locator("input[name=reason]").fill("Case 2024-0042: trace of recovered pistol")
    form.locator("button[type=submit]").click()
    card = sale.locator(".card.purchaser")
    expect(card.locator("h3")).to_contain_text("Quintero, Ana")
    expect(card).to_contain_text(t["Date of birth"])
    expect(card).to_contain_text("1990-04-02")
    expect(card.locator(".notice")).to_have_text(t["This read was recorded in the audit log."])
    # swapped into the timeline: same URL, the rest of the page still there
    assert page.url == at
    expect(page.locator("h2#timeline")).to_have_text(t["Custody timeline"])
    expect(page.locator("ol.timeline > li")).to_have_count(2)


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_requester_sees_restricted_purchaser_and_no_reveal_form(
    new_page: NewPage, accounts: dict[str, int], registry_sample: dict[str, int], lang: str
) -> None:
    expect = _expect()
    t = TEXT[lang]
    page = new_page()
    log_in(page, "requester", lang)
    expect(page.locator("a[href='/registry?tab=purchasers']")).to_have_count(0)

    page.goto(f"/firearms/{registry_sample['firearm']}")
    expect(page.locator("h2#timeline")).to_have_text(t["Custody timeline"])
    sale = page.locator("ol.timeline > li.event-retail_sale")
    expect(sale.locator("em")).to_have_text(t["Retail purchaser (restricted)"])
    expect(page.locator("form.reveal")).to_have_count(0)
    expect(page.locator("input[name=reason]")).to_have_count(0)
    html = page.content()
    assert "Quintero" not in html and "P-0001" not in html
    assert f"/purchasers/{registry_sample['purchaser']}" not in html


# ------------------------------------------------------------------------------ upload a file

PURCHASER_HEADER = "purchaser_id,last_name,first_name,middle_name,dob,sex,street,city,state,zip"
# Synthetic people. The 3rd data row (spreadsheet row 4: the header is row 1) has a bad dob.
PURCHASER_ROWS = [
    "T-9001,Villanueva,Rosa,,1985-06-14,F,12 Mesquite Ln,Tucson,AZ,85701",
    "T-9002,Okonkwo,Daniel,J,1979-11-02,M,480 Harbor Blvd,San Diego,CA,92101",
    "T-9003,Castellanos,Marta,,2031-13-45,F,7 Juniper Ct,El Paso,TX,79901",
    "T-9004,Lindqvist,Erik,,1992-01-30,M,3300 Elm St,Dallas,TX,75201",
]
SURNAMES = ["Villanueva", "Okonkwo", "Castellanos", "Lindqvist"]


def _csv(rows: list[str]) -> bytes:
    return ("\n".join([PURCHASER_HEADER, *rows]) + "\n").encode()


def _upload(page: Page, lang: str, kind: str, name: str, content: bytes) -> None:
    expect = _expect()
    response = page.goto("/imports")
    assert response is not None and response.status == 200, (
        f"GET /imports answered {response.status if response else None}: no imports page")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("nav a[href='/imports']")).to_have_text(TEXT[lang]["Imports"])
    expect(page.locator("main h1")).to_have_text(TEXT[lang]["Import records"])
    form = page.locator("form#import-form")
    form.locator("select[name=kind]").select_option(kind)
    form.locator("input[type=file][name=file]").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": content}])
    form.locator("button#import-submit").click()
    expect(page.locator("#import-report")).to_be_visible()


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_upload_with_bad_row_shows_row_error(
    new_page: NewPage, accounts: dict[str, int], lang: str
) -> None:
    expect = _expect()
    page = new_page()
    log_in(page, "analyst", lang)

    _upload(page, lang, "purchasers", "purchasers.csv", _csv(PURCHASER_ROWS))
    report = page.locator("#import-report")
    expect(report.locator(".badge.rejected")).to_be_visible()
    expect(report.locator(".badge.stored")).to_have_count(0)
    if lang != "en":  # the status word is shown in the page's language
        expect(report.locator(".badge.rejected")).not_to_have_text(
            re.compile(r"^\s*(stored|rejected|unchanged)\s*$", re.IGNORECASE))
    expect(report).to_contain_text(TEXT[lang]["Rows with errors"])
    rows = page.locator("table#row-errors tbody tr")
    expect(rows.first).to_be_visible()
    dob_row = rows.filter(
        has=page.locator("td:nth-child(1)", has_text=re.compile(r"^\s*4\s*$"))
    ).filter(has=page.locator("td:nth-child(2)", has_text=re.compile(r"^\s*dob\s*$")))
    expect(dob_row).to_have_count(1)
    expect(dob_row.locator("td:nth-child(3)")).to_contain_text("2031-13-45")
    expect(dob_row.locator("td:nth-child(4)")).not_to_be_empty()
    # only the bad row is reported
    assert {c.strip() for c in rows.locator("td:nth-child(1)").all_inner_texts()} == {"4"}

    fixed = [r.replace("2031-13-45", "1988-03-12") for r in PURCHASER_ROWS]
    _upload(page, lang, "purchasers", "purchasers-fixed.csv", _csv(fixed))
    report = page.locator("#import-report")
    expect(report.locator(".badge.stored")).to_be_visible()
    expect(report.locator(".badge.rejected")).to_have_count(0)
    expect(page.locator("table#row-errors tbody tr")).to_have_count(0)
    # stored: the (entitled) analyst finds the corrected purchaser
    page.goto("/registry?tab=purchasers")
    search = page.locator("form[action='/registry/purchasers']")
    search.locator("input[name=last_name]").fill("Castellanos")
    search.locator("input[name=reason]").fill("Import check, case 2024-0042")
    search.locator("button[type=submit]").click()
    found = page.locator("main table tbody tr")
    expect(found).to_have_count(1)
    expect(found).to_contain_text("1988-03-12")

    # a requester sees none of it: no imports page, no purchaser search, no names
    other = new_page()
    log_in(other, "requester", lang)
    expect(other.locator("nav a[href='/imports']")).to_have_count(0)
    for path in ("/imports", "/registry?tab=purchasers", "/registry?tab=firearms",
                 "/audit"):
        other.goto(path)
        expect(other.locator("form#import-form")).to_have_count(0)
        expect(other.locator("form[action='/registry/purchasers']")).to_have_count(0)
        html = other.content()
        leaked = [s for s in [*SURNAMES, "T-9003", "1988-03-12"] if s in html]
        assert not leaked, f"{path} shows {leaked} to a requester"
