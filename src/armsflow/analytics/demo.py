"""What the demo world (``make run``) holds of the analytics feature: the ATF national table
(when ``../shared/data`` is present) and a fresh Parquet export of the demo traces, so the
dashboard opens on current figures."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from armsflow.analytics import national
from armsflow.analytics.export import export_parquet
from armsflow.db.session import unit_of_work
from armsflow.settings import get_settings
from armsflow.simulate.reference import ATF_TABLE


def demo_analytics_dir(world: Path) -> Path:
    """``ARMSFLOW_ANALYTICS_DIR``, else ``analytics/`` beside the demo world (the data dir)."""
    return get_settings().analytics_dir or world.parent / "analytics"


def load_demo(session_factory: sessionmaker[Session], world: Path) -> None:
    """Called by armsflow.demo.load after registry, traces and accounts are loaded;
    ``world`` is the simulator's output folder (with truth/). Idempotent: the national
    table is replaced and the export rewritten."""
    if ATF_TABLE.exists():
        with unit_of_work(session_factory) as db:
            national.import_table(db, ATF_TABLE, source="atf")
    export_parquet(session_factory, demo_analytics_dir(world), full=True)
