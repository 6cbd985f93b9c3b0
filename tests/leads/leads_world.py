"""Load a simulated world the way users do (importer, trace submission, resolution worker):
shared by the leads tests and bench/bench_leads.py."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker
from world import load_world, submit_requests  # type: ignore[import-not-found]

from armsflow.tracing.worker import RunOptions, run_loop


def load_and_trace(factory: sessionmaker[Session], out: Path) -> int:
    """Registry, agencies and exports imported, every trace request submitted and resolved;
    returns how many traces were resolved."""
    load_world(factory, out)
    submit_requests(factory, out)
    return run_loop(factory, RunOptions(batch=1000))
