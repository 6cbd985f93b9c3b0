"""Diversion without straw buyers: corrupt dealers selling off the books, burglaries of
licensees, thefts from owners, and licensed exports diverted to criminals."""

from __future__ import annotations

import numpy as np

from armsflow.simulate import codes as C
from armsflow.simulate.arrays import Ints
from armsflow.simulate.chunk import Chunk, destinations
from armsflow.simulate.licensees import draw_dealers
from armsflow.simulate.people_book import SchemeBook
from armsflow.simulate.rng import pick
from armsflow.simulate.schemes import Companions, copy_visit, eligible, group_anchors
from armsflow.simulate.tables.abroad import CENTRAL_AMERICA, EXPORT_DESTINATIONS
from armsflow.simulate.world import World

EXPORT_COUNTRIES = tuple(d[0] for d in EXPORT_DESTINATIONS)


def corrupt_dealers(world: World, chunk: Chunk, pool: Companions,
                    rng: np.random.Generator) -> None:
    """Guns a corrupt dealer sold with no Form 4473; scheme number = the dealer's."""
    rates = world.config.schemes
    has = np.array([len(c) > 0 for c in world.corrupt_by_state])
    src = np.maximum(chunk.source_state, 0)
    pick_mask = eligible(chunk) & has[src] & (rng.random(chunk.size) < rates.corrupt_dealer)
    anchors = np.flatnonzero(pick_mask)
    for i in anchors:
        choices = world.corrupt_by_state[int(src[i])]
        chunk.dealer[i] = choices[int(rng.integers(len(choices)))]
    chunk.channel[anchors] = C.CORRUPT
    chunk.sold[anchors] = False
    chunk.scheme[anchors] = world.corrupt_scheme[chunk.dealer[anchors]]
    counts = rng.poisson(3.0, size=len(anchors))
    mates = pool.take(int(counts.sum()))
    copy_visit(chunk, mates, np.repeat(anchors, counts)[: len(mates)])
    chunk.model[mates] = world.catalog.settle(chunk.model[mates], chunk.sale_day[mates])


def burglaries(world: World, chunk: Chunk, book: SchemeBook, pool: Companions,
               rng: np.random.Generator) -> None:
    """Thefts from a licensee's stock: the recovered gun and the others taken with it."""
    rates = world.config.schemes
    anchors = np.flatnonzero(eligible(chunk) & (rng.random(chunk.size) < rates.theft_from_licensee))
    states = chunk.source_state[anchors]
    day = chunk.sale_day[anchors]
    chunk.dealer[anchors] = draw_dealers(world.licensees, rng, states,
                                         np.ones(len(anchors), dtype=np.bool_), day)
    chunk.theft_day[anchors] = day
    chunk.sold[anchors] = False
    chunk.channel[anchors] = C.THEFT_LICENSEE
    chunk.scheme[anchors] = book.add(C.THEFT_LICENSEE, states, destinations(chunk, anchors))
    counts = rng.poisson(rates.burglary_companions, size=len(anchors))
    mates = pool.take(int(counts.sum()))
    copy_visit(chunk, mates, np.repeat(anchors, counts)[: len(mates)])
    chunk.model[mates] = world.catalog.settle(chunk.model[mates], chunk.sale_day[mates])
    chunk.fate[mates] = C.STOLEN


def owner_thefts(world: World, chunk: Chunk, rng: np.random.Generator) -> None:
    """Guns stolen from their buyers: recovered ones between sale and recovery, and a few
    unrecovered ones reported stolen before the end of the year."""
    r = world.config
    u = rng.random(chunk.size)
    rec = np.flatnonzero(eligible(chunk) & chunk.sold & (u < r.schemes.theft_from_home)
                         & (chunk.rec_day - chunk.sale_day > 2))
    span = chunk.rec_day[rec] - chunk.sale_day[rec]
    chunk.theft_day[rec] = chunk.sale_day[rec] + 1 + (rng.random(len(rec)) * (span - 2)).astype(
        np.int64)
    chunk.channel[rec] = C.THEFT_HOME
    plain = np.flatnonzero((chunk.fate == C.SOLD) & (chunk.channel == C.ORDINARY)
                           & (u < r.rates.stolen_unrecovered)
                           & (chunk.sale_day < world.end_day - 2))
    span = world.end_day - chunk.sale_day[plain]
    chunk.theft_day[plain] = chunk.sale_day[plain] + 1 + (
        rng.random(len(plain)) * (span - 2)).astype(np.int64)


def diverted_exports(world: World, chunk: Chunk, rng: np.random.Generator) -> None:
    """US-made guns recovered abroad that left the US under an export licence."""
    rates = world.config.schemes
    rate = np.where(chunk.fate == C.REC_MX, rates.diverted_export_mx, rates.diverted_export_ca)
    dest = _destination_of_recovery(chunk)
    ok = (eligible(chunk) & (chunk.fate != C.REC_US) & (dest >= 0)
          & world.catalog.exportable[np.maximum(chunk.model, 0)]
          & (rng.random(chunk.size) < rate))
    where = np.flatnonzero(ok)
    chunk.export_dest[where] = dest[where]
    chunk.channel[where] = C.DIVERTED
    chunk.sold[where] = False
    chunk.source_state[where] = C.NONE
    exported = np.flatnonzero(chunk.fate == C.EXPORTED)
    weights = np.array([d[1] for d in EXPORT_DESTINATIONS])
    chunk.export_dest[exported] = pick(rng, weights, len(exported))


def _destination_of_recovery(chunk: Chunk) -> Ints:
    out = np.full(chunk.size, C.NONE, dtype=np.int64)
    out[chunk.fate == C.REC_MX] = EXPORT_COUNTRIES.index("MX")
    for k, (country, _city, _w) in enumerate(CENTRAL_AMERICA):
        if country in EXPORT_COUNTRIES:
            out[(chunk.fate == C.REC_CA) & (chunk.rec_place == k)] = EXPORT_COUNTRIES.index(
                country)
    return out


def export_licences(world: World, chunk: Chunk, book: SchemeBook, first: int,
                    rng: np.random.Generator) -> int:
    """Group exported guns into licences (destination, maker, 90 days, at most 300 guns);
    a licence with diverted guns is a scheme. Returns the number of licences."""
    where = np.flatnonzero(chunk.export_dest >= 0)
    if len(where) == 0:
        return 0
    maker = world.catalog.maker[chunk.model[where]]
    key = chunk.export_dest[where] * 1000 + maker
    group, _rank = group_anchors(key, chunk.sale_day[where], 90, 300)
    chunk.licence[where] = first + group
    diverted = where[chunk.channel[where] == C.DIVERTED]
    if len(diverted):
        licences, pos = np.unique(chunk.licence[diverted], return_index=True)
        lead = diverted[pos]
        exporter_state = world.licensees.state[world.maker_source[
            world.catalog.maker[chunk.model[lead]]]]
        numbers = book.add(C.DIVERTED, exporter_state, destinations(chunk, lead))
        chunk.scheme[diverted] = numbers[np.searchsorted(licences, chunk.licence[diverted])]
    return int(group.max()) + 1
