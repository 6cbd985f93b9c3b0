"""Traces over a simulated world reproduce the simulator's ground truth exactly: outcome,
reason, origin, first purchaser and time-to-crime of every recovery, on both backends.
Then a worker is killed with SIGKILL mid-run, restarted, and every trace is resolved
exactly once."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker
from world import load_world, submit_requests  # type: ignore[import-not-found]

from armsflow.tracing.models import Trace, TraceEvent
from armsflow.tracing.worker import RunOptions, run_loop


def _truth(out: Path) -> dict[str, tuple[object, ...]]:
    with (out / "truth" / "recoveries.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return {r["request_ref"]: _expected(r) for r in rows}


def _expected(r: dict[str, str]) -> tuple[object, ...]:
    sold = r["outcome"] == "completed_purchaser"
    return (r["outcome"], r["outcome_reason"], r["origin_outcome"],
            r["purchaser_id"] if sold else None, int(r["ttc_days"]) if sold else None)


def _results(factory: sessionmaker[Session]) -> dict[str, tuple[object, ...]]:
    with factory() as db:
        return {t.request_ref: (t.outcome, t.reason, t.origin, t.purchaser_ref, t.ttc_days)
                for t in db.scalars(select(Trace))}


def test_traces_over_a_simulated_world_reproduce_the_ground_truth(
    session_factory: sessionmaker[Session], sim_world: Path
) -> None:
    load_world(session_factory, sim_world)
    report = submit_requests(session_factory, sim_world)
    resolved = run_loop(session_factory, RunOptions(batch=200))
    truth = _truth(sim_world)
    assert resolved == report.stored == len(truth)
    _check(session_factory, sim_world)
    assert len({v[0] for v in truth.values()}) >= 3  # several outcomes are exercised


def _check(factory: sessionmaker[Session], out: Path) -> None:
    truth, got = _truth(out), _results(factory)
    assert got.keys() == truth.keys()
    wrong = {ref: (truth[ref], got[ref]) for ref in truth if got[ref] != truth[ref]}
    assert wrong == {}


def _completed(factory: sessionmaker[Session]) -> int:
    with factory() as db:
        return db.scalar(select(func.count()).select_from(Trace)
                         .where(Trace.status == "completed")) or 0


def test_worker_killed_mid_run_resumes_and_resolves_each_trace_once(
    engine: Engine, session_factory: sessionmaker[Session], sim_world: Path, tmp_path: Path
) -> None:
    if engine.dialect.name != "sqlite":
        return  # one backend is enough for the process test; claiming SQL is shared
    load_world(session_factory, sim_world)
    submit_requests(session_factory, sim_world)
    env = {**os.environ, "ARMSFLOW_DATABASE_URL": engine.url.render_as_string(False),
           "ARMSFLOW_DATA_DIR": str(tmp_path)}
    cmd = [str(Path(sys.executable).parent / "armsflow"), "trace", "run", "--workers", "2",
           "--batch", "3"]
    proc = subprocess.Popen(cmd, env=env, start_new_session=True)  # noqa: S603
    deadline = time.monotonic() + 60
    while _completed(session_factory) < 30 and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    interrupted = _completed(session_factory)
    subprocess.run(cmd, env=env, check=True, timeout=120)  # noqa: S603
    with session_factory() as db:
        total = db.scalar(select(func.count()).select_from(Trace)) or 0
        statuses = Counter(db.scalars(select(Trace.status)))
        done = Counter(db.scalars(select(TraceEvent.trace_id)
                                  .where(TraceEvent.to_status == "completed")))
    assert interrupted < total  # the kill really interrupted the run
    assert statuses == {"completed": total}
    assert set(done.values()) == {1} and len(done) == total
    _check(session_factory, sim_world)
