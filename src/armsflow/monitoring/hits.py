"""Deconfliction-hit figures for the dashboard: the one function behind which the cases
feature's ``armsflow.cases.service.hit_statistics(db, since, until)`` sits. Read only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from importlib import import_module

from sqlalchemy.orm import Session


@dataclass(frozen=True)
class HitFigures:
    raised: int
    acknowledged_in_time: int
    late: int
    awaiting_acknowledgement: int
    resolved: int
    unresolved: int
    international_cases: int
    international_coordinated: int
    international_not_coordinated: int


def hit_figures(db: Session, since: datetime, until: datetime) -> HitFigures | None:
    """Target-deconfliction figures for ``[since, until)``, or None where the cases
    feature is not installed."""
    try:
        cases = import_module("armsflow.cases.service")
    except ImportError:
        return None
    if not hasattr(cases, "hit_statistics"):
        return None
    stats = cases.hit_statistics(db, since, until)
    return HitFigures(
        raised=stats.raised, acknowledged_in_time=stats.acknowledged_in_time,
        late=stats.late, awaiting_acknowledgement=stats.awaiting_acknowledgement,
        resolved=stats.resolved, unresolved=stats.unresolved,
        international_cases=stats.international_firearms_cases,
        international_coordinated=stats.international_coordinated,
        international_not_coordinated=stats.international_not_coordinated)
