"""The firearm catalog as arrays: per-model attributes and weighted draws by context."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa

from armsflow.simulate.arrays import Bools, Floats, Ints, day_number, pool
from armsflow.simulate.rng import pick
from armsflow.simulate.tables.abroad import FOREIGN_SOURCE_COUNTRIES
from armsflow.simulate.tables.catalog import FALLBACK_CLASSES, MODELS
from armsflow.simulate.tables.industry import US_MAKERS
from armsflow.vocab.firearms import normalize_manufacturer

CONTEXTS = ("us", "crime", "mx", "foreign")
HANDGUN, RIFLE12, LONG, OTHER = range(4)


@dataclass(frozen=True)
class Catalog:
    maker: Ints
    makers: tuple[str, ...]
    maker_country: tuple[str, ...]
    imported: Bools
    exportable: Bools
    handgun: Bools
    long_gun: Bools
    ms12: Bools
    klass: Ints
    since: Ints
    fallback: Ints
    nfa: tuple[str, ...]
    weights: dict[str, Floats]
    foreign_countries: tuple[str, ...]
    foreign_country_weight: Floats
    maker_names: pa.Array
    model_names: pa.Array
    calibers: pa.Array
    ncic: pa.Array
    kinds: pa.Array
    countries: pa.Array
    ncic_codes: tuple[str, ...]
    caliber_names: tuple[str, ...]

    def draw(self, rng: np.random.Generator, context: str, size: int) -> Ints:
        return pick(rng, self.weights[context], size)

    def draw_like(self, rng: np.random.Generator, context: str, klass: Ints) -> Ints:
        """Models of the same class (handgun, 3310.12 rifle, other long gun) as given."""
        out = np.zeros(len(klass), dtype=np.int64)
        for k in np.unique(klass):
            where = np.flatnonzero(klass == k)
            w = np.where(self.klass == k, self.weights[context], 0.0)
            if w.sum() <= 0:
                w = self.weights[context]
            out[where] = pick(rng, w, len(where))
        return out

    def draw_foreign(self, rng: np.random.Generator, size: int) -> tuple[Ints, Ints]:
        """(country index, model) of guns made and sold abroad."""
        country = pick(rng, self.foreign_country_weight, size)
        models = np.zeros(size, dtype=np.int64)
        for c in np.unique(country):
            where = np.flatnonzero(country == c)
            code = self.foreign_countries[int(c)]
            mask = np.array([self.maker_country[m] == code for m in self.maker])
            models[where] = pick(rng, np.where(mask, self.weights["foreign"], 0.0), len(where))
        return country, models

    def settle(self, models: Ints, sale_day: Ints) -> Ints:
        """A model sold before it existed falls back to an older model of its class."""
        for _ in range(3):
            early = sale_day < self.since[models]
            models = np.where(early, self.fallback[models], models)
        return models


def build_catalog() -> Catalog:
    makers = tuple(dict.fromkeys(m.maker for m in MODELS))
    countries = tuple(normalize_manufacturer(m).country or "US" for m in makers)
    maker = np.array([makers.index(m.maker) for m in MODELS], dtype=np.int64)
    for name, country in zip(makers, countries, strict=True):
        if country == "US" and name not in US_MAKERS:
            raise ValueError(f"US maker {name} has no licensee in tables.industry.US_MAKERS")
    ncic = tuple(m.ncic for m in MODELS)
    handgun = np.array([t.startswith("P") for t in ncic])
    long_gun = np.array([t[0] in "RSC" for t in ncic])
    ms12 = np.array([m.ms12 for m in MODELS])
    klass = np.where(handgun, HANDGUN, np.where(ms12, RIFLE12, np.where(long_gun, LONG, OTHER)))
    return Catalog(
        maker=maker, makers=makers, maker_country=countries,
        imported=np.array([countries[k] != "US" for k in maker]),
        exportable=np.array([countries[maker[i]] == "US" and not m.nfa and m.kind == "firearm"
                             and m.us > 0 for i, m in enumerate(MODELS)]),
        handgun=handgun, long_gun=long_gun, ms12=ms12, klass=klass.astype(np.int64),
        since=np.array([day_number(date.fromisoformat(m.since)) for m in MODELS]),
        fallback=np.array([FALLBACK_CLASSES.get(t, 0) for t in ncic], dtype=np.int64),
        nfa=tuple(m.nfa for m in MODELS),
        weights={c: np.array([getattr(m, c) for m in MODELS], dtype=np.float64)
                 for c in CONTEXTS},
        foreign_countries=tuple(c for c, _ in FOREIGN_SOURCE_COUNTRIES),
        foreign_country_weight=np.array([w for _, w in FOREIGN_SOURCE_COUNTRIES]),
        maker_names=pool(makers), model_names=pool([m.model for m in MODELS]),
        calibers=pool([m.caliber for m in MODELS]), ncic=pool(ncic),
        kinds=pool([m.kind for m in MODELS]),
        countries=pool([countries[k] for k in maker]),
        ncic_codes=ncic, caliber_names=tuple(m.caliber for m in MODELS),
    )
