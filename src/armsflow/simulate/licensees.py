"""The licensed industry: makers, importers, distributors, dealers and pawnbrokers spread
over the states in proportion to real licensee density, some gone out of business, a few
corrupt. Arrays indexed by licensee number; the list itself is built by
:mod:`armsflow.simulate.licensee_list`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from armsflow.simulate.arrays import Bools, Floats, Ints, day_number
from armsflow.simulate.config import SimConfig
from armsflow.simulate.geography import STATE_CODES, STATE_INDEX, Geography
from armsflow.simulate.rng import pick
from armsflow.simulate.tables.industry import IMPORTERS, US_MAKERS

NEVER = 10**6
"""Closure day of licensees still in business."""
DEALER, PAWN, DISTRIBUTOR, MAKER, IMPORTER, OTHER = range(6)
OTHER_TYPES = (3, 6, 9, 10, 11)


@dataclass
class Plan:
    """Licensees before names: role, type, state, city (-1: maker's own premises)."""

    role: list[int]
    ltype: list[int]
    state: list[int]
    city: list[int]
    maker: list[str]


@dataclass(frozen=True)
class Licensees:
    role: Ints
    ltype: Ints
    state: Ints
    city: Ints
    closed: Ints
    records: Bools
    corrupt: Bools
    successor: Ints
    maker_of: dict[str, int]
    importers: Ints
    distributors: Ints
    dist_weight: Floats
    state_dealers: tuple[Ints, ...]
    state_legal_cdf: tuple[Floats, ...]
    state_crime_cdf: tuple[Floats, ...]
    anchor: Ints
    ffl: pa.Array
    rds: pa.Array
    name: pa.Array
    mark: pa.Array
    table: pa.Table

    @property
    def count(self) -> int:
        return len(self.role)


def dealer_count(config: SimConfig) -> int:
    rates = config.rates
    least = 3 * len(STATE_CODES)
    return int(np.clip(config.firearms // rates.firearms_per_dealer, least, rates.max_dealers))


def plan_licensees(config: SimConfig, geo: Geography, rng: np.random.Generator) -> Plan:
    plan = Plan([], [], [], [], [])

    def add(role: int, ltype: int, state: int, city: int, maker: str = "") -> None:
        plan.role.append(role)
        plan.ltype.append(ltype)
        plan.state.append(state)
        plan.city.append(city)
        plan.maker.append(maker)

    for maker, (_name, state, *_rest) in US_MAKERS.items():
        add(MAKER, 7, STATE_INDEX[state], -1, maker)
    for _name, state, city in IMPORTERS:
        add(IMPORTER, 8, STATE_INDEX[state], _city_index(geo, state, city))
    n_dealers = dealer_count(config)
    n_dist = max(6, n_dealers // 120)
    for s in pick(rng, geo.dealer_weight, n_dist):
        add(DISTRIBUTOR, 1, int(s), int(geo.city_draw(rng, np.array([s]))[0]))
    n_states = len(STATE_CODES)
    spread = rng.multinomial(n_dealers - 2 * n_states, geo.dealer_weight / geo.dealer_weight.sum())
    states = np.repeat(np.arange(n_states), spread + 2)
    cities = geo.city_draw(rng, states)
    pawn = rng.random(len(states)) < 0.12
    for s, c, p in zip(states, cities, pawn, strict=True):
        add(PAWN if p else DEALER, 2 if p else 1, int(s), int(c))
    n_other = n_dealers // 6 + 10
    other_states = pick(rng, geo.dealer_weight, n_other)
    other_types = np.array(OTHER_TYPES)[pick(rng, np.array([80.0, 12, 3, 2, 3]), n_other)]
    for s, c, t in zip(other_states, geo.city_draw(rng, other_states), other_types, strict=True):
        add(OTHER, int(t), int(s), int(c))
    return plan


def _city_index(geo: Geography, state: str, city: str) -> int:
    for i in geo.cities_of[STATE_INDEX[state]]:
        if geo.city_name[int(i)] == city:
            return int(i)
    raise ValueError(f"{city}, {state} is not in tables.places.CITIES")


def closures(
    config: SimConfig, role: Ints, state: Ints, rng: np.random.Generator
) -> tuple[Ints, Bools, Bools]:
    """Closure days, records on file, corrupt flags. Each state's first dealer (its anchor)
    stays open and honest, so every state always has a dealer to fall back on."""
    rates = config.rates
    n = len(role)
    retail = (role == DEALER) | (role == PAWN)
    anchor = retail & _first_of_state(state, retail)
    end = day_number(config.world_end)
    start = end - 35 * 365
    closed_mask = retail & ~anchor & (rng.random(n) < rates.closed_dealer_share)
    closed = np.where(closed_mask, rng.integers(start, end - 30, size=n), NEVER)
    records = ~(closed_mask & (rng.random(n) < rates.closed_without_records))
    border_boost = np.isin(state, [STATE_INDEX[s] for s in ("TX", "AZ", "NM", "CA")])
    p_corrupt = config.schemes.corrupt_dealer_share * np.where(border_boost, 3.0, 1.0)
    corrupt = retail & ~anchor & ~closed_mask & (rng.random(n) < p_corrupt)
    return closed.astype(np.int64), records, corrupt


def _first_of_state(state: Ints, mask: Bools) -> Bools:
    first = np.zeros(len(state), dtype=np.bool_)
    idx = np.flatnonzero(mask)
    _, pos = np.unique(state[idx], return_index=True)
    first[idx[pos]] = True
    return first


def dealer_samplers(
    role: Ints, state: Ints, closed: Ints, corrupt: Bools, rng: np.random.Generator
) -> tuple[tuple[Ints, ...], tuple[Floats, ...], tuple[Floats, ...], Ints, Ints]:
    """Per state: dealers, cumulative legal and crime weights, anchor; successors."""
    n = len(role)
    size = rng.lognormal(0.0, 0.8, n) * np.where(role == PAWN, 0.7, 1.0)
    risk = rng.lognormal(0.0, 1.2, n) * np.where(corrupt, 30.0, 1.0)
    retail = (role == DEALER) | (role == PAWN)
    dealers, legal, crime = [], [], []
    anchor = np.zeros(len(STATE_CODES), dtype=np.int64)
    successor = np.arange(n, dtype=np.int64)
    for s in range(len(STATE_CODES)):
        members = np.flatnonzero(retail & (state == s))
        dealers.append(members)
        legal.append(np.cumsum(size[members]))
        crime.append(np.cumsum(size[members] * risk[members]))
        anchor[s] = members[0]
        open_ones = members[closed[members] == NEVER]
        gone = members[closed[members] != NEVER]
        successor[gone] = open_ones[rng.integers(0, len(open_ones), size=len(gone))]
    return tuple(dealers), tuple(legal), tuple(crime), anchor, successor


def draw_dealers(
    lic: Licensees, rng: np.random.Generator, states: Ints, crime: Bools, arrive: Ints
) -> Ints:
    """A retail dealer in each state, open when the gun arrives (30 days' margin)."""
    out = np.full(len(states), -1, dtype=np.int64)
    for s in np.unique(states):
        where = np.flatnonzero(states == s)
        members = lic.state_dealers[int(s)]
        for _attempt in range(4):
            todo = where[out[where] < 0]
            if len(todo) == 0:
                break
            got = _draw_from(rng, members, lic, int(s), crime[todo])
            ok = lic.closed[got] > arrive[todo] + 30
            out[todo[ok]] = got[ok]
        left = where[out[where] < 0]
        out[left] = lic.anchor[int(s)]
    return out


def _draw_from(
    rng: np.random.Generator, members: Ints, lic: Licensees, s: int, crime: Bools
) -> Ints:
    u = rng.random(len(crime))
    legal, bad = lic.state_legal_cdf[s], lic.state_crime_cdf[s]
    pos = np.where(
        crime,
        np.searchsorted(bad, u * bad[-1], side="right"),
        np.searchsorted(legal, u * legal[-1], side="right"),
    )
    out: Ints = members[np.minimum(pos, len(members) - 1)]
    return out
