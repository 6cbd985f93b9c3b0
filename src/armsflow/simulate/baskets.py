"""Legal multiple purchases: ordinary buyers who take two guns home from one visit.

Some of them are two handguns (Form 3310.4) or two rifles in a border state (3310.12), so
multiple-sale reports are not all trafficking: detection has innocent reports to sift.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from armsflow.simulate import codes as C
from armsflow.simulate.arrays import Ints
from armsflow.simulate.chunk import Chunk
from armsflow.simulate.world import World


@dataclass(frozen=True)
class Baskets:
    """Each ``mates[i]`` was bought with ``leaders[i]``."""

    mates: Ints
    leaders: Ints

    def same_dealer(self, chunk: Chunk) -> None:
        chunk.dealer[self.mates] = chunk.dealer[self.leaders]

    def same_buyer(self, chunk: Chunk) -> None:
        chunk.buyer[self.mates] = chunk.buyer[self.leaders]


def baskets(world: World, chunk: Chunk, rng: np.random.Generator) -> Baskets:
    """Pair ordinary sales: the mate takes its leader's day, state and venue now, and its
    dealer and buyer once they are drawn (``same_dealer``, ``same_buyer``)."""
    ordinary = np.flatnonzero((chunk.fate == C.SOLD) & (chunk.channel == C.ORDINARY)
                              & (chunk.theft_day < 0))
    count = int(len(ordinary) * world.config.rates.basket_share)
    shuffled = rng.permutation(ordinary)
    leaders, mates = shuffled[:count], shuffled[count : 2 * count]
    for name in ("sale_day", "source_state", "gun_show"):
        values = getattr(chunk, name)
        values[mates] = values[leaders]
    chunk.model[mates] = world.catalog.settle(chunk.model[mates], chunk.sale_day[mates])
    return Baskets(mates, leaders)
