"""Compliance with the ATF-ICE monitoring protocol, pure: which scheduled activities were
held on schedule, which are missed, and the gaps management should hear of.

An activity is due once in every calendar period of its schedule (month, quarter, half
year, year: ``vocab.DEFAULT_SCHEDULE``, changed by ``ARMSFLOW_MONITORING_SCHEDULE``).
A period is *held* when an activity of that kind took place in it (a meeting or training
only when people of both ATF and ICE attended), *missed* when it ended without one, *open*
when it is still running and nothing is held yet (not a gap yet). "Due" counts the periods
that ended plus the running period when it is already held, so an on-schedule year reads
"4 of 4" and an early one "2 of 2", never "2 of 4".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from armsflow.monitoring.vocab import MEETINGS, MONTHS_IN, PARTY_AGENCIES, ActivityKind, Every


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # exclusive

    def holds(self, day: date) -> bool:
        return self.start <= day < self.end

    @property
    def label(self) -> str:
        months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month
        if months == 12:
            return f"{self.start.year}"
        if months == 6:
            return f"{self.start.year} H{(self.start.month - 1) // 6 + 1}"
        if months == 3:
            return f"{self.start.year} Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start:%Y-%m}"


def _add_months(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


def periods(every: Every, since: date, until: date) -> list[Period]:
    """Calendar periods of ``every`` that overlap ``[since, until)``."""
    step = MONTHS_IN[every]
    month0 = ((since.month - 1) // step) * step + 1
    start = date(since.year, month0, 1)
    out = []
    while start < until:
        end = _add_months(start, step)
        out.append(Period(start, end))
        start = end
    return out


@dataclass(frozen=True)
class Held:
    """What compliance needs to know of one recorded activity."""

    kind: str
    held_on: date
    agencies_attending: frozenset[str] = frozenset()

    @property
    def counts(self) -> bool:
        """Checks always count; a meeting or training only with both agencies present."""
        if self.kind not in MEETINGS:
            return True
        return all(a in self.agencies_attending for a in PARTY_AGENCIES)


@dataclass
class ActivityStatus:
    kind: str
    every: str
    held: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    open: list[str] = field(default_factory=list)
    one_sided: list[date] = field(default_factory=list)

    @property
    def due(self) -> int:
        return len(self.held) + len(self.missed)

    @property
    def on_schedule(self) -> bool:
        return not self.missed


def status(kind: ActivityKind, every: Every, activities: Iterable[Held], since: date,
           until: date, today: date) -> ActivityStatus:
    """How ``kind`` fared against its schedule in ``[since, until)`` as of ``today``
    (activities dated after ``today`` are plans, not yet held)."""
    mine = [a for a in activities if a.kind == kind.value and a.held_on <= today]
    counting = sorted(a.held_on for a in mine if a.counts)
    out = ActivityStatus(kind=kind.value, every=every.value,
                         one_sided=sorted(a.held_on for a in mine if not a.counts))
    for period in periods(every, since, until):
        if period.start > today:
            break
        if any(period.holds(d) for d in counting):
            out.held.append(period.label)
        elif period.end <= today:
            out.missed.append(period.label)
        else:
            out.open.append(period.label)
    return out


def statuses(schedule: dict[ActivityKind, Every], activities: Sequence[Held], since: date,
             until: date, today: date) -> list[ActivityStatus]:
    return [status(kind, schedule[kind], activities, since, until, today)
            for kind in ActivityKind]


@dataclass(frozen=True)
class Attendance:
    invited: int
    attended: int
    by_agency: dict[str, tuple[int, int]]  # agency -> (attended, invited)

    @property
    def rate(self) -> float | None:
        return self.attended / self.invited if self.invited else None


def attendance(rows: Iterable[tuple[str, bool]]) -> Attendance:
    """(agency, attended) of every participant of the trainings in the window."""
    by: dict[str, list[int]] = {}
    for agency, attended in rows:
        pair = by.setdefault(agency, [0, 0])
        pair[0] += int(attended)
        pair[1] += 1
    return Attendance(invited=sum(p[1] for p in by.values()),
                      attended=sum(p[0] for p in by.values()),
                      by_agency={a: (p[0], p[1]) for a, p in sorted(by.items())})


@dataclass(frozen=True)
class Investigations:
    """International firearms investigations found by the case-system checks (each case
    once, as last checked): coordinated between the agencies or not; information shared."""

    found: int
    coordinated: int
    shared: int
    not_coordinated: list[str]
    not_shared: list[str]


def investigations(rows: Iterable[tuple[date, int, str, bool, bool]]) -> Investigations:
    """(checked on, row id, case number, coordinated, information shared), any order."""
    latest: dict[str, tuple[date, int, bool, bool]] = {}
    for day, row_id, case, coordinated, shared in rows:
        if case not in latest or (day, row_id) > latest[case][:2]:
            latest[case] = (day, row_id, coordinated, shared)
    return Investigations(
        found=len(latest),
        coordinated=sum(1 for v in latest.values() if v[2]),
        shared=sum(1 for v in latest.values() if v[3]),
        not_coordinated=sorted(c for c, v in latest.items() if not v[2]),
        not_shared=sorted(c for c, v in latest.items() if not v[3]))
