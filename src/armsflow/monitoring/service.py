"""Monitoring the ATF-ICE agreement: record the six activities, and the compliance
dashboard and gaps report built from them, the deconfliction hits (cases feature) and
the event conflicts (operations feature). Needs MONITOR_COORDINATION. Services never
commit; the request or command does."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from armsflow.audit.service import Actor, record
from armsflow.auth.policy import Permission, require
from armsflow.auth.principal import Principal
from armsflow.errors import InvalidInput, NotFound
from armsflow.monitoring import compliance
from armsflow.monitoring.hits import HitFigures, hit_figures
from armsflow.monitoring.models import (
    CheckedInvestigation,
    MonitoringActivity,
    MonitoringParticipant,
)
from armsflow.monitoring.schemas import ActivityCreate, ActivityRead
from armsflow.monitoring.vocab import CHECKS, MEETINGS, ActivityKind, Every, parse_schedule
from armsflow.operations.models import OperationConflict


def schedule_from(text: str) -> dict[ActivityKind, Every]:
    try:
        return parse_schedule(text)
    except ValueError as exc:
        raise InvalidInput(f"ARMSFLOW_MONITORING_SCHEDULE: {exc}",
                           field="monitoring_schedule") from exc


# ------------------------------------------------------------------------------ recording


def record_activity(db: Session, actor: Actor, data: ActivityCreate) -> MonitoringActivity:
    """Store one activity held, with its participants or the investigations it checked."""
    if data.kind in MEETINGS and data.investigations:
        raise InvalidInput("only case-system checks list investigations",
                           field="investigations")
    if data.kind in CHECKS and data.participants and not data.investigations:
        raise InvalidInput("a case-system check lists the investigations it found "
                           "(none found: record it with no participants)",
                           field="investigations")
    row = MonitoringActivity(kind=data.kind.value, held_on=data.held_on,
                             title=data.title.strip(), location=data.location,
                             notes=data.notes, recorded_by=actor.username)
    row.participants = [MonitoringParticipant(name=p.name.strip(), agency=_agency(p.agency),
                                              attended=p.attended)
                        for p in data.participants]
    row.investigations = [CheckedInvestigation(
        case_number=i.case_number.strip(), lead_agency=_agency(i.lead_agency),
        coordinated=i.coordinated, information_shared=i.information_shared, note=i.note)
        for i in data.investigations]
    db.add(row)
    db.flush()
    record(db, actor=actor, action="monitoring.record", object_type="monitoring_activity",
           object_id=row.id, detail={"kind": row.kind, "held_on": row.held_on})
    return row


def _agency(text: str) -> str:
    """ATF and ICE (HSI is ICE's investigative arm) written one way."""
    name = text.strip().upper()
    return "ICE" if name in {"HSI", "ICE/HSI", "ICE-HSI"} else name


def add(db: Session, principal: Principal, data: ActivityCreate) -> ActivityRead:
    require(principal, Permission.MONITOR_COORDINATION)
    return to_read(record_activity(db, principal.actor, data))


def to_read(row: MonitoringActivity) -> ActivityRead:
    return ActivityRead.model_validate({
        "id": row.id, "kind": row.kind, "held_on": row.held_on, "title": row.title,
        "location": row.location, "notes": row.notes, "recorded_by": row.recorded_by,
        "participants": [{"name": p.name, "agency": p.agency, "attended": p.attended}
                         for p in row.participants],
        "investigations": [{"case_number": i.case_number, "lead_agency": i.lead_agency,
                            "coordinated": i.coordinated,
                            "information_shared": i.information_shared, "note": i.note}
                           for i in row.investigations]})


def activities(db: Session, since: date, until: date) -> Sequence[MonitoringActivity]:
    a = MonitoringActivity
    return db.scalars(select(a).where(a.held_on >= since, a.held_on < until)
                      .order_by(a.held_on, a.id)).all()


def list_activities(db: Session, principal: Principal, since: date, until: date
                    ) -> list[ActivityRead]:
    require(principal, Permission.MONITOR_COORDINATION)
    return [to_read(a) for a in activities(db, since, until)]


def get_activity(db: Session, principal: Principal, activity_id: int) -> ActivityRead:
    require(principal, Permission.MONITOR_COORDINATION)
    row = db.get(MonitoringActivity, activity_id)
    if row is None:
        raise NotFound(f"no monitoring activity {activity_id}")
    return to_read(row)


# ------------------------------------------------------------------------------ dashboard


@dataclass(frozen=True)
class ConflictFigures:
    detected: int
    acknowledged_by_both: int
    resolved: int
    unresolved: int


@dataclass
class Dashboard:
    since: date
    until: date
    as_of: date
    schedule: dict[str, str]
    activities: list[compliance.ActivityStatus]
    training: compliance.Attendance
    investigations: compliance.Investigations
    hits: HitFigures | None
    conflicts: ConflictFigures
    gaps: list[tuple[str, str]] = field(default_factory=list)

    @property
    def held(self) -> int:
        return sum(len(a.held) for a in self.activities)

    @property
    def due(self) -> int:
        return sum(a.due for a in self.activities)


def _instant(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def conflict_figures(db: Session, since: date, until: date) -> ConflictFigures:
    c = OperationConflict
    rows = db.scalars(select(c).where(c.detected_at >= _instant(since),
                                      c.detected_at < _instant(until))).all()
    return ConflictFigures(
        detected=len(rows),
        acknowledged_by_both=sum(1 for r in rows if r.first_acknowledged_at
                                 and r.second_acknowledged_at),
        resolved=sum(1 for r in rows if r.status == "resolved"),
        unresolved=sum(1 for r in rows if r.status != "resolved"))


def build(db: Session, since: date, until: date, *, today: date, schedule_text: str = ""
          ) -> Dashboard:
    """Every figure of the dashboard for ``[since, until)`` as of ``today``."""
    if until <= since:
        raise InvalidInput("the period must end after it starts", field="until")
    schedule = schedule_from(schedule_text)
    rows = activities(db, since, until)
    held = [compliance.Held(r.kind, r.held_on, frozenset(
        p.agency for p in r.participants if p.attended)) for r in rows]
    board = Dashboard(
        since=since, until=until, as_of=today,
        schedule={k.value: v.value for k, v in schedule.items()},
        activities=compliance.statuses(schedule, held, since, until, today),
        training=compliance.attendance(
            (p.agency, p.attended) for r in rows if r.kind == ActivityKind.MOU_TRAINING
            for p in r.participants),
        investigations=compliance.investigations(
            (r.held_on, i.id, i.case_number, i.coordinated, i.information_shared)
            for r in rows for i in r.investigations),
        hits=hit_figures(db, _instant(since), _instant(until)),
        conflicts=conflict_figures(db, since, until))
    board.gaps = gaps(board)
    return board


def dashboard(db: Session, principal: Principal, since: date, until: date, *,
              today: date | None = None, schedule_text: str = "") -> Dashboard:
    require(principal, Permission.MONITOR_COORDINATION)
    return build(db, since, until, today=today or datetime.now(UTC).date(),
                 schedule_text=schedule_text)


def gaps(board: Dashboard) -> list[tuple[str, str]]:
    """(code, detail) of every gap, in English codes the pages and the PDF translate."""
    out: list[tuple[str, str]] = []
    for a in board.activities:
        out += [("missed", f"{a.kind}|{label}") for label in a.missed]
        out += [("one_sided", f"{a.kind}|{day.isoformat()}") for day in a.one_sided]
    inv = board.investigations
    out += [("not_coordinated", case) for case in inv.not_coordinated]
    out += [("not_shared", case) for case in inv.not_shared if case not in inv.not_coordinated]
    if board.hits is not None and board.hits.late:
        out.append(("hits_late", str(board.hits.late)))
    if board.hits is not None and board.hits.international_not_coordinated:
        out.append(("cases_not_coordinated", str(board.hits.international_not_coordinated)))
    if board.conflicts.unresolved:
        out.append(("conflicts_unresolved", str(board.conflicts.unresolved)))
    for agency, (came, asked) in board.training.by_agency.items():
        if came < asked:
            out.append(("training_absent", f"{agency}|{asked - came}"))
    return out
