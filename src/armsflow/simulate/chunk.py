"""One chunk of firearms: what happens to each (fate), what it is, where it was first sold
and recovered, and when. Later steps (schemes, chains, people) fill in the rest.

All arrays have one entry per firearm of the chunk; ``NONE`` (-1) marks "not applicable".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from armsflow.simulate import codes as C
from armsflow.simulate.arrays import Bools, Ints
from armsflow.simulate.config import Knots
from armsflow.simulate.geography import STATE_CODES
from armsflow.simulate.rng import Component, pick, stream
from armsflow.simulate.tables.abroad import CENTRAL_AMERICA, MX_STATES
from armsflow.simulate.world import World

YEAR = 365.25


@dataclass
class Chunk:
    index: int
    first_id: int
    fate: Ints
    foreign: Bools
    old: Bools
    model: Ints
    source_state: Ints
    rec_place: Ints  # US state / Mexican state / Central American country index
    rec_day: Ints
    sale_day: Ints  # retail sale, or off-book sale, theft from stock, export
    sold: Bools  # a Form 4473 retail sale is on record
    channel: Ints
    scheme: Ints
    dealer: Ints  # first retail licensee (the one that sold it or lost it)
    buyer: Ints  # chunk-local person
    theft_day: Ints
    export_dest: Ints
    licence: Ints  # export licence number
    gun_show: Bools

    @property
    def size(self) -> int:
        return len(self.fate)

    @property
    def recovered(self) -> Bools:
        out: Bools = np.isin(self.fate, (C.REC_US, C.REC_MX, C.REC_CA))
        return out

    @property
    def in_registry(self) -> Bools:
        """Guns with US records: not foreign-sourced, not pre-1968, not exported."""
        return ~self.foreign & ~self.old & (self.export_dest < 0)


def destinations(chunk: Chunk, guns: Ints) -> list[str]:
    """Where each gun was recovered: a US state, MX-<state>, or a country code."""
    out = []
    for f, p in zip(chunk.fate[guns], chunk.rec_place[guns], strict=True):
        if f == C.REC_US:
            out.append(STATE_CODES[int(p)])
        elif f == C.REC_MX:
            out.append("MX-" + MX_STATES[int(p)][0])
        elif f == C.REC_CA:
            out.append(CENTRAL_AMERICA[int(p)][0])
        else:
            out.append("")
    return out


def new_chunk(world: World, index: int, first_id: int, size: int) -> Chunk:
    """Fates, models, places and dates of ``size`` firearms."""
    none = np.full(size, C.NONE, dtype=np.int64)
    chunk = Chunk(
        index=index, first_id=first_id, fate=_fates(world, index, size),
        foreign=np.zeros(size, dtype=np.bool_), old=np.zeros(size, dtype=np.bool_),
        model=none.copy(), source_state=none.copy(), rec_place=none.copy(),
        rec_day=none.copy(), sale_day=none.copy(), sold=np.zeros(size, dtype=np.bool_),
        channel=np.full(size, C.ORDINARY, dtype=np.int64), scheme=none.copy(),
        dealer=none.copy(), buyer=none.copy(), theft_day=none.copy(),
        export_dest=none.copy(), licence=none.copy(), gun_show=np.zeros(size, dtype=np.bool_),
    )
    _origins(world, chunk)
    _places(world, chunk)
    _dates(world, chunk)
    _models(world, chunk)
    return chunk


def _fates(world: World, index: int, size: int) -> Ints:
    r = world.config.rates
    rng = stream(world.config.seed, Component.FATES, index)
    p = np.array([0.0, r.in_stock, r.exported, r.us_recovery, r.mx_recovery, r.ca_recovery])
    p[C.SOLD] = 1.0 - p.sum()
    return pick(rng, p, size)


def _origins(world: World, chunk: Chunk) -> None:
    r = world.config.rates
    rng = stream(world.config.seed, Component.FATES, 10_000 + chunk.index)
    abroad = (chunk.fate == C.REC_MX) | (chunk.fate == C.REC_CA)
    u, v = rng.random(chunk.size), rng.random(chunk.size)
    chunk.foreign = abroad & (u < r.foreign_sourced)
    old_rate = np.where(abroad, r.too_old_foreign, r.too_old_us)
    chunk.old = chunk.recovered & ~chunk.foreign & (v < old_rate)
    chunk.channel[chunk.foreign] = C.FOREIGN
    chunk.channel[chunk.old] = C.TOO_OLD
    chunk.channel[abroad & ~chunk.foreign & ~chunk.old] = C.SECONDARY
    chunk.sold = np.isin(chunk.fate, (C.SOLD, C.REC_US, C.REC_MX, C.REC_CA)) & ~chunk.foreign
    chunk.sold &= ~chunk.old


def _places(world: World, chunk: Chunk) -> None:
    rng = stream(world.config.seed, Component.PLACES, chunk.index)
    fate, geo = chunk.fate, world.geo
    us = np.flatnonzero(fate == C.REC_US)
    recovery = pick(rng, world.reference.recovery_weights, len(us))
    chunk.rec_place[us] = recovery
    chunk.source_state[us] = _conditional(rng, world.source_given_recovery, recovery)
    for f, weights, sources in ((C.REC_MX, geo.mx_weight, world.mx_sources),
                                (C.REC_CA, geo.ca_weight, world.ca_sources)):
        where = np.flatnonzero(fate == f)
        chunk.rec_place[where] = pick(rng, weights, len(where))
        chunk.source_state[where] = pick(rng, sources, len(where))
    home = np.flatnonzero((fate == C.SOLD) | (fate == C.STOCK))
    chunk.source_state[home] = pick(rng, geo.dealer_weight, len(home))
    chunk.source_state[chunk.foreign | chunk.old] = C.NONE


def _conditional(rng: np.random.Generator, matrix: np.ndarray, given: Ints) -> Ints:
    """For each column index in ``given``, a row drawn from that column's distribution."""
    out = np.zeros(len(given), dtype=np.int64)
    for g in np.unique(given):
        where = np.flatnonzero(given == g)
        out[where] = pick(rng, matrix[:, int(g)], len(where))
    return out


