"""The indexed prefilter (grid cells x window-length classes) finds exactly the conflicts a
brute-force comparison with every operation finds, on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, sessionmaker

from armsflow.audit.service import SYSTEM
from armsflow.operations import repository
from armsflow.operations.deconflict import Shape, clash, clashes
from armsflow.operations.geo import Circle, grid_cell
from armsflow.operations.models import PlannedOperation
from armsflow.operations.vocab import span_class
from armsflow.operations.windows import Window

T0 = datetime(2026, 3, 1, tzinfo=UTC)


def _draw(rng: random.Random) -> tuple[float, float, float, datetime, datetime]:
    # Around El Paso, across a 0.5-degree cell border, with every window-length class.
    lat = 31.5 + rng.uniform(-0.3, 0.3)
    lon = -106.5 + rng.uniform(-0.4, 0.4)
    radius = rng.choice([50.0, 500.0, 5_000.0, 20_000.0, 50_000.0])
    start = T0 + timedelta(minutes=rng.randrange(60 * 24 * 60))
    hours = rng.choice([0.5, 3, 6, 7, 23, 24, 30, 24 * 7, 24 * 8, 24 * 31])
    return lat, lon, radius, start, start + timedelta(hours=hours)


def test_prefilter_matches_brute_force(session_factory: sessionmaker[Session]) -> None:
    from armsflow.auth import service as auth
    from armsflow.auth.models import Agency

    rng = random.Random(20260309)
    with session_factory() as db:
        for i in range(3):
            auth.create_agency(db, actor=SYSTEM, ori=f"TX{i:04d}000", name=f"A{i}",
                               kind="local", country="US", state="TX")
        agencies = list(db.scalars(select(Agency.id).order_by(Agency.id)))
        rows = []
        for i in range(600):
            lat, lon, radius, start, end = _draw(rng)
            rows.append({"agency_id": agencies[i % 3], "reference": f"R{i}", "kind": "arrest",
                         "status": "cancelled" if i % 17 == 0 else "planned", "lat": lat,
                         "lon": lon, "radius_m": radius, "timezone": "UTC",
                         "starts_at": start, "ends_at": end, "grid_cell": grid_cell(lat, lon),
                         "span_class": span_class((end - start).total_seconds() / 3600),
                         "contact_name": "x", "contact_phone": "1"})
        db.execute(insert(PlannedOperation), rows)
        db.commit()
        every = [repository.shape_of(op) for op in db.scalars(
            select(PlannedOperation).where(PlannedOperation.status == "planned"))]
        total = 0
        for probe in range(60):
            lat, lon, radius, start, end = _draw(rng)
            mine = agencies[probe % 3]
            new = Shape(0, mine, Circle(lat, lon, radius), Window(start, end))
            found = clashes(new, repository.candidates(
                db, lat=lat, lon=lon, radius_m=radius, start=start, end=end,
                exclude_agency_id=mine))
            expected = [c for c in (clash(s, new) for s in every) if c is not None]
            assert sorted(c.first_id for c in found) == sorted(c.first_id for c in expected)
            total += len(expected)
        assert total > 20  # the probes do meet conflicts
