"""Target-deconfliction benchmark: a new case with 50 identifiers against 1 million
registered identifiers (and 100,000 traces), on SQLite and PostgreSQL.

    python bench/bench_cases.py --identifiers 1000000 --runs 100 [--keep | --reuse]

Loads (seeded, deterministic) ``--identifiers`` identifiers into 20,000 open cases of one
agency (persons with dates of birth, firearms, phones, plates, VINs, e-mail, addresses,
businesses), 100,000 traces of a third agency with serials and possessors, then registers
``--runs`` new cases of another agency, each with 50 identifiers (about one in ten matching
something: exact keys, a misspelt person with the same date of birth, a traced serial).
Each run is rolled back so every run sees the same data. Times: ``deconflict`` alone
(matching + raising hits + notifications) and the whole registration (``store_case``).
"deconflict CPU" is the benchmark process's own CPU time for the same step: on SQLite (in
process) it is what the step costs when the machine is not shared; on PostgreSQL the
server's share is not in it. Writes bench/out/cases.md.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
FIRST = ["ANA", "JOSE", "MARIA", "LUIS", "CARLOS", "SOFIA", "JUAN", "ELENA", "PEDRO", "ROSA",
         "JAMES", "MARY", "JOHN", "LINDA", "DAVID", "SUSAN", "MIGUEL", "LAURA", "JORGE", "EVA"]
LAST = ["GARCIA", "LOPEZ", "MARTINEZ", "HERNANDEZ", "SMITH", "JOHNSON", "BROWN", "QUINTERO",
        "RAMIREZ", "TORRES", "FLORES", "RIVERA", "GOMEZ", "DIAZ", "REYES", "MORALES", "CRUZ",
        "ORTIZ", "GUTIERREZ", "CHAVEZ", "WILSON", "TAYLOR", "MOORE", "WHITE", "CLARK"]
MAKERS = ["GLOCK", "SMITH AND WESSON", "STURM RUGER", "SIG SAUER", "COLT", "TAURUS"]
STATES = ["TX", "AZ", "CA", "NM", "FL", "GA", "VA", "NY"]
BASE_DOB = date(1950, 1, 1)


def _dob(rng: random.Random) -> date:
    return BASE_DOB + timedelta(days=rng.randrange(365 * 55))


def _identifier(i: int) -> tuple[str, str, str, str | None, date | None]:
    """kind, key, qualifier, block, dob of identifier ``i``: the stored form (keys as the
    parsers make them), deterministic per ``i`` so probes can aim at stored ones."""
    rng = random.Random(i)
    r = i % 10
    if r in (0, 1):
        dob = _dob(rng)
        name = " ".join(sorted([rng.choice(FIRST), rng.choice(LAST), f"X{i:07d}"]))
        return "person", f"{name}|{dob.isoformat()}", "", dob.isoformat(), dob
    if r in (2, 3):
        return "firearm", f"S{i:09d}", rng.choice(MAKERS), None, None
    if r == 4:
        return "phone", f"+1{rng.randrange(2_000_000_000, 9_999_999_999)}", "", None, None
    if r == 5:
        return "plate", f"{rng.choice(STATES)}:P{i:07d}", "", None, None
    if r == 6:
        return "vin", f"VIN{i:014d}", "", None, None
    if r == 7:
        return "email", f"user{i}@example.org", "", None, None
    if r == 8:
        return "address", f"{i} MAIN ST APT {i % 97}", "", None, None
    return "business", f"BUSINESS {i}", "", None, None


def load(url: str, n: int, seed: int) -> dict[str, int]:
    from armsflow.audit.service import SYSTEM
    from armsflow.auth import service as auth
    from armsflow.db.dialect import bulk_load
    from armsflow.db.migrate import upgrade
    from armsflow.db.session import make_engine, make_sessionmaker

    engine = make_engine(url)
    upgrade(engine)
    sessions = make_sessionmaker(engine)
    with sessions() as db:
        ids = {}
        for ori, name in (("WVATF0900", "ATF"), ("DCICE0000", "HSI"), ("TXHPD0000", "HPD")):
            agency = auth.create_agency(db, actor=SYSTEM, ori=ori, name=name, kind="federal",
                                        country="US", state="TX")
            user = auth.create_user(db, actor=SYSTEM, username=f"u{ori.lower()}",
                                    password="bench-password-1",  # noqa: S106
                                    full_name=name, agency_ori=ori, roles=["investigator"])
            ids[ori] = agency.id
            ids[f"user_{ori}"] = user.id
        db.commit()
    rng = random.Random(seed)
    now = datetime.now(UTC)
    per_case = 50
    n_cases = max(n // per_case, 1)
    with engine.begin() as conn:
        bulk_load(conn, "cases", ["id", "agency_id", "case_number", "title", "lead_agency",
                                  "status", "international", "offense", "case_agent_id",
                                  "poc_name", "opened_on", "created_at", "created_by"],
                  ((c + 1, ids["WVATF0900"], f"C{c:07d}", f"Case {c}", "ATF", "open", False,
                    "Trafficking", ids["user_WVATF0900"], "Agent", date(2025, 1, 1), now,
                    "bench") for c in range(n_cases)))
        bulk_load(conn, "case_identifiers",
                  ["id", "case_id", "kind", "key", "qualifier", "block", "display", "dob",
                   "added_at", "added_by"],
                  ((i + 1, i // per_case + 1, *_row(i), now, "bench") for i in range(n)))
        bulk_load(conn, "traces",
                  ["id", "agency_id", "request_ref", "submitted_by", "submitted_at",
                   "recovery_date", "recovery_country", "priority", "item_kind",
                   "serial_obliterated", "status", "attempts", "serial_raw", "serial_norm",
                   "maker_key", "possessor_first_name", "possessor_last_name", "possessor_dob"],
                  ((t + 1, ids["TXHPD0000"], f"T{t:07d}", "bench", now, date(2025, 1, 1), "US",
                    "routine", "firearm", False, "completed", 1, f"T{t:08d}", f"T{t:08d}",
                    rng.choice(MAKERS), rng.choice(FIRST), rng.choice(LAST), _dob(rng))
                   for t in range(100_000)))
        if conn.dialect.name == "postgresql":
            for table in ("cases", "case_identifiers", "traces"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT max(id) FROM {table}))"))
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    engine.dispose()
    return ids


def _row(i: int) -> tuple[str, str, str, str | None, str, date | None]:
    kind, key, qual, block, dob = _identifier(i)
    return kind, key, qual, block, key[:260], dob


def probes(rng: random.Random, n: int) -> list[dict[str, str]]:
    """50 identifiers as a user types them; two match: a stored person misspelt with the
    same date of birth (fuzzy) and a stored serial (exact)."""
    out: list[dict[str, str]] = []
    for k in range(50):
        hit = k in (0, 1)
        i = rng.randrange(n)
        r = k % 5
        if r == 0:
            if hit:  # a stored person, misspelt, same date of birth
                stored = _identifier(i - i % 10)
                out.append({"kind": "person", "value": stored[1].split("|")[0] + "E",
                            "dob": stored[4].isoformat() if stored[4] else ""})
            else:
                out.append({"kind": "person", "value": f"{rng.choice(FIRST)} "
                            f"{rng.choice(LAST)} Z{k}", "dob": _dob(rng).isoformat()})
        elif r == 1:
            serial = f"S{(i - i % 10 + 2):09d}" if hit else f"N{rng.randrange(10**9):09d}"
            out.append({"kind": "firearm", "value": serial, "manufacturer": "Glock"})
        elif r == 2:
            out.append({"kind": "phone", "value": f"+52 {rng.randrange(10**9, 10**10)}"})
        elif r == 3:
            out.append({"kind": "email", "value": f"user{i - i % 10 + 7}@example.org"
                        if hit else f"nobody{rng.randrange(10**8)}@example.net"})
        else:
            out.append({"kind": "plate", "value": f"Q{rng.randrange(10**6)}", "state": "TX"})
    return out


def measure(url: str, n: int, runs: int, seed: int) -> dict[str, float]:
    from armsflow.audit.service import Actor
    from armsflow.cases.drafts import parse_case, parse_identifiers
    from armsflow.cases.matching import Probe, find_matches
    from armsflow.cases.service import HitRules, deconflict, store_case
    from armsflow.db.session import make_engine, make_sessionmaker

    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    rng = random.Random(seed + 1)
    rules = HitRules()
    with sessions() as db:
        agency_id = db.execute(text("SELECT id FROM agencies WHERE ori='DCICE0000'")).scalar_one()
        user_id = db.execute(text("SELECT id FROM users WHERE username='udcice0000'")).scalar_one()
    actor = Actor(user_id, "udcice0000", "DCICE0000")
    decon, total, hits, match, cpu = [], [], [], [], []
    for run in range(runs + 3):  # three warm-up runs
        draft, _ = parse_case({"case_number": f"NEW-{run}", "title": "t", "lead_agency": "HSI",
                               "offense": "o"})
        assert draft is not None
        draft.identifiers, bad = parse_identifiers(probes(rng, n))
        assert not bad, bad
        with sessions() as db:
            t0 = time.perf_counter()
            case, _ = store_case(db, agency_id, actor, draft, rules,
                                 default_agent_id=user_id, deconflict_now=False)
            t1, c1 = time.perf_counter(), time.process_time()
            raised = deconflict(db, case, case.identifiers, rules, just_added=True)
            t2, c2 = time.perf_counter(), time.process_time()
            probes_ = [Probe(i.id, i.kind, i.key, i.qualifier, i.block) for i in case.identifiers]
            t3 = time.perf_counter()
            find_matches(db, agency_id, probes_, rules.fuzzy_threshold)
            match.append((time.perf_counter() - t3) * 1000)
            db.rollback()
        if run >= 3:
            cpu.append((c2 - c1) * 1000)
            decon.append((t2 - t1) * 1000)
            total.append((t2 - t0) * 1000)
            hits.append(len(raised))
    engine.dispose()
    q = statistics.quantiles
    match = match[3:]
    return {"match_p50": statistics.median(match), "match_p95": q(match, n=20)[18],
            "cpu_p50": statistics.median(cpu), "cpu_p95": q(cpu, n=20)[18],
            "deconflict_p50": statistics.median(decon), "deconflict_p95": q(decon, n=20)[18],
            "total_p50": statistics.median(total), "total_p95": q(total, n=20)[18],
            "hits_per_case": statistics.mean(hits)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--identifiers", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    ap.add_argument("--pg-admin", default=PG_ADMIN)
    ap.add_argument("--keep", action="store_true",
                    help="keep the loaded databases (bench/out/bench_cases.sqlite and "
                         "armsflow_bench_cases) to measure again with --reuse")
    ap.add_argument("--reuse", action="store_true",
                    help="measure against the databases kept by an earlier --keep run")
    args = ap.parse_args()
    OUT.mkdir(exist_ok=True)
    results = []
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    for backend in backends:
        admin = None
        keep = args.keep or args.reuse
        if backend == "sqlite":
            path = OUT / "bench_cases.sqlite"
            if not args.reuse:
                path.unlink(missing_ok=True)
            url = f"sqlite:///{path}"
        else:
            name = "armsflow_bench_cases" if keep else f"armsflow_bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(args.pg_admin, isolation_level="AUTOCOMMIT")
            if not args.reuse:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                    conn.execute(text(f'CREATE DATABASE "{name}"'))
            url = args.pg_admin.rsplit("/", 1)[0] + f"/{name}"
        try:
            t0 = time.perf_counter()
            if not args.reuse:
                load(url, args.identifiers, args.seed)
            load_s = time.perf_counter() - t0
            figures = measure(url, args.identifiers, args.runs, args.seed)
            results.append((backend, load_s, figures))
            print(backend, f"load {load_s:.1f} s", {k: round(v, 1) for k, v in figures.items()},
                  flush=True)
        finally:
            if admin is not None:
                if not keep:
                    with admin.connect() as conn:
                        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()
            elif backend == "sqlite" and not keep:
                (OUT / "bench_cases.sqlite").unlink(missing_ok=True)
    load_avg = os.getloadavg()[0]
    lines = [f"Deconfliction of a new case with 50 identifiers against {args.identifiers:,} "
             f"identifiers and 100,000 traces; {args.runs} runs "
             f"({datetime.now(UTC):%Y-%m-%d %H:%M} UTC, load average {load_avg:.1f} on "
             f"{os.cpu_count()} cores at the end).", "",
             "| database | load | matching p50 | matching p95 | deconflict p50 | deconflict p95 "
             "| deconflict CPU p50 / p95 | registration p50 | registration p95 | hits per case |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for backend, load_s, f in results:
        lines.append(f"| {backend} | {load_s:.0f} s | {f['match_p50']:.1f} ms | "
                     f"{f['match_p95']:.1f} ms | {f['deconflict_p50']:.1f} ms | "
                     f"{f['deconflict_p95']:.1f} ms | {f['cpu_p50']:.1f} / {f['cpu_p95']:.1f} ms | "
                     f"{f['total_p50']:.1f} ms | "
                     f"{f['total_p95']:.1f} ms | {f['hits_per_case']:.1f} |")
    (OUT / "cases.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    sys.exit(0)


if __name__ == "__main__":
    main()
