"""Shared fixtures. Database tests run on every backend: SQLite always, PostgreSQL when it is
reachable (mandatory when ARMSFLOW_REQUIRE_POSTGRES=1, as in CI)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from armsflow.db.base import Base
from armsflow.db.migrate import upgrade
from armsflow.db.session import make_engine, make_sessionmaker
from smtp_sink import Sink, running_sink

ADMIN_URL = os.environ.get(
    "ARMSFLOW_TEST_POSTGRES_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
REQUIRE_PG = os.environ.get("ARMSFLOW_REQUIRE_POSTGRES") == "1"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _pg_admin_reachable() -> str | None:
    """None when PostgreSQL answers, else the reason it does not."""
    try:
        eng = create_engine(ADMIN_URL, connect_args={"connect_timeout": 3})
        with eng.connect() as conn:
            conn.execute(text("SELECT 1"))
        eng.dispose()
        return None
    except Exception as exc:
        return f"{type(exc).__name__}: {str(exc).splitlines()[0]}"


_PG_PROBLEM: str | None = None
if not os.environ.get("ARMSFLOW_TEST_POSTGRES_URL"):
    _PG_PROBLEM = _pg_admin_reachable()


def pytest_report_header(config: pytest.Config) -> str:
    if os.environ.get("ARMSFLOW_TEST_POSTGRES_URL"):
        return "databases: sqlite, postgresql (ARMSFLOW_TEST_POSTGRES_URL)"
    if _PG_PROBLEM is None:
        return f"databases: sqlite, postgresql (temporary database via {ADMIN_URL})"
    return f"databases: sqlite only; PostgreSQL tests SKIPPED ({_PG_PROBLEM})"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "engine" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.db)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file; each test gets a copy (fast, fully isolated)."""
    path = tmp_path_factory.mktemp("sqlite") / "template.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A migrated PostgreSQL database for the session: given by CI or created and dropped here."""
    given = os.environ.get("ARMSFLOW_TEST_POSTGRES_URL")
    if given:
        engine = make_engine(given)
        upgrade(engine)
        engine.dispose()
        yield given
        return
    if _PG_PROBLEM is not None:
        if REQUIRE_PG:
            pytest.fail(f"PostgreSQL is required (ARMSFLOW_REQUIRE_POSTGRES=1): {_PG_PROBLEM}")
        pytest.skip(f"PostgreSQL not reachable, its tests are skipped: {_PG_PROBLEM}")
    name = f"armsflow_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _truncate_all(engine: Engine) -> None:
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> Iterator[Engine]:
    """A migrated, empty database on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "armsflow.sqlite"
        shutil.copy(sqlite_template, path)
        eng = make_engine(f"sqlite:///{path}")
    else:
        url = request.getfixturevalue("pg_url")
        eng = make_engine(url)
        _truncate_all(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def session_factory(engine: Engine) -> sessionmaker[Session]:
    return make_sessionmaker(engine)


@pytest.fixture
def db(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    session = session_factory()
    yield session
    session.rollback()
    session.close()


# ---------------------------------------------------------------- accounts and a tiny registry

PASSWORD = "correct-horse-42"

# username -> (agency ORI, roles)
ACCOUNTS: dict[str, tuple[str, list[str]]] = {
    "admin": ("WVATF0900", ["administrator"]),
    "analyst": ("WVATF0900", ["analyst"]),
    "investigator": ("WVATF0900", ["investigator"]),
    "requester": ("TXHPD0000", ["requester"]),
    "exporter": ("DCDOS0000", ["export_officer"]),
    "stockpile": ("DCDOS0000", ["stockpile_manager"]),
    "local_analyst": ("TXHPD0000", ["analyst"]),
    "fgr_investigator": ("MXFGR0000", ["investigator"]),
    "chief": ("WVATF0900", ["administrator", "analyst"]),
}
AGENCIES = [
    ("WVATF0900", "ATF National Tracing Center", "federal", "US", "WV"),
    ("TXHPD0000", "Houston Police Department", "local", "US", "TX"),
    ("DCDOS0000", "Department of State, DDTC", "federal", "US", "DC"),
    ("MXFGR0000", "Fiscalía General de la República", "foreign", "MX", None),
]


@pytest.fixture
def accounts(session_factory: sessionmaker[Session]) -> dict[str, int]:
    """Agencies and one user per role; returns username -> user id."""
    from armsflow.audit.service import SYSTEM
    from armsflow.auth import service as auth

    ids: dict[str, int] = {}
    with session_factory() as db:
        for ori, name, kind, country, state in AGENCIES:
            auth.create_agency(db, actor=SYSTEM, ori=ori, name=name, kind=kind,
                               country=country, state=state)
        for username, (ori, roles) in ACCOUNTS.items():
            user = auth.create_user(db, actor=SYSTEM, username=username, password=PASSWORD,
                                    full_name=username.title(), agency_ori=ori, roles=roles)
            ids[username] = user.id
        db.commit()
    return ids


@pytest.fixture
def registry_sample(session_factory: sessionmaker[Session]) -> dict[str, int]:
    """A manufacturer, a dealer, one pistol sold to one synthetic purchaser."""
    from datetime import date

    from armsflow.registry.models import Firearm, Licensee, Manufacturer, Purchaser, Transfer

    with session_factory() as db:
        maker_lic = Licensee(license_key="5-74-00001", ffl="5-74-201-07-6C-00001", region="5",
                             district="74", county="201", license_type="07", expiry="6C",
                             sequence="00001", license_name="LONE STAR ARMS LLC",
                             premise_city="Houston", premise_state="TX",
                             name_key="LONE STAR ARMS LLC")
        dealer = Licensee(license_key="5-86-00002", ffl="5-86-013-01-7F-00002", region="5",
                          district="86", county="013", license_type="01", expiry="7F",
                          sequence="00002", license_name="DESERT GUNS",
                          premise_city="Phoenix", premise_state="AZ", name_key="DESERT GUNS")
        maker = Manufacturer(key="LONE STAR ARMS", name="Lone Star Arms", country="US", known=False)
        buyer = Purchaser(purchaser_ref="P-0001", last_name="Quintero", first_name="Ana",
                          name_key="QUINTERO ANA", dob=date(1990, 4, 2), sex="F",
                          street="1 Synthetic Way", city="Phoenix", state="AZ", zip="85001")
        db.add_all([maker_lic, dealer, maker, buyer])
        db.flush()
        gun = Firearm(serial_raw="LS-12345", serial_norm="LS12345", manufacturer_id=maker.id,
                      model="P9", caliber="9mm", ncic_type="PA", country_of_manufacture="US")
        db.add(gun)
        db.flush()
        db.add_all([
            Transfer(firearm_id=gun.id, from_licensee_id=maker_lic.id, to_licensee_id=dealer.id,
                     transfer_date=date(2022, 1, 10), event_key="a"),
            Transfer(firearm_id=gun.id, from_licensee_id=dealer.id, to_purchaser_id=buyer.id,
                     transfer_date=date(2022, 3, 1), event_key="b"),
        ])
        db.commit()
        return {"firearm": gun.id, "purchaser": buyer.id, "dealer": dealer.id,
                "maker": maker_lic.id}


@pytest.fixture
def app(engine: Engine, tmp_path: Path):  # type: ignore[no-untyped-def]
    from armsflow.settings import Settings
    from armsflow.web.app import create_app

    settings = Settings(data_dir=tmp_path, secret_key="test-secret-key-0123456789",
                        login_max_failures=3)
    return create_app(settings, engine)


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        yield c


@pytest.fixture
def token_for(  # type: ignore[no-untyped-def]
    session_factory: sessionmaker[Session], accounts: dict[str, int]
):
    """username -> a fresh API token for that user."""
    from armsflow.audit.service import SYSTEM
    from armsflow.auth import service as auth

    def make(username: str) -> str:
        with session_factory() as db:
            _tok, clear = auth.create_api_token(db, actor=SYSTEM, user_id=accounts[username],
                                                name="test")
            db.commit()
        return clear

    return make


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashing() -> Iterator[None]:
    """argon2 at production cost takes ~80 ms per hash; tests hash hundreds of passwords."""
    from argon2 import PasswordHasher

    from armsflow.auth import passwords

    original = passwords._HASHER
    passwords._HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    passwords._HASHER = original


@pytest.fixture
def smtp() -> Iterator[tuple[Sink, int]]:
    """A real SMTP server on a free local port that keeps what it receives."""
    with running_sink() as running:
        yield running
