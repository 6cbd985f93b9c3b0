"""Entity resolution benchmark: simulated person records with truth, resolved with the
production pipeline (normalise, Splink, constrained clustering); pairwise precision,
recall, F1, wall time and peak memory. Usage:

    .venv/bin/python bench/bench_entities.py 100000 [--backend duckdb|spark] [--seed 42]

Run the 1,000,000 case once, on an otherwise quiet machine: it needs about 9 GB.
"""

from __future__ import annotations

import argparse
import os
import resource
import time

import pyarrow as pa

from armsflow.entities.evaluate import pair_scores
from armsflow.entities.resolution import resolve_table
from armsflow.simulate.geography import build_geography
from armsflow.simulate.person_records import person_records
from armsflow.simulate.pools import build_pools


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("records", type=int)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--backend", default="duckdb")
    parser.add_argument("--threshold", type=float, default=None)
    args = parser.parse_args()
    t0 = time.perf_counter()
    records, truth = person_records(args.seed, args.records, build_pools(args.seed),
                                    build_geography())
    t1 = time.perf_counter()
    raw = records.drop_columns(["source", "source_ref"]).append_column(
        "record_id", pa.array(range(records.num_rows), pa.int64()))
    marks: list[tuple[str, float]] = []
    kwargs = {} if args.threshold is None else {"threshold": args.threshold}
    result = resolve_table(raw, backend=args.backend,
                           step=lambda m: marks.append((m, time.perf_counter())), **kwargs)
    t2 = time.perf_counter()
    persons = truth.column("person_id").to_numpy(zero_copy_only=False)
    scores = pair_scores(result.entity_id, persons[result.record_id])
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak = usage.ru_maxrss / 1024 / 1024
    cpu = usage.ru_utime + usage.ru_stime
    print(f"records {records.num_rows:,}  backend {args.backend}  seed {args.seed}")
    print(f"simulate {t1 - t0:.1f} s  resolve {t2 - t1:.1f} s  peak RSS {peak:.2f} GB  "
          f"CPU (whole run, all threads) {cpu:.0f} s  load average {os.getloadavg()[0]:.1f}")
    last = t1
    for name, at in marks:
        print(f"  +{at - last:6.1f} s  then {name}")
        last = at
    print(f"  +{t2 - last:6.1f} s  to the end")
    print(f"scored pairs above threshold {result.pairs:,}  entities {result.entities:,}")
    print(f"true pairs {scores.true_pairs:,}  predicted {scores.predicted_pairs:,}  "
          f"correct {scores.correct_pairs:,}")
    print(f"precision {scores.precision:.4f}  recall {scores.recall:.4f}  F1 {scores.f1:.4f}")


if __name__ == "__main__":
    main()
