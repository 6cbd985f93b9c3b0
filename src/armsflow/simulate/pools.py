"""Synthetic identities: name and street pools built once from Faker, indexed with NumPy.

Faker is called a few thousand times per run (never per row): the pools are deduplicated
in generation order, so they depend only on the seed and Faker's version. Values never
hold commas, quotes or line breaks, so bulk files can be written without quoting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
from faker import Faker

from armsflow.simulate.arrays import pool
from armsflow.simulate.rng import Component, stream

DRAWS = 3000
_FORBIDDEN = frozenset(',"\r\n\t|')


@dataclass(frozen=True)
class NamePool:
    """One locale's names: last, male first, female first, street names (Arrow arrays)."""

    last: pa.Array
    male: pa.Array
    female: pa.Array
    streets: pa.Array

    @property
    def sizes(self) -> tuple[int, int, int, int]:
        return len(self.last), len(self.male), len(self.female), len(self.streets)


@dataclass(frozen=True)
class Pools:
    us: NamePool
    mx: NamePool


def _unique(make: Any, draws: int) -> list[str]:
    seen: dict[str, None] = {}
    for _ in range(draws):
        value = " ".join(str(make()).split())
        if value and not _FORBIDDEN.intersection(value):
            seen.setdefault(value, None)
    return list(seen)


def _locale_pool(locale: str, seed: int) -> NamePool:
    fake = Faker(locale)
    fake.seed_instance(seed)
    return NamePool(
        last=pool(_unique(fake.last_name, DRAWS)),
        male=pool(_unique(fake.first_name_male, DRAWS)),
        female=pool(_unique(fake.first_name_female, DRAWS)),
        streets=pool(_unique(fake.street_name, DRAWS)),
    )


def build_pools(seed: int) -> Pools:
    rng = stream(seed, Component.POOLS)
    us_seed, mx_seed = (int(x) for x in rng.integers(0, 2**31, size=2))
    return Pools(us=_locale_pool("en_US", us_seed), mx=_locale_pool("es_MX", mx_seed))


_KEYBOARD = "qwertyuiopasdfghjklzxcvbnm"


def typo(text: str, choice: int, position: float) -> str:
    """One typing error: 0 drop, 1 swap with next, 2 double, 3 neighbouring key."""
    if len(text) < 3:
        return text + text[-1:] if text else text
    i = min(int(position * (len(text) - 1)), len(text) - 2)
    if choice == 0:
        return text[:i] + text[i + 1 :]
    if choice == 1:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if choice == 2:
        return text[: i + 1] + text[i] + text[i + 1 :]
    ch = text[i]
    k = _KEYBOARD.find(ch.lower())
    if k < 0:
        return text[:i] + text[i + 1 :]
    near = _KEYBOARD[(k + 1) % len(_KEYBOARD)]
    return text[:i] + (near.upper() if ch.isupper() else near) + text[i + 1 :]


def typos(values: list[str], rng: np.random.Generator) -> list[str]:
    """One typing error in each value."""
    choices = rng.integers(0, 4, size=len(values))
    positions = rng.random(len(values))
    return [typo(v, int(c), float(p)) for v, c, p in zip(values, choices, positions, strict=True)]
