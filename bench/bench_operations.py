"""Event-deconfliction benchmark: one new operation against 100,000 planned operations, on
SQLite and PostgreSQL.

    python bench/bench_operations.py --operations 100000 --runs 300

Loads (seeded, deterministic) ``--operations`` planned operations of 60 agencies over one
year. Two layouts: ``cities`` puts them around 40 US and Mexican cities (Gaussian spread of
about 15 km), ``dense`` puts all of them in the El Paso - Ciudad Juarez area (the worst case
for the grid: every operation in the same few cells). Windows: 70% last 1-6 hours, 25%
6-24 hours, 5% are 1-14 day surveillance; radii: median about 300 m, up to 20 km. Then
``--runs`` new operations of another agency, drawn the same way, are planned: each run
times the deconfliction query alone (``repository.candidates`` + the exact test) and the
whole planning (``service.plan``: insert, deconfliction, conflict rows, notifications,
audit); every run is rolled back so each sees the same 100,000. Writes
bench/out/operations.md.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import secrets
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, insert, select, text

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
CITIES = [  # (lat, lon, weight): border cities weigh more
    (31.76, -106.49, 6), (31.69, -106.42, 6), (29.42, -98.49, 4), (29.76, -95.37, 5),
    (32.78, -96.80, 4), (33.45, -112.07, 5), (32.22, -110.97, 3), (32.72, -117.16, 4),
    (32.53, -117.02, 5), (34.05, -118.24, 4), (27.51, -99.51, 4), (27.48, -99.52, 4),
    (26.20, -98.23, 3), (25.90, -97.50, 3), (25.87, -97.50, 3), (25.69, -100.32, 4),
    (28.64, -106.09, 3), (29.10, -110.95, 2), (31.31, -110.94, 3), (31.33, -110.94, 3),
    (32.62, -115.45, 3), (19.43, -99.13, 4), (20.67, -103.35, 3), (24.80, -107.39, 3),
    (35.08, -106.65, 2), (39.74, -104.99, 2), (41.88, -87.63, 3), (40.71, -74.01, 3),
    (25.76, -80.19, 3), (33.75, -84.39, 2), (36.17, -115.14, 2), (47.61, -122.33, 1),
    (38.91, -77.04, 2), (30.27, -97.74, 2), (35.47, -97.52, 1), (36.16, -86.78, 1),
    (29.95, -90.07, 2), (42.33, -83.05, 1), (37.77, -122.42, 2), (45.52, -122.68, 1),
]
ZONES = ["America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles",
         "America/Mexico_City", "America/New_York"]
KINDS = ["search_warrant", "controlled_buy", "surveillance", "arrest", "other"]
YEAR_START = datetime(2026, 1, 1, tzinfo=UTC)


def draw(rng: random.Random, layout: str) -> tuple[float, float, float, datetime, datetime]:
    """lat, lon, radius (m), start, end (UTC) of one operation."""
    if layout == "dense":
        lat0, lon0 = 31.72, -106.45
        spread_km = 12.0
    else:
        lat0, lon0, _w = rng.choices(CITIES, weights=[c[2] for c in CITIES])[0]
        spread_km = 15.0
    lat = lat0 + rng.gauss(0, spread_km / 111.0)
    lon = lon0 + rng.gauss(0, spread_km / (111.0 * math.cos(math.radians(lat0))))
    radius = min(20_000.0, max(50.0, rng.lognormvariate(math.log(300), 0.9)))
    start = YEAR_START + timedelta(minutes=rng.randrange(365 * 24 * 60))
    roll = rng.random()
    hours = (rng.uniform(1, 6) if roll < 0.70 else rng.uniform(6, 24) if roll < 0.95
             else rng.uniform(24, 14 * 24))
    return lat, lon, radius, start, start + timedelta(hours=hours)


def load(url: str, n: int, seed: int, layout: str) -> None:
    from armsflow.audit.service import SYSTEM
    from armsflow.auth import service as auth
    from armsflow.auth.models import Agency
    from armsflow.db.migrate import upgrade
    from armsflow.db.session import make_engine, make_sessionmaker
    from armsflow.operations.geo import grid_cell
    from armsflow.operations.models import PlannedOperation
    from armsflow.operations.vocab import span_class

    engine = make_engine(url)
    upgrade(engine)
    factory = make_sessionmaker(engine)
    with factory() as db:
        for i in range(61):
            auth.create_agency(db, actor=SYSTEM, ori=f"TX{i:04d}000", name=f"Agency {i}",
                               kind="local", country="US", state="TX")
        auth.create_user(db, actor=SYSTEM, username="planner",
                         password=secrets.token_urlsafe(12) + "-7",
                         full_name="Bench Planner", agency_ori="TX0060000",
                         roles=["investigator"])
        db.commit()
        ids = list(db.scalars(select(Agency.id).order_by(Agency.id)))[:60]
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        lat, lon, radius, start, end = draw(rng, layout)
        rows.append({"agency_id": ids[i % 60], "reference": f"OP-{i}", "kind": KINDS[i % 5],
                     "status": "planned", "lat": lat, "lon": lon, "radius_m": radius,
                     "timezone": ZONES[i % 6], "starts_at": start, "ends_at": end,
                     "grid_cell": grid_cell(lat, lon),
                     "span_class": span_class((end - start).total_seconds() / 3600),
                     "contact_name": f"Agent {i}",
                     "contact_phone": f"+1 555 {i:07d}", "created_at": YEAR_START})
    with engine.begin() as conn:
        for k in range(0, n, 10_000):
            conn.execute(insert(PlannedOperation), rows[k:k + 10_000])
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    engine.dispose()


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]


def measure(url: str, runs: int, seed: int, layout: str) -> dict[str, float]:
    from armsflow.auth.models import User
    from armsflow.auth.service import principal_of
    from armsflow.db.session import make_engine, make_sessionmaker
    from armsflow.operations import repository, service
    from armsflow.operations.deconflict import Shape, clashes
    from armsflow.operations.geo import Circle
    from armsflow.operations.schemas import OperationCreate
    from armsflow.operations.windows import Window

    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    rng = random.Random(seed + 1)
    query_ms: list[float] = []
    plan_ms: list[float] = []
    found: list[int] = []
    candidates_seen: list[int] = []
    with factory() as db:
        user = db.scalar(select(User).where(User.username == "planner"))
        assert user is not None
        who = principal_of(user)
        for i in range(runs + 10):  # the first 10 warm the caches and are not counted
            lat, lon, radius, start, end = draw(rng, layout)
            t0 = time.perf_counter()
            cands = repository.candidates(db, lat=lat, lon=lon, radius_m=radius, start=start,
                                          end=end, exclude_agency_id=who.agency_id)
            hits = clashes(Shape(0, who.agency_id, Circle(lat, lon, radius),
                                 Window(start, end)), cands)
            t1 = time.perf_counter()
            body = OperationCreate(reference=f"NEW-{i}", kind="arrest", lat=lat, lon=lon,
                                   radius_m=radius, timezone="UTC", starts_at=start,
                                   ends_at=end, contact_phone="+1 555 0000")
            planned = service.plan(db, who, body)
            t2 = time.perf_counter()
            db.rollback()
            assert len(planned.conflicts) == len(hits)
            if i >= 10:
                query_ms.append((t1 - t0) * 1000)
                plan_ms.append((t2 - t1) * 1000)
                found.append(len(hits))
                candidates_seen.append(len(cands))
    engine.dispose()
    return {"query_p50": statistics.median(query_ms), "query_p95": _pct(query_ms, 0.95),
            "query_p99": _pct(query_ms, 0.99), "plan_p50": statistics.median(plan_ms),
            "plan_p95": _pct(plan_ms, 0.95), "candidates": statistics.mean(candidates_seen),
            "conflicts": statistics.mean(found)}


def run_backend(backend: str, args: argparse.Namespace, layout: str
                ) -> tuple[float, dict[str, float]]:
    admin = None
    name = ""
    if backend == "sqlite":
        path = OUT / "bench_operations.sqlite"
        path.unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    else:
        name = f"armsflow_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.pg_admin, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = args.pg_admin.rsplit("/", 1)[0] + f"/{name}"
    try:
        t0 = time.perf_counter()
        load(url, args.operations, args.seed, layout)
        load_s = time.perf_counter() - t0
        return load_s, measure(url, args.runs, args.seed, layout)
    finally:
        if admin is not None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
        else:
            (OUT / "bench_operations.sqlite").unlink(missing_ok=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--operations", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=300)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--layout", choices=["cities", "dense", "both"], default="both")
    ap.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    ap.add_argument("--pg-admin", default=PG_ADMIN)
    args = ap.parse_args()
    OUT.mkdir(exist_ok=True)
    layouts = ["cities", "dense"] if args.layout == "both" else [args.layout]
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    load_avg = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [f"Event deconfliction of one operation against {args.operations:,} planned "
             f"operations; {args.runs} runs ({datetime.now(UTC):%Y-%m-%d}; load average at "
             f"start {load_avg} on {os.cpu_count()} CPUs).", "",
             "| database | layout | load s | query p50 ms | query p95 ms | query p99 ms | "
             "plan p50 ms | plan p95 ms | candidates | conflicts |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for layout in layouts:
        for backend in backends:
            load_s, f = run_backend(backend, args, layout)
            print(backend, layout, f"load {load_s:.1f} s",
                  {k: round(v, 2) for k, v in f.items()}, flush=True)
            lines.append(f"| {backend} | {layout} | {load_s:.1f} | {f['query_p50']:.2f} | "
                         f"{f['query_p95']:.2f} | {f['query_p99']:.2f} | {f['plan_p50']:.2f} | "
                         f"{f['plan_p95']:.2f} | {f['candidates']:.1f} | "
                         f"{f['conflicts']:.2f} |")
    (OUT / "operations.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent / "src"))
    main()
