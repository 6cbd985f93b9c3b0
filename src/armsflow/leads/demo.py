"""What the demo world (``make run``) holds of the leads feature: leads computed from its
traces and registry, as `armsflow leads compute` would (re-running updates them in place)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from armsflow.db.session import unit_of_work


def load_demo(session_factory: sessionmaker[Session], world: Path) -> None:
    """Called by armsflow.demo.load after registry, traces and accounts are loaded;
    ``world`` is the simulator's output folder (with truth/). Idempotent."""
    from armsflow.leads.service import current_rules
    from armsflow.leads.store import compute_and_store

    with unit_of_work(session_factory) as db:
        compute_and_store(db, current_rules(), actor="demo")
