"""Records requests (issue 4, item 3), on both backends.

A trace that reaches a licensee whose records are not on file waits on a records request
to it: 24 hours to answer, 4 when the trace is urgent. Overdue requests are escalated
(time is simulated by passing ``now``, and by a deadline set in the past for ``trace
run``). The licensee answers through ``POST /api/v1/records-requests/{token}/answer``:
no login, the token is the credential; a wrong token is 404, a second answer 409. The
trace then resumes and completes to the purchaser the licensee named, or on to the next
licensee; every change of the trace's status, and of its requests, is a recorded event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session, sessionmaker

from armsflow.registry.models import (
    Firearm,
    Licensee,
    Manufacturer,
    Purchaser,
    TheftReport,
    Transfer,
)
from armsflow.tracing import records
from armsflow.tracing.models import RecordsRequest, Trace, TraceEvent
from armsflow.tracing.worker import RunOptions, run, run_loop
from armsflow.types.ffl import FFLNumber

SECRET = "test-secret-key-0123456789"  # the app fixture's secret key
RECOVERED = date(2023, 5, 1)


@dataclass(frozen=True)
class World:
    maker: int
    dealer_a: int  # active, records not on file
    dealer_c: int  # active, records not on file
    dealer_b: int  # records on file: its sale is in the registry
    closed: int  # out of business, records not on file
    expired: int  # licence expired (closed), records not on file
    buyer: int
    ffl: dict[str, str]


def _licensee(seq: int, kind: str, district: str, state: str, *, records_on_file: bool = True,
              status: str = "active") -> Licensee:
    number = FFLNumber("5", district, "201", kind, "6C", f"{seq:05d}")
    name = f"RECORDS TEST {seq}"
    return Licensee(license_key=number.rds_key, ffl=str(number), region="5",
                    district=district, county="201", license_type=kind, expiry="6C",
                    sequence=f"{seq:05d}", license_name=name, premise_city="Houston",
                    premise_state=state, name_key=name, status=status,
                    records_on_file=records_on_file)


@pytest.fixture
def world(session_factory: sessionmaker[Session]) -> World:
    """A maker; dealers A and C whose records are not on file; dealer B whose records are;
    closed dealers without records; guns RR-1 .. RR-8 shipped to them."""
    with session_factory() as db:
        maker = _licensee(1, "07", "74", "TX")
        a = _licensee(2, "01", "74", "TX", records_on_file=False)
        c = _licensee(3, "01", "76", "AZ", records_on_file=False)
        b = _licensee(4, "01", "76", "AZ")
        closed = _licensee(5, "01", "74", "TX", records_on_file=False,
                           status="out_of_business")
        expired = _licensee(6, "01", "74", "TX", records_on_file=False, status="expired")
        brand = Manufacturer(key="RECORDS TEST ARMS", name="Records Test Arms", country="US")
        buyer = Purchaser(purchaser_ref="P-RR-1", last_name="Lowell", first_name="Dana",
                          name_key="LOWELL DANA", dob=date(1980, 1, 2))
        db.add_all([maker, a, c, b, closed, expired, brand, buyer])
        db.flush()
        # gun n: the licensees it went through after the maker; sold by B (B's sale on
        # file); stolen from the last licensee (a theft report on file)
        guns = {1: ([a], False, False), 2: ([a], False, False),
                3: ([a], True, False),  # B's sale is on file, not how B got the gun
                4: ([a], False, False), 5: ([closed], False, False),
                6: ([expired], False, False),
                7: ([a, b], True, False),  # B's acquisition from A is on file
                8: ([a], False, True)}
        ship = date(2020, 3, 1)
        for n, (route, sold_by_b, stolen) in guns.items():
            gun = Firearm(serial_raw=f"RR-{n}", serial_norm=f"RR{n}", manufacturer_id=brand.id,
                          model="P9", caliber="9mm", country_of_manufacture="US")
            db.add(gun)
            db.flush()
            for k, (src, dst) in enumerate(pairwise([maker, *route])):
                db.add(Transfer(firearm_id=gun.id, from_licensee_id=src.id,
                                to_licensee_id=dst.id, transfer_date=ship + timedelta(days=k),
                                event_key=f"rr-{n}-{k}"))
            if sold_by_b:
                db.add(Transfer(firearm_id=gun.id, from_licensee_id=b.id,
                                to_purchaser_id=buyer.id, transfer_date=date(2021, 2, 3),
                                event_key=f"rr-{n}-sale"))
            if stolen:
                db.add(TheftReport(report_ref=f"TR-{n}", kind="theft", licensee_id=route[-1].id,
                                   firearm_id=gun.id, incident_date=date(2020, 9, 9)))
        db.commit()
        return World(maker.id, a.id, c.id, b.id, closed.id, expired.id, buyer.id,
                     {"a": a.ffl or "", "b": b.ffl or "", "c": c.ffl or ""})


def _h(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _submit(client: TestClient, token: str, n: int, *, urgent: bool = False) -> dict:  # type: ignore[type-arg]
    body = {"request_ref": f"RR-REQ-{n}", "agency_ori": "TXHPD0000",
            "recovery_date": RECOVERED.isoformat(), "recovery_country": "US",
            "recovery_state": "TX", "serial_number": f"RR-{n}",
            "manufacturer": "Records Test Arms", "model": "P9", "caliber": "9mm",
            "country_of_manufacture": "US"}
    if urgent:
        body |= {"priority": "urgent", "urgent_reason": "homicide, suspect at large"}
    resp = client.post("/api/v1/traces", json=body, headers=_h(token))
    assert resp.status_code == 201, resp.text
    return resp.json()  # type: ignore[no-any-return]


def _answer(client: TestClient, token: str, **body: object) -> tuple[int, dict]:  # type: ignore[type-arg]
    resp = client.post(f"/api/v1/records-requests/{token}/answer", json=body)
    return resp.status_code, resp.json()


def _requests(factory: sessionmaker[Session], trace_id: int) -> list[RecordsRequest]:
    with factory() as db:
        return list(db.scalars(select(RecordsRequest).where(RecordsRequest.trace_id == trace_id)
                               .order_by(RecordsRequest.id)))


def _trace(factory: sessionmaker[Session], trace_id: int) -> Trace:
    with factory() as db:
        t = db.get(Trace, trace_id)
        assert t is not None
        return t


def _history(factory: sessionmaker[Session], trace_id: int) -> list[tuple[str | None, str]]:
    """The trace's events as (from, to); they must chain without a gap from submission to
    the trace's current status."""
    with factory() as db:
        events = list(db.scalars(select(TraceEvent).where(TraceEvent.trace_id == trace_id)
                                 .order_by(TraceEvent.id)))
        status = db.get(Trace, trace_id).status  # type: ignore[union-attr]
    steps = [(e.from_status, e.to_status) for e in events]
    assert steps and steps[0] == (None, "pending")
    for (_f, to), (nxt, _t) in pairwise(steps):
        assert nxt == to, f"unrecorded change {to} -> {nxt} in {steps}"
    assert steps[-1][1] == status
    assert all(e.actor and e.at for e in events)
    return steps


