"""Independent random streams, one per component and chunk.

Every stream is ``Generator(PCG64(SeedSequence(seed, spawn_key=(component, chunk))))``:
adding a draw to one component never shifts another's, and chunk k of a run is the same
whatever happened in chunks before it. Nothing else in the simulator draws randomness
(Faker is seeded from its own stream and used only to build name pools).
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np
import numpy.typing as npt

from armsflow.simulate.arrays import Ints


class Component(IntEnum):
    POOLS = 1
    LICENSEES = 2
    AGENCIES = 3
    FATES = 10
    MODELS = 11
    PLACES = 12
    DATES = 13
    SCHEMES = 14
    DEALERS = 15
    CHAINS = 16
    PEOPLE = 17
    REPORTS = 18
    EXPORTS = 19
    REQUESTS = 20
    DEFECTS = 21
    ITEMS = 22
    PERSON_RECORDS = 23


def stream(seed: int, component: Component, chunk: int = 0) -> np.random.Generator:
    sequence = np.random.SeedSequence(seed, spawn_key=(int(component), chunk))
    return np.random.Generator(np.random.PCG64(sequence))


def pick(rng: np.random.Generator, weights: npt.ArrayLike, size: int) -> Ints:
    """``size`` indices drawn with probability proportional to ``weights``."""
    cdf = np.cumsum(np.asarray(weights, dtype=np.float64))
    if size == 0 or cdf[-1] <= 0:
        return np.zeros(size, dtype=np.int64)
    found = np.searchsorted(cdf, rng.random(size) * cdf[-1], side="right")
    out: Ints = np.minimum(found, len(cdf) - 1).astype(np.int64)
    return out
