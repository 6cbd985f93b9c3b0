"""All SQL of planned operations and their conflicts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, CompoundSelect, Float, and_, bindparam, or_, select, union_all
from sqlalchemy.orm import Session

from armsflow.db.base import UTCDateTime
from armsflow.operations.deconflict import Shape
from armsflow.operations.geo import Circle, cells_within, degrees_per_metre
from armsflow.operations.models import OperationConflict, PlannedOperation
from armsflow.operations.vocab import MAX_RADIUS_M, SPAN_HOURS, OperationStatus
from armsflow.operations.windows import Window


def shape_of(op: PlannedOperation) -> Shape:
    return Shape(id=op.id, agency_id=op.agency_id,
                 place=Circle(op.lat, op.lon, op.radius_m),
                 window=Window(op.starts_at, op.ends_at))


def _candidates_statement() -> CompoundSelect[Any]:
    """Built once (statement construction costs more than the indexed query itself)."""
    p = PlannedOperation
    when = UTCDateTime()
    parts = [select(p.id, p.agency_id, p.lat, p.lon, p.radius_m, p.starts_at, p.ends_at)
             .where(p.span_class == k, p.grid_cell.in_(bindparam("cells", expanding=True)),
                    p.starts_at >= bindparam(f"earliest_{k}", type_=when),
                    p.starts_at < bindparam("end", type_=when),
                    p.ends_at > bindparam("start", type_=when),
                    p.status == OperationStatus.PLANNED.value,
                    p.agency_id != bindparam("agency_id"), *_near(p))
             for k in range(len(SPAN_HOURS))]
    return union_all(*parts)


def _near(p: type[PlannedOperation]) -> list[ColumnElement[bool]]:
    """Each row's own reach (its radius plus the new one's) as a latitude/longitude box:
    evaluated on the rows the index range yields, so far fewer come back to Python."""
    reach = p.radius_m + bindparam("radius_m", type_=Float())
    lat, lon = bindparam("lat", type_=Float()), bindparam("lon", type_=Float())
    dlat, dlon = bindparam("deg_lat_per_m", type_=Float()), bindparam("deg_lon_per_m",
                                                                          type_=Float())
    return [p.lat >= lat - reach * dlat, p.lat <= lat + reach * dlat,
            p.lon >= lon - reach * dlon, p.lon <= lon + reach * dlon]


CANDIDATES = _candidates_statement()


def candidates(db: Session, *, lat: float, lon: float, radius_m: float, start: datetime,
               end: datetime, exclude_agency_id: int) -> list[Shape]:
    """Planned operations of other agencies that may overlap: in a grid cell within reach
    (own radius plus the largest radius allowed) and, for each window-length class,
    starting before ``end`` and no earlier than that class's longest window before
    ``start``; then ending after ``start``. A superset of the conflicts, each class found
    through ``ix_planned_operations_span_cell_start``."""
    reach = radius_m + MAX_RADIUS_M + 1.0
    params: dict[str, object] = {
        "cells": cells_within(lat, lon, reach), "start": start, "end": end,
        "agency_id": exclude_agency_id, "lat": lat, "lon": lon, "radius_m": radius_m + 1.0,
        **degrees_per_metre(lat, lon, reach)}
    for k, hours in enumerate(SPAN_HOURS):
        params[f"earliest_{k}"] = start - timedelta(hours=hours)
    return [Shape(id=r.id, agency_id=r.agency_id, place=Circle(r.lat, r.lon, r.radius_m),
                  window=Window(r.starts_at, r.ends_at))
            for r in db.execute(CANDIDATES, params)]


def operations_of(db: Session, agency_id: int, *, include_cancelled: bool = True,
                  limit: int = 200, offset: int = 0) -> Sequence[PlannedOperation]:
    stmt = select(PlannedOperation).where(PlannedOperation.agency_id == agency_id)
    if not include_cancelled:
        stmt = stmt.where(PlannedOperation.status == OperationStatus.PLANNED.value)
    return db.scalars(stmt.order_by(PlannedOperation.starts_at.desc(), PlannedOperation.id)
                      .limit(limit).offset(offset)).all()


def conflicts_of_agency(db: Session, agency_id: int, *, open_only: bool = False
                        ) -> list[tuple[OperationConflict, PlannedOperation, PlannedOperation]]:
    """Conflicts touching the agency's operations, with both operations (the caller shows
    only its own side and the other party's point of contact)."""
    first = select(PlannedOperation.id).where(PlannedOperation.agency_id == agency_id)
    c = OperationConflict
    stmt = select(c).where(or_(c.first_operation_id.in_(first), c.second_operation_id.in_(first)))
    if open_only:
        stmt = stmt.where(c.status == "open")
    rows = db.scalars(stmt.order_by(c.detected_at.desc(), c.id.desc())).all()
    return [(row, *_pair(db, row)) for row in rows]


def _pair(db: Session, row: OperationConflict) -> tuple[PlannedOperation, PlannedOperation]:
    a = db.get(PlannedOperation, row.first_operation_id)
    b = db.get(PlannedOperation, row.second_operation_id)
    assert a is not None and b is not None
    return a, b


def conflict_with_pair(db: Session, conflict_id: int
                       ) -> tuple[OperationConflict, PlannedOperation, PlannedOperation] | None:
    row = db.get(OperationConflict, conflict_id)
    return None if row is None else (row, *_pair(db, row))


def open_conflicts_of_operation(db: Session, op_id: int) -> Sequence[OperationConflict]:
    c = OperationConflict
    return db.scalars(select(c).where(
        or_(c.first_operation_id == op_id, c.second_operation_id == op_id),
        c.status == "open")).all()


def conflicts_between(db: Session, since: datetime, until: datetime
                      ) -> Sequence[OperationConflict]:
    """Conflicts detected in ``[since, until)`` (the monitoring dashboard counts them)."""
    c = OperationConflict
    return db.scalars(select(c).where(and_(c.detected_at >= since, c.detected_at < until))).all()
