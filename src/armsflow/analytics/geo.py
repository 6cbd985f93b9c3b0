"""Where to draw a state on the dashboard's flow map: approximate centroids (latitude,
longitude in degrees) of US states and of Mexican states.

No licensed shape file of Mexican states is available from the package registries this
project uses, so the flow map draws country borders (vendored Natural Earth TopoJSON) and
places each state as a point at its centroid, written here by hand from public geography
(rounded to a tenth of a degree: good enough for a map drawn at 1:110 million). The US
choropleth uses the vendored US state shapes, not these points.
"""

from __future__ import annotations

# fmt: off
US_CENTROIDS: dict[str, tuple[float, float]] = {
    "AL": (32.8, -86.8), "AK": (64.7, -152.0), "AZ": (34.3, -111.7), "AR": (34.9, -92.4),
    "CA": (37.2, -119.5), "CO": (39.0, -105.5), "CT": (41.6, -72.7), "DE": (39.0, -75.5),
    "DC": (38.9, -77.0), "FL": (28.6, -82.4), "GA": (32.7, -83.4), "HI": (20.8, -156.3),
    "ID": (44.4, -114.6), "IL": (40.0, -89.2), "IN": (39.9, -86.3), "IA": (42.1, -93.5),
    "KS": (38.5, -98.4), "KY": (37.5, -85.3), "LA": (31.1, -92.0), "ME": (45.4, -69.2),
    "MD": (39.0, -76.8), "MA": (42.3, -71.8), "MI": (44.3, -85.4), "MN": (46.3, -94.3),
    "MS": (32.7, -89.7), "MO": (38.4, -92.5), "MT": (47.0, -109.6), "NE": (41.5, -99.8),
    "NV": (39.3, -116.6), "NH": (43.7, -71.6), "NJ": (40.2, -74.7), "NM": (34.4, -106.1),
    "NY": (42.9, -75.5), "NC": (35.6, -79.4), "ND": (47.5, -100.5), "OH": (40.3, -82.8),
    "OK": (35.6, -97.5), "OR": (43.9, -120.6), "PA": (40.9, -77.8), "RI": (41.7, -71.5),
    "SC": (33.9, -80.9), "SD": (44.4, -100.2), "TN": (35.9, -86.4), "TX": (31.5, -99.3),
    "UT": (39.3, -111.7), "VT": (44.1, -72.7), "VA": (37.5, -78.9), "WA": (47.4, -120.5),
    "WV": (38.6, -80.6), "WI": (44.6, -89.9), "WY": (43.0, -107.6), "PR": (18.2, -66.5),
}

MX_CENTROIDS: dict[str, tuple[float, float]] = {
    "AGU": (21.9, -102.3), "BCN": (30.6, -115.1), "BCS": (25.9, -111.6),
    "CAM": (18.8, -90.4), "CHP": (16.5, -92.5), "CHH": (28.8, -106.1),
    "CMX": (19.4, -99.1), "COA": (27.3, -102.0), "COL": (19.1, -103.9),
    "DUR": (24.9, -104.9), "GUA": (21.0, -101.0), "GRO": (17.6, -99.9),
    "HID": (20.5, -98.9), "JAL": (20.6, -103.6), "MEX": (19.4, -99.6),
    "MIC": (19.2, -101.9), "MOR": (18.7, -99.1), "NAY": (21.8, -104.9),
    "NLE": (25.6, -99.9), "OAX": (17.0, -96.7), "PUE": (19.0, -97.9),
    "QUE": (20.8, -99.9), "ROO": (19.6, -88.0), "SLP": (22.6, -100.4),
    "SIN": (25.0, -107.5), "SON": (29.6, -110.9), "TAB": (17.9, -92.6),
    "TAM": (24.3, -98.6), "TLA": (19.4, -98.2), "VER": (19.5, -96.6),
    "YUC": (20.7, -89.0), "ZAC": (23.3, -102.6),
}
# fmt: on


def us_point(state: str | None) -> tuple[float, float] | None:
    return US_CENTROIDS.get((state or "").upper())


def mx_point(state: str | None) -> tuple[float, float] | None:
    return MX_CENTROIDS.get((state or "").upper())
