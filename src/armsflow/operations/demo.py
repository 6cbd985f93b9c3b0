"""What the demo world (``make run``) holds of the operations feature: Project
Deliverance's published tallies, and two overlapping operations planned next week in El
Paso by HSI (the demo ``investigator``) and ATF (the demo ``analyst``), so that both see
the conflict with the other's point of contact."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from armsflow.audit.service import SYSTEM
from armsflow.auth.models import User
from armsflow.auth.service import principal_of
from armsflow.db.session import unit_of_work
from armsflow.operations import joint_store, service
from armsflow.operations.models import PlannedOperation
from armsflow.operations.schemas import OperationCreate
from armsflow.operations.vocab import OperationKind

# (username, reference, kind, lat, lon, radius m, local start hour, hours, phone)
PLANS = [
    ("analyst", "ATF-ELP-WARRANT-01", OperationKind.SEARCH_WARRANT, 31.7587, -106.4869, 400,
     6, 4, "+1 915 555 0147"),
    ("investigator", "HSI-ELP-BUY-02", OperationKind.CONTROLLED_BUY, 31.7601, -106.4835, 300,
     8, 3, "+1 915 555 0282"),
]
ZONE = "America/Denver"  # El Paso keeps Mountain time


def load_demo(session_factory: sessionmaker[Session], world: Path) -> None:
    """Called by armsflow.demo.load after registry, traces and accounts are loaded;
    ``world`` is the simulator's output folder (with truth/). Idempotent."""
    with unit_of_work(session_factory) as db:
        joint_store.load_project_deliverance(db, actor=SYSTEM)
    with unit_of_work(session_factory) as db:
        plan_demo_operations(db)


def plan_demo_operations(db: Session, today: datetime | None = None) -> int:
    """Plan the demo operations not yet on file (by reference); returns how many."""
    day = (today or datetime.now(UTC)).date() + timedelta(days=7)
    planned = 0
    for username, ref, kind, lat, lon, radius, hour, hours, phone in PLANS:
        user = db.scalar(select(User).where(User.username == username))
        if user is None or db.scalar(select(PlannedOperation.id).where(
                PlannedOperation.reference == ref)) is not None:
            continue
        start = datetime(day.year, day.month, day.day, hour)
        body = OperationCreate(reference=ref, kind=kind, lat=lat, lon=lon, radius_m=radius,
                               timezone=ZONE, starts_at=start,
                               ends_at=start + timedelta(hours=hours),
                               contact_phone=phone, contact_email=f"{username}@example.gov",
                               address="El Paso, Texas (demo)")
        service.plan(db, principal_of(user), body)
        planned += 1
    return planned
