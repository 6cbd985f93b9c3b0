"""Trafficking schemes with ground truth: straw rings, interstate trafficking, unlicensed
dealing, corrupt dealers, burglaries of licensees, thefts from owners.

Recovered guns are the *anchors*: their source state, sale day and time-to-crime were drawn
to match the calibration targets and are never changed here. A scheme groups nearby
anchors (same state and destination, sale days close together), gives them the scheme's
purchasers and dealers, and adds unrecovered *companions*: guns bought on the same visit
(which is what produces multiple-sale reports). Companions are taken from the chunk's
ordinary sold guns, so the recovered guns' calibration is untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from armsflow.simulate import codes as C
from armsflow.simulate.arrays import Bools, Ints
from armsflow.simulate.chunk import YEAR, Chunk, destinations
from armsflow.simulate.licensees import draw_dealers
from armsflow.simulate.people_book import PersonBook, SchemeBook
from armsflow.simulate.world import World


@dataclass(frozen=True)
class Ring:
    """How one kind of purchasing scheme groups its anchors."""

    channel: int
    window: int  # days between consecutive anchors of one scheme, at most
    cap: int  # anchors per scheme, at most
    anchors_per_buyer: int
    dealers: int
    companions: float
    hispanic: float
    context: str


class Companions:
    """Ordinary sold guns not yet used, handed out in a shuffled order."""

    def __init__(self, chunk: Chunk, rng: np.random.Generator) -> None:
        free = np.flatnonzero((chunk.fate == C.SOLD) & (chunk.channel == C.ORDINARY))
        self._free = rng.permutation(free)
        self._next = 0

    def take(self, count: int) -> Ints:
        got = self._free[self._next : self._next + count]
        self._next += len(got)
        return got


def group_anchors(keys: Ints, days: Ints, window: int, cap: int) -> tuple[Ints, Ints]:
    """Group ids and ranks within group, for items sorted by (key, day)."""
    if len(keys) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    order = np.lexsort((days, keys))
    k, d = keys[order], days[order]
    new = np.ones(len(order), dtype=np.bool_)
    new[1:] = (k[1:] != k[:-1]) | (d[1:] - d[:-1] > window)
    run = np.cumsum(new) - 1
    pos = np.arange(len(order)) - np.flatnonzero(new)[run]
    new |= pos % cap == 0
    sorted_group = np.cumsum(new) - 1
    rank_sorted = np.arange(len(order)) - np.flatnonzero(new)[sorted_group]
    group, rank = np.empty_like(order), np.empty_like(order)
    group[order], rank[order] = sorted_group, rank_sorted
    return group.astype(np.int64), rank.astype(np.int64)


def run_ring(world: World, chunk: Chunk, anchors: Ints, dest: Ints, ring: Ring,
             book: SchemeBook, people: PersonBook, pool: Companions,
             rng: np.random.Generator) -> None:
    """Form schemes from ``anchors`` grouped by (source state, ``dest``)."""
    if len(anchors) == 0:
        return
    states = chunk.source_state[anchors]
    key = states * 1000 + dest
    group, rank = group_anchors(key, chunk.sale_day[anchors], ring.window, ring.cap)
    n_groups = int(group.max()) + 1
    leader = np.unique(group, return_index=True)[1].astype(np.int64)
    sizes = np.bincount(group, minlength=n_groups)
    last_day = np.zeros(n_groups, dtype=np.int64)
    np.maximum.at(last_day, group, chunk.sale_day[anchors])
    numbers = book.add(ring.channel, states[leader], destinations(chunk, anchors[leader]))
    n_buyers = 1 + (sizes - 1) // ring.anchors_per_buyer
    buyer_base = people.add(np.repeat(states[leader], n_buyers),
                            np.full(int(n_buyers.sum()), ring.hispanic))
    buyer_first = np.concatenate(([0], np.cumsum(n_buyers)[:-1]))
    n_dealers = np.minimum(sizes, ring.dealers)
    dealer_states = np.repeat(states[leader], n_dealers)
    dealers = draw_dealers(world.licensees, rng, dealer_states,
                           np.ones(len(dealer_states), dtype=np.bool_),
                           np.repeat(last_day, n_dealers))
    dealer_first = np.concatenate(([0], np.cumsum(n_dealers)[:-1]))
    chunk.channel[anchors] = ring.channel
    chunk.scheme[anchors] = numbers[group]
    chunk.buyer[anchors] = buyer_base[buyer_first[group] + rank % n_buyers[group]]
    chunk.dealer[anchors] = dealers[dealer_first[group] + rank % n_dealers[group]]
    gun_show = rng.random(n_groups) < world.config.schemes.scheme_gun_show_share
    chunk.gun_show[anchors] = gun_show[group]
    add_companions(world, chunk, anchors, ring, pool, rng)


def add_companions(world: World, chunk: Chunk, anchors: Ints, ring: Ring,
                   pool: Companions, rng: np.random.Generator) -> Ints:
    """Unrecovered guns bought on the same visits as ``anchors``."""
    counts = rng.poisson(ring.companions, size=len(anchors))
    mates = pool.take(int(counts.sum()))
    of = np.repeat(anchors, counts)[: len(mates)]
    copy_visit(chunk, mates, of)
    klass = world.catalog.klass[chunk.model[of]]
    models = world.catalog.draw_like(rng, ring.context, klass)
    chunk.model[mates] = world.catalog.settle(models, chunk.sale_day[mates])
    return mates


def copy_visit(chunk: Chunk, mates: Ints, of: Ints) -> None:
    for name in ("source_state", "sale_day", "channel", "scheme", "dealer", "buyer",
                 "theft_day", "gun_show", "sold"):
        values = getattr(chunk, name)
        values[mates] = values[of]


RINGS = {
    "straw": Ring(C.STRAW, 45, 12, 3, 3, 0.0, 0.7, "mx"),
    "interstate": Ring(C.INTERSTATE, 120, 10, 4, 2, 0.0, 0.15, "crime"),
    "unlicensed": Ring(C.UNLICENSED, 365, 15, 1000, 3, 0.0, 0.15, "crime"),
}


def eligible(chunk: Chunk) -> Bools:
    """Recovered guns with a US retail history and no scheme yet."""
    return (chunk.recovered & ~chunk.foreign & ~chunk.old
            & np.isin(chunk.channel, (C.ORDINARY, C.SECONDARY)))


def purchasing_schemes(world: World, chunk: Chunk, book: SchemeBook, people: PersonBook,
                       pool: Companions, rng: np.random.Generator) -> None:
    rates, geo = world.config.schemes, world.geo
    ttc = chunk.rec_day - chunk.sale_day
    abroad = (chunk.fate == C.REC_MX) | (chunk.fate == C.REC_CA)
    u = rng.random(chunk.size)
    straw = eligible(chunk) & abroad & (ttc <= 3 * YEAR) & (u < rates.straw_ring)
    anchors = np.flatnonzero(straw)
    ring = replace(RINGS["straw"], companions=rates.straw_companions)
    run_ring(world, chunk, anchors, chunk.fate[anchors], ring, book, people, pool, rng)
    us = eligible(chunk) & (chunk.fate == C.REC_US)
    rec, src = np.maximum(chunk.rec_place, 0), chunk.source_state
    inter = us & (src != rec) & geo.strict[rec] & (ttc <= 3 * YEAR) & (u < rates.interstate)
    anchors = np.flatnonzero(inter)
    ring = replace(RINGS["interstate"], companions=rates.interstate_companions)
    run_ring(world, chunk, anchors, rec[anchors], ring, book, people, pool, rng)
    unlic = (eligible(chunk) & (chunk.fate == C.REC_US) & (src == rec) & (ttc >= 90)
             & (ttc <= 5 * YEAR) & (u < rates.unlicensed_dealing))
    anchors = np.flatnonzero(unlic)
    ring = replace(RINGS["unlicensed"], companions=rates.unlicensed_companions)
    run_ring(world, chunk, anchors, np.zeros(len(anchors), dtype=np.int64), ring, book,
             people, pool, rng)
