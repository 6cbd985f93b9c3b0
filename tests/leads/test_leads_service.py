"""The work queue on both databases: storing and recomputing keeps dispositions, only
domestic investigators and analysts see leads, reads of people and dispositions are
audited, bad dispositions are refused with the field named; the API and pages."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from armsflow.audit.models import AuditEvent
from armsflow.auth import service as auth
from armsflow.errors import Forbidden, InvalidInput
from armsflow.leads import models, service
from armsflow.leads.schemas import DispositionCreate
from armsflow.leads.scoring import Hit, Lead
from armsflow.leads.signals import Disposition, Priority, Subject
from armsflow.leads.store import store


def _leads(purchaser: int, dealer: int) -> list[Lead]:
    hit = Hit("abroad_short_ttc", "guns_abroad_short_ttc", 1, 1, 40, 1095)
    return [
        Lead(Subject.PURCHASER, str(purchaser), "P-0001", "P-0001", "AZ", 85, Priority.HIGH,
             [hit], {"traces": [], "linked_purchasers": []}),
        Lead(Subject.DEALER, str(dealer), "5-86-013-01-7F-00002", "DESERT GUNS", "AZ", 20,
             Priority.LOW, [Hit("thefts", "theft_reports", 1, 1, 10)], {"theft_reports": ["R1"]}),
    ]


@pytest.fixture
def stored(session_factory: sessionmaker[Session], accounts: dict[str, int],
           registry_sample: dict[str, int]) -> dict[str, int]:
    with session_factory() as db:
        run = models.LeadRun(actor="test", rules_digest="x")
        db.add(run)
        db.flush()
        store(db, _leads(registry_sample["purchaser"], registry_sample["dealer"]), run.id)
        db.commit()
        ids = {r.kind: r.id for r in db.scalars(select(models.Lead))}
    return ids


def _principal(db: Session, username: str) -> Any:
    user = auth.find_user(db, username) if hasattr(auth, "find_user") else None
    if user is None:
        from armsflow.auth.models import User

        user = db.scalars(select(User).where(User.username == username)).one()
    return auth.principal_of(user, None)


def test_queue_and_lead_for_an_analyst_are_audited(
        session_factory: sessionmaker[Session], stored: dict[str, int]) -> None:
    with session_factory() as db:
        me = _principal(db, "analyst")
        page = service.list_leads(db, me, service.LeadQuery())
        assert [x.kind for x in page.items] == [Subject.PURCHASER, Subject.DEALER]
        assert service.list_leads(db, me, service.LeadQuery(priority=Priority.HIGH)).total == 1
        assert service.list_leads(db, me, service.LeadQuery(kind=Subject.DEALER)).total == 1
        lead = service.get_lead(db, me, stored["purchaser"], "es")
        assert lead.people[0].last_name == "Quintero"
        assert "fuera de los Estados Unidos" in lead.hits[0].explanation
        assert lead.graph_url == f"/graph?focus=person%3A{lead.people[0].purchaser_id}"
        db.commit()
        reads = db.scalars(select(AuditEvent).where(AuditEvent.action == "read_personal")).all()
        assert {e.object_type for e in reads} == {"lead_queue", "lead"}
        dealer = service.get_lead(db, me, stored["dealer"], "en")
        assert dealer.people == [] and "theft or loss report" in dealer.hits[0].explanation


@pytest.mark.parametrize("username", ["requester", "fgr_investigator", "admin", "exporter"])
def test_only_domestic_investigators_and_analysts(
        session_factory: sessionmaker[Session], stored: dict[str, int], username: str) -> None:
    with session_factory() as db:
        me = _principal(db, username)
        with pytest.raises(Forbidden):
            service.list_leads(db, me, service.LeadQuery())
        with pytest.raises(Forbidden):
            service.get_lead(db, me, stored["purchaser"])
        with pytest.raises(Forbidden):
            service.dispose(db, me, stored["purchaser"],
                            DispositionCreate(status=Disposition.DISMISSED, reason="no"))


def test_dispositions_are_recorded_and_survive_recomputation(
        session_factory: sessionmaker[Session], stored: dict[str, int],
        registry_sample: dict[str, int]) -> None:
    lid = stored["purchaser"]
    with session_factory() as db:
        me = _principal(db, "investigator")
        with pytest.raises(InvalidInput, match="assigned_to"):
            service.dispose(db, me, lid, DispositionCreate(status=Disposition.ASSIGNED,
                                                           reason="take it"))
        with pytest.raises(InvalidInput, match="case_ref"):
            service.dispose(db, me, lid, DispositionCreate(status=Disposition.REFERRED,
                                                           reason="to the case"))
        service.dispose(db, me, lid, DispositionCreate(status=Disposition.ASSIGNED,
                                                       reason="fits the ring", assigned_to="ivan"))
        service.dispose(db, me, lid, DispositionCreate(status=Disposition.REFERRED,
                                                       reason="opened", case_ref="C-22-1"))
        db.commit()
    with session_factory() as db:  # recompute: the dealer is no longer flagged
        run = models.LeadRun(actor="test", rules_digest="y")
        db.add(run)
        db.flush()
        store(db, _leads(registry_sample["purchaser"], registry_sample["dealer"])[:1], run.id)
        db.commit()
    with session_factory() as db:
        me = _principal(db, "analyst")
        lead = service.get_lead(db, me, lid)
        assert (lead.status, lead.assigned_to, lead.case_ref) == (
            Disposition.REFERRED, "ivan", "C-22-1")
        assert [(h.from_status, h.to_status, h.username) for h in lead.history] == [
            (Disposition.OPEN, Disposition.ASSIGNED, "investigator"),
            (Disposition.ASSIGNED, Disposition.REFERRED, "investigator")]
        assert service.list_leads(db, me, service.LeadQuery()).total == 1
        assert service.list_leads(db, me, service.LeadQuery(include_inactive=True)).total == 2
        updates = db.scalars(select(AuditEvent).where(AuditEvent.object_type == "lead",
                                                      AuditEvent.action == "update")).all()
        assert [e.reason for e in updates] == ["fits the ring", "opened"]


def test_api_queue_lead_and_disposition(client: Any, token_for: Any,
                                        stored: dict[str, int]) -> None:
    h = {"Authorization": f"Bearer {token_for('analyst')}"}
    got = client.get("/api/v1/leads?priority=high", headers=h)
    assert got.status_code == 200 and got.json()["total"] == 1
    lid = got.json()["items"][0]["id"]
    one = client.get(f"/api/v1/leads/{lid}?lang=es", headers=h).json()
    assert one["hits"][0]["explanation"].startswith("1 arma")
    assert "Puntuación" in one["explanation"]
    bad = client.post(f"/api/v1/leads/{lid}/dispositions", headers=h,
                      json={"status": "assigned", "reason": "x y z"})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "assigned_to"
    ok = client.post(f"/api/v1/leads/{lid}/dispositions", headers=h,
                     json={"status": "dismissed", "reason": "gun was stolen, reported"})
    assert ok.status_code == 200 and ok.json()["status"] == "dismissed"
    assert client.get("/api/v1/leads?kind=nobody", headers=h).status_code == 422
    other = {"Authorization": f"Bearer {token_for('requester')}"}
    assert client.get("/api/v1/leads", headers=other).status_code == 403
    assert client.get(f"/api/v1/leads/{lid}", headers=other).status_code == 403


def test_pages_queue_detail_and_form(client: Any, stored: dict[str, int]) -> None:
    r = client.post("/login", data={"username": "analyst", "password": "correct-horse-42"},
                    follow_redirects=True)
    assert r.status_code == 200
    queue = client.get("/leads?priority=high")
    assert queue.status_code == 200 and "P-0001" in queue.text and "DESERT GUNS" not in queue.text
    lid = stored["purchaser"]
    page = client.get(f"/leads/{lid}")
    assert "Quintero" in page.text and 'id="graph-link"' in page.text
    import re

    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    bad = client.post(f"/leads/{lid}/disposition",
                      data={"status": "referred", "reason": "case", "csrf_token": token})
    assert bad.status_code == 422 and "case_ref" in bad.text
    ok = client.post(f"/leads/{lid}/disposition", follow_redirects=True,
                     data={"status": "referred", "reason": "opened a case", "case_ref": "C-9",
                           "csrf_token": token})
    assert ok.status_code == 200 and "C-9" in ok.text and "opened a case" in ok.text
    forged = client.post(f"/leads/{lid}/disposition",
                         data={"status": "dismissed", "reason": "x", "csrf_token": "nope"})
    assert forged.status_code == 403
