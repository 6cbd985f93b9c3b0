"""Space, pure: great-circle distance and the prefilter box of event deconfliction.

Two operations overlap in space when the great-circle distance between their centres is at
most the sum of their radii (``distance <= r1 + r2``). Circles that merely touch count as
overlapping: two teams whose perimeters meet are in each other's way, and a rule that
depended on the last millimetre of a hand-placed radius would be arbitrary. A tolerance of
``TOUCH_TOLERANCE_M`` absorbs floating-point error in the distance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

EARTH_RADIUS_M = 6_371_008.8
"""Mean Earth radius (IUGG); the haversine distance is within 0.5% of the ellipsoid."""
TOUCH_TOLERANCE_M = 0.01
METRES_PER_DEGREE_LAT = math.pi * EARTH_RADIUS_M / 180.0
GRID_DEGREES = 0.5
"""Size of the cells of the spatial grid index (about 55 km north-south)."""


@dataclass(frozen=True)
class Circle:
    lat: float
    lon: float
    radius_m: float


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def circles_overlap(a: Circle, b: Circle) -> bool:
    """True when the two places overlap or touch (see the module note)."""
    return distance_m(a.lat, a.lon, b.lat, b.lon) <= a.radius_m + b.radius_m + TOUCH_TOLERANCE_M


def check_point(lat: float, lon: float) -> None:
    """Raise ValueError for a point off the globe."""
    if not (math.isfinite(lat) and -90.0 <= lat <= 90.0):
        raise ValueError(f"latitude {lat} is not between -90 and 90")
    if not (math.isfinite(lon) and -180.0 <= lon <= 180.0):
        raise ValueError(f"longitude {lon} is not between -180 and 180")


GRID_COLUMNS = round(360 / GRID_DEGREES)


def grid_cell(lat: float, lon: float) -> int:
    """The grid cell of a point (row-major, 0.5 degree cells): what the spatial index
    stores beside the start of the window."""
    row = min(math.floor((lat + 90.0) / GRID_DEGREES), round(180 / GRID_DEGREES) - 1)
    col = math.floor((lon + 180.0) / GRID_DEGREES) % GRID_COLUMNS
    return row * GRID_COLUMNS + col


def cells_within(lat: float, lon: float, reach_m: float) -> list[int]:
    """Every grid cell holding a point within ``reach_m`` of (lat, lon): a superset (the
    exact distance test follows). Handles the poles and the antimeridian."""
    dlat = reach_m / METRES_PER_DEGREE_LAT
    lat_min, lat_max = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    row_lo = grid_cell(lat_min, 0.0) // GRID_COLUMNS
    row_hi = grid_cell(lat_max, 0.0) // GRID_COLUMNS
    widest = max(abs(lat_min), abs(lat_max))
    dlon = 180.0 if widest >= 89.0 else dlat / math.cos(math.radians(widest))
    if dlon >= 180.0:
        cols = list(range(GRID_COLUMNS))
    else:
        first = math.floor((lon - dlon + 180.0) / GRID_DEGREES)
        last = math.floor((lon + dlon + 180.0) / GRID_DEGREES)
        cols = sorted({c % GRID_COLUMNS for c in range(first, last + 1)})
    return [row * GRID_COLUMNS + col for row in range(row_lo, row_hi + 1) for col in cols]


def degrees_per_metre(lat: float, lon: float, reach_m: float) -> dict[str, float]:
    """Conservative degrees per metre north-south and east-west for every point within
    ``reach_m`` of (lat, lon): east-west uses the widest latitude in reach, both carry a 1%
    margin (the haversine bound on longitude is not quite linear). Near the poles, or when
    the reach could cross the antimeridian, east-west is made so large that the longitude
    test passes everything (the grid cells and the exact test still apply)."""
    per_lat = 1.01 / METRES_PER_DEGREE_LAT
    widest = abs(lat) + reach_m * per_lat
    if widest >= 89.0:
        return {"deg_lat_per_m": per_lat, "deg_lon_per_m": 1.0e6}
    per_lon = per_lat / math.cos(math.radians(widest))
    if abs(lon) + reach_m * per_lon >= 180.0:
        return {"deg_lat_per_m": per_lat, "deg_lon_per_m": 1.0e6}
    return {"deg_lat_per_m": per_lat, "deg_lon_per_m": per_lon}
