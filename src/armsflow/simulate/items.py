"""Recovered items outside serial tracing: privately made firearms (no serial, no maker
records) and machine-gun conversion devices. Each is a trace request that a perfect
tracer cannot complete; items recovered near each other form a supply scheme."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from armsflow.simulate import codes as C
from armsflow.simulate.arrays import Ints, coded, dates, padded, pool
from armsflow.simulate.people import NameTables
from armsflow.simulate.people_book import SchemeBook
from armsflow.simulate.recoveries import Recovered, request_refs
from armsflow.simulate.requests import REQUEST_COLUMNS, places, request_head
from armsflow.simulate.rng import Component, pick, stream
from armsflow.simulate.schemes import group_anchors
from armsflow.simulate.truth import TRUE_ORIGINS, TRUTH_COLUMNS, outcome_columns, scheme_refs
from armsflow.simulate.world import World

PMF_MAKES = pool(["POLYMER80", "", "PRIVATELY MADE", "P80", "UNKNOWN"])
PMF_MODELS = pool(["PF940C", "PF940V2", "AR-15 TYPE", "GHOST GUN", ""])
KIT_SHARE = 0.15
"""Share of recovered privately made items that are unfinished kits or frames."""
DEVICE_MODELS = pool(["AUTO SEAR", "GLOCK SWITCH", "DROP IN AUTO SEAR", "LIGHTNING LINK"])


@dataclass(frozen=True)
class ItemDraw:
    kind: Ints  # PMF or DEVICE channel code
    fate: Ints
    place: Ints
    day: Ints


def draw_items(world: World, index: int, us: int, abroad: int) -> ItemDraw:
    r, rng = world.config.rates, stream(world.config.seed, Component.ITEMS, 1 + index)
    n_pmf = int(rng.binomial(us, r.pmf_us / (1 - r.pmf_us)))
    n_dev = int(rng.binomial(us, r.conversion_devices / (1 - r.conversion_devices)))
    n_mx = int(rng.binomial(abroad, r.pmf_foreign / (1 - r.pmf_foreign)))
    kind = np.repeat(np.array([C.PMF, C.DEVICE, C.PMF]), [n_pmf, n_dev, n_mx])
    fate = np.repeat(np.array([C.REC_US, C.REC_US, C.REC_MX]), [n_pmf, n_dev, n_mx])
    place = np.concatenate((pick(rng, world.reference.recovery_weights, n_pmf + n_dev),
                            pick(rng, world.geo.mx_weight, n_mx)))
    day = rng.integers(world.year_start, world.end_day + 1, size=len(kind))
    return ItemDraw(kind.astype(np.int64), fate.astype(np.int64), place, day)


def item_recoveries(world: World, index: int, items: ItemDraw, names: NameTables,
                    book: SchemeBook, first_request: int, first_item: int
                    ) -> tuple[Recovered, Ints]:
    """Requests and truth of the items, and each item's scheme number."""
    rng = stream(world.config.seed, Component.ITEMS, 100_000 + index)
    n = len(items.kind)
    pmf = items.kind == C.PMF
    head = request_head(world, request_refs(world, first_request, n), items.day,
                        places(world, items.fate, items.place, rng), rng)
    scheme = _schemes(items, book)
    rifle = pmf & (rng.random(n) < 0.3)
    make = np.where(pmf, pick(rng, np.array([4.0, 3, 2, 1, 1]), n), 4)
    model = pick(rng, np.array([4.0, 2, 2, 1, 1]), n)
    hispanic = (items.fate == C.REC_MX) | (rng.random(n) < 0.25)
    last, first = names.draw(rng, hispanic, rng.random(n) < 0.9)
    cols = dict(head)
    cols.update({
        "serial_number": pa.array([""] * n, type=pa.string()),
        "serial_obliterated": pa.array(["N"] * n, type=pa.string()),
        "manufacturer": coded(make, PMF_MAKES),
        "model": pa.concat_arrays([PMF_MODELS, DEVICE_MODELS]).take(
            pa.array(np.where(pmf, model, 5 + model % 4))),
        "caliber": coded(np.where(pmf, np.where(rifle, 1, 0), 2), pool(["9mm", "5.56", ""])),
        "firearm_type": coded(np.where(pmf, np.where(rifle, 1, 0), 2), pool(["PI", "RI", "Z"])),
        "country_of_manufacture": pa.array([""] * n, type=pa.string()),
        "importer": pa.array([""] * n, type=pa.string()),
        "item_kind": coded(np.where(pmf, np.where(rng.random(n) < KIT_SHARE, 2, 0), 1),
                           pool(["privately_made", "conversion_device", "parts_kit"])),
        "possessor_last_name": coded(last, names.last),
        "possessor_first_name": coded(first, names.first),
        "possessor_dob": dates(items.day - rng.integers(16 * 365, 50 * 365, size=n)),
    })
    requests = pa.table({name: cols[name] for name in REQUEST_COLUMNS})
    return Recovered(requests, _truth(items, head, cols, scheme, first_item)), scheme


def _schemes(items: ItemDraw, book: SchemeBook) -> Ints:
    key = items.fate * 100_000 + items.place * 10 + items.kind
    group, _rank = group_anchors(key, items.day, 180, 8)
    if len(group) == 0:
        return group
    lead = np.unique(group, return_index=True)[1]
    numbers = np.zeros(len(lead), dtype=np.int64)
    for kind in (C.PMF, C.DEVICE):
        mine = np.flatnonzero(items.kind[lead] == kind)
        state = np.where(items.fate[lead[mine]] == C.REC_US, items.place[lead[mine]], -1)
        numbers[mine] = book.add(kind, state, [""] * len(mine))
    return numbers[group]


def _truth(items: ItemDraw, head: dict[str, pa.Array], cols: dict[str, pa.Array],
           scheme: Ints, first_item: int) -> pa.Table:
    n = len(items.kind)
    pmf = items.kind == C.PMF
    empty = pa.array([""] * n, type=pa.string())
    reason = np.where(pmf, C.R_PMF, C.R_DEVICE)
    table = {name: empty for name in TRUTH_COLUMNS}
    table.update({
        "request_ref": head["request_ref"],
        "item_ref": padded("I", first_item + np.arange(n), 10),
        "item_kind": cols["item_kind"], "manufacturer": cols["manufacturer"],
        "model": cols["model"], "caliber": cols["caliber"],
        "firearm_type": cols["firearm_type"],
        "true_origin": coded(np.where(pmf, 3, 4), pool(list(TRUE_ORIGINS))),
        "recovery_country": head["recovery_country"], "recovery_state": head["recovery_state"],
        "recovery_date": head["recovery_date"],
        "channel": coded(items.kind, pool(list(C.CHANNELS))),
        "scheme_id": scheme_refs(scheme),
        "ttc_days": pa.nulls(n, type=pa.int64()),
        "retail_sale_date": pa.nulls(n, type=pa.date32()),
        "theft_date": pa.nulls(n, type=pa.date32()),
    })
    table.update(outcome_columns([""] * n, np.full(n, C.NOT_COMPLETED), reason,
                                 np.full(n, C.O_UNDETERMINED)))
    return pa.table({name: table[name] for name in TRUTH_COLUMNS})
