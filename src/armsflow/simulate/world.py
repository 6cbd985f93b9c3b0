"""Everything shared by all chunks: reference flows, places, pools, catalog, licensees,
agencies. Built once per run, deterministic in the seed."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from armsflow.simulate.agencies import Agencies, build_agencies
from armsflow.simulate.arrays import Floats, Ints, day_number
from armsflow.simulate.config import SimConfig
from armsflow.simulate.geography import STATE_INDEX, Geography, build_geography
from armsflow.simulate.guns import Catalog, build_catalog
from armsflow.simulate.licensee_list import build_licensees
from armsflow.simulate.licensees import Licensees
from armsflow.simulate.pools import Pools, build_pools
from armsflow.simulate.reference import Reference, load_reference
from armsflow.simulate.tables.abroad import (
    CENTRAL_AMERICA_SOURCE_STATES,
    MEXICO_SOURCE_STATES,
)


@dataclass(frozen=True)
class World:
    config: SimConfig
    reference: Reference
    geo: Geography
    pools: Pools
    catalog: Catalog
    licensees: Licensees
    agencies: Agencies
    source_given_recovery: Floats
    mx_sources: Floats
    ca_sources: Floats
    maker_source: Ints
    corrupt_by_state: tuple[Ints, ...]
    corrupt_scheme: Ints
    start_day: int
    end_day: int
    year_start: int

    @property
    def first_chunk_scheme(self) -> int:
        """Scheme numbers 1..K are the corrupt dealers'; chunk schemes follow."""
        return int(self.licensees.corrupt.sum()) + 1


def _state_weights(table: tuple[tuple[str, float], ...]) -> Floats:
    out = np.zeros(len(STATE_INDEX))
    for code, weight in table:
        out[STATE_INDEX[code]] = weight
    return out


def _maker_sources(catalog: Catalog, lic: Licensees) -> Ints:
    """Where each maker's guns enter US commerce: its own licence, or an importer."""
    out = np.zeros(len(catalog.makers), dtype=np.int64)
    for k, name in enumerate(catalog.makers):
        if catalog.maker_country[k] == "US":
            out[k] = lic.maker_of[name]
        else:
            out[k] = lic.importers[k % len(lic.importers)]
    return out


def build_world(config: SimConfig) -> World:
    geo = build_geography()
    pools = build_pools(config.seed)
    catalog = build_catalog()
    lic = build_licensees(config, geo, pools)
    reference = load_reference(config.year)
    end = day_number(config.world_end)
    corrupt = tuple(
        np.flatnonzero(lic.corrupt & (lic.state == s)) for s in range(len(STATE_INDEX))
    )
    corrupt_scheme = np.full(lic.count, -1, dtype=np.int64)
    corrupt_scheme[lic.corrupt] = np.arange(1, int(lic.corrupt.sum()) + 1)
    return World(
        config=config, reference=reference, geo=geo, pools=pools, catalog=catalog,
        licensees=lic, agencies=build_agencies(config, geo),
        source_given_recovery=reference.source_given_recovery(),
        mx_sources=_state_weights(MEXICO_SOURCE_STATES),
        ca_sources=_state_weights(CENTRAL_AMERICA_SOURCE_STATES),
        maker_source=_maker_sources(catalog, lic), corrupt_by_state=corrupt,
        corrupt_scheme=corrupt_scheme,
        start_day=end - 365 * config.rates.records_kept_years, end_day=end,
        year_start=day_number(config.world_end.replace(month=1, day=1)),
    )