def ttc_days(rng: np.random.Generator, knots: Knots, size: int) -> Ints:
    years = np.interp(rng.random(size), [k[1] for k in knots], [k[0] for k in knots])
    return np.maximum(1, np.round(years * YEAR)).astype(np.int64)


def _dates(world: World, chunk: Chunk) -> None:
    cfg, rng = world.config, stream(world.config.seed, Component.DATES, chunk.index)
    n, end = chunk.size, world.end_day
    rec = chunk.recovered
    chunk.rec_day[rec] = rng.integers(world.year_start, end + 1, size=int(rec.sum()))
    traced = rec & ~chunk.foreign & ~chunk.old
    us = traced & (chunk.fate == C.REC_US)
    abroad = traced & ~us
    chunk.sale_day[us] = chunk.rec_day[us] - ttc_days(rng, cfg.us_ttc, int(us.sum()))
    chunk.sale_day[abroad] = chunk.rec_day[abroad] - ttc_days(rng, cfg.mx_ttc, int(abroad.sum()))
    sold = chunk.fate == C.SOLD
    chunk.sale_day[sold] = market_days(world, rng, int(sold.sum()))
    stock = chunk.fate == C.STOCK
    chunk.sale_day[stock] = end - rng.integers(1, 540, size=int(stock.sum()))
    exported = chunk.fate == C.EXPORTED
    chunk.sale_day[exported] = end - rng.integers(1, 15 * 365, size=int(exported.sum()))
    chunk.gun_show = chunk.sold & (rng.random(n) < cfg.schemes.gun_show_share)


def market_days(world: World, rng: np.random.Generator, size: int) -> Ints:
    """Retail sale days over the record-keeping window, growing and with surge years."""
    cfg = world.config
    first = cfg.world_end.year - cfg.rates.records_kept_years + 1
    years = np.arange(first, cfg.world_end.year + 1)
    weights = np.exp(cfg.market_growth * (years - years[-1]))
    for year, factor in cfg.market_surges:
        weights[years == year] *= factor
    offsets = rng.random(size) * 365
    start = world.end_day - 365 * len(years)
    picked = pick(rng, weights, size)
    out: Ints = np.minimum(start + picked * 365 + offsets.astype(np.int64), world.end_day)
    return out


def _models(world: World, chunk: Chunk) -> None:
    cat, rng = world.catalog, stream(world.config.seed, Component.MODELS, chunk.index)
    fate = chunk.fate
    groups = (
        ((fate == C.SOLD) | (fate == C.STOCK), "us"),
        ((fate == C.REC_US) & ~chunk.foreign, "crime"),
        (((fate == C.REC_MX) | (fate == C.REC_CA)) & ~chunk.foreign, "mx"),
    )
    for mask, context in groups:
        where = np.flatnonzero(mask)
        chunk.model[where] = cat.draw(rng, context, len(where))
    exported = np.flatnonzero(fate == C.EXPORTED)
    us_made = np.where(cat.exportable, cat.weights["us"], 0.0)
    chunk.model[exported] = pick(rng, us_made, len(exported))
    foreign = np.flatnonzero(chunk.foreign)
    chunk.model[foreign] = cat.draw_foreign(rng, len(foreign))[1]
    old = np.flatnonzero(chunk.old)
    chunk.model[old] = cat.fallback[chunk.model[old]]
    dated = chunk.sale_day >= 0
    chunk.model[dated] = cat.settle(chunk.model[dated], chunk.sale_day[dated])
