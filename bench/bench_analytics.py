"""Analytics benchmark: every dashboard report together over N synthetic traces (default 10
million) on DuckDB, PostgreSQL and Spark local, side by side. Writes bench/out/analytics.md.

    .venv/bin/python bench/bench_analytics.py                       # 10M, all three engines
    .venv/bin/python bench/bench_analytics.py --rows 1000000 --engines duckdb

The traces are simulated directly in the analytical layout (``armsflow.analytics.synthetic``;
pushing 10M traces through tracing is not what is measured here) and written once as Parquet
under bench/out/data/analytics/<rows>/ (reused by later runs), like ``armsflow
export-parquet`` writes them. Then:

* DuckDB: loading the Parquet into memory (ENUM-coded text), load time reported apart;
  and ``duckdb-parquet``: views over the Parquet files, read at each query (what the API
  does by default). The report set is run once to warm up, then ``--repeat`` times.
* PostgreSQL: the Parquet rows COPYed once into a table of database
  ``armsflow_bench_analytics`` (reused), ANALYZEd; the same report SQL, transpiled; one run.
* Spark: local[2] over the same Parquet files; one run.

Each engine's tables are compared with DuckDB's (same numbers). The machine has 2 cores
shared with other work: the 1-minute load average is printed next to each figure.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from armsflow.analytics.engines import DuckDBEngine, Engine, PostgresEngine, SparkEngine
from armsflow.analytics.layout import FACT_SCHEMA
from armsflow.analytics.reports import DASHBOARD_REPORTS, Filters, run_report
from armsflow.analytics.synthetic import facts_table, national_table

OUT = Path(__file__).resolve().parent / "out"
PG_ADMIN = os.environ.get("ARMSFLOW_BENCH_PG_ADMIN",
                          "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
CHUNK = 1_000_000


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def load1() -> float:
    return os.getloadavg()[0]


def make_data(rows: int) -> Path:
    folder = OUT / "data" / "analytics" / str(rows)
    facts = folder / "trace_facts"
    done = folder / ".complete"
    if done.exists():
        return folder
    facts.mkdir(parents=True, exist_ok=True)
    sample = None
    for part, start in enumerate(range(0, rows, CHUNK)):
        n = min(CHUNK, rows - start)
        table = facts_table(n, seed=1000 + part)
        ids = pa.array(range(start + 1, start + n + 1), pa.int64())
        table = table.set_column(0, "trace_id", ids)
        pq.write_table(table, facts / f"part-{part:03d}.parquet", compression="zstd")
        sample = table if sample is None else sample
        log(f"wrote {start + n:,} rows")
    (folder / "national").mkdir(exist_ok=True)
    assert sample is not None
    pq.write_table(national_table(sample), folder / "national" / "national.parquet")
    done.write_text("ok")
    return folder


def run_set(engine: Engine, filters: Filters) -> tuple[float, float, dict[str, pa.Table]]:
    """Wall seconds, this process's CPU seconds (DuckDB's threads included), tables."""
    t0, c0 = time.perf_counter(), time.process_time()
    tables = {name: run_report(name, filters, engine) for name in DASHBOARD_REPORTS}
    return time.perf_counter() - t0, time.process_time() - c0, tables


def time_engine(engine: Engine, repeat: int, filters: Filters, warm_up: bool = True
                ) -> tuple[list[float], list[float], dict[str, pa.Table]]:
    if warm_up:
        run_set(engine, filters)
    times: list[float] = []
    cpus: list[float] = []
    tables: dict[str, pa.Table] = {}
    for _ in range(repeat):
        t, c, tables = run_set(engine, filters)
        times.append(t)
        cpus.append(c)
    return times, cpus, tables


def pg_engine(folder: Path, rows: int) -> PostgresEngine:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = "armsflow_bench_analytics"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                            {"n": name}).first():
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = make_url(PG_ADMIN).set(database=name)
    eng = create_engine(url)
    table = f"bench_facts_{rows}"
    types = {pa.int64(): "BIGINT", pa.int32(): "INTEGER", pa.string(): "TEXT",
             pa.bool_(): "BOOLEAN", pa.date32(): "DATE"}
    with eng.begin() as conn:
        have = conn.execute(text("SELECT to_regclass(:t)"), {"t": table}).scalar()
        count = conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() if have else 0
    if count != rows:
        log(f"PostgreSQL: loading {rows:,} rows with COPY")
        t0 = time.perf_counter()
        cols = ", ".join(f"{f.name} {types[f.type]}" for f in FACT_SCHEMA)
        with eng.begin() as conn:
            conn.execute(text(f"DROP TABLE IF EXISTS {table}"))
            conn.execute(text(f"CREATE UNLOGGED TABLE {table} ({cols})"))
            conn.execute(text("DROP TABLE IF EXISTS bench_national"))
            conn.execute(text("CREATE TABLE bench_national (source TEXT, year INTEGER, "
                              "source_state TEXT, recovery_state TEXT, n BIGINT)"))
        raw = eng.raw_connection()
        try:
            cur = raw.cursor()
            for path, target in [(p, table) for p in sorted((folder / "trace_facts").glob(
                    "*.parquet"))] + [(folder / "national" / "national.parquet",
                                       "bench_national")]:
                data = pq.read_table(path)
                buf = io.BytesIO()
                pacsv.write_csv(data, buf, pacsv.WriteOptions(include_header=False))
                with cur.copy(f"COPY {target} FROM STDIN WITH (FORMAT csv)") as copy:
                    copy.write(buf.getvalue())
            raw.commit()
        finally:
            raw.close()
        with eng.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(
                text(f"VACUUM ANALYZE {table}"))
        log(f"PostgreSQL: loaded in {time.perf_counter() - t0:.1f} s")
    return PostgresEngine(eng, facts_relation=table, national_relation="bench_national")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--engines", default="duckdb,postgres,spark")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    folder = make_data(args.rows)
    engines = args.engines.split(",")
    year = Filters.of(years=[2023])
    lines = [f"# Analytics benchmark, {args.rows:,} traces\n",
             f"{time.strftime('%Y-%m-%d %H:%M')} UTC; {len(DASHBOARD_REPORTS)} dashboard "
             f"reports run one after the other ({', '.join(DASHBOARD_REPORTS)}).\n",
             "| engine | filter | best s | median s | ratio to DuckDB | CPU s (this process) "
             "| load avg |",
             "|---|---|---:|---:|---:|---:|---:|"]
    base: dict[str, float] = {}
    reference: dict[str, dict[str, pa.Table]] = {}
    for name in ["duckdb", *[e for e in engines if e != "duckdb"]]:
        t0 = time.perf_counter()
        if name == "duckdb":
            engine: Engine = DuckDBEngine(folder, materialize=True)
        elif name == "duckdb-parquet":
            engine = DuckDBEngine(folder)
        elif name == "postgres":
            engine = pg_engine(folder, args.rows)
        else:
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
            from armsflow.analytics.engines import spark_session

            engine = SparkEngine(spark_session(), folder)
        setup = time.perf_counter() - t0
        log(f"{name}: ready in {setup:.1f} s")
        slow = name in ("postgres", "spark")  # one cold run each: they take minutes
        repeat = 1 if slow else args.repeat
        for label, filters in (("all years", Filters()), ("one year (2023)", year)):
            times, cpus, tables = time_engine(engine, repeat, filters, warm_up=not slow)
            best, med = min(times), statistics.median(times)
            key = f"{label}"
            if name == "duckdb":
                base[key], reference[key] = best, tables
                ratio = "1"
            else:
                same = all(tables[r].equals(reference[key][r]) for r in tables)
                ratio = f"{best / base[key]:.1f}" + ("" if same else " (DIFFERENT NUMBERS)")
            lines.append(f"| {name} | {label} | {best:.2f} | {med:.2f} | {ratio} | "
                         f"{min(cpus):.2f} | {load1():.1f} |")
            log(lines[-1])
        lines.append(f"| {name} | setup (load into memory / connect / session) | "
                     f"{setup:.1f} | | | | {load1():.1f} |")
    OUT.mkdir(exist_ok=True)
    (OUT / "analytics.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
