"""Planned operations: plan (with immediate event deconfliction), cancel, list, and the
conflicts each party sees. Services never commit; the request or command does.

Visibility: an agency sees its own operations in full. Of a conflict it sees its own
operation and the other party's agency and point of contact, nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from armsflow.audit.service import record
from armsflow.auth.models import Agency
from armsflow.auth.policy import Permission, require
from armsflow.auth.principal import Principal
from armsflow.db.base import utcnow
from armsflow.errors import Conflict, InvalidInput, NotFound
from armsflow.operations import alerts, repository
from armsflow.operations.deconflict import clashes
from armsflow.operations.geo import check_point, grid_cell
from armsflow.operations.models import OperationConflict, PlannedOperation
from armsflow.operations.schemas import (
    ConflictRead,
    ContactRead,
    OperationCreate,
    OperationRead,
)
from armsflow.operations.vocab import (
    MAX_RADIUS_M,
    ConflictResolution,
    ConflictStatus,
    OperationStatus,
    span_class,
)
from armsflow.operations.windows import WindowError, in_zone, local_window


@dataclass(frozen=True)
class Planned:
    operation: PlannedOperation
    conflicts: list[OperationConflict]


def _checked(data: OperationCreate) -> tuple[datetime, datetime]:
    try:
        check_point(data.lat, data.lon)
    except ValueError as exc:
        raise InvalidInput(str(exc), field="lat") from exc
    if not 0 < data.radius_m <= MAX_RADIUS_M:
        raise InvalidInput(f"radius_m must be more than 0 and at most {MAX_RADIUS_M} metres",
                           field="radius_m")
    try:
        window = local_window(data.starts_at, data.ends_at, data.timezone)
    except WindowError as exc:
        raise InvalidInput(str(exc), field=exc.field) from exc
    return window.start, window.end


def plan(db: Session, principal: Principal, data: OperationCreate) -> Planned:
    """Store an operation and raise, at once, a conflict with every planned operation of
    another agency that overlaps it in place and time; both parties are notified."""
    require(principal, Permission.MANAGE_CASES)
    start, end = _checked(data)
    op = PlannedOperation(
        agency_id=principal.agency_id, created_by_id=principal.user_id,
        reference=data.reference.strip(), kind=data.kind.value,
        status=OperationStatus.PLANNED.value, lat=data.lat, lon=data.lon,
        radius_m=data.radius_m, address=(data.address or "").strip() or None,
        timezone=data.timezone, starts_at=start, ends_at=end,
        grid_cell=grid_cell(data.lat, data.lon),
        span_class=span_class((end - start).total_seconds() / 3600),
        contact_name=(data.contact_name or "").strip() or principal.full_name,
        contact_phone=data.contact_phone.strip(),
        contact_email=(data.contact_email or "").strip() or None,
        notes=data.notes)
    db.add(op)
    db.flush()
    record(db, actor=principal.actor, action="operations.plan", object_type="operation",
           object_id=op.id, detail={"kind": op.kind, "reference": op.reference})
    return Planned(op, deconflict(db, op, principal))


def deconflict(db: Session, op: PlannedOperation, principal: Principal | None = None
               ) -> list[OperationConflict]:
    """Conflicts of ``op`` (already flushed) with operations on file; stored and notified."""
    found = clashes(repository.shape_of(op), repository.candidates(
        db, lat=op.lat, lon=op.lon, radius_m=op.radius_m, start=op.starts_at,
        end=op.ends_at, exclude_agency_id=op.agency_id))
    out = []
    for c in found:
        row = OperationConflict(first_operation_id=c.first_id, second_operation_id=c.second_id,
                                distance_m=c.distance_m, overlap_starts_at=c.overlap_start,
                                overlap_ends_at=c.overlap_end,
                                status=ConflictStatus.OPEN.value)
        db.add(row)
        db.flush()
        first = db.get(PlannedOperation, c.first_id)
        assert first is not None
        kwargs = {"actor": principal.actor} if principal else {}
        alerts.conflict_raised(db, row, first, op, **kwargs)
        out.append(row)
    return out


def _own(db: Session, principal: Principal, op_id: int) -> PlannedOperation:
    op = db.get(PlannedOperation, op_id)
    if op is None or op.agency_id != principal.agency_id:
        raise NotFound(f"no operation {op_id} of your agency")
    return op


def get(db: Session, principal: Principal, op_id: int) -> OperationRead:
    require(principal, Permission.MANAGE_CASES)
    return to_read(db, _own(db, principal, op_id))


def cancel(db: Session, principal: Principal, op_id: int) -> OperationRead:
    """Cancel an operation; its open conflicts are resolved as ``cancelled``."""
    require(principal, Permission.MANAGE_CASES)
    op = _own(db, principal, op_id)
    if op.status == OperationStatus.CANCELLED.value:
        raise Conflict(f"operation {op_id} is already cancelled")
    now = utcnow()
    op.status, op.cancelled_at = OperationStatus.CANCELLED.value, now
    for c in repository.open_conflicts_of_operation(db, op.id):
        c.status, c.resolution = ConflictStatus.RESOLVED.value, ConflictResolution.CANCELLED.value
        c.resolved_at, c.resolved_by = now, principal.username
    record(db, actor=principal.actor, action="operations.cancel", object_type="operation",
           object_id=op.id)
    db.flush()
    return to_read(db, op)


def list_operations(db: Session, principal: Principal, *, limit: int = 200,
                    offset: int = 0) -> list[OperationRead]:
    require(principal, Permission.MANAGE_CASES)
    return [to_read(db, op) for op in
            repository.operations_of(db, principal.agency_id, limit=limit, offset=offset)]


def to_read(db: Session, op: PlannedOperation) -> OperationRead:
    c = OperationConflict
    open_count = db.scalar(select(func.count()).select_from(c).where(
        (c.first_operation_id == op.id) | (c.second_operation_id == op.id),
        c.status == ConflictStatus.OPEN.value)) or 0
    return OperationRead(
        id=op.id, reference=op.reference, kind=op.kind, status=op.status, lat=op.lat,
        lon=op.lon, radius_m=op.radius_m, address=op.address, timezone=op.timezone,
        starts_at=op.starts_at, ends_at=op.ends_at,
        starts_local=f"{in_zone(op.starts_at, op.timezone):%Y-%m-%d %H:%M %Z}",
        ends_local=f"{in_zone(op.ends_at, op.timezone):%Y-%m-%d %H:%M %Z}",
        contact_name=op.contact_name, contact_phone=op.contact_phone,
        contact_email=op.contact_email, open_conflicts=int(open_count))


# ------------------------------------------------------------------------------ conflicts


def _view(db: Session, principal: Principal, row: OperationConflict, first: PlannedOperation,
          second: PlannedOperation) -> ConflictRead:
    """The conflict as ``principal``'s agency may see it."""
    mine_first = first.agency_id == principal.agency_id
    mine, other = (first, second) if mine_first else (second, first)
    agency = db.get(Agency, other.agency_id)
    assert agency is not None
    return ConflictRead(
        id=row.id, status=row.status, resolution=row.resolution, detected_at=row.detected_at,
        my_operation_id=mine.id, my_operation_reference=mine.reference,
        acknowledged_by_me=(row.first_acknowledged_at if mine_first
                            else row.second_acknowledged_at) is not None,
        acknowledged_by_them=(row.second_acknowledged_at if mine_first
                              else row.first_acknowledged_at) is not None,
        other_party=ContactRead(agency_name=agency.name, agency_ori=agency.ori,
                                contact_name=other.contact_name,
                                contact_phone=other.contact_phone,
                                contact_email=other.contact_email))


