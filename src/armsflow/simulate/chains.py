"""Distribution chains: maker or importer -> distributors -> dealer(s) -> purchaser.

Dates run backwards from the retail sale (or the day the gun left the dealer's stock)
and strictly increase along each chain, so the first transfer of every gun leaves its
maker or importer, as the importer requires.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from armsflow.simulate import codes as C
from armsflow.simulate.arrays import Ints
from armsflow.simulate.chunk import Chunk
from armsflow.simulate.licensees import draw_dealers
from armsflow.simulate.rng import pick
from armsflow.simulate.world import World

INTER_DEALER = 0.08
"""Share of guns passing from one dealer to another before their retail sale."""
HOPS = np.array([0.10, 0.45, 0.45])
"""Probability of 0, 1 or 2 distributors between the source and the dealer."""


@dataclass(frozen=True)
class Chains:
    """Transfer rows (in file order) and per-gun facts the other records need."""

    gun: Ints
    frm: Ints
    to: Ints  # licensee, or NONE for a retail sale
    day: Ints
    source: Ints  # per gun: maker or importer licensee
    first_day: Ints  # per gun: day of its first transfer
    dealer_in: Ints  # per gun: day it reached its (last) dealer


def assign_dealers(world: World, chunk: Chunk, rng: np.random.Generator) -> Ints:
    """Fill in retail dealers; returns the day each gun reached its dealer."""
    needs = chunk.in_registry & (chunk.fate != C.EXPORTED)
    stock = chunk.fate == C.STOCK
    stay = 1 + np.minimum(rng.exponential(75.0, chunk.size), 720).astype(np.int64)
    dealer_in = np.where(stock, chunk.sale_day, chunk.sale_day - stay)
    open_until = np.where(stock, world.end_day, chunk.sale_day)
    todo = np.flatnonzero(needs & (chunk.dealer < 0))
    chunk.dealer[todo] = draw_dealers(world.licensees, rng, chunk.source_state[todo],
                                      chunk.recovered[todo], open_until[todo])
    chunk.sale_day[stock] = C.NONE
    return np.where(needs, dealer_in, C.NONE)


def build_chains(world: World, chunk: Chunk, dealer_in: Ints,
                 rng: np.random.Generator) -> Chains:
    lic = world.licensees
    guns = np.flatnonzero(dealer_in >= 0)
    n = len(guns)
    path = np.full((n, 5), C.NONE, dtype=np.int64)
    days = np.full((n, 5), C.NONE, dtype=np.int64)
    path[:, 0] = world.maker_source[world.catalog.maker[chunk.model[guns]]]
    path[:, 4] = chunk.dealer[guns]
    days[:, 4] = dealer_in[guns]
    inter = rng.random(n) < INTER_DEALER
    step = rng.integers(5, 90, size=n)
    days[:, 3] = np.where(inter, days[:, 4] - step, C.NONE)
    path[inter, 3] = draw_dealers(lic, rng, lic.state[path[inter, 4]],
                                  np.zeros(int(inter.sum()), dtype=np.bool_), days[inter, 4])
    twice = path[:, 3] == path[:, 4]
    path[twice, 3], days[twice, 3] = C.NONE, C.NONE
    inter &= ~twice
    hops = pick(rng, HOPS, n)
    nearest = np.where(inter, days[:, 3], days[:, 4])
    dist = lic.distributors[pick(rng, lic.dist_weight, 2 * n)].reshape(n, 2)
    gaps = rng.integers(3, 60, size=(n, 2))
    days[:, 2] = np.where(hops >= 1, nearest - gaps[:, 0], C.NONE)
    path[:, 2] = np.where(hops >= 1, dist[:, 0], C.NONE)
    days[:, 1] = np.where(hops == 2, days[:, 2] - gaps[:, 1], C.NONE)
    path[:, 1] = np.where(hops == 2, dist[:, 1], C.NONE)
    same = (path[:, 1] == path[:, 2]) & (hops == 2)
    path[same, 1], days[same, 1] = C.NONE, C.NONE
    return _rows(chunk, guns, path, days)


def _rows(chunk: Chunk, guns: Ints, path: Ints, days: Ints) -> Chains:
    """Compact each chain (drop absent hops) and list its transfers in order."""
    n = len(guns)
    key = np.where(path >= 0, np.arange(5), 9)
    order = np.argsort(key, axis=1, kind="stable")
    path = np.take_along_axis(path, order, axis=1)
    days = np.take_along_axis(days, order, axis=1)
    gun, frm, to, day, stepno = [], [], [], [], []
    for j in range(4):
        ok = np.flatnonzero(path[:, j + 1] >= 0)
        gun.append(guns[ok])
        frm.append(path[ok, j])
        to.append(path[ok, j + 1])
        day.append(days[ok, j + 1])
        stepno.append(np.full(len(ok), j))
    sold = np.flatnonzero(chunk.sold[guns])
    gun.append(guns[sold])
    frm.append(chunk.dealer[guns[sold]])
    to.append(np.full(len(sold), C.NONE, dtype=np.int64))
    day.append(chunk.sale_day[guns[sold]])
    stepno.append(np.full(len(sold), 9))
    g, s = np.concatenate(gun), np.concatenate(stepno)
    order_rows = np.lexsort((s, g))
    first_day = np.full(chunk.size, C.NONE, dtype=np.int64)
    first_day[guns] = days[:, 1] if n else days[:, 0]
    dealer_in = np.full(chunk.size, C.NONE, dtype=np.int64)
    dealer_in[guns] = days[np.arange(n), (path >= 0).sum(axis=1) - 1]
    source = np.full(chunk.size, C.NONE, dtype=np.int64)
    source[guns] = path[:, 0]
    return Chains(g[order_rows], np.concatenate(frm)[order_rows],
                  np.concatenate(to)[order_rows], np.concatenate(day)[order_rows],
                  source, first_day, dealer_in)
