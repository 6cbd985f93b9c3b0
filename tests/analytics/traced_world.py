"""A simulated world imported and traced through the real paths (tests import it as
``traced_world``)."""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tracing"))


def load_and_trace(factory: sessionmaker[Session], world: Path) -> None:
    """Registry, agencies and exports imported; every trace request submitted and resolved."""
    from world import load_world, submit_requests  # type: ignore[import-not-found]

    from armsflow.tracing.worker import RunOptions, run_loop

    load_world(factory, world)
    submit_requests(factory, world)
    run_loop(factory, RunOptions(batch=500))
