"""Index tables over places: US states and cities, districts, Mexican states, Central
America, as NumPy arrays the chunk generators draw from."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from armsflow.simulate.arrays import Bools, Floats, Ints
from armsflow.simulate.tables.abroad import CENTRAL_AMERICA, MX_STATES
from armsflow.simulate.tables.places import BORDER_STATES, CITIES, STATES
from armsflow.types.ffl import DISTRICTS_BY_REGION

STATE_CODES: tuple[str, ...] = tuple(s[0] for s in STATES)
STATE_INDEX: dict[str, int] = {code: i for i, code in enumerate(STATE_CODES)}


def districts_of(state: str) -> list[tuple[str, str]]:
    """(region, district) pairs whose IRS district covers ``state``."""
    found = [
        (region, district)
        for region, districts in DISTRICTS_BY_REGION.items()
        for district, covered in districts.items()
        if state in covered.split("/")
    ]
    return sorted(found)


@dataclass(frozen=True)
class Geography:
    dealer_weight: Floats
    hispanic: Floats
    strict: Bools
    border: Bools
    area_code: tuple[str, ...]
    city_state: Ints
    city_weight: Floats
    city_name: tuple[str, ...]
    city_county: tuple[str, ...]
    city_zip: tuple[str, ...]
    city_region: tuple[str, ...]
    city_district: tuple[str, ...]
    cities_of: tuple[Ints, ...]
    mx_weight: Floats
    ca_weight: Floats

    def city_draw(self, rng: np.random.Generator, states: Ints) -> Ints:
        """A city in each given state, weighted by size."""
        out = np.zeros(len(states), dtype=np.int64)
        for s in np.unique(states):
            where = np.flatnonzero(states == s)
            cities = self.cities_of[int(s)]
            w = self.city_weight[cities]
            out[where] = cities[np.searchsorted(np.cumsum(w), rng.random(len(where)) * w.sum())]
        return out


def build_geography() -> Geography:
    state_of = np.array([STATE_INDEX[c[0]] for c in CITIES], dtype=np.int64)
    regions: list[str] = []
    districts: list[str] = []
    for i, (state, *_rest) in enumerate(CITIES):
        options = districts_of(state)
        rank = int(np.sum(state_of[:i] == state_of[i]))
        region, district = options[rank % len(options)]
        regions.append(region)
        districts.append(district)
    return Geography(
        dealer_weight=np.array([s[1] for s in STATES], dtype=np.float64),
        hispanic=np.array([s[2] for s in STATES], dtype=np.float64),
        strict=np.array([s[3] for s in STATES], dtype=np.bool_),
        border=np.array([s[0] in BORDER_STATES for s in STATES], dtype=np.bool_),
        area_code=tuple(s[4] for s in STATES),
        city_state=state_of,
        city_weight=np.array([c[4] for c in CITIES], dtype=np.float64),
        city_name=tuple(c[1] for c in CITIES),
        city_county=tuple(c[2] for c in CITIES),
        city_zip=tuple(c[3] for c in CITIES),
        city_region=tuple(regions),
        city_district=tuple(districts),
        cities_of=tuple(np.flatnonzero(state_of == s) for s in range(len(STATES))),
        mx_weight=np.array([m[2] for m in MX_STATES], dtype=np.float64),
        ca_weight=np.array([c[2] for c in CENTRAL_AMERICA], dtype=np.float64),
    )
