"""What the demo world (``make run``) holds of the entities feature: the simulated person
records (``persons``) loaded as associates and case subjects, registry purchasers and
trace possessors collected, and one resolution run over all of them."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from armsflow.db.session import unit_of_work
from armsflow.entities import repository as repo
from armsflow.entities import service
from armsflow.entities.models import EntityRecord

RENAMED = {"purchaser": "sim-purchaser", "possessor": "sim-possessor"}
"""Simulated purchaser and possessor records are renamed so they are never mistaken for the
registry's purchasers or the traces' possessors (associates and subjects keep their name)."""


def _rows(world: Path) -> list[dict[str, object]]:
    path = world / "persons.csv"
    if not path.exists():
        return []
    with path.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        row["source"] = RENAMED.get(row["source"], row["source"])
    return service.parse_rows(rows)


def load_demo(session_factory: sessionmaker[Session], world: Path) -> None:
    """Called by armsflow.demo.load after registry, traces and accounts are loaded;
    ``world`` is the simulator's output folder (with truth/). Idempotent: records already
    loaded are skipped and the resolution re-runs only when records were added."""
    with unit_of_work(session_factory) as db:
        added = service.load_records(db, _rows(world))
        added += sum(service.collect(db).values())
        run = repo.latest_run(db)
        total = db.execute(select(func.count()).select_from(EntityRecord)).scalar_one()
        if run is None or added or run.records != total:
            service.resolve(db, collect_sources=False, learn_u=False)
