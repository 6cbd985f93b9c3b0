"""The resolution worker: claim a batch, resolve it, commit, repeat until nothing is
pending. ``run(workers=N)`` starts N processes, each with its own engine; they share
nothing but the database (see ``store`` for the exactly-once argument)."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from armsflow.db.session import make_engine, make_sessionmaker, unit_of_work
from armsflow.tracing import records, store
from armsflow.tracing.service import record_claim, resolve_claimed

DEFAULT_BATCH = 2_000
MAX_DEFAULT_WORKERS = 4


def default_workers(url: str, cpus: int | None = None) -> int:
    """Processes ``trace run`` starts when not told: one on SQLite (a single writer: more
    processes only queue on its lock), one per core up to four on PostgreSQL (one worker
    resolves about 3,300 traces a second there, two about 6,900: BENCHMARKS.md)."""
    if url.startswith("sqlite"):
        return 1
    return max(1, min(MAX_DEFAULT_WORKERS, cpus if cpus is not None else os.cpu_count() or 1))


@dataclass(frozen=True)
class RunOptions:
    batch: int = DEFAULT_BATCH
    secret: str = ""
    lease_seconds: int = store.LEASE_SECONDS


def run_loop(factory: sessionmaker[Session], options: RunOptions,
             progress: Callable[[int], None] | None = None) -> int:
    """Resolve pending traces until none is left; returns how many this process wrote."""
    total = 0
    actor = f"worker {store.worker_name()}"
    while True:
        with unit_of_work(factory) as db:
            token, ids = store.claim(db, options.batch, lease_seconds=options.lease_seconds)
            record_claim(db, token, ids, actor=actor)
        if not ids:
            return total
        with unit_of_work(factory) as db:
            written = resolve_claimed(db, token, ids, actor=actor, secret=options.secret)
        total += len(written)
        if progress:
            progress(len(written))


def _child(url: str, options: RunOptions) -> None:
    engine = make_engine(url)
    try:
        run_loop(make_sessionmaker(engine), options)
    finally:
        engine.dispose()


def run(url: str, *, workers: int = 1, options: RunOptions | None = None,
        progress: Callable[[int], None] | None = None) -> int:
    """Release orphaned claims, escalate overdue records requests, then resolve every
    pending trace with ``workers`` processes. Returns the traces resolved."""
    options = options or RunOptions()
    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    try:
        with unit_of_work(factory) as db:
            store.release_orphans(db)
            records.escalate_overdue(db)
            before = store.pending_count(db)
        if workers <= 1:
            run_loop(factory, options, progress)
        else:
            ctx = multiprocessing.get_context("spawn")
            procs = [ctx.Process(target=_child, args=(url, options)) for _ in range(workers)]
            for p in procs:
                p.start()
            for p in procs:
                p.join()
        with unit_of_work(factory) as db:
            return before - store.pending_count(db)
    finally:
        engine.dispose()
