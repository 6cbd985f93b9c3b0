"""Server-rendered pages through the HTTP client: access, forms, audit, language."""

from __future__ import annotations

import re

from sqlalchemy import select

from armsflow.audit.models import AuditEvent

PASSWORD = "correct-horse-42"


def _login(client, username: str) -> str:  # type: ignore[no-untyped-def]
    resp = client.post("/login", data={"username": username, "password": PASSWORD})
    assert resp.status_code == 200, resp.text
    match = re.search(r'name="csrf_token" value="([^"]+)"', resp.text)
    assert match
    return match.group(1)


def test_anonymous_is_sent_to_login(client) -> None:  # type: ignore[no-untyped-def]
    for path in ("/", "/registry", "/imports", "/audit", "/admin", "/firearms/1"):
        resp = client.get(path, follow_redirects=False)
        assert resp.status_code == 303, path
        assert resp.headers["location"].startswith("/login"), path


def test_pages_forbidden_by_role(client, accounts) -> None:  # type: ignore[no-untyped-def]
    _login(client, "requester")
    assert client.get("/registry").status_code == 200
    for path in ("/imports", "/audit", "/admin"):
        resp = client.get(path)
        assert resp.status_code == 403, path
        assert "may not" in resp.text
    html = client.get("/registry").text
    assert "tab=purchasers" not in html  # the tab is not offered


def test_serial_search_and_timeline(client, accounts, registry_sample) -> None:  # type: ignore[no-untyped-def]
    _login(client, "requester")
    html = client.get("/registry", params={"serial": "ls 12345"}).text
    assert f'href="/firearms/{registry_sample["firearm"]}"' in html
    page = client.get(f"/firearms/{registry_sample['firearm']}").text
    assert page.index("2022-01-10") < page.index("2022-03-01")
    assert "DESERT GUNS" in page and "Retail purchaser (restricted)" in page
    assert "Quintero" not in page and "Show purchaser" not in page
    missing = client.get("/registry", params={"serial": "NOPE999"}).text
    assert "No firearm with this serial is on file." in missing


def test_purchaser_reveal_needs_reason_and_is_audited(  # type: ignore[no-untyped-def]
    client, accounts, registry_sample, session_factory
) -> None:
    csrf = _login(client, "analyst")
    page = client.get(f"/firearms/{registry_sample['firearm']}").text
    assert "Show purchaser" in page and "Quintero" not in page
    url = f"/purchasers/{registry_sample['purchaser']}"
    short = client.post(url, data={"csrf_token": csrf, "reason": "x"})
    assert "state why you need this personal data" in short.text and "Quintero" not in short.text
    shown = client.post(url, data={"csrf_token": csrf, "reason": "case TX-77"})
    assert "Quintero" in shown.text and "1990-04-02" in shown.text
    with session_factory() as db:
        reasons = db.scalars(select(AuditEvent.reason)
                             .where(AuditEvent.action == "read_personal")).all()
    assert reasons == ["case TX-77"]


def test_purchaser_search_page(client, accounts, registry_sample) -> None:  # type: ignore[no-untyped-def]
    csrf = _login(client, "investigator")
    resp = client.post("/registry/purchasers", data={
        "csrf_token": csrf, "last_name": "quíntero", "reason": "lead 2024-17"})
    assert resp.status_code == 200 and "Quintero, Ana" in resp.text
    no_reason = client.post("/registry/purchasers", data={
        "csrf_token": csrf, "last_name": "Quintero", "reason": "no"})
    assert no_reason.status_code == 422 and "Quintero, Ana" not in no_reason.text


def test_licensee_search_and_detail(client, accounts, registry_sample) -> None:  # type: ignore[no-untyped-def]
    _login(client, "requester")
    html = client.get("/registry", params={"tab": "licensees", "q": "desert"}).text
    assert "5-86-013-01-7F-00002" in html
    by_rds = client.get("/registry", params={"tab": "licensees", "q": "5-86-00002"}).text
    assert "DESERT GUNS" in by_rds
    detail = client.get(f"/licensees/{registry_sample['dealer']}").text
    assert "Retail sales" in detail and "Phoenix" in detail


def test_admin_pages_create_agency_and_user(client, accounts) -> None:  # type: ignore[no-untyped-def]
    csrf = _login(client, "admin")
    bad = client.post("/admin/agencies", data={"csrf_token": csrf, "ori": "ZZ1234567",
                                               "name": "X", "kind": "local", "country": "US"})
    assert bad.status_code == 422 and "ori" in bad.text
    ok = client.post("/admin/agencies", data={"csrf_token": csrf, "ori": "AZPHX0000",
                                              "name": "Phoenix PD", "kind": "local",
                                              "country": "US", "state": "AZ"})
    assert ok.status_code == 200 and "Phoenix PD" in ok.text
    made = client.post("/admin/users", data={
        "csrf_token": csrf, "username": "p.officer", "full_name": "P Officer",
        "password": "long-enough-7", "agency_ori": "AZPHX0000", "roles": ["requester"],
        "language": "es"})
    assert made.status_code == 200 and "p.officer" in made.text
    audit = client.get("/audit", params={"action": "create"}).text
    assert "AZPHX0000" in audit and "p.officer" in audit


def test_language_switch(client, accounts) -> None:  # type: ignore[no-untyped-def]
    _login(client, "requester")
    resp = client.get("/lang/es", headers={"referer": "http://testserver/registry"},
                      follow_redirects=False)
    assert resp.status_code == 303 and resp.headers["location"] == "/registry"
    assert client.cookies.get("armsflow_lang") == "es"
    html = client.get("/registry").text
    assert '<html lang="es">' in html
