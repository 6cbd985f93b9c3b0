"""Recovered guns and items of one chunk: trace requests and truth rows, side by side."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from armsflow.simulate import codes as C
from armsflow.simulate import defects as D
from armsflow.simulate.arrays import Ints, padded
from armsflow.simulate.chunk import Chunk
from armsflow.simulate.firearm_columns import GunText
from armsflow.simulate.outcomes import outcomes
from armsflow.simulate.people import NameTables, People
from armsflow.simulate.requests import (
    REQUEST_COLUMNS,
    gun_columns,
    imported_into_us,
    places,
    possessors,
    request_head,
)
from armsflow.simulate.rng import Component, stream
from armsflow.simulate.truth import closed_without_records, gun_truth
from armsflow.simulate.world import World

OWN_GUN = {C.ORDINARY: 0.35, C.STRAW: 0.15, C.INTERSTATE: 0.05, C.SECONDARY: 0.02}
"""Chance the possessor is the gun's own purchaser, by channel."""


@dataclass(frozen=True)
class Recovered:
    requests: pa.Table
    truth: pa.Table

    @property
    def count(self) -> int:
        return int(self.requests.num_rows)


def request_refs(world: World, first: int, count: int) -> pa.Array:
    return padded(f"T{world.config.year}-", np.arange(first, first + count, dtype=np.int64), 8)


def gun_recoveries(world: World, chunk: Chunk, text: GunText, people: People,
                   names: NameTables, first_request: int) -> Recovered:
    rng = stream(world.config.seed, Component.REQUESTS, chunk.index)
    drng = stream(world.config.seed, Component.DEFECTS, chunk.index)
    g = np.flatnonzero(chunk.recovered)
    fate = chunk.fate[g]
    abroad = fate != C.REC_US
    place = places(world, fate, chunk.rec_place[g], rng)
    head = request_head(world, request_refs(world, first_request, len(g)), chunk.rec_day[g],
                        place, rng)
    flags = D.draw(world.config.us_defects, world.config.foreign_defects, abroad, drng)
    cols = dict(head)
    cols.update(gun_columns(world, chunk, text, g, flags, drng))
    cols.update(possessors(world, names, people, _own_buyers(chunk, g, rng), abroad, flags,
                           chunk.rec_day[g], drng))
    requests = pa.table({name: cols[name] for name in REQUEST_COLUMNS})
    imported = imported_into_us(world, chunk, g)
    codes = outcomes(flags, chunk.channel[g], imported,
                     closed_without_records(world, chunk.dealer[g]))
    found = D.reported(flags, {"importer_missing": imported})
    truth = gun_truth(world, chunk, text, people, g, head, codes, found)
    return Recovered(requests, truth)


def _own_buyers(chunk: Chunk, g: Ints, rng: np.random.Generator) -> Ints:
    chance = np.array([OWN_GUN.get(c, 0.0) for c in range(len(C.CHANNELS))])
    own = chunk.sold[g] & (rng.random(len(g)) < chance[chunk.channel[g]])
    return np.where(own, chunk.buyer[g], C.NONE)
