"""Tracing pages through the HTTP client, on SQLite and PostgreSQL: each page renders, who
may see what, form errors beside the fields (in English and Spanish), the readiness check
fragment, bulk upload row errors, the work list, and the licensee's answer page."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from armsflow.audit.models import AuditEvent
from armsflow.auth.models import Agency
from armsflow.registry.models import Licensee
from armsflow.tracing import page_text
from armsflow.tracing.models import SharingAgreement, Trace

PASSWORD = "correct-horse-42"
SECRET = "test-secret-key-0123456789"  # tests/conftest.py app settings
FORM = {"request_ref": "HPD-2023-0001", "priority": "routine", "recovery_date": "2023-05-01",
        "recovery_country": "US", "recovery_state": "TX", "recovery_city": "Houston",
        "offense_code": "5299", "serial_number": "LS-12345", "manufacturer": "Lone Star Arms",
        "model": "P9", "caliber": "9mm", "firearm_type": "PI", "country_of_manufacture": "US",
        "item_kind": "firearm", "possessor_last_name": "Roe", "possessor_first_name": "Sam"}


def _login(client: Any, username: str, lang: str = "en") -> str:
    client.cookies.set("armsflow_lang", lang)
    resp = client.post("/login", data={"username": username, "password": PASSWORD})
    assert resp.status_code == 200, resp.text
    match = re.search(r'name="csrf_token" value="([^"]+)"', resp.text)
    assert match
    return match.group(1)


def _hint(html: str, field: str) -> str:
    """The text shown beside a field (its hint span), tags stripped."""
    m = re.search(rf'<span id="hint-{field}" class="hint"[^>]*>(.*?)</span>(?:\s*</label>|\s*$|\n)',
                  html, re.S)
    assert m, f"no hint span for {field}"
    return re.sub(r"<[^>]+>", " ", m.group(1)).strip()


def _submit(client: Any, csrf: str, **changes: str) -> Any:
    return client.post("/traces/new", data={**FORM, **changes, "csrf_token": csrf},
                       follow_redirects=False)


def _trace_id(resp: Any) -> int:
    assert resp.status_code == 303, resp.text
    m = re.fullmatch(r"/traces/(\d+)(\?existing=1)?", resp.headers["location"])
    assert m, resp.headers["location"]
    return int(m.group(1))


# ------------------------------------------------------------------------- access rules


def test_anonymous_is_sent_to_login(client) -> None:  # type: ignore[no-untyped-def]
    for path in ("/traces", "/traces/new", "/traces/upload", "/traces/1",
                 "/traces/serial-search", "/traces/export.csv"):
        resp = client.get(path, follow_redirects=False)
        assert resp.status_code == 303 and resp.headers["location"].startswith("/login"), path


@pytest.mark.parametrize("username", ["stockpile", "exporter", "admin"])
def test_users_who_may_not_trace_get_no_pages_and_no_link(  # type: ignore[no-untyped-def]
    client, accounts, username
) -> None:
    _login(client, username)
    assert 'href="/traces"' not in client.get("/account").text
    for path in ("/traces", "/traces/new", "/traces/upload", "/traces/export.csv"):
        resp = client.get(path)
        assert resp.status_code == 403, (username, path)


def test_pages_render_for_a_requester(client, accounts) -> None:  # type: ignore[no-untyped-def]
    _login(client, "requester")
    assert 'href="/traces"' in client.get("/account").text  # the nav link
    form = client.get("/traces/new").text
    assert '<datalist id="makers">' in form and '<option value="Smith &amp; Wesson">' in form
    assert '<datalist id="calibers">' in form and '<option value="9mm">' in form
    assert '<option value="PI">PI · Pistol, semi-automatic</option>' in form
    assert '<option value="5299">5299 Weapon offenses</option>' in form
    # the agency is in the US: US states are offered; urgent and routine are radios
    assert '<option value="TX">Texas (TX)</option>' in form
    assert 'name="priority" value="urgent"' in form and "TXHPD0000" in form
    assert 'hx-post="/traces/new/check"' in form
    for path in ("/traces", "/traces/upload", "/traces/serial-search"):
        assert client.get(path).status_code == 200, path


def test_state_picker_follows_the_country(client, accounts) -> None:  # type: ignore[no-untyped-def]
    _login(client, "requester")
    mx = client.get("/traces/new/states", params={"recovery_country": "MX"}).text
    assert '<option value="SON">Sonora (SON)</option>' in mx and "Texas" not in mx
    us = client.get("/traces/new/states", params={"recovery_country": "US"}).text
    assert '<option value="AZ">Arizona (AZ)</option>' in us and "Sonora" not in us
    gt = client.get("/traces/new/states", params={"recovery_country": "GT"}).text
    assert '<input id="f-recovery_state" name="recovery_state"' in gt


def test_foreign_agency_form_starts_in_mexico_in_spanish(client, accounts) -> None:  # type: ignore[no-untyped-def]
    _login(client, "fgr_investigator", "es")
    html = client.get("/traces/new").text
    assert '<option value="MX" selected>México</option>' in html
    assert '<option value="CHH">Chihuahua (CHH)</option>' in html
    assert "Nueva solicitud de rastreo" in html and "Número de serie" in html


# ---------------------------------------------------------------------- readiness check


def _check(client: Any, csrf: str, **changes: str) -> str:
    resp = client.post("/traces/new/check", data={**FORM, **changes, "csrf_token": csrf})
    assert resp.status_code == 200, resp.text
    return str(resp.text)


def test_readiness_lists_missing_and_doubtful_beside_the_fields(  # type: ignore[no-untyped-def]
    client, accounts, registry_sample
) -> None:
    csrf = _login(client, "requester")
    html = _check(client, csrf, firearm_type="", country_of_manufacture="", serial_number="")
    assert 'id="ready-no"' in html
    assert 'id="hint-firearm_type" class="hint" hx-swap-oob="true"' in html
    assert _hint(html, "firearm_type") == "Give the firearm type."
    assert _hint(html, "serial_number") == "Give the serial number from the frame or receiver."
    assert _hint(html, "model") == ""  # every hint is sent, so old ones are cleared
    assert 'data-field="serial_number" data-kind="missing"' in html
    ready = _check(client, csrf)
    assert 'id="ready-yes"' in ready and 'id="serial-panel" class="serial-found"' in ready
    assert f'href="/firearms/{registry_sample["firearm"]}"' in ready
    assert "This manufacturer is not in the list" in _hint(ready, "manufacturer")
    assert client.post("/traces/new/check", data=FORM).status_code == 403  # no CSRF token


def test_readiness_offers_damaged_serial_candidates(  # type: ignore[no-untyped-def]
    client, accounts, registry_sample
) -> None:
    csrf = _login(client, "requester", "es")
    html = _check(client, csrf, serial_number="LS-1234?", serial_obliterated="Y")
    assert 'class="serial-obliterated"' in html and "LS-12345" in html
    assert "posición 7 desconocida, 5 en el registro" in html
    assert "/traces/serial-search?pattern=LS-1234%3F" in html
    assert "Indique el tipo de arma." not in html  # FORM gives it
    misread = _check(client, csrf, serial_number="LS-I2345")
    assert 'class="serial-not_found"' in misread and "LS-12345" in misread
    assert "leída como I" in misread


# ---------------------------------------------------------------------- submit and result


@pytest.mark.parametrize("lang", ["en", "es"])
def test_form_errors_are_shown_beside_the_fields(  # type: ignore[no-untyped-def]
    client, accounts, registry_sample, session_factory, lang
) -> None:
    csrf = _login(client, "requester", lang)
    future = (date.today() + timedelta(days=3)).isoformat()
    resp = _submit(client, csrf, recovery_date=future, priority="urgent", offense_code="52",
                   caliber="UNKNOWN", recovery_state="Tejas", request_ref="")
    assert resp.status_code == 422
    html = resp.text
    expected = {
        "en": {"recovery_date": "The date is in the future.",
               "urgent_reason": "An urgent trace needs a justification.",
               "offense_code": "An NCIC offense code has 4 digits, e.g. 5299.",
               "caliber": "'UNKNOWN' does not look like a caliber (e.g. 9mm, .45 ACP).",
               "recovery_state": "'Tejas' is not a US state, DC or territory.",
               "request_ref": "Required."},
        "es": {"recovery_date": "La fecha es posterior al día de hoy.",
               "urgent_reason": "Un rastreo urgente requiere una justificación.",
               "offense_code": "El código de delito NCIC tiene 4 dígitos; por ejemplo, 5299.",
               "caliber": "'UNKNOWN' no parece un calibre (p. ej., 9mm, .45 ACP).",
               "recovery_state": "'Tejas' no es un estado, territorio ni el Distrito de "
                                 "Columbia de los EE. UU.",
               "request_ref": "Dato obligatorio."},
    }[lang]
    for field, text in expected.items():
        assert _hint(html, field) == text.replace("'", "&#39;"), field
    assert 'id="form-errors"' in html
    assert 'value="LS-12345"' in html  # what was typed is kept
    with session_factory() as db:
        assert db.scalar(select(func.count()).select_from(Trace)) == 0


def test_submit_resolves_and_shows_the_result(  # type: ignore[no-untyped-def]
    client, accounts, registry_sample, session_factory
) -> None:
    csrf = _login(client, "requester")
    trace_id = _trace_id(_submit(client, csrf))
    html = client.get(f"/traces/{trace_id}").text
    assert 'id="trace-status">Completed<' in html
    assert 'data-code="completed_purchaser"' in html
    assert "Traced to the first retail purchaser." in html
    assert 'data-code="us"' in html and "United States" in html
    assert "426 days (1.2 years)" in html  # 2022-03-01 -> 2023-05-01
    timeline = html[html.index('<ol class="timeline"'):html.index("</ol>")]
    assert timeline.index("event-transfer") < timeline.index("event-retail_sale")
    assert 'datetime="2022-01-10"' in timeline and 'datetime="2022-03-01"' in timeline
    for code in ("ttc_under_3_years", "bought_elsewhere", "southwest_border_state",
                 "purchaser_not_possessor"):
        assert f'data-code="{code}"' in html, code
    assert "Bought in a southwest border state (AZ, CA, NM, TX)." in html
    assert "Quintero, Ana" in html and "1990-04-02" in html and "Roe" in html
    assert '<table id="history">' in html and "submitted" in html
    again = _submit(client, csrf)
    assert again.headers["location"] == f"/traces/{trace_id}?existing=1"
    assert "already submitted by your agency" in client.get(again.headers["location"]).text
    with session_factory() as db:
        reads = db.scalars(select(AuditEvent.username).where(
            AuditEvent.action == "read_personal", AuditEvent.object_type == "trace")).all()
    assert reads == ["requester", "requester"]


def test_result_disclosure_by_agency(  # type: ignore[no-untyped-def]
    client, accounts, registry_sample, session_factory
) -> None:
    csrf = _login(client, "requester")
    trace_id = _trace_id(_submit(client, csrf))
    client.cookies.clear()
    _login(client, "analyst")  # ATF: may read the result, not the personal data
    html = client.get(f"/traces/{trace_id}").text
    assert "Completed to purchaser" in html and 'id="personal-restricted"' in html
    assert "Retail purchaser (restricted)" in html
    assert "Quintero" not in html and "P-0001" not in html and "Roe" not in html
    for username in ("fgr_investigator", "exporter"):
        client.cookies.clear()
        _login(client, username)
        resp = client.get(f"/traces/{trace_id}")
        assert resp.status_code == 403 and "Quintero" not in resp.text, username
    # a mutual sharing agreement lets the FGR see it, with personal data
    with session_factory() as db:
        ids = dict(db.execute(select(Agency.ori, Agency.id)).all())
        db.add_all([SharingAgreement(agency_id=ids["TXHPD0000"], partner_id=ids["MXFGR0000"]),
                    SharingAgreement(agency_id=ids["MXFGR0000"], partner_id=ids["TXHPD0000"])])
        db.commit()
    client.cookies.clear()
    _login(client, "fgr_investigator")
    assert "Quintero, Ana" in client.get(f"/traces/{trace_id}").text
    assert "HPD-2023-0001" in client.get("/traces").text


# ------------------------------------------------------------------------------ work list


def test_work_list_filters_paging_and_export(  # type: ignore[no-untyped-def]
    client, accounts, registry_sample, session_factory, monkeypatch
) -> None:
    from armsflow.tracing import pages

    csrf = _login(client, "requester")
    _trace_id(_submit(client, csrf))
    for i, (serial, offense, day) in enumerate([("AB-100", "3599", "2023-01-15"),
                                                 ("AB-200", "1399", "2023-02-15")]):
        _trace_id(_submit(client, csrf, request_ref=f"HPD-X{i}", serial_number=serial,
                          offense_code=offense, recovery_date=day,
                          possessor_last_name=f"Zed{i}"))

    def refs(**params: str) -> list[str]:
        html = client.get("/traces", params=params).text
        return re.findall(r'<a href="/traces/\d+">([^<]+)</a>', html)

    assert refs() == ["HPD-X1", "HPD-X0", "HPD-2023-0001"]  # newest first
    assert refs(serial="ab 1") == ["HPD-X0"]
    assert refs(offense="1399") == ["HPD-X1"]
    assert refs(name="zed") == ["HPD-X1", "HPD-X0"]
    assert refs(recovered_from="2023-02-01", recovered_to="2023-04-30") == ["HPD-X1"]
    assert refs(status="completed") == ["HPD-X1", "HPD-X0", "HPD-2023-0001"]
    assert refs(status="pending") == []
    assert "ignored: 2023-13-40" in client.get("/traces", params={"recovered_from":
                                                                   "2023-13-40"}).text
    monkeypatch.setattr(pages, "PAGE_SIZE", 2)
    first = client.get("/traces").text
    assert 'rel="next"' in first and 'rel="prev"' not in first
    second = client.get("/traces", params={"offset": 2}).text
    assert re.findall(r'<a href="/traces/\d+">([^<]+)</a>', second) == ["HPD-2023-0001"]
    assert 'rel="prev"' in second and 'rel="next"' not in second

    csv_resp = client.get("/traces/export.csv")
    assert csv_resp.status_code == 200 and csv_resp.headers["content-type"].startswith("text/csv")
    lines = csv_resp.text.strip().splitlines()
    assert lines[0].startswith("request_ref,agency_ori,status,outcome,reason,origin")
    assert len(lines) == 4 and any(line.startswith("HPD-2023-0001,TXHPD0000,completed,"
                                                   "completed_purchaser") for line in lines)
    body = client.get("/traces/export.json").json()
    assert {r["request_ref"] for r in body} == {"HPD-2023-0001", "HPD-X0", "HPD-X1"}
    client.cookies.clear()
    _login(client, "analyst")  # another agency: its own (empty) list, its own export
    assert refs() == [] and client.get("/traces/export.json").json() == []
    with session_factory() as db:
        searches = db.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.object_type.in_(["trace_search", "trace_export"])))
    assert searches == 4  # one name search, three exports


# ---------------------------------------------------------------------------- bulk upload

HEADER = ("request_ref,agency_ori,priority,urgent_reason,recovery_date,recovery_country,"
          "recovery_state,serial_number,manufacturer,model,caliber,firearm_type,offense_code")
ROWS = [
    "B-1,TXHPD0000,routine,,2023-05-01,US,TX,LS-12345,Lone Star Arms,P9,9mm,PI,5299",
    "B-2,TXHPD0000,urgent,,2023-05-02,US,TX,XY-1,Acme,M1,9mm,PI,5299",
    "B-3,TXHPD0000,routine,,2023-13-45,US,TX,XY-2,Acme,M1,9mm,PI,52",
    "B-4,TXHPD0000,routine,,2023-05-03,MX,Texas,XY-3,Acme,M1,9mm,PI,5299",
]


def _upload(client: Any, csrf: str, name: str, content: bytes) -> Any:
    return client.post("/traces/upload", data={"csrf_token": csrf},
                       files={"file": (name, content, "text/csv")})


def _row_errors(html: str) -> list[tuple[str, ...]]:
    table = html[html.index('<table id="row-errors">'):]
    table = table[:table.index("</table>")]
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td class=\"mono\">(.*?)</td>"
                      r"<td>(.*?)</td></tr>", table)
    return [tuple(c.replace("&#39;", "'") for c in r) for r in rows]


def test_upload_with_bad_rows_stores_nothing_and_lists_them(  # type: ignore[no-untyped-def]
    client, accounts, registry_sample, session_factory
) -> None:
    csrf = _login(client, "requester")
    content = ("\n".join([HEADER, *ROWS]) + "\n").encode()
    resp = _upload(client, csrf, "traces.csv", content)
    assert resp.status_code == 422 and 'class="badge rejected"' in resp.text
    assert _row_errors(resp.text) == [
        ("3", "urgent_reason", "", "An urgent trace needs a justification."),
        ("4", "offense_code", "52", "An NCIC offense code has 4 digits, e.g. 5299."),
        ("4", "recovery_date", "2023-13-45", "Not a valid date (YYYY-MM-DD)."),
        ("5", "recovery_state", "Texas", "'Texas' is not a Mexican state."),
    ]
    with session_factory() as db:
        assert db.scalar(select(func.count()).select_from(Trace)) == 0
    fixed = [ROWS[0], ROWS[1].replace("urgent,,", "urgent,armed suspect at large,")]
    ok = _upload(client, csrf, "traces.csv", ("\n".join([HEADER, *fixed]) + "\n").encode())
    assert ok.status_code == 200 and 'class="badge stored"' in ok.text
    assert '<table id="row-errors">' not in ok.text
    with session_factory() as db:
        done = dict(db.execute(select(Trace.request_ref, Trace.outcome)).all())
    assert done == {"B-1": "completed_purchaser", "B-2": "not_completed"}  # resolved at once
    again = _upload(client, csrf, "traces.csv", ("\n".join([HEADER, *fixed]) + "\n").encode())
    assert 'class="badge unchanged"' in again.text


def test_upload_json_and_spanish_reasons(client, accounts) -> None:  # type: ignore[no-untyped-def]
    csrf = _login(client, "requester", "es")
    body = (b'[{"request_ref": "J-1", "agency_ori": "TXHPD0000", "recovery_date": "2023-05-01",'
            b' "recovery_country": "Narnia", "serial_number": "A1", "manufacturer": "Acme"},'
            b' {"request_ref": "J-1", "agency_ori": "TXHPD0000", "recovery_date": "2023-05-01",'
            b' "recovery_country": "US", "serial_number": "A2", "manufacturer": "Acme"}]')
    resp = client.post("/traces/upload", data={"csrf_token": csrf},
                       files={"file": ("t.json", body, "application/json")})
    assert resp.status_code == 422
    assert _row_errors(resp.text) == [
        ("1", "recovery_country", "Narnia", "'Narnia' no es un nombre de país ni un código ISO."),
    ]
    missing = _upload(client, csrf, "t.csv", b"request_ref,serial_number\nX,1\n")
    assert "Faltan columnas obligatorias: agency_ori, recovery_date" in missing.text


# --------------------------------------------------------------- damaged-serial search


def test_serial_search_page(client, accounts, registry_sample) -> None:  # type: ignore[no-untyped-def]
    _login(client, "requester")
    html = client.get("/traces/serial-search", params={"pattern": "LS-12?45"}).text
    assert f'<a href="/firearms/{registry_sample["firearm"]}">LS-12345</a>' in html
    assert "position 5 unknown, 3 on record" in html and "0.85" in html
    star = client.get("/traces/serial-search", params={"pattern": "LS*45",
                                                       "manufacturer": "Lone Star Arms"}).text
    assert "* stands for 123" in star
    other = client.get("/traces/serial-search", params={"pattern": "LS-12?45",
                                                        "manufacturer": "Glock"}).text
    assert "No registry firearm matches." in other
    assert "at least one legible" in client.get("/traces/serial-search",
                                                params={"pattern": "??"}).text
    client.cookies.clear()
    _login(client, "stockpile")
    assert client.get("/traces/serial-search", params={"pattern": "LS1"}).status_code == 403


# ----------------------------------------------------------------- licensee's answer page


def _awaiting_trace(client: Any, factory: sessionmaker[Session], dealer: int) -> int:
    with factory() as db:
        db.execute(update(Licensee).where(Licensee.id == dealer).values(records_on_file=False))
        db.commit()
    csrf = _login(client, "requester")
    trace_id = _trace_id(_submit(client, csrf))
    html = client.get(f"/traces/{trace_id}").text
    assert 'id="awaiting"' in html and '<table id="records-requests">' in html
    client.cookies.clear()
    return trace_id


@pytest.mark.parametrize("lang", ["en", "es"])
def test_licensee_answers_a_records_request(  # type: ignore[no-untyped-def]
    client, accounts, registry_sample, session_factory, lang
) -> None:
    from armsflow.tracing.records import token_for

    trace_id = _awaiting_trace(client, session_factory, registry_sample["dealer"])
    token = token_for(SECRET, trace_id, registry_sample["dealer"])
    client.cookies.set("armsflow_lang", lang)
    page = client.get(f"/records-requests/{token}")  # no login: the token is the credential
    assert page.status_code == 200 and "LS-12345" in page.text and "DESERT GUNS" in page.text
    assert "Roe" not in page.text and "HPD-2023-0001" not in page.text
    no_date = client.post(f"/records-requests/{token}",
                          data={"answer": "sold_to_purchaser", "purchaser": "Doe, Jo 1980-01-02"})
    assert no_date.status_code == 422
    expected = {"en": "Give the date of the sale or transfer.",
                "es": "Indique la fecha de la venta o transferencia."}[lang]
    assert f'<span class="error" id="hint-answer_date">{expected}</span>' in no_date.text
    assert 'value="Doe, Jo 1980-01-02"' in no_date.text
    done = client.post(f"/records-requests/{token}", data={
        "answer": "sold_to_purchaser", "answer_date": "2022-04-01",
        "purchaser": "Doe, Jo 1980-01-02"})
    assert done.status_code == 200 and 'id="thanks"' in done.text
    assert 'id="answer-form"' not in done.text and 'id="answered"' in done.text
    with session_factory() as db:
        t = db.get(Trace, trace_id)
        assert t is not None
        assert (t.status, t.outcome, t.ttc_days) == ("completed", "completed_purchaser", 395)
    assert client.post(f"/records-requests/{token}", data={
        "answer": "no_record"}).status_code == 409
    assert client.get("/records-requests/not-a-token").status_code == 404


# ------------------------------------------------------------------------- vocabulary


def test_every_code_shown_has_a_label() -> None:
    from armsflow.tracing.vocab import (
        Outcome,
        Priority,
        RecordsAnswer,
        RecordsRequestStatus,
        TraceStatus,
    )

    for enum, labels in ((TraceStatus, page_text.STATUS_LABELS),
                         (Priority, page_text.PRIORITY_LABELS),
                         (Outcome, page_text.OUTCOME_LABELS),
                         (RecordsRequestStatus, page_text.RR_STATUS_LABELS),
                         (RecordsAnswer, page_text.ANSWER_LABELS)):
        assert {m.value for m in enum} == set(labels), enum


def test_readiness_messages_and_explanations_are_in_the_catalog() -> None:
    from armsflow.tracing.intake import readiness
    from armsflow.tracing.vocab import EXPLANATIONS
    from armsflow.web.extract_messages import dynamic_msgids

    drafts = [{}, {"serial_obliterated": True, "maker_key": "X", "maker_known": False,
                   "country_of_manufacture": "IT"}]
    shown = {m for d in drafts for _f, m in readiness(d).missing + readiness(d).doubtful}
    assert len(shown) == 9 and shown <= dynamic_msgids()
    assert set(EXPLANATIONS.values()) <= dynamic_msgids()


@pytest.mark.parametrize("message", [
    "empty", "in the future", "not Routine or Urgent", "'Tejas' is not a Mexican state name or "
    "code", "12 characters; at most 4", "41 characters after cleaning; the limit is 40",
    "answer: choose one of sold_to_purchaser, transferred_to_licensee, no_record",
    "position 1 unknown, A on record; position 3 read as 0, O on record (commonly misread)",
    "serial read as LSI2345, LS12345 on record (commonly misread character)",
])
def test_parser_messages_are_translated(message: str) -> None:
    spanish = page_text.localize("es", message)
    assert spanish != message and page_text.localize("en", message) != ""
