"""Link-analysis benchmark: graph build and community detection at about 1 million nodes,
and the latency of the neighbour endpoint that the network view calls to expand a node.
Writes bench/out/graph-<backend>.md (figures go to BENCHMARKS.md, "Link analysis").

    .venv/bin/python bench/bench_graph.py                      # 560,000 firearms (~1.1M nodes)
    .venv/bin/python bench/bench_graph.py --firearms 50000     # quick
    .venv/bin/python bench/bench_graph.py --backend postgresql # database armsflow_bench_graph_N

Data (kept under bench/out/data/graph/ and reused by later runs): the simulated world
(``armsflow.simulate``, seed 2016) imported into SQLite with ``import_file`` (what
``armsflow import`` runs), its trace requests submitted and resolved by the worker.

Measured: ``store.build`` (reading every fact from the database and assembling the arrays),
community detection on the full view, the first request of a new caller view (masks), then
``GET /api/v1/graph/nodes/{id}/neighbors`` through the ASGI app (FastAPI TestClient, warm
graph) for random visible nodes of every kind and for the 20 busiest nodes (licensees with
tens of thousands of links). The machine has 2 cores shared with other work: the 1-minute
load average is printed next to each figure.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
DATA = OUT / "data" / "graph"


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def load1() -> float:
    return os.getloadavg()[0]


def world(firearms: int) -> Path:
    from armsflow.simulate import SimConfig, simulate

    out = DATA / f"world_{firearms}"
    if not (out / "trace_requests.csv").exists():
        log(f"simulating {firearms} firearms into {out}")
        simulate(SimConfig(firearms=firearms, seed=2016), out)
    return out


PG_ADMIN = os.environ.get("ARMSFLOW_TEST_POSTGRES_ADMIN_URL",
                          "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def _pg_url(firearms: int) -> tuple[str, bool]:
    """URL of the benchmark's PostgreSQL database (created when missing), and whether it
    already holds the world."""
    from sqlalchemy import create_engine, inspect, text
    from sqlalchemy.engine import make_url

    name = f"armsflow_bench_graph_{firearms}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                              {"n": name}).scalar()
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False)
    eng = create_engine(url)
    done = "bench_graph_done" in inspect(eng).get_table_names()
    eng.dispose()
    return url, done


def database(firearms: int, folder: Path, backend: str) -> str:
    """A migrated database holding the world, traced (built once, then reused)."""
    import csv

    from armsflow.audit.service import SYSTEM
    from armsflow.auth.models import Agency
    from armsflow.db.migrate import upgrade
    from armsflow.db.session import make_engine, make_sessionmaker, unit_of_work
    from armsflow.imports.service import import_file
    from armsflow.simulate import REGISTRY_ORDER
    from armsflow.tracing import service
    from armsflow.tracing.bulk import read_file
    from armsflow.tracing.worker import run

    path = DATA / f"graph_{firearms}.sqlite"
    if backend == "postgresql":
        url, done = _pg_url(firearms)
        if done:
            return url
    else:
        url = f"sqlite:///{path}"
        if path.exists() and (DATA / f"graph_{firearms}.done").exists():
            return url
        path.unlink(missing_ok=True)
    engine = make_engine(url)
    upgrade(engine)
    factory = make_sessionmaker(engine)
    started = time.perf_counter()
    for kind in REGISTRY_ORDER:
        report = import_file(factory, kind, next(folder.glob(f"{kind}.*")), actor=SYSTEM)
        log(f"imported {kind}: {report.rows_stored} rows")
    with unit_of_work(factory) as db, (folder / "agencies.csv").open(encoding="utf-8") as fh:
        db.add_all(Agency(ori=r["ori"], name=r["name"], kind=r["kind"], country=r["country"],
                          state=r["state"] or None) for r in csv.DictReader(fh))
    parsed = read_file(folder / "trace_requests.csv")
    with unit_of_work(factory) as db:
        service.submit(db, parsed.drafts, actor="bench", errors=parsed.errors)
    resolved = run(url, workers=1)
    if backend == "postgresql":
        from sqlalchemy import text

        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
            conn.execute(text("CREATE TABLE bench_graph_done (ok int)"))
    else:
        (DATA / f"graph_{firearms}.done").write_text("ok")
    engine.dispose()
    log(f"database ready in {time.perf_counter() - started:.0f} s ({resolved} traces)")
    return url


def analyst(url: str) -> str:
    """An analyst of the tracing centre (sees people and every trace) with an API token."""
    from sqlalchemy import select

    from armsflow.audit.service import SYSTEM
    from armsflow.auth import service as auth
    from armsflow.auth.models import Agency, User
    from armsflow.db.session import make_engine, make_sessionmaker, unit_of_work

    engine = make_engine(url)
    with unit_of_work(make_sessionmaker(engine)) as db:
        user = db.scalars(select(User).where(User.username == "bench_analyst")).first()
        if user is None:
            if db.scalars(select(Agency).where(Agency.ori == "WVATF0900")).first() is None:
                auth.create_agency(db, actor=SYSTEM, ori="WVATF0900", name="ATF NTC",
                                   kind="federal", country="US", state="WV")
            user = auth.create_user(db, actor=SYSTEM, username="bench_analyst",
                                    password="correct-horse-42",  # noqa: S106 - local bench
                                    full_name="Bench",
                                    agency_ori="WVATF0900", roles=["analyst"])
        _tok, clear = auth.create_api_token(db, actor=SYSTEM, user_id=user.id, name="bench")
    engine.dispose()
    return clear


def pct(values: list[float], q: float) -> float:
    return sorted(values)[min(len(values) - 1, int(q * len(values)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firearms", type=int, default=560_000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    url = database(args.firearms, world(args.firearms), args.backend)
    os.environ["ARMSFLOW_DATABASE_URL"] = url

    from fastapi.testclient import TestClient
    from sqlalchemy.orm import Session

    from armsflow.db.session import make_engine
    from armsflow.graph import service, store
    from armsflow.graph.export import everything
    from armsflow.graph.ids import Kind
    from armsflow.settings import Settings
    from armsflow.web.app import create_app

    lines: list[str] = []

    def figure(what: str, value: str) -> None:
        line = f"| {what} | {value} | {load1():.1f} |"
        lines.append(line)
        log(line)

    engine = make_engine(url)
    def clocks() -> tuple[float, float]:
        return time.perf_counter(), time.process_time()

    def spent(since: tuple[float, float]) -> str:
        wall, cpu = clocks()
        return f"{wall - since[0]:.1f} s wall, {cpu - since[1]:.1f} s CPU"

    with Session(engine) as db:
        t0 = clocks()
        built = store.build(db)
        g = built.graph
        figure(f"build: read facts and assemble ({g.n_nodes:,} nodes, {g.n_edges:,} links)",
               spent(t0))
        t2 = clocks()
        state = built.view(everything(db))
        figure("visibility masks and degrees, one view", spent(t2))
        t3 = clocks()
        labels = state.community(g, service.options())
        sizes = np.bincount(labels[labels > 0])
        figure(f"communities ({int(labels.max()):,}; largest {int(sizes.max(initial=0))}, "
               f"nodes in one {int((labels > 0).sum()):,})", spent(t3))
        figure("build + communities", spent(t0))
        kinds = {k.label: int((g.kind == k).sum()) for k in Kind}
        log(f"nodes by kind: {kinds}")
        deg = state.degree
        busiest = np.argsort(-deg)[:20]
        rng = random.Random(7)
        # the analyst (a tracing-centre analyst) sees every node but possessors known only
        # from other agencies' traces
        seen = np.flatnonzero(~((g.kind == Kind.PERSON) & (g.key < 0)))
        sample = [int(seen[rng.randrange(len(seen))]) for _ in range(args.samples)]
        from armsflow.graph.present import node_ids
        ids = node_ids(db, g, [*sample, *busiest.tolist()])
    store.forget()
    token = analyst(url)
    settings = Settings(database_url=url, data_dir=DATA)
    app = create_app(settings, make_engine(url))
    with TestClient(app) as client:
        head = {"Authorization": f"Bearer {token}"}
        t5 = time.perf_counter()
        r = client.get(f"/api/v1/graph/nodes/{ids[sample[0]]}/neighbors", headers=head)
        while r.status_code == 503:  # the first build runs in the background
            time.sleep(1)
            r = client.get(f"/api/v1/graph/nodes/{ids[sample[0]]}/neighbors", headers=head)
        assert r.status_code == 200, r.text
        figure("server start to first answer (background build, then the caller's view)",
               f"{time.perf_counter() - t5:.1f} s")
        times, hub_times, sizes_seen = [], [], []
        for i in sample:
            t = time.perf_counter()
            r = client.get(f"/api/v1/graph/nodes/{ids[i]}/neighbors", headers=head)
            times.append(time.perf_counter() - t)
            assert r.status_code == 200, r.text
            sizes_seen.append(len(r.json()["nodes"]))
        for i in busiest.tolist():
            t = time.perf_counter()
            r = client.get(f"/api/v1/graph/nodes/{ids[i]}/neighbors", headers=head)
            hub_times.append(time.perf_counter() - t)
            assert r.status_code == 200, r.text
        ms = [1000 * x for x in times]
        figure(f"expand a node (neighbour endpoint), {len(ms)} random nodes, "
               f"median {statistics.median(sizes_seen):.0f} nodes returned",
               f"p50 {pct(ms, .5):.0f} ms, p95 {pct(ms, .95):.0f} ms, max {max(ms):.0f} ms")
        hub = [1000 * x for x in hub_times]
        figure(f"expand one of the 20 busiest nodes ({int(deg[busiest[0]]):,} links at most; "
               f"200 returned)", f"p50 {pct(hub, .5):.0f} ms, max {max(hub):.0f} ms")
    report = OUT / f"graph-{args.backend}.md"
    report.write_text("| measure | figure | load (1 min) |\n|---|---|---|\n" + "\n".join(lines)
                      + "\n")
    log(f"wrote {report}")


if __name__ == "__main__":
    main()