def _notes(factory: sessionmaker[Session], trace_id: int) -> list[str]:
    with factory() as db:
        return [e.note or "" for e in db.scalars(
            select(TraceEvent).where(TraceEvent.trace_id == trace_id).order_by(TraceEvent.id))]


def test_answered_records_request_completes_the_trace(
    client: TestClient, token_for, world: World,  # type: ignore[no-untyped-def]
    session_factory: sessionmaker[Session],
) -> None:
    requester = token_for("requester")
    body = _submit(client, requester, 1)
    tid = body["id"]
    # the walk reached dealer A, whose records are not on file: the trace waits
    assert body["status"] == "awaiting_records", body
    assert body["source_license"] == world.ffl["a"]
    [rr] = body["records_requests"]
    assert rr["status"] == "open" and rr["licensee_id"] == world.dealer_a
    [req] = _requests(session_factory, tid)
    assert req.due_at - req.created_at == timedelta(hours=24)
    # a worker leaves a waiting trace alone
    assert run_loop(session_factory, RunOptions(secret=SECRET)) == 0
    assert _trace(session_factory, tid).status == "awaiting_records"

    # overdue: nothing at 23 hours, escalated at 25, and only once
    with session_factory() as db:
        assert records.escalate_overdue(db, now=req.created_at + timedelta(hours=23)) == 0
        assert records.escalate_overdue(db, now=req.created_at + timedelta(hours=25)) == 1
        assert records.escalate_overdue(db, now=req.created_at + timedelta(hours=26)) == 0
        db.commit()
    [req] = _requests(session_factory, tid)
    assert req.status == "escalated" and req.escalated_at is not None

    # the licensee answers with the token of its link, without logging in
    token = records.token_for(SECRET, tid, world.dealer_a)
    wrong = records.token_for(SECRET, tid + 1, world.dealer_a)
    assert _answer(client, wrong, answer="no_record")[0] == 404
    assert _answer(client, token, answer="sold_to_purchaser",
                   answer_date="2021-06-01")[0] == 422  # who bought it?
    assert _answer(client, token, answer="lost_it")[0] == 422
    status, out = _answer(client, token, answer="sold_to_purchaser", answer_date="2021-06-01",
                          purchaser="GARZA, LUIS (DOB 1985-02-03)", note="found the 4473")
    assert status == 200 and out["status"] == "answered", out
    assert _answer(client, token, answer="no_record")[0] == 409  # a second answer
    assert _trace(session_factory, tid).status == "pending"

    # the trace resumes and completes to the purchaser the licensee named
    assert run_loop(session_factory, RunOptions(secret=SECRET)) == 1
    result = client.get(f"/api/v1/traces/{tid}", headers=_h(requester)).json()
    assert result["status"] == "completed"
    assert result["outcome"]["code"] == "completed_purchaser"
    assert result["source_license"] == world.ffl["a"]
    assert result["first_retail_sale_date"] == "2021-06-01"
    assert result["time_to_crime_days"] == (RECOVERED - date(2021, 6, 1)).days
    assert result["personal"]["purchaser_ref"] == "GARZA, LUIS (DOB 1985-02-03)"
    assert result["chain"][-1]["kind"] == "retail_sale"
    assert result["chain"][-1]["note"] == "records request answer"
    assert [r["status"] for r in result["records_requests"]] == ["answered"]

    assert _history(session_factory, tid) == [
        (None, "pending"), ("pending", "running"), ("running", "awaiting_records"),
        ("awaiting_records", "awaiting_records"),  # request sent
        ("awaiting_records", "awaiting_records"),  # escalated
        ("awaiting_records", "pending"), ("pending", "running"), ("running", "completed")]
    notes = _notes(session_factory, tid)
    assert any("records request" in n and "sent" in n for n in notes)
    assert any("escalated" in n for n in notes)
    assert any("answered: sold_to_purchaser" in n for n in notes)


