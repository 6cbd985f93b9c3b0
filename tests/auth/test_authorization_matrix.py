"""Who may call what: every role and agency kind against every registry and admin endpoint.

The expected table is written out by hand, independently of armsflow.auth.policy, so a change
to the policy that widens access fails here until someone decides it on purpose."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from armsflow.audit.models import AuditEvent

USERS = ["admin", "analyst", "investigator", "requester", "exporter", "stockpile",
         "local_analyst", "fgr_investigator"]

REGISTRY_READERS = {"admin", "analyst", "investigator", "requester", "exporter",
                    "local_analyst", "fgr_investigator"}
PERSONAL_DATA = {"analyst", "investigator", "local_analyst"}  # domestic, investigative roles
ADMINS = {"admin"}

# (method, path template, users allowed)
MATRIX = [
    ("GET", "/api/v1/me", set(USERS)),
    ("GET", "/api/v1/firearms?serial=LS12345", REGISTRY_READERS),
    ("GET", "/api/v1/firearms/{firearm}", REGISTRY_READERS),
    ("GET", "/api/v1/licensees?q=desert", REGISTRY_READERS),
    ("GET", "/api/v1/licensees/{dealer}", REGISTRY_READERS),
    ("GET", "/api/v1/purchasers?last_name=Quintero&reason=case%20TX-2024-001", PERSONAL_DATA),
    ("GET", "/api/v1/purchasers/{purchaser}?reason=case%20TX-2024-001", PERSONAL_DATA),
    ("GET", "/api/v1/audit", ADMINS),
    ("GET", "/api/v1/users", ADMINS),
    ("GET", "/api/v1/agencies", ADMINS),
]


@pytest.mark.parametrize(("method", "path", "allowed"), MATRIX, ids=[m[1] for m in MATRIX])
def test_matrix(client, token_for, registry_sample, method, path, allowed) -> None:  # type: ignore[no-untyped-def]
    url = path.format(**registry_sample)
    for username in USERS:
        resp = client.request(method, url,
                              headers={"Authorization": f"Bearer {token_for(username)}"})
        expected = 200 if username in allowed else 403
        assert resp.status_code == expected, (username, url, resp.text)


def test_anonymous_gets_401(client, registry_sample) -> None:  # type: ignore[no-untyped-def]
    for _method, path, _allowed in MATRIX:
        resp = client.get(path.format(**registry_sample))
        assert resp.status_code == 401, path


def test_bad_token_gets_401(client) -> None:  # type: ignore[no-untyped-def]
    resp = client.get("/api/v1/me", headers={"Authorization": "Bearer af_not-a-token"})
    assert resp.status_code == 401


def _personal_reads(factory: sessionmaker[Session]) -> list[AuditEvent]:
    with factory() as db:
        return list(db.scalars(select(AuditEvent).where(AuditEvent.action == "read_personal")
                               .order_by(AuditEvent.id)))


def test_each_permitted_personal_read_is_audited(
    client, token_for, registry_sample, session_factory  # type: ignore[no-untyped-def]
) -> None:
    headers = {"Authorization": f"Bearer {token_for('investigator')}"}
    pid = registry_sample["purchaser"]
    r1 = client.get(f"/api/v1/purchasers/{pid}?reason=case%20TX-2024-001", headers=headers)
    r2 = client.get("/api/v1/purchasers?last_name=quin&reason=lead%20review%2042",
                    headers=headers)
    assert r1.status_code == 200 and r1.json()["last_name"] == "Quintero"
    assert r2.status_code == 200 and [p["id"] for p in r2.json()] == [pid]
    events = _personal_reads(session_factory)
    assert [(e.username, e.agency_ori, e.object_type, e.reason) for e in events] == [
        ("investigator", "WVATF0900", "purchaser", "case TX-2024-001"),
        ("investigator", "WVATF0900", "purchaser_search", "lead review 42"),
    ]
    assert events[0].object_id == str(pid)
    assert json.loads(events[1].detail or "{}")["results"] == [pid]


def test_denied_reads_leave_no_personal_data_and_no_read_record(
    client, token_for, registry_sample, session_factory  # type: ignore[no-untyped-def]
) -> None:
    pid = registry_sample["purchaser"]
    for username in ("requester", "fgr_investigator", "admin", "exporter"):
        resp = client.get(f"/api/v1/purchasers/{pid}?reason=curious%20only",
                          headers={"Authorization": f"Bearer {token_for(username)}"})
        assert resp.status_code == 403
        assert "Quintero" not in resp.text
    assert _personal_reads(session_factory) == []


def test_reason_is_required_for_personal_data(client, token_for, registry_sample) -> None:  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {token_for('analyst')}"}
    resp = client.get(f"/api/v1/purchasers/{registry_sample['purchaser']}", headers=headers)
    assert resp.status_code == 422
    assert any(d["field"] == "reason" for d in resp.json()["detail"])


def test_timeline_hides_purchaser_from_unentitled(client, token_for, registry_sample) -> None:  # type: ignore[no-untyped-def]
    url = f"/api/v1/firearms/{registry_sample['firearm']}"
    pid = registry_sample["purchaser"]
    seen = client.get(url, headers={"Authorization": f"Bearer {token_for('requester')}"}).json()
    sale = next(e for e in seen["timeline"] if e["kind"] == "retail_sale")
    assert sale["target"] == {"kind": "purchaser", "id": None, "label": "Retail purchaser",
                              "restricted": True}
    assert "P-0001" not in json.dumps(seen)
    full = client.get(url, headers={"Authorization": f"Bearer {token_for('analyst')}"}).json()
    sale = next(e for e in full["timeline"] if e["kind"] == "retail_sale")
    assert sale["target"]["id"] == pid and not sale["target"]["restricted"]
