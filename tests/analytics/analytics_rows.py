"""Completed traces written straight into the tracing table, for API and CLI tests that need
a few known rows rather than a simulated world."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from armsflow.auth.models import Agency
from armsflow.tracing.models import Trace


def add_traces(factory: sessionmaker[Session], specs: list[dict[str, Any]]) -> list[int]:
    """One completed trace per spec (keys: ori, ref, and any Trace column)."""
    ids = []
    with factory() as db:
        agencies = dict(db.execute(select(Agency.ori, Agency.id)).all())
        for s in specs:
            spec = dict(s)
            ori = spec.pop("ori")
            fields: dict[str, Any] = {
                "agency_id": agencies[ori], "request_ref": spec.pop("ref"),
                "submitted_by": "test", "recovery_date": date(2022, 5, 1),
                "recovery_country": "US", "recovery_state": "TX", "status": "completed",
                "outcome": "completed_purchaser", "reason": "", "origin": "us",
                "firearm_type": "PI", "caliber": "9mm", "maker_key": "GLOCK",
                "source_state": "TX", "ttc_days": 400, "item_kind": "firearm",
            }
            fields.update(spec)
            t = Trace(**fields)
            db.add(t)
            db.flush()
            ids.append(t.id)
        db.commit()
    return ids