def test_urgent_chain_of_requests(
    client: TestClient, token_for, world: World,  # type: ignore[no-untyped-def]
    session_factory: sessionmaker[Session],
) -> None:
    """Urgent: 4 hours. Dealer A answers that it transferred the gun to dealer C (whose
    records are not on file either): a second request, to C, which names the buyer."""
    requester = token_for("requester")
    urgent = _submit(client, requester, 2, urgent=True)
    routine = _submit(client, requester, 4)
    tid = urgent["id"]
    assert urgent["status"] == routine["status"] == "awaiting_records"
    [req] = _requests(session_factory, tid)
    assert req.due_at - req.created_at == timedelta(hours=4)
    with session_factory() as db:  # five hours on: only the urgent request is overdue
        assert records.escalate_overdue(db, now=req.created_at + timedelta(hours=5)) == 1
        db.commit()
    assert _requests(session_factory, tid)[0].status == "escalated"
    assert _requests(session_factory, routine["id"])[0].status == "open"

    compact = world.ffl["c"].replace("-", "")  # licensees write their FFL as they like
    assert _answer(client, records.token_for(SECRET, tid, world.dealer_a),
                   answer="transferred_to_licensee", answer_date="2020-04-01",
                   license="5-74-201-01-6C-99999")[0] == 422  # no such licensee
    status, _ = _answer(client, records.token_for(SECRET, tid, world.dealer_a),
                        answer="transferred_to_licensee", answer_date="2020-04-01",
                        license=compact)
    assert status == 200
    assert run_loop(session_factory, RunOptions(secret=SECRET)) == 1
    first, second = _requests(session_factory, tid)
    assert first.status == "answered" and first.answer_license == world.ffl["c"]
    assert second.licensee_id == world.dealer_c and second.status == "open"
    assert second.due_at - second.created_at == timedelta(hours=4)
    assert _trace(session_factory, tid).status == "awaiting_records"

    status, _ = _answer(client, records.token_for(SECRET, tid, world.dealer_c),
                        answer="sold_to_purchaser", answer_date="2022-12-24",
                        purchaser="ROE, SAM (DOB 1990-01-01)")
    assert status == 200
    assert run_loop(session_factory, RunOptions(secret=SECRET)) == 1
    t = _trace(session_factory, tid)
    assert (t.status, t.outcome, t.source_license, t.purchaser_ref, t.ttc_days) == (
        "completed", "completed_purchaser", world.ffl["c"], "ROE, SAM (DOB 1990-01-01)",
        (RECOVERED - date(2022, 12, 24)).days)
    kinds = [s["kind"] for s in client.get(f"/api/v1/traces/{tid}",
                                           headers=_h(requester)).json()["chain"]]
    assert kinds == ["transfer", "transfer", "retail_sale"]  # maker->A, A->C, C->buyer
    steps = _history(session_factory, tid)
    assert steps.count(("awaiting_records", "pending")) == 2
    assert steps[-1] == ("running", "completed")


