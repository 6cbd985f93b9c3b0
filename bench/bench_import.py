"""Bulk import benchmark: licensees, purchasers and transfers on SQLite and PostgreSQL.

    python bench/bench_import.py --rows 1000000

Generates (seeded, deterministic) a licensee list in ATF layout (~2,000 licensees:
manufacturers, importers, distributors, dealers), ~200,000 synthetic purchasers and a
transfers file of ``--rows`` movements (maker or importer -> distributor -> dealer ->
purchaser), then imports them into a fresh SQLite file and a fresh PostgreSQL database
(created through ``--pg-admin`` and dropped after), each import in its own subprocess.
The transfer file is imported twice: the second run is the idempotent path (nothing
changes). Peak RSS is the child's ``ru_maxrss`` (os.wait4). Writes bench/out/import.md.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import random
import shutil
import subprocess
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"

MAKERS = [("Glock", "AT"), ("Smith & Wesson", "US"), ("Sturm, Ruger & Co.", "US"),
          ("SIG Sauer", "US"), ("Colt", "US"), ("Beretta", "IT"), ("Taurus", "BR"),
          ("Springfield Armory", "US"), ("Remington", "US"), ("Mossberg", "US"),
          ("Kel-Tec", "US"), ("Hi-Point", "US"), ("Century Arms", "RO"), ("CZ", "CZ"),
          ("Heckler & Koch", "DE"), ("Walther", "DE"), ("Savage Arms", "US"),
          ("Henry Repeating Arms", "US"), ("Bersa", "AR"), ("Norinco", "CN")]
GUNS = [("G19", "9mm Luger", "PI"), ("M&P Shield", "9mm", "PI"), ("LCP", ".380 ACP", "PI"),
        ("AR-15", "5.56 NATO", "RI"), ("870", "12 GA", "SP"), ("686", ".357 Magnum", "PR"),
        ("10/22", "22LR", "RI"), ("1911", ".45 ACP", "PI"), ("WASR-10", "7.62x39", "RI")]
LAST = ["Smith", "Garcia", "Nguyen", "Brown", "Lopez", "Miller", "Davis", "Wilson",
        "Martinez", "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "White", "Harris"]
FIRST = ["Alex", "Sam", "Jordan", "Taylor", "Casey", "Riley", "Morgan", "Jamie", "Robin",
         "Avery", "Quinn", "Drew", "Jesse", "Kerry", "Lee", "Rowan"]
LIC_HEADER = ["LIC_REGN", "LIC_DIST", "LIC_CNTY", "LIC_TYPE", "LIC_XPRDTE", "LIC_SEQN",
              "LICENSE_NAME", "BUSINESS_NAME", "PREMISE_STREET", "PREMISE_CITY",
              "PREMISE_STATE", "PREMISE_ZIP_CODE", "MAIL_STREET", "MAIL_CITY", "MAIL_STATE",
              "MAIL_ZIP_CODE", "VOICE_PHONE"]
TRANSFER_HEADER = ["serial_number", "manufacturer", "model", "caliber", "firearm_type",
                   "country_of_manufacture", "importer", "from_license", "to_license",
                   "to_purchaser_id", "transfer_date"]


NOTES = """- wall s: time of the import_file() call in a fresh child process (parse, validate,
  stage, check, store, commit); rows/s = rows / wall s.
- peak RSS: ru_maxrss of that child (os.wait4). On SQLite it includes SQLite's page cache
  (200 MB, set in armsflow.db.dialect.sqlite_on_connect) and the 32 MB temp-table cache;
  the Python side is bounded by the chunk size (ARMSFLOW_IMPORT_CHUNK_ROWS) and the
  per-column caches, not by the file size.
- "again": the same transfer file a second time: every row checked, nothing changes.
- PostgreSQL is bound by the server's per-row work on the 1M inserted transfers: five
  foreign-key trigger checks per row and four indexes; parsing overlaps with it.
