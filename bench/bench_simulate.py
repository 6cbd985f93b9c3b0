"""World simulator benchmark: wall time and peak memory by world size.

    python bench/bench_simulate.py            # 100,000 and 1,000,000 firearms
    python bench/bench_simulate.py --big      # and 30,000,000 (about 100M transfer rows)

Each size runs ``armsflow.simulate.simulate`` in its own child process (so peak RSS is
that run's, from ``os.wait4``) writing into a scratch folder that is deleted afterwards
unless ``--keep``. Prints a Markdown table and writes bench/out/simulate.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
SIZES = (100_000, 1_000_000)
BIG = 30_000_000


def child(firearms: int, fmt: str, folder: Path) -> None:
    from armsflow.simulate import OutputFormat, SimConfig, simulate

    started = time.perf_counter()
    result = simulate(SimConfig(firearms=firearms, format=OutputFormat(fmt)), folder)
    wall = time.perf_counter() - started
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    print(json.dumps({"wall": wall, "rows": result.rows, "bytes": size}))


def run(firearms: int, fmt: str, scratch: Path, keep: bool) -> dict[str, object]:
    folder = scratch / f"world-{firearms}-{fmt}"
    shutil.rmtree(folder, ignore_errors=True)
    cmd = [sys.executable, __file__, "--child", str(firearms), "--format", fmt,
           "--scratch", str(folder)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE)  # noqa: S603 - our own script
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise SystemExit(f"simulation of {firearms:,} firearms failed ({status})")
    found: dict[str, object] = json.loads(output.decode().strip().splitlines()[-1])
    found["rss_mb"] = usage.ru_maxrss / 1024
    found["firearms"] = firearms
    if not keep:
        shutil.rmtree(folder, ignore_errors=True)
    return found


def table(results: list[dict[str, object]], fmt: str) -> str:
    lines = [
        f"World simulator, {fmt.upper()} output, default seed and year, "
        f"{os.cpu_count()} cores, Python {platform.python_version()} ({date.today()}).",
        "",
        "| firearms | transfer rows | trace requests | all rows | output GB | wall s "
        "| firearms/s | peak RSS MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        rows = r["rows"]
        assert isinstance(rows, dict)
        wall = float(str(r["wall"]))
        lines.append(
            f"| {r['firearms']:,} | {rows['transfers']:,} | {rows['trace_requests']:,} "
            f"| {sum(rows.values()):,} | {int(str(r['bytes'])) / 1e9:.2f} | {wall:.1f} "
            f"| {int(str(r['firearms'])) / wall:,.0f} | {float(str(r['rss_mb'])):,.0f} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", action="store_true", help="also 30,000,000 firearms")
    parser.add_argument("--sizes", type=int, nargs="*", help="firearm counts to run")
    parser.add_argument("--format", default="csv", choices=("csv", "parquet"))
    parser.add_argument("--scratch", type=Path, default=OUT / "data" / "simulate")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.format, args.scratch)
        return
    sizes = list(args.sizes or SIZES) + ([BIG] if args.big else [])
    results = []
    for firearms in sizes:
        print(f"simulating {firearms:,} firearms ...", file=sys.stderr, flush=True)
        results.append(run(firearms, args.format, args.scratch, args.keep))
    text = table(results, args.format)
    print(text)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "simulate.md").write_text(text)


if __name__ == "__main__":
    main()
