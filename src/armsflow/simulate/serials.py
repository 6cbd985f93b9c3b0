"""Serial numbers: each maker's own pattern, unique per maker across the whole run.

A gun's serial is ``(a * i + b) mod capacity`` written in its maker's pattern, where ``i``
counts the maker's guns from the start of the run (so it is unique) and ``a`` is coprime
with the capacity (so distinct ``i`` give distinct serials that do not look sequential).

Guns made before 1968 carry no record anywhere, and their serials follow no maker's modern
pattern: they get ``OLD_SERIAL_WIDTH`` digits, a length no pattern produces, so that no
registered gun is an exact match or one misread character away (a perfect tracer, and the
engine, can only say "too old").
"""

from __future__ import annotations

from math import gcd

import numpy as np
import pyarrow as pa

from armsflow.simulate.arrays import Ints, pattern_capacity, pattern_strings
from armsflow.simulate.rng import Component, stream
from armsflow.simulate.tables.catalog import DEFAULT_SERIAL_PATTERN, SERIAL_PATTERNS


class SerialMaker:
    """Hands out serials maker by maker; keeps each maker's count between chunks."""

    def __init__(self, seed: int, makers: tuple[str, ...]) -> None:
        rng = stream(seed, Component.ITEMS, 0)
        self.patterns = [SERIAL_PATTERNS.get(m, DEFAULT_SERIAL_PATTERN) for m in makers]
        self.capacity = [pattern_capacity(p) for p in self.patterns]
        self.offset = [int(rng.integers(0, cap)) for cap in self.capacity]
        self.step = [_coprime(cap) for cap in self.capacity]
        self.used = np.zeros(len(makers), dtype=np.int64)

    def serials(self, maker: Ints) -> pa.Array:
        """One new serial per entry of ``maker`` (maker indices), in that order."""
        if len(maker) == 0:
            return pa.array([], type=pa.string())
        order = np.argsort(maker, kind="stable")
        parts = []
        for k in np.unique(maker):
            count = int(np.sum(maker == k))
            i = self.used[k] + np.arange(count, dtype=np.int64)
            self.used[k] += count
            if self.used[k] > self.capacity[k]:
                raise OverflowError(f"serial pattern of maker {k} is exhausted")
            values = (self.step[k] * i + self.offset[k]) % self.capacity[k]
            parts.append(pattern_strings(values, self.patterns[k]))
        joined = pa.concat_arrays(parts)
        inverse = np.empty_like(order)
        inverse[order] = np.arange(len(order))
        return joined.take(pa.array(inverse))


def _coprime(capacity: int) -> int:
    step = 1_000_003
    while gcd(step, capacity) != 1:
        step += 2
    return step % capacity or 1


OLD_SERIAL_WIDTH = 6


def old_serials(serial: pa.Array, old: Ints, first: int) -> pa.Array:
    """``serial`` with the guns at positions ``old`` renumbered ``first``, ``first + 1``...
    in the pre-1968 form (unique in the run up to a million old guns)."""
    if len(old) == 0:
        return serial
    values = [f"{(first + k) % 10**OLD_SERIAL_WIDTH:0{OLD_SERIAL_WIDTH}d}"
              for k in range(len(old))]
    out = serial.to_pylist()
    for pos, value in zip(old.tolist(), values, strict=True):
        out[pos] = value
    return pa.array(out, type=pa.string())
