"""Cases and target deconfliction through the service, on SQLite and PostgreSQL: hits
between agencies (exact, fuzzy persons, traces), what each party is told, acknowledgement,
resolution, escalation and the statistics the compliance dashboard reads."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from armsflow.auth.principal import Principal
from armsflow.cases import service
from armsflow.cases.identifiers import parse_identifier
from armsflow.cases.models import Hit
from armsflow.errors import Conflict, Forbidden, NotFound
from armsflow.notify.models import Notification

RULES = service.HitRules(acknowledge_days=2, resolve_days=10, fuzzy_threshold=88)
GUN = {"kind": "firearm", "value": "ls-12 345", "manufacturer": "Lone Star Arms"}
MON = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)  # a Monday

Make = Callable[..., Any]
P = Callable[[str], Principal]


def _notes(db: Session, user_id: int) -> list[Notification]:
    return list(db.scalars(select(Notification).where(Notification.user_id == user_id)))


def test_same_serial_in_two_agencies_raises_one_hit_and_tells_each_only_the_other_contact(
    session_factory: sessionmaker[Session], principal: P, make_draft: Make,
    case_accounts: dict[str, int],
) -> None:
    atf, hsi = principal("analyst"), principal("hsi_agent")
    with session_factory() as db:
        a, hits = service.create_case(db, atf, make_draft(
            "ATF-1", [GUN], title="Operation Red Sparrow", offense="Gun running to Sinaloa",
            poc_name="Dana A", poc_phone="+1 304 555 0100", poc_email="dana@atf.example"),
            RULES, now=MON)
        assert hits == []
        b, hits = service.create_case(db, hsi, make_draft(
            "HSI-9", [{**GUN, "value": "LS12345", "manufacturer": "LONE STAR ARMS LLC"},
                      {"kind": "phone", "value": "(602) 555-0199"}],
            title="Blue Harbor", offense="Smuggling", poc_name="Hugo H",
            poc_phone="+1 202 555 0111"), RULES, now=MON)
        assert len(hits) == 1
        hit = hits[0]
        assert (hit.kind, hit.match, hit.status) == ("firearm", "exact", "open")
        assert {p.case_id for p in hit.parties} == {a.id, b.id}
        assert hit.ack_due_at == MON + timedelta(days=2)
        db.commit()

        to_atf = _notes(db, case_accounts["analyst"])
        to_hsi = _notes(db, case_accounts["hsi_agent"])
        assert len(to_atf) == 1 and len(to_hsi) == 1
        atf_text = to_atf[0].subject + to_atf[0].body
        hsi_text = to_hsi[0].subject + to_hsi[0].body
        # each sees the other's point of contact ...
        assert "Hugo H" in atf_text and "DCICE0000" in atf_text and "+1 202 555 0111" in atf_text
        assert "Dana A" in hsi_text and "WVATF0900" in hsi_text and "dana@atf.example" in hsi_text
        # ... and its own case, never the other's details
        assert "ATF-1" in atf_text and "HSI-9" in hsi_text
        for secret in ("HSI-9", "Blue Harbor", "Smuggling", "602", "555-0199"):
            assert secret not in atf_text
        for secret in ("ATF-1", "Red Sparrow", "Sinaloa"):
            assert secret not in hsi_text
        assert to_atf[0].email_status == "pending"

        # raising again changes nothing (idempotent)
        assert service.deconflict(db, b, b.identifiers, RULES) == []


def test_no_hit_within_one_agency_or_against_closed_cases_or_other_makers(
    session_factory: sessionmaker[Session], principal: P, make_draft: Make,
) -> None:
    with session_factory() as db:
        service.create_case(db, principal("analyst"), make_draft("A1", [GUN]), RULES)
        _, hits = service.create_case(db, principal("investigator"),
                                      make_draft("A2", [GUN]), RULES)
        assert hits == []  # same agency (WVATF0900)
        service.create_case(db, principal("local_analyst"),
                            make_draft("H1", [GUN], status="closed"), RULES)
        _, hits = service.create_case(db, principal("hsi_agent"), make_draft(
            "X1", [{**GUN, "manufacturer": "Glock"}]), RULES)
        assert hits == []  # same serial, other maker
        _, hits = service.create_case(db, principal("hsi_agent"), make_draft("X2", [GUN]),
                                      RULES)
        # the open ATF cases match (two), the closed Houston one does not
        assert len(hits) == 2
        assert {p.agency_id for h in hits for p in h.parties if p.side == "b"} == {
            principal("analyst").agency_id}


@pytest.mark.parametrize(("kind", "mine", "theirs"), [
    ("phone", {"value": "602-555-0199"}, {"value": "+1 (602) 555 0199"}),
    ("email", {"value": "Boss@Cartel.example"}, {"value": "boss@cartel.example "}),
    # a quote in a key: values are rendered into the SQL text, escaped by their type
    ("email", {"value": "O'Brien@example.org"}, {"value": "o'brien@EXAMPLE.org"}),
    ("plate", {"value": "abc-1234", "state": "tx"}, {"value": "ABC 1234", "state": "TX"}),
    ("vin", {"value": "1M8GDM9AXKP042788"}, {"value": "1m8gdm9a-xkp042788"}),
    ("address", {"value": "12 North Main Street"}, {"value": "12 N. MAIN ST"}),
    ("business", {"value": "Desert Guns, LLC"}, {"value": "DESERT GUNS"}),
    ("licensee", {"value": "9-86-013-01-7F-00002"}, {"value": "986013018A00002"}),
    ("place", {"lat": "31.33401", "lon": "-110.93802"}, {"lat": "31.334012", "lon": "-110.938"}),
    ("person", {"value": "Ana Quintero", "dob": "1990-04-02"},
     {"value": "QUINTERO, ANA", "dob": "1990-04-02"}),
])
def test_each_kind_matches_after_normalisation(
    session_factory: sessionmaker[Session], principal: P, make_draft: Make,
    kind: str, mine: dict[str, str], theirs: dict[str, str],
) -> None:
    with session_factory() as db:
        service.create_case(db, principal("analyst"), make_draft(
            "A", [{"kind": kind, **mine}]), RULES)
        _, hits = service.create_case(db, principal("hsi_agent"), make_draft(
            "B", [{"kind": kind, **theirs}]), RULES)
        assert [(h.kind, h.match) for h in hits] == [(kind, "exact")]


def test_persons_match_by_similar_name_and_same_birth_date_only(
    session_factory: sessionmaker[Session], principal: P, make_draft: Make,
) -> None:
    with session_factory() as db:
        service.create_case(db, principal("analyst"), make_draft("A", [
            {"kind": "person", "value": "Jonathan Quinteros", "dob": "1985-07-14"}]), RULES)
        _, other_day = service.create_case(db, principal("hsi_agent"), make_draft("B", [
            {"kind": "person", "value": "Jonathan Quinteros", "dob": "1985-07-15"}]), RULES)
        _, other_name = service.create_case(db, principal("hsi_agent"), make_draft("C", [
            {"kind": "person", "value": "Maria Lopez", "dob": "1985-07-14"}]), RULES)
        _, typo = service.create_case(db, principal("hsi_agent"), make_draft("D", [
            {"kind": "person", "value": "Jonathon Quintero", "dob": "1985-07-14"}]), RULES)
        assert other_day == [] and other_name == []
        assert [(h.match, h.score >= 88) for h in typo] == [("fuzzy", True)]


def test_case_firearm_and_possessor_match_other_agencies_traces(
    session_factory: sessionmaker[Session], principal: P, make_draft: Make,
    case_accounts: dict[str, int],
) -> None:
    from armsflow.tracing.models import Trace

    with session_factory() as db:
        houston = principal("requester").agency_id
        db.add(Trace(agency_id=houston, request_ref="HPD-77", submitted_by="requester",
                     recovery_date=date(2025, 5, 1), recovery_country="US",
                     serial_raw="LS-12345", serial_norm="LS12345", manufacturer="Lone Star Arms",
                     maker_key="LONE STAR ARMS", possessor_first_name="Ana",
                     possessor_last_name="Quintero", possessor_dob=date(1990, 4, 2)))
        db.flush()
        _, hits = service.create_case(db, principal("analyst"), make_draft("A", [
            GUN, {"kind": "person", "value": "Quintero Ana", "dob": "1990-04-02"}]), RULES)
        assert sorted((h.kind, h.match) for h in hits) == [("firearm", "trace"),
                                                           ("person", "trace")]
        requester_notes = _notes(db, case_accounts["requester"])
        assert len(requester_notes) == 2
        assert all("HPD-77" in n.body and "WVATF0900" in n.body for n in requester_notes)
        assert all("Title of A" not in n.body for n in requester_notes)
        assert all("(firearm: Lone Star Arms LS-12345)" in n.body for n in requester_notes)


def test_identifier_added_later_raises_a_hit(
    session_factory: sessionmaker[Session], principal: P, make_draft: Make,
) -> None:
    with session_factory() as db:
        service.create_case(db, principal("analyst"), make_draft("A", [GUN]), RULES)
        case, hits = service.create_case(db, principal("hsi_agent"), make_draft("B"), RULES)
        assert hits == []
        _, hits = service.add_identifiers(db, principal("hsi_agent"), case.id,
                                          [parse_identifier(GUN)], RULES)
        assert len(hits) == 1
        with pytest.raises(NotFound):  # ATF cannot touch HSI's case
            service.add_identifiers(db, principal("analyst"), case.id,
                                    [parse_identifier(GUN)], RULES)


def test_acknowledge_resolve_escalate_and_statistics(
    session_factory: sessionmaker[Session], principal: P, make_draft: Make,
    case_accounts: dict[str, int],
) -> None:
    atf, hsi = principal("analyst"), principal("hsi_agent")
    mail = {"kind": "email", "value": "x@y.example"}
    with session_factory() as db:
        service.create_case(db, atf, make_draft("A", [GUN], international="yes"), RULES,
                            now=MON)
        service.create_case(db, atf, make_draft("D", [mail]), RULES, now=MON)
        _, (hit,) = service.create_case(db, hsi, make_draft("B", [GUN]), RULES, now=MON)
        _, (late,) = service.create_case(db, hsi, make_draft("C", [mail]), RULES, now=MON)
        db.commit()

    with session_factory() as db:
        with pytest.raises(NotFound):
            service.acknowledge(db, principal("local_analyst"), hit.id, now=MON)
        with pytest.raises(Forbidden):
            service.acknowledge(db, principal("admin"), hit.id, now=MON)
        service.acknowledge(db, atf, hit.id, now=MON + timedelta(hours=1))
        h = db.get(Hit, hit.id)
        assert h is not None and h.status == "open"  # one party still to acknowledge
        service.acknowledge(db, hsi, hit.id, now=MON + timedelta(days=1))
        assert h.status == "acknowledged"
        service.resolve(db, hsi, hit.id, "joint_investigation", "call held",
                        now=MON + timedelta(days=1, hours=2))
        with pytest.raises(Conflict):
            service.resolve(db, atf, hit.id, "no_conflict")
        db.commit()

        # due Wednesday 15:00: not overdue at that moment, escalated once after it
        assert service.escalate_overdue(db, now=MON + timedelta(days=2)) == []
        esc = service.escalate_overdue(db, now=MON + timedelta(days=3))
        assert [x.id for x in esc] == [late.id]
        assert service.escalate_overdue(db, now=MON + timedelta(days=3, hours=1)) == []
        db.commit()
        for sup in ("atf_super", "hsi_super"):
            (note,) = _notes(db, case_accounts[sup])
            assert note.topic == "case_hit_escalation" and f"hit {late.id}" in note.subject
        assert _notes(db, case_accounts["hsi_agent"])[-1].topic == "case_hit"

        stats = service.hit_statistics(db, MON - timedelta(days=1), MON + timedelta(days=5))
        assert stats.raised == 2
        assert stats.acknowledged_in_time == 1
        assert (stats.acknowledged_late, stats.unacknowledged_overdue, stats.late) == (0, 1, 1)
        assert stats.resolved == 1 and stats.unresolved == 1
        assert stats.by_resolution == {"joint_investigation": 1}
        assert stats.by_agency_pair == {"DCICE0000/WVATF0900": 2}
        assert stats.international_firearms_cases == 1
        assert stats.international_coordinated == 1
        assert stats.international_not_coordinated == 0
        early = service.hit_statistics(db, MON - timedelta(days=1), MON + timedelta(days=1))
        assert (early.raised, early.unacknowledged_overdue,
                early.awaiting_acknowledgement) == (2, 0, 1)
        empty = service.hit_statistics(db, MON + timedelta(days=30), MON + timedelta(days=40))
        assert empty.raised == 0
