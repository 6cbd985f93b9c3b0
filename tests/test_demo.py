"""`make run`'s demo world loads through the real import and tracing paths, twice safely."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from sqlalchemy import Engine, func, select

from armsflow.auth.models import User
from armsflow.demo.load import load_demo
from armsflow.registry.models import Transfer
from armsflow.settings import Settings
from armsflow.tracing.models import Trace


def test_demo_loads_and_reloads(engine: Engine, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path,
                        database_url=engine.url.render_as_string(hide_password=False))
    console = Console(record=True, width=200)
    logins = load_demo(console, settings)
    assert set(logins) == {"admin", "analyst", "investigator", "requester", "fgr"}
    text = console.export_text()
    assert "0 rejected" in text and "rejected;" not in text
    for username, password in logins.items():
        assert f"{username}" in text and password in text
    with engine.connect() as conn:
        transfers = conn.scalar(select(func.count()).select_from(Transfer))
        traces = conn.scalar(select(func.count()).select_from(Trace))
        pending = conn.scalar(select(func.count()).select_from(Trace)
                              .where(Trace.status.in_(["pending", "running"])))
        users = conn.scalar(select(func.count()).select_from(User))
    assert transfers and transfers > 10_000 and traces and traces > 100 and pending == 0
    again = load_demo(Console(record=True, width=200), settings)
    assert again == logins
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Transfer)) == transfers
        assert conn.scalar(select(func.count()).select_from(Trace)) == traces
        assert conn.scalar(select(func.count()).select_from(User)) == users
