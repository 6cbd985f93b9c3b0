"""Load the demo world: a small simulated world (issue 3), imported through the same paths
users take (registry importer, trace submission, resolution worker), plus demo logins.

Re-running is safe: the simulator is deterministic and every load is idempotent.
"""

from __future__ import annotations

import csv
import json
import secrets
from collections import Counter
from importlib import import_module
from pathlib import Path

from rich.console import Console
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from armsflow.audit.service import SYSTEM
from armsflow.auth import service as auth
from armsflow.auth.models import Agency, User
from armsflow.db.migrate import upgrade
from armsflow.db.session import make_engine, make_sessionmaker, unit_of_work
from armsflow.imports.report import ImportReport
from armsflow.imports.service import import_file
from armsflow.settings import Settings, get_settings
from armsflow.simulate import REGISTRY_ORDER, SimConfig, simulate
from armsflow.web.app import FEATURES

DEMO = SimConfig(firearms=20_000, seed=2016, year=2022)
HQ = [  # agencies that do not request traces but work with them
    ("WVATF0900", "ATF National Tracing Center", "federal", "US", "WV"),
    ("DCICE0000", "Homeland Security Investigations", "federal", "US", "DC"),
]
SHARED = Path(__file__).resolve().parents[3].parent / "shared"
VIRGINIA = SHARED / "data/atf/ffl_list_virginia_2025-01.csv"


def _busiest(folder: Path, prefix: str, kind: str) -> str:
    """The ORI of the agency of ``kind`` whose ORI starts with ``prefix`` that asked most."""
    with (folder / "agencies.csv").open() as fh:
        kinds = {r["ori"]: r["kind"] for r in csv.DictReader(fh)}
    with (folder / "trace_requests.csv").open() as fh:
        asked = Counter(r["agency_ori"] for r in csv.DictReader(fh))
    return max((n, ori) for ori, n in asked.items()
               if ori.startswith(prefix) and kinds.get(ori) == kind)[1]


def _users(folder: Path) -> list[tuple[str, str, str, list[str], str]]:
    """username, full name, agency ORI, roles, language."""
    return [
        ("admin", "Avery Admin", "WVATF0900", ["administrator"], "en"),
        ("analyst", "Dana Analyst", "WVATF0900", ["analyst"], "en"),
        ("investigator", "Ivan Investigator", "DCICE0000", ["investigator"], "en"),
        ("requester", "Rosa Requester", _busiest(folder, "TX", "local"), ["requester"], "en"),
        ("fgr", "Fernanda Ruiz", _busiest(folder, "MX", "foreign"),
         ["requester", "investigator"], "es"),
    ]


def _agencies(db: Session, folder: Path) -> None:
    with (folder / "agencies.csv").open() as fh:
        rows = [(r["ori"], r["name"], r["kind"], r["country"], r["state"] or None)
                for r in csv.DictReader(fh)]
    known = set(db.scalars(select(Agency.ori)))
    for ori, name, kind, country, state in [*HQ, *rows]:
        if ori not in known:
            auth.create_agency(db, actor=SYSTEM, ori=ori, name=name, kind=kind,
                               country=country, state=state)
            known.add(ori)


def _accounts(db: Session, folder: Path, logins_file: Path) -> dict[str, str]:
    known: dict[str, str] = json.loads(logins_file.read_text()) if logins_file.exists() else {}
    for username, full_name, ori, roles, lang in _users(folder):
        if db.scalar(select(User).where(User.username == username)) is None:
            password = known.get(username) or f"{secrets.token_urlsafe(9)}-1"
            auth.create_user(db, actor=SYSTEM, username=username, password=password,
                             full_name=full_name, agency_ori=ori, roles=roles, language=lang)
            known[username] = password
    logins_file.write_text(json.dumps(known, indent=1))
    logins_file.chmod(0o600)
    return known


def _say(console: Console, what: str, report: ImportReport) -> None:
    console.print(f"  {what}: {report.status}; {report.rows_stored} rows stored, "
                  f"{report.rows_unchanged} unchanged, {report.rows_rejected} rejected")
    for err in report.errors[:5]:
        console.print(f"    row {err.row}, {err.column}: {err.reason}")


def _registry(factory: sessionmaker[Session], folder: Path, console: Console) -> None:
    for kind in REGISTRY_ORDER:
        path = folder / f"{kind}.csv"
        if path.exists():
            _say(console, kind, import_file(factory, kind, path, actor=SYSTEM))
    if VIRGINIA.exists():
        report = import_file(factory, "licensees", VIRGINIA, actor=SYSTEM, default_state="VA")
        _say(console, "licensees (real ATF list, Virginia, Jan 2025)", report)


def _traces(factory: sessionmaker[Session], folder: Path, secret: str, console: Console) -> None:
    from armsflow.tracing import service
    from armsflow.tracing.bulk import read_file
    from armsflow.tracing.exports import load_exports
    from armsflow.tracing.worker import RunOptions, run_loop

    with unit_of_work(factory) as db:
        n, errors = load_exports(db, folder / "exports.csv")
        if errors:
            raise RuntimeError(f"demo exports rejected: {errors[:3]}")
    parsed = read_file(folder / "trace_requests.csv")
    if parsed.errors:
        raise RuntimeError(f"demo trace requests rejected: {parsed.errors[:3]}")
    with unit_of_work(factory) as db:
        report = service.submit(db, parsed.drafts, actor="demo")
        if not report.ok:
            raise RuntimeError(f"demo trace requests rejected: {report.errors[:3]}")
    resolved = run_loop(factory, RunOptions(secret=secret))
    console.print(f"  exports: {n} records; traces: {report.stored} submitted, "
                  f"{report.unchanged} already on file, {resolved} resolved")


def load_demo(console: Console, settings: Settings | None = None) -> dict[str, str]:
    """Migrate, simulate, import, trace; create demo agencies and users; return the logins."""
    settings = settings or get_settings()
    folder = settings.data_dir / "demo"
    console.print(f"Simulating the demo world ({DEMO.firearms:,} firearms, seed {DEMO.seed}; "
                  "synthetic people, fictitious licence numbers)...")
    simulate(DEMO, folder)
    engine = make_engine(settings.resolved_database_url())
    upgrade(engine)
    factory = make_sessionmaker(engine)
    with unit_of_work(factory) as db:
        _agencies(db, folder)
        logins = _accounts(db, folder, settings.data_dir / "demo-logins.txt")
    _registry(factory, folder, console)
    _traces(factory, folder, settings.resolved_secret_key(), console)
    for feature in FEATURES:  # analytics, leads, cases...: each loads its own demo data
        import_module(f"armsflow.{feature}.demo").load_demo(factory, folder)
    engine.dispose()
    _print_logins(console, settings, folder, logins)
    return logins


def _print_logins(console: Console, settings: Settings, folder: Path,
                  logins: dict[str, str]) -> None:
    table = Table(title=f"Demo logins for http://{settings.host}:{settings.port}/")
    for col in ("username", "password", "agency", "roles"):
        table.add_column(col)
    for username, _name, ori, roles, _lang in _users(folder):
        table.add_row(username, logins[username], ori, ", ".join(roles))
    console.print(table)
