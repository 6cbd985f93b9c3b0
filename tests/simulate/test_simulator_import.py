"""The registry files import through the registry importer without a single rejected row,
on SQLite and PostgreSQL, in the order licensees .. nfa."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from armsflow.audit.service import SYSTEM
from armsflow.imports.service import import_file
from armsflow.registry.models import Transfer
from armsflow.simulate import REGISTRY_ORDER, OutputFormat, SimConfig, simulate


def _import_all(factory: sessionmaker[Session], out: Path) -> dict[str, int]:
    stored = {}
    for kind in REGISTRY_ORDER:
        path = next(out.glob(f"{kind}.*"))
        report = import_file(factory, kind, path, actor=SYSTEM)
        problems = [f"{e.row} {e.column}: {e.reason}" for e in report.errors[:5]]
        assert report.rows_rejected == 0, (kind, problems)
        assert report.status == "stored", (kind, report.status, problems)
        stored[kind] = report.rows_stored
    return stored


def test_every_registry_file_imports_with_no_rejected_row(
    session_factory: sessionmaker[Session], small_world: Path
) -> None:
    stored = _import_all(session_factory, small_world)
    assert all(stored[kind] > 0 for kind in REGISTRY_ORDER), stored
    with session_factory() as db:
        assert db.scalar(select(func.count()).select_from(Transfer)) == stored["transfers"]


def test_parquet_output_imports_too(session_factory: sessionmaker[Session],
                                    tmp_path: Path) -> None:
    config = SimConfig(firearms=8_000, seed=5, format=OutputFormat.PARQUET)
    simulate(config, tmp_path)
    stored = _import_all(session_factory, tmp_path)
    assert stored["transfers"] > 8_000
