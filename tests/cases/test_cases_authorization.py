"""Who may see and change a case: a matrix of roles x agencies x endpoints, and proof that no
case detail crosses agencies without sharing (API, pages, hits, notifications)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from armsflow.auth.principal import Principal
from armsflow.cases import policy

SECRETS = ("ATF-SECRET-7", "Operation Quiet Falcon", "Trafficking to Jalisco",
           "+52 33 1234 5678", "falcon@cartel.example")
GUN = {"kind": "firearm", "value": "QF-0001", "manufacturer": "Glock"}

# username -> (agency relation to the case, role)
USERS = {
    "analyst": "owner analyst",
    "investigator": "owner investigator",
    "atf_super": "owner supervisor",
    "admin": "owner administrator",
    "local_analyst": "shared analyst",
    "requester": "shared requester",
    "hsi_agent": "other investigator (has a hit)",
    "hsi_super": "other supervisor",
    "fgr_investigator": "foreign investigator",
    "exporter": "other export officer",
}
READ = {"analyst": 200, "investigator": 200, "atf_super": 200, "admin": 403,
        "local_analyst": 200, "requester": 403, "hsi_agent": 404, "hsi_super": 404,
        "fgr_investigator": 404, "exporter": 403}
CHANGE = {**READ, "local_analyst": 403}
OK_CHANGE = {"analyst", "investigator", "atf_super"}


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def world(client: TestClient, token_for: Callable[[str], str],
          case_accounts: dict[str, int]) -> dict[str, Any]:
    tokens = {u: _auth(token_for(u)) for u in USERS}
    body = {"case_number": "ATF-SECRET-7", "title": "Operation Quiet Falcon",
            "lead_agency": "ATF", "offense": "Trafficking to Jalisco", "international": True,
            "shared_with": ["TXHPD0000"], "poc_name": "Dana Poc", "poc_phone": "+1 304 555 0100",
            "identifiers": [GUN, {"kind": "phone", "value": "+52 33 1234 5678"},
                            {"kind": "email", "value": "falcon@cartel.example"}]}
    r = client.post("/api/v1/cases", json=body, headers=tokens["analyst"])
    assert r.status_code == 201, r.text
    hsi = client.post("/api/v1/cases", json={
        "case_number": "HSI-2", "title": "Harbor", "lead_agency": "HSI", "offense": "Export",
        "identifiers": [GUN]}, headers=tokens["hsi_agent"])
    assert len(hsi.json()["hits"]) == 1
    return {"case": r.json()["case"]["id"], "tokens": tokens,
            "hit": hsi.json()["hits"][0]["id"]}


def _page_status(client: TestClient, token: dict[str, str], path: str) -> int:
    return client.get(path, headers=token, follow_redirects=False).status_code


def test_matrix_of_roles_agencies_and_endpoints(client: TestClient,
                                                world: dict[str, Any]) -> None:
    cid, tokens = world["case"], world["tokens"]
    endpoints: dict[str, tuple[Callable[[dict[str, str]], int], dict[str, int]]] = {
        "GET case": (lambda t: client.get(f"/api/v1/cases/{cid}", headers=t).status_code,
                     READ),
        "GET case page": (lambda t: _page_status(client, t, f"/cases/{cid}"), READ),
        "POST identifier": (lambda t: client.post(
            f"/api/v1/cases/{cid}/identifiers", headers=t,
            json={"identifiers": [{"kind": "email", "value": "x@example.org"}]}).status_code,
            {**CHANGE, **{u: 201 for u in OK_CHANGE}}),
        "POST share": (lambda t: client.post(f"/api/v1/cases/{cid}/shares", headers=t,
                                             json={"agency_ori": "TXHPD0000"}).status_code,
                       CHANGE),
        "PATCH status": (lambda t: client.patch(f"/api/v1/cases/{cid}", headers=t,
                                                json={"status": "open"}).status_code, CHANGE),
    }
    wrong = []
    for name, (call, expected) in endpoints.items():
        for user in USERS:
            got = call(tokens[user])
            if got != expected[user]:
                wrong.append(f"{name} as {user} ({USERS[user]}): {got}, expected {expected[user]}")
    assert wrong == []

    listed = {u: client.get("/api/v1/cases", headers=tokens[u]) for u in USERS}
    for user, resp in listed.items():
        visible = READ[user] == 200
        if resp.status_code == 403:
            assert not visible, user
            continue
        assert (cid in [c["id"] for c in resp.json()["cases"]]) == visible, user


def test_no_case_detail_reaches_an_agency_it_is_not_shared_with(
    client: TestClient, world: dict[str, Any],
) -> None:
    tok = world["tokens"]["hsi_agent"]
    responses = [
        client.get("/api/v1/cases", headers=tok),
        client.get("/api/v1/case-hits", headers=tok),
        client.get(f"/api/v1/case-hits/{world['hit']}", headers=tok),
        client.get("/api/v1/notifications", headers=tok),
        client.get("/cases", headers=tok),
        client.get("/cases/hits?status=all", headers=tok),
        client.get(f"/cases/hits/{world['hit']}", headers=tok),
        client.get(f"/cases/{world['case']}", headers=tok),
        client.get(f"/api/v1/cases/{world['case']}", headers=tok),
    ]
    for r in responses:
        for secret in SECRETS:
            assert secret not in r.text, (r.url, secret)
    # what the other agency does learn: whom to call
    hit = responses[2].json()
    assert hit["other_contact"] == {"name": "Dana Poc", "agency_ori": "WVATF0900",
                                    "agency_name": "ATF National Tracing Center",
                                    "phone": "+1 304 555 0100", "email": "analyst@example.gov"}
    # and the shared agency does see the details
    shared = client.get(f"/api/v1/cases/{world['case']}",
                        headers=world["tokens"]["local_analyst"])
    assert all(s in shared.text for s in SECRETS)


def _p(agency_id: int, *roles: str) -> Principal:
    return Principal(user_id=1, username="u", full_name="U", agency_id=agency_id,
                     agency_ori="X", agency_name="X", agency_kind="federal",
                     agency_country="US", roles=frozenset(roles))


@pytest.mark.parametrize("role", ["investigator", "analyst", "supervisor", "administrator",
                                  "requester", "export_officer", "stockpile_manager"])
@pytest.mark.parametrize("agency", [1, 2, 3])
def test_policy_decisions_are_consistent(role: str, agency: int) -> None:
    """Owner agency 1, shared with 2, not with 3."""
    p = _p(agency, role)
    may = role in {"investigator", "analyst", "supervisor"}
    assert policy.may_read_case(p, 1, {2}) == (may and agency in {1, 2})
    assert policy.may_change_case(p, 1) == (may and agency == 1)
    assert policy.may_see_hit(p, {1, 3}) == (may and agency in {1, 3})
    assert policy.may_supervise(p) == (role == "supervisor")
