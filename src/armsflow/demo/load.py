"""Load the demo world through the same import path users take, and print the demo logins."""

from __future__ import annotations

import csv
import json
import secrets
from pathlib import Path

from rich.console import Console
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from armsflow.audit.service import SYSTEM
from armsflow.auth import service as auth
from armsflow.auth.models import Agency, User
from armsflow.db.migrate import upgrade
from armsflow.db.session import make_engine, make_sessionmaker
from armsflow.demo.world import World, build_world
from armsflow.imports.report import ImportReport
from armsflow.imports.service import import_file
from armsflow.settings import Settings, get_settings

AGENCIES = [
    ("WVATF0900", "ATF National Tracing Center", "federal", "US", "WV"),
    ("DCICE0000", "Homeland Security Investigations", "federal", "US", "DC"),
    ("TXHPD0000", "Houston Police Department", "local", "US", "TX"),
    ("MXFGR0000", "Fiscalía General de la República", "foreign", "MX", None),
]
USERS = [  # username, full name, agency, roles, language
    ("admin", "Avery Admin", "WVATF0900", ["administrator"], "en"),
    ("analyst", "Dana Analyst", "WVATF0900", ["analyst"], "en"),
    ("investigator", "Ivan Investigator", "DCICE0000", ["investigator"], "en"),
    ("requester", "Rosa Requester", "TXHPD0000", ["requester"], "en"),
    ("fgr", "Fernanda Ruiz", "MXFGR0000", ["requester", "investigator"], "es"),
]
ORDER = ["licensees", "purchasers", "transfers", "multiple-sales", "thefts", "imports", "nfa"]
SHARED = Path(__file__).resolve().parents[3].parent / "shared"
VIRGINIA = SHARED / "data/atf/ffl_list_virginia_2025-01.csv"


def write_world(world: World, folder: Path) -> dict[str, Path]:
    """Write each kind as a CSV file in exchange format 1.0."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for kind in ORDER:
        rows = getattr(world, kind.replace("-", "_"))
        if not rows:
            continue
        path = folder / f"{kind}.csv"
        fields = [k for k in rows[0] if not k.startswith("_")]
        with path.open("w", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=fields, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        files[kind] = path
    return files


def _accounts(db: Session, logins_file: Path) -> dict[str, str]:
    known: dict[str, str] = json.loads(logins_file.read_text()) if logins_file.exists() else {}
    for ori, name, kind, country, state in AGENCIES:
        if db.scalar(select(Agency).where(Agency.ori == ori)) is None:
            auth.create_agency(db, actor=SYSTEM, ori=ori, name=name, kind=kind,
                               country=country, state=state)
    for username, full_name, ori, roles, lang in USERS:
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


def _import_all(factory: sessionmaker[Session], files: dict[str, Path], console: Console) -> None:
    for kind, path in files.items():
        report = import_file(factory, kind, path, actor=SYSTEM)
        _say(console, kind, report)
    if VIRGINIA.exists():
        report = import_file(factory, "licensees", VIRGINIA, actor=SYSTEM, default_state="VA")
        _say(console, "licensees (real ATF list, Virginia, Jan 2025)", report)


def load_demo(console: Console, settings: Settings | None = None) -> dict[str, str]:
    """Migrate, create demo agencies and users, import the demo world; returns the logins."""
    settings = settings or get_settings()
    engine = make_engine(settings.resolved_database_url())
    upgrade(engine)
    factory = make_sessionmaker(engine)
    with factory() as db:
        logins = _accounts(db, settings.data_dir / "demo-logins.txt")
        db.commit()
    console.print("Loading the demo registry (synthetic people, fictitious license numbers):")
    _import_all(factory, write_world(build_world(), settings.data_dir / "demo"), console)
    engine.dispose()
    table = Table(title=f"Demo logins for http://{settings.host}:{settings.port}/")
    for col in ("username", "password", "agency", "roles"):
        table.add_column(col)
    for username, _name, ori, roles, _lang in USERS:
        table.add_row(username, logins[username], ori, ", ".join(roles))
    console.print(table)
    return logins