def test_answers_that_lead_back_to_the_registry_or_to_no_record(
    client: TestClient, token_for, world: World,  # type: ignore[no-untyped-def]
    session_factory: sessionmaker[Session], engine: Engine,
) -> None:
    requester = token_for("requester")
    to_b, none, closed, expired, via_b, stolen = (_submit(client, requester, n)
                                                  for n in (3, 4, 5, 6, 7, 8))
    # a closed dealer without records (out of business, or its licence expired) ends the
    # trace there: nobody is left to answer a request (the simulator's truth agrees)
    for gone in (closed, expired):
        assert gone["status"] == "completed" and gone["records_requests"] == [], gone
        assert gone["outcome"]["code"] == "completed_dealer"
        assert gone["reason"]["code"] == "out_of_business_no_record"
    # no request either when the registry answers for A: B's acquisition record, or a
    # theft report from A
    assert via_b["status"] == "completed" and via_b["records_requests"] == [], via_b
    assert (via_b["outcome"]["code"], via_b["source_license"]) == ("completed_purchaser",
                                                                   world.ffl["b"])
    assert via_b["chain"][1]["note"] == "acquisition record of the receiving licensee"
    assert stolen["status"] == "completed" and stolen["records_requests"] == [], stolen
    assert (stolen["reason"]["code"], stolen["source_license"]) == ("stolen_from_licensee",
                                                                    world.ffl["a"])

    # deadline in the past: `trace run` (worker.run) escalates before it resolves
    with session_factory() as db:
        db.execute(update(RecordsRequest).values(due_at=datetime(2020, 1, 1, tzinfo=UTC)))
        db.commit()
    url = engine.url.render_as_string(hide_password=False)
    run(url, options=RunOptions(secret=SECRET))
    assert {r.status for t in (to_b, none) for r in _requests(session_factory, t["id"])} == {
        "escalated"}

    # A transferred it to B, whose sale to a registry purchaser is on file
    assert _answer(client, records.token_for(SECRET, to_b["id"], world.dealer_a),
                   answer="transferred_to_licensee", answer_date="2020-05-05",
                   license=world.ffl["b"])[0] == 200
    # A has no record of the other gun
    assert _answer(client, records.token_for(SECRET, none["id"], world.dealer_a),
                   answer="no_record")[0] == 200
    assert run(url, options=RunOptions(secret=SECRET)) == 2
    t = _trace(session_factory, to_b["id"])
    assert (t.status, t.outcome, t.purchaser_id, t.source_license) == (
        "completed", "completed_purchaser", world.buyer, world.ffl["b"])
    t = _trace(session_factory, none["id"])
    assert (t.status, t.outcome, t.reason, t.source_license) == (
        "completed", "completed_dealer", "licensee_no_record", world.ffl["a"])
    for trace in (to_b, none, closed, expired, via_b, stolen):
        _history(session_factory, trace["id"])


def test_default_worker_count_follows_the_database() -> None:
    from armsflow.tracing.worker import MAX_DEFAULT_WORKERS, default_workers

    assert default_workers("sqlite:///var/armsflow.sqlite", cpus=8) == 1
    assert default_workers("postgresql+psycopg://db/armsflow", cpus=2) == 2
    assert default_workers("postgresql+psycopg://db/armsflow", cpus=64) == MAX_DEFAULT_WORKERS
    assert default_workers("postgresql+psycopg://db/armsflow", cpus=0) == 1
