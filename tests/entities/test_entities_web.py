"""Entity pages and API: personal data only for READ_PERSONAL_DATA, every read audited,
pair explanations, the judgement form and the judgement API."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from armsflow.audit.models import AuditEvent
from armsflow.entities import service
from armsflow.simulate.geography import build_geography
from armsflow.simulate.person_records import person_records
from armsflow.simulate.pools import build_pools

PASSWORD = "correct-horse-42"
FILLER = [{**r, "source": "associate"}
          for r in person_records(9, 1_200, build_pools(9), build_geography())[0].to_pylist()]
PLANTED = [
    {"source": "purchaser", "source_ref": "P1", "last_name": "Garcia Lopez",
     "first_name": "Jose", "dob": "1980-03-12", "street": "12 Main Street", "zip": "79901",
     "phone": "9155550101", "sex": "M"},
    {"source": "possessor", "source_ref": "T1", "last_name": "GARCIA", "first_name": "PEPE",
     "dob": "1980-12-03"},
    {"source": "subject", "source_ref": "S1", "last_name": "García López", "first_name": "José",
     "dob": "1980-03-12", "street": "12 Main St", "zip": "79901"},
]


def _login(client, username: str) -> str:  # type: ignore[no-untyped-def]
    resp = client.post("/login", data={"username": username, "password": PASSWORD})
    assert resp.status_code == 200, resp.text
    match = re.search(r'name="csrf_token" value="([^"]+)"', resp.text)
    assert match
    return match.group(1)


@pytest.fixture
def entity(session_factory: sessionmaker[Session], accounts: dict[str, int]) -> int:
    with session_factory() as db:
        service.load_records(db, service.parse_rows([*PLANTED, *FILLER]))
        service.resolve(db, collect_sources=False)
        db.commit()
        found = service.entity_of(db, "purchaser", "P1")
        assert found is not None
        assert service.entity_of(db, "possessor", "T1") == found
        return found


def _audit(session_factory: sessionmaker[Session], action: str) -> list[AuditEvent]:
    with session_factory() as db:
        return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_personal_data_only_for_the_entitled(client, entity, token_for) -> None:  # type: ignore[no-untyped-def]
    _login(client, "requester")
    assert client.get(f"/entities/{entity}").status_code == 403
    for user, status in (("requester", 403), ("exporter", 403), ("analyst", 200)):
        headers = {"Authorization": f"Bearer {token_for(user)}"}
        resp = client.get(f"/api/v1/entities/{entity}", headers=headers)
        assert resp.status_code == status, user
        if status == 200:
            assert {r["source_ref"] for r in resp.json()["records"]} >= {"P1", "T1", "S1"}
        else:
            assert "Garcia" not in resp.text


def test_page_shows_records_and_explains_a_pair(client, entity, session_factory) -> None:  # type: ignore[no-untyped-def]
    _login(client, "analyst")
    page = client.get(f"/entities/{entity}")
    assert page.status_code == 200
    assert "P1" in page.text and "T1" in page.text and "PEPE" in page.text
    assert 'id="explanation"' in page.text and "date of birth" in page.text
    client.get("/lang/es", follow_redirects=False)
    spanish = client.get(f"/entities/{entity}").text
    assert "Por qué se vinculan dos registros" in spanish and "fecha de nacimiento" in spanish
    reads = _audit(session_factory, "read_personal")
    assert {e.object_type for e in reads} >= {"entity", "entity_pair"}
    assert all(e.username == "analyst" for e in reads)


def test_explain_api_gives_weights(client, entity, token_for, session_factory) -> None:  # type: ignore[no-untyped-def]
    with session_factory() as db:
        ids = [r.record_id for r in service.records_of(db, entity)]
    headers = {"Authorization": f"Bearer {token_for('investigator')}"}
    resp = client.get(f"/api/v1/entities/pairs/explain?a={ids[0]}&b={ids[1]}", headers=headers)
    assert resp.status_code == 200
    body = resp.json()
    assert body["match_probability"] > 0.5
    weights = {e["comparison"]: e for e in body["evidence"]}
    assert weights["date of birth"]["weight"] != 0
    total = body["prior_weight"] + sum(e["weight"] for e in body["evidence"])
    assert total == pytest.approx(body["match_weight"], abs=0.01)


def test_judgement_form_splits_and_is_kept(client, entity, session_factory) -> None:  # type: ignore[no-untyped-def]
    csrf = _login(client, "analyst")
    with session_factory() as db:
        recs = {r.source_ref: r.record_id for r in service.records_of(db, entity)}
    resp = client.post(f"/entities/{entity}/judgements", data={
        "csrf_token": csrf, "record_a": recs["P1"], "record_b": recs["T1"],
        "verdict": "different", "reason": "possessor's fingerprints differ"},
        follow_redirects=False)
    assert resp.status_code == 303
    with session_factory() as db:
        assert service.entity_of(db, "purchaser", "P1") != service.entity_of(db, "possessor", "T1")
        service.resolve(db, collect_sources=False)
        db.commit()
        assert service.entity_of(db, "purchaser", "P1") != service.entity_of(db, "possessor", "T1")
    events = [e for e in _audit(session_factory, "create")
              if e.object_type == "entity_judgement"]
    assert len(events) == 1 and events[0].username == "analyst"
    assert events[0].reason == "possessor's fingerprints differ"
    bad = client.post(f"/entities/{entity}/judgements", data={
        "csrf_token": "wrong", "record_a": recs["P1"], "record_b": recs["S1"],
        "verdict": "same", "reason": "looks alike"}, follow_redirects=False)
    assert bad.status_code in (400, 403)


def test_judgement_api_and_conflicts(client, entity, token_for, session_factory) -> None:  # type: ignore[no-untyped-def]
    with session_factory() as db:
        recs = {r.source_ref: r.record_id for r in service.records_of(db, entity)}
    headers = {"Authorization": f"Bearer {token_for('analyst')}"}
    url = "/api/v1/entities/judgements"
    ok = client.post(url, headers=headers, json={"record_a": recs["P1"], "record_b": recs["S1"],
                                                 "same": True, "reason": "same passport"})
    assert ok.status_code == 201 and ok.json()["username"] == "analyst"
    client.post(url, headers=headers, json={"record_a": recs["S1"], "record_b": recs["T1"],
                                            "same": True, "reason": "same passport"})
    clash = client.post(url, headers=headers, json={"record_a": recs["P1"],
                                                    "record_b": recs["T1"], "same": False,
                                                    "reason": "looks different"})
    assert clash.status_code == 409
    forbidden = client.post(url, headers={"Authorization": f"Bearer {token_for('requester')}"},
                            json={"record_a": recs["P1"], "record_b": recs["T1"], "same": False,
                                  "reason": "looks different"})
    assert forbidden.status_code == 403
