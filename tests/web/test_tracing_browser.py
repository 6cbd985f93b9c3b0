"""The tracing pages in a real browser (chromium via Playwright): a trace submitted in
Spanish through the readiness check to its completed result and timeline, and a bulk file
with bad rows. Expected texts are written out here, not looked up in the catalog, so a
missing or broken translation fails. Both run on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

NewPage = Callable[[], "Page"]  # the new_page fixture (tests/web/conftest.py)
PASSWORD = "correct-horse-42"


def _expect():  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    return expect


def _log_in(page: Page, username: str, lang: str) -> None:
    """Log in, choosing the language with the header link as a user does."""
    expect = _expect()
    page.goto("/login")
    if lang != "en":
        page.click(f"a[data-lang={lang}]")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    expect(page).to_have_url(re.compile(r"/registry$"))


def _hint(page: Page, field: str):  # type: ignore[no-untyped-def]
    return page.locator(f"#hint-{field}")


@pytest.mark.browser
def test_trace_submitted_in_spanish_with_readiness_check_and_timeline(
    new_page: NewPage, accounts: dict[str, int], registry_sample: dict[str, int]
) -> None:
    expect = _expect()
    page = new_page()
    _log_in(page, "requester", "es")

    page.locator("nav a[href='/traces']").click()
    expect(page.locator("main h1")).to_have_text("Rastreos")
    page.click("#new-trace-link")
    expect(page.locator("main h1")).to_have_text("Nueva solicitud de rastreo")
    form = page.locator("form#trace-form")
    expect(form.locator("legend").first).to_have_text("Solicitud")

    form.locator("[name=request_ref]").fill("HPD-MX-0042")
    form.locator("[name=recovery_date]").fill("2023-05-01")
    # the state picker follows the country: Mexican states once Mexico is chosen (HTMX)
    form.locator("[name=recovery_country]").select_option("MX")
    expect(form.locator("select[name=recovery_state] option[value=SON]")).to_have_text(
        "Sonora (SON)")
    form.locator("select[name=recovery_state]").select_option("SON")
    form.locator("[name=recovery_city]").fill("Nogales")
    form.locator("[name=offense_code]").fill("5299")
    form.locator("[name=manufacturer]").fill("Lone Star Arms")
    form.locator("[name=model]").fill("P9")
    form.locator("[name=caliber]").fill("9mm")

    # readiness check before submission: the serial is missing, type and country doubtful
    page.click("#check-button")
    readiness = page.locator("#readiness")
    expect(readiness.locator("h2")).to_have_text("Verificación previa")
    expect(readiness.locator("#ready-no")).to_have_text(
        "Aún no está lista: corrija o complete los campos que se indican abajo.")
    expect(_hint(page, "serial_number")).to_have_text(
        "Indique el número de serie del armazón o receptor.")
    expect(_hint(page, "firearm_type")).to_have_text("Indique el tipo de arma.")
    expect(_hint(page, "country_of_manufacture")).to_have_text(
        "Indique el país de fabricación.")
    expect(readiness.locator("li[data-field=serial_number]")).to_contain_text(
        "Número de serie · Falta")

    # the serial, typed: checked again on change; the registry has the gun
    form.locator("[name=serial_number]").fill("LS-12345")
    form.locator("[name=firearm_type]").select_option("PI")
    form.locator("[name=country_of_manufacture]").select_option("US")
    page.click("#check-button")
    expect(readiness.locator("#ready-yes")).to_have_text(
        "Lista para enviarse: no falta ningún identificador.")
    expect(_hint(page, "serial_number")).to_have_text("")
    expect(_hint(page, "firearm_type")).to_have_text("")
    expect(readiness.locator("#serial-panel")).to_contain_text(
        "Registrada: un arma de fuego del registro tiene este número de serie.")
    expect(readiness.locator("#serial-panel a")).to_have_text("LS-12345")

    form.locator("[name=possessor_last_name]").fill("Roe")
    page.click("#submit-button")

    # the completed result, in Spanish
    expect(page).to_have_url(re.compile(r"/traces/\d+$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("main h1")).to_contain_text("Rastreo HPD-MX-0042")
    expect(page.locator("#trace-status")).to_have_text("Concluido")
    outcome = page.locator("#outcome")
    expect(outcome).to_contain_text("Concluido hasta el comprador")
    expect(outcome).to_contain_text("Rastreada hasta el primer comprador al menudeo.")
    expect(outcome).to_contain_text("De origen estadounidense")
    expect(outcome.locator("#ttc")).to_have_text("426 días (1.2 años)")

    expect(page.locator("h2#timeline")).to_have_text("Cronología de custodia")
    events = page.locator("ol.timeline > li")
    expect(events).to_have_count(2)
    transfer, sale = events.nth(0), events.nth(1)
    expect(transfer).to_have_class(re.compile(r"\bevent-transfer\b"))
    expect(transfer.locator("strong")).to_have_text("transferencia")
    expect(transfer.locator("time")).to_have_attribute("datetime", "2022-01-10")
    expect(transfer).to_contain_text("LONE STAR ARMS LLC (TX)")
    expect(transfer).to_contain_text("DESERT GUNS (AZ)")
    expect(sale.locator("strong")).to_have_text("venta al menudeo")
    expect(sale.locator("time")).to_have_attribute("datetime", "2022-03-01")

    indicators = page.locator("#indicators li")
    expect(indicators.filter(has_text="Comprada en un estado fronterizo del suroeste "
                                      "(AZ, CA, NM, TX).")).to_have_count(1)
    expect(indicators.filter(has_text="Menos de 3 años entre la venta y el delito.")
           ).to_have_count(1)
    expect(indicators.filter(has_text="El comprador no es el poseedor.")).to_have_count(1)
    # the requesting agency sees the purchaser; the read is audited
    expect(page.locator("#personal")).to_contain_text("Quintero, Ana")
    expect(page.locator("#history tbody tr").first).to_contain_text("Pendiente")

    # and the work list shows it, completed
    page.goto("/traces")
    row = page.locator("#traces tbody tr", has_text="HPD-MX-0042")
    expect(row.locator(".badge")).to_have_text("Concluido")
    expect(row).to_contain_text("Concluido hasta el comprador")


HEADER = ("request_ref,agency_ori,priority,urgent_reason,recovery_date,recovery_country,"
          "recovery_state,serial_number,manufacturer,model,caliber,offense_code")
ROWS = [
    "BULK-1,TXHPD0000,routine,,2023-05-01,US,TX,LS-12345,Lone Star Arms,P9,9mm,5299",
    "BULK-2,TXHPD0000,urgent,,2023-05-02,US,TX,AB-77,Acme,M1,9mm,5299",
    "BULK-3,TXHPD0000,routine,,2023-02-30,US,Tejas,AB-78,Acme,M1,9mm,5299",
]


def _upload(page: Page, name: str, rows: list[str]) -> None:
    content = ("\n".join([HEADER, *rows]) + "\n").encode()
    form = page.locator("form#trace-upload-form")
    form.locator("input[type=file][name=file]").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": content}])
    form.locator("#trace-upload-submit").click()
    _expect()(page.locator("#trace-upload-report")).to_be_visible()


@pytest.mark.browser
def test_bulk_upload_with_bad_rows_lists_them_and_stores_nothing(
    new_page: NewPage, accounts: dict[str, int], registry_sample: dict[str, int]
) -> None:
    expect = _expect()
    page = new_page()
    _log_in(page, "requester", "en")
    page.goto("/traces")
    page.get_by_role("link", name="Upload a file of requests").click()
    expect(page.locator("main h1")).to_have_text("Upload trace requests")

    _upload(page, "traces.csv", ROWS)
    report = page.locator("#trace-upload-report")
    expect(report.locator(".badge.rejected")).to_have_text("Rejected")
    expect(report).to_contain_text("Nothing was stored")
    rows = page.locator("table#row-errors tbody tr")
    expect(rows).to_have_count(3)
    cells = [[c.strip() for c in rows.nth(i).locator("td").all_inner_texts()]
             for i in range(3)]
    assert cells == [
        ["3", "urgent_reason", "", "An urgent trace needs a justification."],
        ["4", "recovery_date", "2023-02-30", "Not a valid date (YYYY-MM-DD)."],
        ["4", "recovery_state", "Tejas", "'Tejas' is not a US state, DC or territory."],
    ]
    page.goto("/traces")
    expect(page.locator("#traces")).to_have_count(0)  # nothing was stored

    fixed = [ROWS[0], ROWS[1].replace("urgent,,", "urgent,suspect armed and at large,"),
             ROWS[2].replace("2023-02-30", "2023-02-28").replace("Tejas", "Texas")]
    page.goto("/traces/upload")
    _upload(page, "traces.csv", fixed)
    expect(report.locator(".badge.stored")).to_be_visible()
    expect(page.locator("table#row-errors")).to_have_count(0)
    page.get_by_role("link", name="See them in the work list").click()
    expect(page.locator("#traces tbody tr")).to_have_count(3)
    first = page.locator("#traces tbody tr", has_text="BULK-1")
    expect(first.locator(".badge")).to_have_text("Completed")
    first.get_by_role("link", name="BULK-1").click()
    expect(page.locator("ol.timeline > li")).to_have_count(2)
