"""The compliance dashboard's figures checked against recorded activities (issue 7, 'Done
when'), on SQLite and PostgreSQL, plus the pure schedule rules."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session, sessionmaker

from armsflow.audit.service import SYSTEM
from armsflow.errors import InvalidInput
from armsflow.monitoring import compliance, service
from armsflow.monitoring.schemas import ActivityCreate
from armsflow.monitoring.vocab import ActivityKind, Every, parse_schedule

BOTH = [{"name": "A. Agent", "agency": "ATF"}, {"name": "H. Agent", "agency": "HSI"}]


def _act(kind: ActivityKind, day: date, **extra: object) -> ActivityCreate:
    body: dict[str, object] = {"kind": kind, "held_on": day, "title": f"{kind} {day}"}
    if kind in {ActivityKind.TECS_CHECK, ActivityKind.CMS_CHECK}:
        body.setdefault("investigations", [])
    else:
        body["participants"] = BOTH
    body.update(extra)
    return ActivityCreate.model_validate(body)


def _year_2025(db: Session) -> None:
    """A year with gaps: TECS checked every month but May; the ATF system checked in the
    first half only; MOU training once (one ICE agent absent); mid-level meetings in Q1, Q2
    and Q4; foreign-post meetings every quarter, but Q3's had no ICE attendee; one
    executive meeting (H1)."""
    k = ActivityKind
    for month in range(1, 13):
        if month != 5:
            invs = []
            if month == 3:
                invs = [{"case_number": "TECS-1", "lead_agency": "ICE", "coordinated": False,
                         "information_shared": False},
                        {"case_number": "TECS-2", "lead_agency": "ATF", "coordinated": True,
                         "information_shared": True}]
            if month == 4:   # TECS-1 checked again: coordinated now
                invs = [{"case_number": "TECS-1", "lead_agency": "ICE", "coordinated": True,
                         "information_shared": False}]
            service.record_activity(db, SYSTEM, _act(k.TECS_CHECK, date(2025, month, 10),
                                                     investigations=invs))
    for month in range(1, 7):
        invs = [{"case_number": "CMS-9", "lead_agency": "ATF", "coordinated": False,
                 "information_shared": True}] if month == 6 else []
        service.record_activity(db, SYSTEM, _act(k.CMS_CHECK, date(2025, month, 20),
                                                 investigations=invs))
    service.record_activity(db, SYSTEM, _act(k.MOU_TRAINING, date(2025, 9, 15), participants=[
        {"name": "a", "agency": "ATF"}, {"name": "b", "agency": "ATF"},
        {"name": "c", "agency": "ICE"}, {"name": "d", "agency": "ICE", "attended": False}]))
    for month in (2, 5, 11):
        service.record_activity(db, SYSTEM, _act(k.MIDLEVEL_MEETING, date(2025, month, 3)))
    for month in (1, 4, 7, 10):
        people = BOTH if month != 7 else [{"name": "A. Agent", "agency": "ATF"},
                                           {"name": "H. Agent", "agency": "ICE",
                                            "attended": False}]
        service.record_activity(db, SYSTEM, _act(k.FOREIGN_POST_MEETING, date(2025, month, 8),
                                                 participants=people))
    service.record_activity(db, SYSTEM, _act(k.EXECUTIVE_MEETING, date(2025, 3, 30)))
    db.commit()


def test_dashboard_figures_for_a_recorded_year(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as db:
        _year_2025(db)
        board = service.build(db, date(2025, 1, 1), date(2026, 1, 1), today=date(2026, 1, 15))
    by = {a.kind: a for a in board.activities}
    assert (len(by["tecs_check"].held), by["tecs_check"].missed) == (11, ["2025-05"])
    assert by["cms_check"].missed == [f"2025-{m:02d}" for m in range(7, 13)]
    assert (by["mou_training"].held, by["mou_training"].missed) == (["2025"], [])
    assert by["midlevel_meeting"].missed == ["2025 Q3"]
    assert by["foreign_post_meeting"].missed == ["2025 Q3"]
    assert by["foreign_post_meeting"].one_sided == [date(2025, 7, 8)]
    assert (by["executive_meeting"].held, by["executive_meeting"].missed) == (
        ["2025 H1"], ["2025 H2"])
    assert (board.held, board.due) == (11 + 6 + 1 + 3 + 3 + 1, 12 + 12 + 1 + 4 + 4 + 2)
    assert (board.training.invited, board.training.attended) == (4, 3)
    assert board.training.by_agency == {"ATF": (2, 2), "ICE": (1, 2)}
    inv = board.investigations
    assert (inv.found, inv.coordinated, inv.shared) == (3, 2, 2)
    assert inv.not_coordinated == ["CMS-9"] and inv.not_shared == ["TECS-1"]
    codes = [g[0] for g in board.gaps]
    assert codes.count("missed") == 1 + 6 + 1 + 1 + 1
    assert ("one_sided", "foreign_post_meeting|2025-07-08") in board.gaps
    assert ("not_coordinated", "CMS-9") in board.gaps
    assert ("training_absent", "ICE|1") in board.gaps


def test_a_running_period_is_open_not_missed(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as db:
        _year_2025(db)
        board = service.build(db, date(2025, 1, 1), date(2026, 1, 1), today=date(2025, 5, 20))
    by = {a.kind: a for a in board.activities}
    assert by["tecs_check"].open == ["2025-05"] and by["tecs_check"].missed == []
    assert by["midlevel_meeting"].held == ["2025 Q1", "2025 Q2"]   # Q2 held early: counted
    assert by["executive_meeting"].due == 1 and by["executive_meeting"].missed == []
    assert by["mou_training"].open == ["2025"] and by["mou_training"].due == 0


def test_event_conflicts_and_hits_are_counted(
    session_factory: sessionmaker[Session], accounts: dict[str, int]
) -> None:
    from datetime import UTC, datetime

    from sqlalchemy import select

    from armsflow.auth.models import Agency
    from armsflow.operations.models import OperationConflict, PlannedOperation

    def at(month: int) -> datetime:
        return datetime(2025, month, 1, tzinfo=UTC)

    with session_factory() as db:
        a, b = list(db.scalars(select(Agency.id).order_by(Agency.id)))[:2]
        ops = [PlannedOperation(agency_id=agency, reference=f"R{n}", kind="arrest", lat=30,
                                lon=-95, radius_m=100, timezone="UTC", starts_at=at(2),
                                ends_at=at(3), grid_cell=0, span_class=3, contact_name="x",
                                contact_phone="1")
               for n, agency in enumerate((a, b, a, b))]
        db.add_all(ops)
        db.flush()
        # (first, second, detected in month, resolved)
        for first, second, month, resolved in ((0, 1, 2, True), (2, 1, 3, False),
                                               (0, 3, 4, False)):
            db.add(OperationConflict(
                first_operation_id=ops[first].id, second_operation_id=ops[second].id,
                distance_m=0, overlap_starts_at=at(2), overlap_ends_at=at(3),
                detected_at=at(month), status="resolved" if resolved else "open",
                resolution="coordinated" if resolved else None,
                first_acknowledged_at=at(month) if resolved else None,
                second_acknowledged_at=at(month) if resolved else None))
        db.commit()
        figures = service.conflict_figures(db, date(2025, 1, 1), date(2026, 1, 1))
        assert (figures.detected, figures.resolved, figures.unresolved,
                figures.acknowledged_by_both) == (3, 1, 2, 1)
        only_feb = service.conflict_figures(db, date(2025, 2, 1), date(2025, 3, 1))
        assert (only_feb.detected, only_feb.unresolved) == (1, 0)
        board = service.build(db, date(2025, 1, 1), date(2026, 1, 1), today=date(2026, 1, 2))
        assert ("conflicts_unresolved", "2") in board.gaps
        if board.hits is not None:   # the cases feature's figures, when installed
            assert board.hits.raised == 0


def test_schedule_setting_and_bad_records() -> None:
    schedule = parse_schedule("executive_meeting=annual, tecs_check=quarterly")
    assert schedule[ActivityKind.EXECUTIVE_MEETING] == Every.YEAR
    assert schedule[ActivityKind.MIDLEVEL_MEETING] == Every.QUARTER
    with pytest.raises(ValueError, match="frequencies"):
        parse_schedule("executive_meeting=weekly")
    with pytest.raises(ValueError, match="activity=frequency"):
        parse_schedule("executive_meeting")
    with pytest.raises(InvalidInput):
        service.schedule_from("nonsense=monthly")


def test_meetings_list_no_investigations(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as db, pytest.raises(InvalidInput) as err:
        service.record_activity(db, SYSTEM, _act(
            ActivityKind.MIDLEVEL_MEETING, date(2025, 1, 1), investigations=[
                {"case_number": "X", "lead_agency": "ATF", "coordinated": True,
                 "information_shared": True}]))
    assert err.value.field == "investigations"


def test_periods_are_calendar_aligned() -> None:
    qs = compliance.periods(Every.QUARTER, date(2025, 2, 15), date(2025, 8, 1))
    assert [p.label for p in qs] == ["2025 Q1", "2025 Q2", "2025 Q3"]
    halves = compliance.periods(Every.HALF, date(2024, 1, 1), date(2025, 1, 1))
    assert [(p.start, p.end) for p in halves] == [(date(2024, 1, 1), date(2024, 7, 1)),
                                                  (date(2024, 7, 1), date(2025, 1, 1))]
    assert [p.label for p in compliance.periods(Every.MONTH, date(2024, 12, 5),
                                                date(2025, 2, 1))] == ["2024-12", "2025-01"]
