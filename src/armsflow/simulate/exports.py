"""Licensed exports (State Department licences), one row per firearm with its serial.

There is no import kind for exports yet; docs/simulator.md documents the columns. A
licence covers one maker's guns to one destination within 90 days (at most 300 guns).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from armsflow.simulate.arrays import Ints, coded, dates, padded, pool
from armsflow.simulate.chunk import Chunk
from armsflow.simulate.firearm_columns import GunText
from armsflow.simulate.tables.abroad import EXPORT_DESTINATIONS
from armsflow.simulate.world import World

GOVERNMENT, COMMERCIAL = 0, 1


def licence_refs(numbers: Ints) -> pa.Array:
    return padded("DSP5-", numbers, 7)


def exports(world: World, chunk: Chunk, text: GunText, rng: np.random.Generator) -> pa.Table:
    g = np.flatnonzero(chunk.licence >= 0)
    licences, first = np.unique(chunk.licence[g], return_inverse=True)
    start = np.full(len(licences), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(start, first, chunk.sale_day[g])
    issued = start - rng.integers(30, 180, size=len(licences))
    kind = (rng.random(len(licences)) < 0.4).astype(np.int64)
    dest = chunk.export_dest[g]
    parties = pool([d[2] for d in EXPORT_DESTINATIONS] + [d[3] for d in EXPORT_DESTINATIONS])
    party = dest + kind[first] * len(EXPORT_DESTINATIONS)
    exporter = text.source[g]
    table = {
        "export_license": licence_refs(chunk.licence[g]),
        "license_date": dates(issued[first]),
        "exporter_license": coded(exporter, world.licensees.ffl),
        "exporter_name": coded(exporter, world.licensees.name),
        "consignee": coded(party, parties),
        "consignee_country": coded(dest, pool([d[0] for d in EXPORT_DESTINATIONS])),
        "end_user": coded(party, parties),
        "end_user_kind": coded(kind[first], pool(["government", "commercial"])),
        "destination_country": coded(dest, pool([d[0] for d in EXPORT_DESTINATIONS])),
        "ship_date": dates(chunk.sale_day[g]),
    }
    table.update(text.columns(world, g))
    return pa.table(table)
