"""The cases pages through HTTP: the new-case form (errors beside the field, nothing
stored), identifiers added from the case page raising a hit, sharing, CSRF, Spanish."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

PASSWORD = "correct-horse-42"


def _login(client: TestClient, username: str) -> str:
    resp = client.post("/login", data={"username": username, "password": PASSWORD})
    assert resp.status_code == 200, resp.text
    match = re.search(r'name="csrf_token" value="([^"]+)"', resp.text)
    assert match
    return match.group(1)


def _form(csrf: str, number: str, **extra: str) -> dict[str, str]:
    return {"csrf_token": csrf, "case_number": number, "title": f"Title {number}",
            "offense": "Straw purchasing", "lead_agency": "ATF", "status": "open", **extra}


def test_new_case_form_errors_and_success(client: TestClient,
                                          case_accounts: dict[str, int]) -> None:
    csrf = _login(client, "analyst")
    bad = client.post("/cases/new", data=_form(csrf, "A-1", title="", kind="vin",
                                               value="1M8GDM9AYKP042788"))
    assert bad.status_code == 422
    assert 'data-field="title"' in bad.text and 'data-field="value"' in bad.text
    assert "check digit" in bad.text
    assert "Title A-1" not in client.get("/cases").text
    assert client.post("/cases/new", data=_form("wrong", "A-1")).status_code == 403

    ok = client.post("/cases/new", data=_form(csrf, "A-1", kind="firearm", value="LS-1",
                                              manufacturer="Glock", international="yes",
                                              shared_with="TXHPD0000"),
                     follow_redirects=False)
    assert ok.status_code == 303
    page = client.get(ok.headers["location"])
    assert "A-1 · Title A-1" in page.text and "LS1" in page.text and "TXHPD0000" in page.text
    dup = client.post("/cases/new", data=_form(csrf, "A-1"))
    assert dup.status_code == 422 and "already has a case A-1" in dup.text


def test_identifier_added_on_the_case_page_raises_a_hit_shown_in_spanish(
    client: TestClient, case_accounts: dict[str, int],
) -> None:
    csrf = _login(client, "analyst")
    client.post("/cases/new", data=_form(csrf, "A-1", kind="phone", value="+52 81 5555 0000"))
    client.post("/logout", data={"csrf_token": csrf})
    csrf = _login(client, "hsi_agent")
    created = client.post("/cases/new", data=_form(csrf, "H-1", lead_agency="HSI"),
                          follow_redirects=False)
    case_url = created.headers["location"].split("?")[0]
    bad = client.post(f"{case_url}/identifiers", data={"csrf_token": csrf, "kind": "phone",
                                                       "value": "12"})
    assert bad.status_code == 422 and 'id="case-error"' in bad.text
    added = client.post(f"{case_url}/identifiers", data={
        "csrf_token": csrf, "kind": "phone", "value": "+52 (81) 5555-0000"},
        follow_redirects=False)
    assert added.headers["location"].endswith("?hits=1")
    client.cookies.set("armsflow_lang", "es")
    page = client.get(added.headers["location"])
    assert "Sujetos e identificadores" in page.text
    assert "Coincidencias de desconflicción generadas: 1" in page.text
    assert "WVATF0900" in page.text and "Title A-1" not in page.text
    inbox = client.get("/cases/hits")
    assert "Llame al otro punto de contacto" in inbox.text and "Acusar recibo" in inbox.text
