"""Event deconfliction, pure: do two planned operations conflict?

They conflict when they belong to different agencies, are both planned (not cancelled),
and overlap in space (``geo.circles_overlap``: touching circles count) and in time
(``windows.Window.overlaps``: half-open UTC windows; touching windows do not count).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from armsflow.operations.geo import Circle, circles_overlap, distance_m
from armsflow.operations.windows import Window


@dataclass(frozen=True)
class Shape:
    """What deconfliction needs to know of an operation, and nothing else."""

    id: int
    agency_id: int
    place: Circle
    window: Window


@dataclass(frozen=True)
class Clash:
    first_id: int
    second_id: int
    distance_m: float
    overlap_start: datetime
    overlap_end: datetime


def clash(on_file: Shape, new: Shape) -> Clash | None:
    """The conflict between an operation on file and a new one, or None."""
    if on_file.agency_id == new.agency_id or on_file.id == new.id:
        return None
    if not on_file.window.overlaps(new.window):
        return None
    if not circles_overlap(on_file.place, new.place):
        return None
    a, b = on_file.place, new.place
    return Clash(first_id=on_file.id, second_id=new.id,
                 distance_m=distance_m(a.lat, a.lon, b.lat, b.lon),
                 overlap_start=max(on_file.window.start, new.window.start),
                 overlap_end=min(on_file.window.end, new.window.end))


def clashes(new: Shape, candidates: list[Shape]) -> list[Clash]:
    """Every candidate on file that conflicts with ``new`` (candidates come from the SQL
    prefilter, a superset)."""
    found = (clash(c, new) for c in candidates)
    return [c for c in found if c is not None]
