"""Leads benchmark: time to compute and store leads, and their quality against the ground
truth, on simulated worlds loaded the way users load them (importer, trace submission,
resolution worker).

    python bench/bench_leads.py                          # demo world (20,000 firearms, seed 2016)
    python bench/bench_leads.py --firearms 1000000 --seed 42
    python bench/bench_leads.py --db sqlite:///w.sqlite --world DIR   # an already traced world

Each world is simulated into a scratch folder and loaded into a fresh SQLite file (kept with
--keep). Prints the evaluation table and the timings as Markdown (bench/out/leads-*.md).
"""

from __future__ import annotations

import argparse
import dataclasses
import platform
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests" / "leads"))
sys.path.insert(0, str(ROOT / "tests" / "tracing"))


def _world(args: argparse.Namespace, scratch: Path) -> tuple[str, Path, float]:
    from armsflow.db.migrate import upgrade
    from armsflow.db.session import make_engine, make_sessionmaker
    from armsflow.simulate import SimConfig, simulate
    from armsflow.simulate.config import SchemeRates

    if args.db:
        return args.db, Path(args.world), 0.0
    cfg = SimConfig(firearms=args.firearms, seed=args.seed)
    if args.corrupt_share is not None:
        cfg = dataclasses.replace(cfg, schemes=SchemeRates(corrupt_dealer_share=args.corrupt_share))
    out = scratch / "world"
    simulate(cfg, out)
    url = f"sqlite:///{scratch / 'leads.sqlite'}"
    engine = make_engine(url)
    upgrade(engine)
    from leads_world import load_and_trace

    started = time.perf_counter()
    load_and_trace(make_sessionmaker(engine), out)
    engine.dispose()
    return url, out, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firearms", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--corrupt-share", type=float, default=None)
    parser.add_argument("--db", help="an already traced database (with --world)")
    parser.add_argument("--world", help="its simulator output folder")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    from armsflow.db.base import Base
    from armsflow.db.session import make_engine, make_sessionmaker
    from armsflow.leads import evaluate as ev
    from armsflow.leads import models
    from armsflow.leads.harness import evaluate_db
    from armsflow.leads.rules import load_rules
    from armsflow.leads.store import compute_and_store

    scratch = Path(tempfile.mkdtemp(prefix="bench-leads-"))
    url, world, load_s = _world(args, scratch)
    engine = make_engine(url)
    Base.metadata.create_all(engine, tables=[models.LeadRun.__table__, models.Lead.__table__,
                                             models.LeadDisposition.__table__])
    factory = make_sessionmaker(engine)
    started = time.perf_counter()
    with factory() as db:
        report = compute_and_store(db, load_rules(), actor="bench")
        db.commit()
    compute_s = time.perf_counter() - started
    with factory() as db:
        rows = evaluate_db(db, world)
    engine.dispose()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    table = ev.table(rows)
    lines = [f"World: {args.firearms:,} firearms, seed {args.seed}" if not args.db else
             f"World: {world}", "",
             f"{report.traces:,} traces; {report.purchasers:,} purchaser, {report.dealers:,} "
             f"dealer, {report.networks:,} network leads, {report.high:,} high; load and "
             f"trace {load_s:.0f} s, compute and store {compute_s:.1f} s, peak RSS "
             f"{peak:.0f} MB ({date.today()}, {platform.node()}, shared machine)", "",
             "| | " + " | ".join(r[0] for r in table[1:]) + " |",
             "|---|" + "---:|" * (len(table) - 1)]
    for i, name in enumerate(table[0][1:], start=1):
        lines.append(f"| {name} | " + " | ".join(r[i] for r in table[1:]) + " |")
    text = "\n".join(lines)
    print(text)
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / f"leads-{args.firearms}-{args.seed}.md").write_text(text + "\n")
    if not args.keep and not args.db:
        import shutil

        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
