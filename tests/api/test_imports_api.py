"""Upload through the API and the page: row-level errors, all-or-nothing, permissions."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from armsflow.registry.models import Purchaser

HEADER = "purchaser_id,last_name,first_name,middle_name,dob,sex,street,city,state,zip\n"
GOOD = (HEADER + "T-1,Ibarra,Luz,,1984-02-11,F,10 Test Rd,Tucson,AZ,85701\n"
        "T-2,Okafor,Ben,K,1979-12-30,M,22 Sample Ave,El Paso,TX,79901\n")
BAD = GOOD + "T-3,Novak,Eva,,2031-13-45,F,1 Fake St,Laredo,TX,78040\n"


def _upload(client, token: str, body: str, kind: str = "purchasers"):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/imports/{kind}",
                       headers={"Authorization": f"Bearer {token}"},
                       files={"file": ("people.csv", body.encode(), "text/csv")})


def _count(factory) -> int:  # type: ignore[no-untyped-def]
    with factory() as db:
        return db.scalar(select(func.count()).select_from(Purchaser)) or 0


def test_bad_row_rejects_whole_file(client, token_for, session_factory) -> None:  # type: ignore[no-untyped-def]
    resp = _upload(client, token_for("analyst"), BAD)
    assert resp.status_code == 422
    report = resp.json()
    assert report["status"] == "rejected" and report["rows_stored"] == 0
    assert [(e["row"], e["column"]) for e in report["errors"]] == [(4, "dob")]
    assert "2031-13-45" in report["errors"][0]["reason"] or report["errors"][0]["value"]
    assert _count(session_factory) == 0


def test_good_file_is_stored_once(client, token_for, session_factory) -> None:  # type: ignore[no-untyped-def]
    token = token_for("analyst")
    first = _upload(client, token, GOOD)
    assert first.status_code == 200, first.text
    assert first.json()["status"] == "stored" and first.json()["rows_stored"] == 2
    again = _upload(client, token, GOOD)
    assert again.json()["status"] == "unchanged" and again.json()["rows_unchanged"] == 2
    assert _count(session_factory) == 2
    batches = client.get("/api/v1/imports", headers={"Authorization": f"Bearer {token}"}).json()
    assert [b["status"] for b in batches][:2] == ["unchanged", "stored"]
    one = client.get(f"/api/v1/imports/{batches[1]['id']}",
                     headers={"Authorization": f"Bearer {token}"})
    assert one.json()["rows_stored"] == 2 and one.json()["username"] == "analyst"


def test_only_domestic_analysts_and_admins_import(client, token_for) -> None:  # type: ignore[no-untyped-def]
    for username in ("requester", "investigator", "fgr_investigator", "exporter"):
        assert _upload(client, token_for(username), GOOD).status_code == 403, username
    assert _upload(client, token_for("admin"), GOOD).status_code == 200


def test_unknown_kind_and_empty_file(client, token_for) -> None:  # type: ignore[no-untyped-def]
    token = token_for("analyst")
    assert _upload(client, token, GOOD, kind="people").status_code == 422  # path enum
    resp = _upload(client, token, "")
    assert resp.status_code == 400 and resp.json()["error"]["field"] == "file"


def test_import_page_shows_row_errors(client, accounts) -> None:  # type: ignore[no-untyped-def]
    client.post("/login", data={"username": "analyst", "password": "correct-horse-42"})
    html = client.get("/imports").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert csrf
    resp = client.post("/imports", data={"csrf_token": csrf.group(1), "kind": "purchasers"},
                       files={"file": ("people.csv", BAD.encode(), "text/csv")})
    assert resp.status_code == 422
    assert 'id="row-errors"' in resp.text and "<td>4</td><td>dob</td>" in resp.text
    formats = client.get("/imports/formats").text
    assert "to_purchaser_id" in formats and "LIC_REGN".lower() in formats.lower()
