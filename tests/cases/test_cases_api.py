"""The cases API over HTTP: create with deconfliction, what the other agency sees of a hit,
acknowledge and resolve, the import endpoint, input errors naming the field."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

GUN = {"kind": "firearm", "value": "LS-12345", "manufacturer": "Lone Star Arms"}


def _case(number: str, **extra: Any) -> dict[str, Any]:
    body = {"case_number": number, "title": f"Secret title {number}", "lead_agency": "ATF",
            "offense": f"Secret offense {number}", "identifiers": [GUN]}
    body.update(extra)
    return body


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_create_hit_acknowledge_resolve_over_the_api(
    client: TestClient, token_for: Callable[[str], str], case_accounts: dict[str, int],
) -> None:
    atf, hsi = _auth(token_for("analyst")), _auth(token_for("hsi_agent"))
    r = client.post("/api/v1/cases", json=_case("ATF-1", poc_phone="+1 304 555 0100"),
                    headers=atf)
    assert r.status_code == 201, r.text
    atf_case = r.json()["case"]
    assert r.json()["hits"] == []
    r = client.post("/api/v1/cases", json=_case("HSI-1", lead_agency="HSI",
                                                 poc_name="Hugo H"), headers=hsi)
    assert r.status_code == 201, r.text
    (hit,) = r.json()["hits"]
    assert hit["other_contact"]["name"] == atf_case["poc_name"]
    assert hit["other_contact"]["agency_ori"] == "WVATF0900"
    assert hit["other_contact"]["phone"] == "+1 304 555 0100"
    assert "ATF-1" not in json.dumps(hit) and "Secret" not in json.dumps(hit)

    r = client.get("/api/v1/case-hits", headers=atf)
    (seen,) = r.json()
    assert seen["other_contact"]["name"] == "Hugo H" and seen["my_case_id"] == atf_case["id"]
    assert "HSI-1" not in r.text and "Secret" not in r.text

    # HSI cannot read ATF's case; ATF shares it, then HSI can
    assert client.get(f"/api/v1/cases/{atf_case['id']}", headers=hsi).status_code == 404
    r = client.post(f"/api/v1/cases/{atf_case['id']}/shares", json={"agency_ori": "DCICE0000"},
                    headers=atf)
    assert r.status_code == 200 and r.json()["shared_with"] == ["DCICE0000"]
    r = client.get(f"/api/v1/cases/{atf_case['id']}", headers=hsi)
    assert r.status_code == 200 and r.json()["title"] == "Secret title ATF-1"
    assert r.json()["may_change"] is False
    r = client.post(f"/api/v1/cases/{atf_case['id']}/identifiers",
                    json={"identifiers": [{"kind": "phone", "value": "+52 55 1234 5678"}]},
                    headers=hsi)
    assert r.status_code == 403

    assert client.post(f"/api/v1/case-hits/{hit['id']}/acknowledge",
                       headers=atf).json()["status"] == "open"
    assert client.post(f"/api/v1/case-hits/{hit['id']}/acknowledge",
                       headers=hsi).json()["status"] == "acknowledged"
    r = client.post(f"/api/v1/case-hits/{hit['id']}/resolve",
                    json={"resolution": "coordinate", "note": "spoke"}, headers=atf)
    assert r.status_code == 200 and r.json()["status"] == "resolved"
    r = client.post(f"/api/v1/case-hits/{hit['id']}/resolve",
                    json={"resolution": "coordinate"}, headers=atf)
    assert r.status_code == 409
    notes = client.get("/api/v1/notifications", headers=hsi).json()
    assert [n["topic"] for n in notes] == ["case_hit", "case_hit"]


def test_bad_input_names_the_field(client: TestClient, token_for: Callable[[str], str],
                                   case_accounts: dict[str, int]) -> None:
    atf = _auth(token_for("analyst"))
    bad_vin = _case("X", identifiers=[GUN, {"kind": "vin", "value": "1M8GDM9AYKP042788"}])
    r = client.post("/api/v1/cases", json=bad_vin, headers=atf)
    assert r.status_code == 422
    assert r.json()["error"]["field"] == "identifiers[1].value"
    assert "check digit" in r.json()["error"]["message"]
    r = client.post("/api/v1/cases", json=_case("Y", lead_agency="NSA"), headers=atf)
    assert r.status_code == 422 and r.json()["error"]["field"] == "lead_agency"
    r = client.post("/api/v1/cases", json=_case("Z", shared_with=["ZZ9999999"]), headers=atf)
    assert r.status_code == 422 and r.json()["error"]["field"] == "shared_with"
    assert client.get("/api/v1/cases", headers=atf).json()["total"] == 0
    # roles without case access
    for who in ("admin", "requester", "exporter"):
        r = client.get("/api/v1/cases", headers=_auth(token_for(who)))
        assert r.status_code == 403, who


def test_import_endpoint_all_or_nothing(client: TestClient, token_for: Callable[[str], str],
                                        case_accounts: dict[str, int]) -> None:
    hsi = _auth(token_for("hsi_agent"))
    client.post("/api/v1/cases", json=_case("ATF-1"), headers=_auth(token_for("analyst")))
    good = ("case_number,title,lead_agency,offense,kind,value,manufacturer,state\n"
            "H-1,Harbor,HSI,Smuggling,firearm,ls12345,Lone Star Arms,\n"
            "H-1,,,,plate,ABC123,,TX\n")
    bad = good + "H-2,Other,XXX,Smuggling,vin,123,,\n"
    r = client.post("/api/v1/cases/import", files={"file": ("c.csv", bad, "text/csv")},
                    headers=hsi)
    assert r.status_code == 422
    errors = {(e["row"], e["column"]) for e in r.json()["errors"]}
    assert errors == {(4, "lead_agency"), (4, "value")}
    assert client.get("/api/v1/cases", headers=hsi).json()["total"] == 0
    r = client.post("/api/v1/cases/import", files={"file": ("c.csv", good, "text/csv")},
                    headers=hsi)
    assert r.status_code == 200, r.text
    assert (r.json()["cases"], r.json()["identifiers"], r.json()["hits"]) == (1, 2, 1)
