"""Registry files of one chunk: transfers, multiple-sale reports, thefts, imports, NFA.

Each builder returns an Arrow table whose columns are the exchange format's (docs/
formats.md) in a fixed order, plus how many report numbers it used.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from armsflow.simulate import codes as C
from armsflow.simulate.arrays import Ints, coded, dates, day_number, padded, pool
from armsflow.simulate.chains import Chains
from armsflow.simulate.chunk import Chunk
from armsflow.simulate.firearm_columns import GunText
from armsflow.simulate.geography import STATE_CODES
from armsflow.simulate.people import People
from armsflow.simulate.tables.places import BORDER_STATES
from armsflow.simulate.world import World

RIFLE_RULE = day_number(date(2011, 8, 14))
"""Form 3310.12 applies to sales from 14 August 2011."""


def with_empty(values: pa.Array) -> pa.Array:
    """``values`` plus a trailing empty string (index ``len(values)``)."""
    return pa.concat_arrays([values, pa.array([""], type=pa.string())])


def purchaser_ids(people: People, buyers: Ints) -> pa.Array:
    """Purchaser ids of chunk-local buyers; empty where there is none."""
    has = buyers >= 0
    ids = padded("P", np.where(has, people.number[np.maximum(buyers, 0)], 0), 9)
    return where_empty(has, ids)


def where_empty(keep: np.ndarray, values: pa.Array) -> pa.Array:
    """``values`` where ``keep``, else the empty string."""
    return pc.if_else(pa.array(keep, type=pa.bool_()), values, pa.scalar("", pa.string()))


def transfers(world: World, chunk: Chunk, chains: Chains, text: GunText, people: People
              ) -> pa.Table:
    lic = world.licensees
    to = np.where(chains.to >= 0, chains.to, lic.count)
    cols = text.columns(world, chains.gun)
    retail = chains.to < 0
    cols["from_license"] = coded(chains.frm, lic.ffl)
    cols["to_license"] = coded(to, with_empty(lic.ffl))
    buyers = np.where(retail, chunk.buyer[chains.gun], C.NONE)
    cols["to_purchaser_id"] = purchaser_ids(people, buyers)
    cols["transfer_date"] = dates(chains.day)
    return pa.table(cols)


def multiple_sales(world: World, chunk: Chunk, text: GunText, people: People,
                   first_report: int) -> tuple[pa.Table, int]:
    """Forms 3310.4 (2+ handguns) and 3310.12 (2+ such rifles, AZ CA NM TX dealers, since
    14 Aug 2011) for sales to one buyer by one dealer within five business days."""
    cat, lic = world.catalog, world.licensees
    retail = chunk.sold & (chunk.buyer >= 0)
    model = np.maximum(chunk.model, 0)
    border = np.isin(lic.state[np.maximum(chunk.dealer, 0)],
                     [STATE_CODES.index(s) for s in BORDER_STATES])
    handgun = retail & cat.handgun[model]
    rifle = retail & cat.ms12[model] & border & (chunk.sale_day >= RIFLE_RULE)
    guns, reports, forms = [], [], []
    used = 0
    for form, mask in ((0, handgun), (1, rifle)):
        g, r = _report_runs(chunk, np.flatnonzero(mask))
        guns.append(g)
        reports.append(r + first_report + used)
        forms.append(np.full(len(g), form))
        used += int(r.max()) + 1 if len(r) else 0
    g, r, f = np.concatenate(guns), np.concatenate(reports), np.concatenate(forms)
    table = {"report_ref": padded("MS-", r, 9), "form": coded(f, pool(["3310.4", "3310.12"])),
             "license": coded(chunk.dealer[g], lic.ffl),
             "purchaser_id": purchaser_ids(people, chunk.buyer[g]),
             "sale_date": dates(chunk.sale_day[g])}
    table.update(text.columns(world, g))
    return pa.table(table), used


def _report_runs(chunk: Chunk, guns: Ints) -> tuple[Ints, Ints]:
    """Guns in reports and their report numbers (from 0)."""
    if len(guns) == 0:
        return guns, guns
    order = np.lexsort((chunk.sale_day[guns], chunk.buyer[guns], chunk.dealer[guns]))
    g = guns[order]
    day = chunk.sale_day[g].astype("datetime64[D]")
    dealer, buyer = chunk.dealer[g], chunk.buyer[g]
    same = (dealer[1:] == dealer[:-1]) & (buyer[1:] == buyer[:-1])
    near = np.busday_count(day[:-1], day[1:]) <= 4
    link = np.concatenate(([False], same & near))
    start = ~link
    run = np.cumsum(start) - 1
    size = np.bincount(run)
    keep = size[run] >= 2
    numbers = np.unique(run[keep], return_inverse=True)[1]
    return g[keep], numbers.astype(np.int64)


def thefts(world: World, chunk: Chunk, text: GunText, people: People, dealer_in: Ints,
           first_report: int, rng: np.random.Generator) -> tuple[pa.Table, int]:
    """Licensee thefts (one report per burglary), losses from stock, owner thefts."""
    lic = world.licensees
    stock = np.flatnonzero((chunk.fate == C.STOCK) & (dealer_in >= 0))
    lost = stock[rng.random(len(stock)) < world.config.rates.lost_in_stock]
    incident = chunk.theft_day.copy()
    incident[lost] = dealer_in[lost] + (rng.random(len(lost)) * (world.end_day - dealer_in[lost])
                                        ).astype(np.int64)
    registry = chunk.in_registry
    from_licensee = np.flatnonzero(registry & (chunk.theft_day >= 0) & ~chunk.sold)
    from_owner = np.flatnonzero(registry & (chunk.theft_day >= 0) & chunk.sold)
    g = np.concatenate((from_licensee, lost, from_owner))
    kind = np.repeat(np.array([0, 1, 0]), [len(from_licensee), len(lost), len(from_owner)])
    key = np.where(np.arange(len(g)) < len(from_licensee),
                   chunk.dealer[g] * 100_000 + incident[g], -1 - np.arange(len(g)))
    numbers = np.unique(key, return_inverse=True)[1].astype(np.int64)
    licensed = np.arange(len(g)) < len(from_licensee) + len(lost)
    report = np.minimum(incident[g] + rng.integers(0, 3, size=len(g)), world.end_day)
    owner_state = people.state[np.maximum(chunk.buyer[g], 0)]
    owner_city = people.city[np.maximum(chunk.buyer[g], 0)]
    city = np.where(licensed, lic.city[np.maximum(chunk.dealer[g], 0)], owner_city)
    state = np.where(licensed, lic.state[np.maximum(chunk.dealer[g], 0)], owner_state)
    table = {"report_ref": padded("TL-", numbers + first_report, 9),
             "kind": coded(kind, pool(["theft", "loss"])),
             "license": coded(np.where(licensed, chunk.dealer[g], lic.count), with_empty(lic.ffl)),
             "incident_date": dates(incident[g]), "report_date": dates(report),
             "city": coded(city, pool(list(world.geo.city_name))),
             "state": coded(state, pool(list(STATE_CODES)))}
    table.update(text.columns(world, g))
    order = pa.array(np.argsort(numbers, kind="stable"))
    return pa.table(table).take(order), int(numbers.max()) + 1 if len(numbers) else 0


def imports(world: World, chunk: Chunk, text: GunText, chains: Chains,
            rng: np.random.Generator) -> pa.Table:
    cat = world.catalog
    g = np.flatnonzero(chunk.in_registry & (chains.first_day >= 0)
                       & cat.imported[np.maximum(chunk.model, 0)])
    day = chains.first_day[g] - rng.integers(10, 180, size=len(g))
    permit = padded("F6-", (day // 30) % 1_000_000 * 100 + text.source[g] % 100, 8)
    table = {"importer_license": coded(text.source[g], world.licensees.ffl)}
    table.update(text.columns(world, g))
    table.update({"import_date": dates(day), "permit_number": permit})
    return pa.table(table)


def nfa(world: World, chunk: Chunk, text: GunText, people: People, dealer_in: Ints) -> pa.Table:
    lic = world.licensees
    classes = tuple(sorted({c for c in world.catalog.nfa if c}))
    index = np.array([classes.index(c) if c else -1 for c in world.catalog.nfa])
    klass = index[np.maximum(chunk.model, 0)]
    g = np.flatnonzero(chunk.in_registry & (klass >= 0) & (dealer_in >= 0))
    person = chunk.sold[g] & (chunk.buyer[g] >= 0)
    table = {"control_number": padded("NFA-", chunk.first_id + g, 10),
             "nfa_class": coded(klass[g], pool(list(classes)))}
    table.update(text.columns(world, g))
    table.update({
        "registrant_license": coded(np.where(person, lic.count, chunk.dealer[g]),
                                    with_empty(lic.ffl)),
        "registrant_purchaser_id": purchaser_ids(people, np.where(person, chunk.buyer[g], -1)),
        "registration_date": dates(np.where(person, chunk.sale_day[g] - 1, dealer_in[g])),
    })
    return pa.table(table)