def conflicts(db: Session, principal: Principal, *, open_only: bool = False
              ) -> list[ConflictRead]:
    require(principal, Permission.MANAGE_CASES)
    return [_view(db, principal, *found) for found in
            repository.conflicts_of_agency(db, principal.agency_id, open_only=open_only)]


def _party(db: Session, principal: Principal, conflict_id: int
           ) -> tuple[OperationConflict, PlannedOperation, PlannedOperation]:
    require(principal, Permission.MANAGE_CASES)
    found = repository.conflict_with_pair(db, conflict_id)
    if found is None or principal.agency_id not in (found[1].agency_id, found[2].agency_id):
        raise NotFound(f"no conflict {conflict_id} involving your agency")
    return found


def acknowledge(db: Session, principal: Principal, conflict_id: int) -> ConflictRead:
    """Record that the caller's side has seen the conflict (idempotent)."""
    row, first, second = _party(db, principal, conflict_id)
    now = utcnow()
    if first.agency_id == principal.agency_id and row.first_acknowledged_at is None:
        row.first_acknowledged_at = now
    elif second.agency_id == principal.agency_id and row.second_acknowledged_at is None:
        row.second_acknowledged_at = now
    record(db, actor=principal.actor, action="operations.conflict_acknowledge",
           object_type="operation_conflict", object_id=row.id)
    db.flush()
    return _view(db, principal, row, first, second)


def resolve(db: Session, principal: Principal, conflict_id: int,
            resolution: ConflictResolution) -> ConflictRead:
    """Either party records how the conflict was settled once they talked."""
    row, first, second = _party(db, principal, conflict_id)
    if resolution == ConflictResolution.CANCELLED:
        raise InvalidInput("cancelled is set by cancelling an operation", field="resolution")
    if row.status == ConflictStatus.RESOLVED.value:
        raise Conflict(f"conflict {conflict_id} is already resolved ({row.resolution})")
    if first.agency_id == principal.agency_id:
        row.first_acknowledged_at = row.first_acknowledged_at or utcnow()
    else:
        row.second_acknowledged_at = row.second_acknowledged_at or utcnow()
    row.status, row.resolution = ConflictStatus.RESOLVED.value, resolution.value
    row.resolved_at, row.resolved_by = utcnow(), principal.username
    record(db, actor=principal.actor, action="operations.conflict_resolve",
           object_type="operation_conflict", object_id=row.id,
           detail={"resolution": resolution.value})
    db.flush()
    return _view(db, principal, row, first, second)



def view(db: Session, principal: Principal, row: OperationConflict) -> ConflictRead:
    """One conflict as the caller's agency sees it."""
    found = repository.conflict_with_pair(db, row.id)
    assert found is not None
    return _view(db, principal, *found)
