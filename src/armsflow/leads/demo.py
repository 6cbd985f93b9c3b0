"""What the demo world (``make run``) holds of the leads feature."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker


def load_demo(session_factory: sessionmaker[Session], world: Path) -> None:
    """Called by armsflow.demo.load after registry, traces and accounts are loaded;
    ``world`` is the simulator's output folder (with truth/). Must be idempotent."""
