"""`armsflow entities load / resolve / judge / show` end to end on a migrated SQLite file."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from armsflow.entities import service
from armsflow.simulate.geography import build_geography
from armsflow.simulate.person_records import RECORD_COLUMNS, person_records
from armsflow.simulate.pools import build_pools

CLI = str(Path(sys.executable).parent / "armsflow")


def _run(env: dict[str, str], *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([CLI, "entities", *args], env=env, capture_output=True,  # noqa: S603
                          text=True, timeout=600)
    assert (done.returncode == 0) == ok, done.stdout + done.stderr
    return done


def test_cli_round_trip(engine: Engine, session_factory: sessionmaker[Session],
                       tmp_path: Path) -> None:
    if engine.dialect.name != "sqlite":
        return  # the commands call the same services the database tests cover on both
    records, _ = person_records(8, 1_200, build_pools(8), build_geography())
    path = tmp_path / "persons.csv"
    with path.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=RECORD_COLUMNS)
        writer.writeheader()
        for row in records.to_pylist():
            writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
    env = {**os.environ, "ARMSFLOW_DATABASE_URL": engine.url.render_as_string(False),
           "ARMSFLOW_DATA_DIR": str(tmp_path)}
    assert "1,200 new person records" in _run(env, "load", str(path)).stdout
    assert "0 new person records" in _run(env, "load", str(path)).stdout
    assert "1,200 records" in _run(env, "resolve").stdout
    first = records.slice(0, 1).to_pylist()[0]
    key = f"{first['source']}:{first['source_ref']}"
    shown = _run(env, "show", key).stdout
    assert first["source_ref"] in shown
    second = records.slice(1, 1).to_pylist()[0]
    other = f"{second['source']}:{second['source_ref']}"
    _run(env, "judge", key, other, "--same", "--reason", "same passport number")
    with session_factory() as db:
        assert (service.entity_of(db, first["source"], first["source_ref"])
                == service.entity_of(db, second["source"], second["source_ref"]))
    _run(env, "judge", key, other, "--different", "--reason", "x", ok=False)  # reason too short
    bad = tmp_path / "bad.csv"
    bad.write_text("source,source_ref,dob\nassociate,Z1,1980-13-45\n")
    assert "row 1: dob" in _run(env, "load", str(bad), ok=False).stderr
