"""What the demo world (``make run``) holds of the graph feature."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker


def load_demo(session_factory: sessionmaker[Session], world: Path) -> None:
    """Called by armsflow.demo.load after registry, traces and accounts are loaded;
    ``world`` is the simulator's output folder (with truth/). Must be idempotent.

    Nothing to load: the graph has no tables of its own. The server builds it from the
    registry and the traces on the first request to /graph or /api/v1/graph (about a second
    for the demo world's ~40,000 nodes) and rebuilds it when the data changes."""
