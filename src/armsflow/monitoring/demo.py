"""What the demo world (``make run``) holds of the monitoring feature: last calendar year
of ATF-ICE monitoring activities, recorded with some gaps (a missed TECS month, the ATF
system left unchecked for the second half, a third-quarter mid-level meeting never held, a
foreign-post meeting ICE did not attend, one executive meeting instead of two, one
investigation never coordinated), and this year's first activities."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from armsflow.audit.service import Actor
from armsflow.db.session import unit_of_work
from armsflow.monitoring.models import MonitoringActivity
from armsflow.monitoring.schemas import ActivityCreate
from armsflow.monitoring.service import record_activity
from armsflow.monitoring.vocab import ActivityKind

DEMO = Actor(user_id=None, username="demo", agency_ori=None)
BOTH = [{"name": "R. Ortega (ATF)", "agency": "ATF"}, {"name": "L. Chen (HSI)", "agency": "ICE"}]


def load_demo(session_factory: sessionmaker[Session], world: Path) -> None:
    """Called by armsflow.demo.load after registry, traces and accounts are loaded;
    ``world`` is the simulator's output folder (with truth/). Idempotent."""
    with unit_of_work(session_factory) as db:
        if db.scalar(select(MonitoringActivity.id).where(
                MonitoringActivity.recorded_by == DEMO.username).limit(1)) is None:
            record_year(db, datetime.now(UTC).year - 1)
            record_year_to_date(db, datetime.now(UTC).date())


def _add(db: Session, kind: ActivityKind, day: date, title: str, **extra: object) -> None:
    body: dict[str, object] = {"kind": kind, "held_on": day, "title": title}
    body.update(extra)
    record_activity(db, DEMO, ActivityCreate.model_validate(body))


def _case(number: str, lead: str, coordinated: bool, shared: bool) -> dict[str, object]:
    return {"case_number": number, "lead_agency": lead, "coordinated": coordinated,
            "information_shared": shared}


def record_year(db: Session, year: int) -> None:
    k = ActivityKind
    for month in range(1, 13):
        if month == 5:
            continue  # gap: no TECS check in May
        cases = []
        if month == 3:
            cases = [_case(f"TECS-{year}-031", "ICE", True, True),
                     _case(f"TECS-{year}-032", "ATF", False, False)]
        if month == 9:
            cases = [_case(f"TECS-{year}-091", "ICE", True, False)]
        _add(db, k.TECS_CHECK, date(year, month, 10), f"TECS review {year}-{month:02d}",
             investigations=cases)
    for month in range(1, 7):  # gap: the ATF system was not checked after June
        cases = [_case(f"ATF-CMS-{year}-06", "ATF", True, True)] if month == 6 else []
        _add(db, k.CMS_CHECK, date(year, month, 20), f"ATF CMS review {year}-{month:02d}",
             investigations=cases)
    _add(db, k.MOU_TRAINING, date(year, 4, 22), "MOU training, El Paso", location="El Paso, TX",
         participants=[*BOTH, {"name": "J. Ruiz (ATF)", "agency": "ATF"},
                       {"name": "M. Patel (HSI)", "agency": "ICE", "attended": False}])
    for month in (2, 5, 11):  # gap: no third-quarter mid-level meeting
        _add(db, k.MIDLEVEL_MEETING, date(year, month, 5), "Mid-level managers",
             participants=BOTH)
    for month in (1, 4, 7, 10):
        people = BOTH if month != 7 else [BOTH[0], {**BOTH[1], "attended": False}]
        _add(db, k.FOREIGN_POST_MEETING, date(year, month, 15), "Mexico City post meeting",
             location="US Embassy Mexico City", participants=people)
    _add(db, k.EXECUTIVE_MEETING, date(year, 3, 30), "SES executive meeting",
         participants=BOTH)  # gap: no second-half executive meeting


def record_year_to_date(db: Session, today: date) -> None:
    k = ActivityKind
    _add(db, k.TECS_CHECK, date(today.year, 1, 10), f"TECS review {today.year}-01")
    _add(db, k.CMS_CHECK, date(today.year, 1, 20), f"ATF CMS review {today.year}-01")
    _add(db, k.MIDLEVEL_MEETING, date(today.year, 2, 5), "Mid-level managers",
         participants=BOTH)
