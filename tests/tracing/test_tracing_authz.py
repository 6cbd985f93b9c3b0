"""Who may submit, read and see personal data in traces: a hand-written matrix, independent
of armsflow.auth.policy. Purchaser and possessor data go only to the requesting agency and
to agencies with a mutual collective-data-sharing agreement with it; each read is audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from armsflow.audit.models import AuditEvent
from armsflow.auth.models import Agency
from armsflow.tracing.models import SharingAgreement

USERS = ["admin", "analyst", "investigator", "requester", "exporter", "stockpile",
         "local_analyst", "fgr_investigator"]
SUBMITTERS = {"analyst", "investigator", "requester", "local_analyst", "fgr_investigator"}
TRACE = {"request_ref": "HPD-1", "agency_ori": "TXHPD0000", "recovery_date": "2023-05-01",
         "recovery_country": "US", "recovery_state": "TX", "serial_number": "LS-12345",
         "manufacturer": "Lone Star Arms", "model": "P9", "caliber": "9mm",
         "country_of_manufacture": "US", "possessor_last_name": "Roe",
         "possessor_first_name": "Sam"}


def _h(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def trace_id(client, token_for, registry_sample) -> int:  # type: ignore[no-untyped-def]
    resp = client.post("/api/v1/traces", json=TRACE, headers=_h(token_for("requester")))
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert body["outcome"]["code"] == "completed_purchaser"
    assert body["personal"]["purchaser_name"] == "Quintero, Ana"
    return int(body["id"])


def _share(factory: sessionmaker[Session], a: str, b: str) -> None:
    with factory() as db:
        ids = {ori: id_ for ori, id_ in db.execute(select(Agency.ori, Agency.id))}
        db.add(SharingAgreement(agency_id=ids[a], partner_id=ids[b]))
        db.commit()


@pytest.mark.parametrize("username", USERS)
def test_submit(client, token_for, registry_sample, username) -> None:  # type: ignore[no-untyped-def]
    own = {"analyst": "WVATF0900", "investigator": "WVATF0900", "local_analyst": "TXHPD0000",
           "fgr_investigator": "MXFGR0000"}.get(username, "TXHPD0000")
    body = {**TRACE, "request_ref": f"R-{username}", "agency_ori": own}
    resp = client.post("/api/v1/traces", json=body, headers=_h(token_for(username)))
    assert resp.status_code == (201 if username in SUBMITTERS else 403), resp.text


def test_submit_for_another_agency_is_refused(client, token_for, registry_sample) -> None:  # type: ignore[no-untyped-def]
    body = {**TRACE, "agency_ori": "WVATF0900"}
    resp = client.post("/api/v1/traces", json=body, headers=_h(token_for("requester")))
    assert resp.status_code == 422 and "your agency" in resp.text


def test_disclosure_matrix(client, token_for, trace_id, session_factory) -> None:  # type: ignore[no-untyped-def]
    # result without personal data: requesting agency, domestic personal-data roles
    readers = {"requester", "local_analyst", "analyst", "investigator"}
    personal = {"requester", "local_analyst"}  # the requesting agency (Houston PD)
    for username in USERS:
        resp = client.get(f"/api/v1/traces/{trace_id}", headers=_h(token_for(username)))
        assert resp.status_code == (200 if username in readers else 403), (username, resp.text)
        if resp.status_code == 200:
            has = resp.json()["personal"] is not None
            assert has == (username in personal), username
            assert ("Quintero" in resp.text) == (username in personal), username
    with session_factory() as db:
        reads = list(db.scalars(select(AuditEvent.username).where(
            AuditEvent.action == "read_personal", AuditEvent.object_type == "trace")))
    assert sorted(reads) == ["local_analyst", "requester", "requester"]


def test_sharing_needs_both_agencies(client, token_for, trace_id, session_factory) -> None:  # type: ignore[no-untyped-def]
    url = f"/api/v1/traces/{trace_id}"
    _share(session_factory, "TXHPD0000", "MXFGR0000")  # one direction only
    assert client.get(url, headers=_h(token_for("fgr_investigator"))).status_code == 403
    _share(session_factory, "MXFGR0000", "TXHPD0000")  # now mutual
    resp = client.get(url, headers=_h(token_for("fgr_investigator")))
    assert resp.status_code == 200 and resp.json()["personal"] is not None


def test_anonymous_gets_401(client, registry_sample) -> None:  # type: ignore[no-untyped-def]
    for path in ("/api/v1/traces", "/api/v1/traces/1", "/api/v1/serials?pattern=LS1234?"):
        assert client.get(path).status_code == 401, path
