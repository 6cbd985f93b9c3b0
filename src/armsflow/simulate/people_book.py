"""Chunk-local persons: scheme members are created first, ordinary buyers after."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from armsflow.simulate.arrays import Floats, Ints


@dataclass
class PersonBook:
    """Persons of one chunk: home state and the chance their name is Hispanic."""

    states: list[Ints] = field(default_factory=list)
    hispanic: list[Floats] = field(default_factory=list)
    count: int = 0

    def add(self, states: Ints, hispanic: Floats) -> Ints:
        ids = np.arange(self.count, self.count + len(states), dtype=np.int64)
        self.states.append(states.astype(np.int64))
        self.hispanic.append(np.broadcast_to(hispanic, states.shape).astype(np.float64))
        self.count += len(states)
        return ids

    def arrays(self) -> tuple[Ints, Floats]:
        if not self.states:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        return np.concatenate(self.states), np.concatenate(self.hispanic)


@dataclass
class SchemeBook:
    """Schemes started in one chunk; numbers are global (``first`` + position)."""

    first: int
    kinds: list[Ints] = field(default_factory=list)
    states: list[Ints] = field(default_factory=list)
    destinations: list[str] = field(default_factory=list)
    count: int = 0

    def add(self, kind: int, states: Ints, destinations: list[str]) -> Ints:
        """New schemes of one ``kind``: base state, where their first gun was recovered."""
        numbers = np.arange(self.first + self.count, self.first + self.count + len(states))
        self.kinds.append(np.full(len(states), kind, dtype=np.int64))
        self.states.append(states.astype(np.int64))
        self.destinations.extend(destinations)
        self.count += len(states)
        return numbers.astype(np.int64)

    def arrays(self) -> tuple[Ints, Ints, Ints]:
        """numbers, kinds, states (destinations are in ``destinations``)."""
        if not self.kinds:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        numbers = np.arange(self.first, self.first + self.count, dtype=np.int64)
        return numbers, np.concatenate(self.kinds), np.concatenate(self.states)