"""


def _districts() -> list[tuple[str, str, str]]:
    from armsflow.types.ffl import DISTRICTS_BY_REGION

    return [(r, d, states.split("/")[0]) for r, ds in sorted(DISTRICTS_BY_REGION.items())
            for d, states in sorted(ds.items())]


def write_licensees(path: Path, rng: random.Random) -> dict[str, list[str]]:
    """~2,000 licensees; returns their FFL numbers by role."""
    districts = _districts()
    roles = {"maker": 40, "importer": 20, "distributor": 140, "dealer": 1800}
    types = {"maker": "07", "importer": "08", "distributor": "01", "dealer": "01"}
    numbers: dict[str, list[str]] = {role: [] for role in roles}
    seq = 0
    with path.open("w", newline="") as fh:
        out = csv.writer(fh, delimiter="\t", lineterminator="\n")
        out.writerow(LIC_HEADER)
        for role, count in roles.items():
            for _ in range(count):
                seq += 1
                region, district, state = rng.choice(districts)
                county = f"{rng.randint(1, 199):03d}"
                name = f"{rng.choice(LAST).upper()} {role.upper()} {seq}"
                out.writerow([region, district, county, types[role], "5A", f"{seq:05d}",
                              name, f"{name} LLC", f"{seq} MAIN ST", "SPRINGFIELD", state,
                              f"{rng.randint(10000, 99999)}", "", "", "", "", "5555550100"])
                numbers[role].append(f"{region}-{district}-{county}-{types[role]}-5A-{seq:05d}")
    return numbers


def write_purchasers(path: Path, count: int, rng: random.Random) -> None:
    start = date(1940, 1, 1)
    with path.open("w", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["purchaser_id", "last_name", "first_name", "middle_name", "dob", "sex",
                      "street", "city", "state", "zip"])
        for i in range(count):
            dob = start + timedelta(days=rng.randint(0, 60 * 365))
            out.writerow([f"P{i:07d}", rng.choice(LAST), rng.choice(FIRST), "",
                          dob.isoformat(), rng.choice("MF"), f"{i % 9999} Oak St",
                          "Springfield", rng.choice(["TX", "AZ", "VA", "CA"]),
                          f"{rng.randint(10000, 99999)}"])


def write_transfers(path: Path, rows: int, purchasers: int, lic: dict[str, list[str]],
                    rng: random.Random) -> None:
    """Each gun: maker (or importer) -> distributor -> dealer -> purchaser."""
    base = date(2015, 1, 1)
    with path.open("w", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(TRANSFER_HEADER)
        written = gun = 0
        while written < rows:
            gun += 1
            maker, country = MAKERS[gun % len(MAKERS)]
            model, caliber, typ = GUNS[gun % len(GUNS)]
            imported = country != "US"
            source = rng.choice(lic["importer" if imported else "maker"])
            importer = "Century International Arms" if imported else ""
            chain = [source, rng.choice(lic["distributor"]), rng.choice(lic["dealer"])]
            day = base + timedelta(days=rng.randint(0, 2500))
            firearm = [f"{maker[:2].upper()}{gun:08d}", maker, model, caliber, typ, country,
                       importer]
            moves = []
            for frm, to in itertools.pairwise(chain):
                moves.append([*firearm, frm, to, "", day.isoformat()])
                day += timedelta(days=rng.randint(1, 60))
            moves.append([*firearm, chain[-1], "", f"P{rng.randrange(purchasers):07d}",
                          day.isoformat()])
            out.writerows(moves[: rows - written])
            written += len(moves)


def generate(workdir: Path, rows: int, purchasers: int) -> dict[str, Path]:
    rng = random.Random(20240501)  # synthetic data, seeded
    files = {"licensees": workdir / "licensees.tsv", "purchasers": workdir / "purchasers.csv",
             "transfers": workdir / "transfers.csv"}
    lic = write_licensees(files["licensees"], rng)
    write_purchasers(files["purchasers"], purchasers, rng)
    write_transfers(files["transfers"], rows, purchasers, lic, rng)
    return files


def child(url: str, kind: str, path: Path) -> None:
    """Run one import (in a subprocess) and print its outcome as JSON."""
    from armsflow.audit.service import SYSTEM
    from armsflow.db.session import make_engine, make_sessionmaker
    from armsflow.imports import import_file

    engine = make_engine(url)
    started = time.perf_counter()
    report = import_file(make_sessionmaker(engine), kind, path, actor=SYSTEM)
    elapsed = time.perf_counter() - started
    engine.dispose()
    print(json.dumps({"status": report.status, "rows": report.rows_total,
                      "stored": report.rows_stored, "unchanged": report.rows_unchanged,
                      "rejected": report.rows_rejected, "seconds": elapsed,
                      "errors": [e.reason for e in report.errors[:5]]}))


def run_child(url: str, kind: str, path: Path) -> dict[str, object]:
    cmd = [sys.executable, __file__, "--child", url, kind, str(path)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE)  # noqa: S603 - our own script
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{kind} import failed on {url}")
    result: dict[str, object] = json.loads(output)
    result["rss_mb"] = usage.ru_maxrss / 1024
    return result


def migrate(url: str) -> None:
    from armsflow.db.migrate import upgrade
    from armsflow.db.session import make_engine

    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()


def bench_backend(name: str, url: str, files: dict[str, Path]) -> list[list[str]]:
    migrate(url)
    lines = []
    plan = [("licensees", "licensees"), ("purchasers", "purchasers"),
            ("transfers", "transfers"), ("transfers (again)", "transfers")]
    for label, kind in plan:
        r = run_child(url, kind, files[kind])
        secs = float(str(r["seconds"]))
        rows = int(str(r["rows"]))
        print(f"  {name} {label}: {r}", flush=True)
        lines.append([name, label, f"{rows:,}", str(r["status"]), f"{secs:.1f}",
                      f"{rows / secs:,.0f}", f"{float(str(r['rss_mb'])):,.0f}"])
    return lines


def with_pg_database(admin: str, files: dict[str, Path]) -> list[list[str]]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    db = f"armsflow_bench_{uuid.uuid4().hex[:8]}"
    eng = create_engine(admin, isolation_level="AUTOCOMMIT")
    with eng.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{db}"'))
    try:
        url = make_url(admin).set(database=db).render_as_string(hide_password=False)
        return bench_backend("PostgreSQL", url, files)
    finally:
        with eng.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'))
        eng.dispose()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--purchasers", type=int, default=200_000)
    ap.add_argument("--pg-admin", default=os.environ.get("ARMSFLOW_BENCH_PG_ADMIN", PG_ADMIN))
    ap.add_argument("--skip-pg", action="store_true")
    ap.add_argument("--keep-data", action="store_true", help="keep the generated files")
    ap.add_argument("--child", nargs=3, metavar=("URL", "KIND", "FILE"))
    args = ap.parse_args()
    if args.child:
        if os.environ.get("BENCH_DEBUG"):
            import logging

            logging.basicConfig(level=logging.DEBUG, format="%(asctime)s %(message)s")
            logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
        child(args.child[0], args.child[1], Path(args.child[2]))
        return
    work = OUT / "import-data"
    work.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    files = generate(work, args.rows, args.purchasers)
    print(f"generated in {time.perf_counter() - t0:.1f} s: "
          + ", ".join(f"{p.name} {p.stat().st_size / 1e6:.0f} MB" for p in files.values()))
    db = work / "bench.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    try:
        lines = bench_backend("SQLite", f"sqlite:///{db}", files)
        if not args.skip_pg:
            lines += with_pg_database(args.pg_admin, files)
    finally:
        if not args.keep_data:
            shutil.rmtree(work, ignore_errors=True)
    table = ["| database | import | rows | status | wall s | rows/s | peak RSS MB |",
             "|---|---|---:|---|---:|---:|---:|"]
    table += ["| " + " | ".join(line) + " |" for line in lines]
    text_out = "\n".join(table)
    print(text_out)
    header = (f"Bulk import, {args.rows:,} transfer rows, {os.cpu_count()} cores "
              f"({time.strftime('%Y-%m-%d')}).\n\n")
    (OUT / "import.md").write_text(header + text_out + "\n\n" + NOTES)


if __name__ == "__main__":
    main()
