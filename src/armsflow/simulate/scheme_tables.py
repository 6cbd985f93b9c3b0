"""Scheme truth tables: one row per scheme, one row per member (firearm, item, purchaser,
dealer, export licence). Corrupt dealers' schemes span chunks and are closed at the end."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from armsflow.simulate import codes as C
from armsflow.simulate.arrays import Ints, coded, dates, padded, pool
from armsflow.simulate.chunk import Chunk
from armsflow.simulate.exports import licence_refs
from armsflow.simulate.firearm_columns import GunText
from armsflow.simulate.geography import STATE_CODES
from armsflow.simulate.people import People
from armsflow.simulate.people_book import SchemeBook
from armsflow.simulate.records import purchaser_ids
from armsflow.simulate.truth import scheme_refs
from armsflow.simulate.world import World

MEMBER_COLUMNS = ("scheme_id", "member_kind", "member_ref", "manufacturer", "serial_number",
                  "role")
SCHEME_COLUMNS = ("scheme_id", "kind", "base_state", "destination", "start_date",
                  "end_date", "firearms", "recovered", "purchasers", "dealers")
BUYER_ROLES = {C.STRAW: "straw_purchaser", C.INTERSTATE: "trafficker",
               C.UNLICENSED: "unlicensed_dealer"}


@dataclass
class Ledger:
    """Running totals of the corrupt dealers' schemes (numbers 1..K)."""

    size: int
    firearms: Ints = field(init=False)
    recovered: Ints = field(init=False)
    start: Ints = field(init=False)
    end: Ints = field(init=False)

    def __post_init__(self) -> None:
        self.firearms = np.zeros(self.size, dtype=np.int64)
        self.recovered = np.zeros(self.size, dtype=np.int64)
        self.start = np.full(self.size, np.iinfo(np.int64).max, dtype=np.int64)
        self.end = np.full(self.size, np.iinfo(np.int64).min, dtype=np.int64)


def _members(scheme: Ints, kind: str, refs: pa.Array, roles: list[str],
             maker: pa.Array | None = None, serial: pa.Array | None = None) -> pa.Table:
    n = len(scheme)
    blank = pa.array([""] * n, type=pa.string())
    return pa.table({
        "scheme_id": scheme_refs(scheme), "member_kind": pa.array([kind] * n, type=pa.string()),
        "member_ref": refs.cast(pa.string()), "manufacturer": (maker or blank).cast(pa.string()),
        "serial_number": (serial or blank).cast(pa.string()),
        "role": pa.array(roles, type=pa.string()),
    })


def member_tables(world: World, chunk: Chunk, text: GunText, people: People,
                  items: tuple[Ints, pa.Array]) -> list[pa.Table]:
    cat, lic = world.catalog, world.licensees
    g = np.flatnonzero(chunk.scheme >= 0)
    rec = chunk.recovered[g]
    roles = np.where(rec, "recovered", np.where(chunk.fate[g] == C.STOLEN, "stolen",
                                                "unrecovered")).tolist()
    out = [_members(chunk.scheme[g], "firearm", padded("F", chunk.first_id + g, 10), roles,
                    coded(cat.maker[chunk.model[g]], cat.maker_names),
                    text.serial.take(pa.array(g)))]
    buyers = g[chunk.sold[g] & (chunk.buyer[g] >= 0)]
    pairs = _pairs(chunk.scheme[buyers], chunk.buyer[buyers], buyers)
    out.append(_members(chunk.scheme[pairs], "purchaser", purchaser_ids(people, chunk.buyer[pairs]),
                        [BUYER_ROLES.get(int(c), "purchaser") for c in chunk.channel[pairs]]))
    local = g[(chunk.dealer[g] >= 0) & (chunk.channel[g] != C.CORRUPT)]
    pairs = _pairs(chunk.scheme[local], chunk.dealer[local], local)
    out.append(_members(chunk.scheme[pairs], "dealer", lic.ffl.take(pa.array(chunk.dealer[pairs])),
                        ["burglarized_licensee" if c == C.THEFT_LICENSEE else "selling_dealer"
                         for c in chunk.channel[pairs]]))
    sent = g[chunk.licence[g] >= 0]
    pairs = _pairs(chunk.scheme[sent], chunk.licence[sent], sent)
    out.append(_members(chunk.scheme[pairs], "dealer", lic.ffl.take(pa.array(text.source[pairs])),
                        ["exporter"] * len(pairs)))
    out.append(_members(chunk.scheme[pairs], "export_license",
                        licence_refs(chunk.licence[pairs]), ["export_license"] * len(pairs)))
    numbers, refs = items
    keep = np.flatnonzero(numbers >= 0)
    out.append(_members(numbers[keep], "item", refs.take(pa.array(keep)),
                        ["recovered"] * len(keep)))
    return out


def _pairs(scheme: Ints, other: Ints, rows: Ints) -> Ints:
    """One row per distinct (scheme, other) pair, in order of first appearance."""
    if len(rows) == 0:
        return rows
    key = np.stack([scheme, other], axis=1)
    _, first = np.unique(key, axis=0, return_index=True)
    return rows[np.sort(first)]


def scheme_rows(world: World, chunk: Chunk, book: SchemeBook, items: tuple[Ints, Ints],
                ledger: Ledger) -> pa.Table:
    """This chunk's schemes; the corrupt dealers' totals go to ``ledger``."""
    numbers, kinds, states = book.arrays()
    g = np.flatnonzero(chunk.scheme >= 0)
    day = np.where(chunk.sale_day[g] >= 0, chunk.sale_day[g], chunk.rec_day[g])
    item_numbers, item_days = items
    all_numbers = np.concatenate((chunk.scheme[g], item_numbers[item_numbers >= 0]))
    all_days = np.concatenate((day, item_days[item_numbers >= 0]))
    recovered = np.concatenate((chunk.recovered[g], np.ones(int((item_numbers >= 0).sum()),
                                                           dtype=np.bool_)))
    corrupt = all_numbers < ledger.size
    c = all_numbers[corrupt]
    np.add.at(ledger.firearms, c, 1)
    np.add.at(ledger.recovered, c, recovered[corrupt].astype(np.int64))
    np.minimum.at(ledger.start, c, all_days[corrupt])
    np.maximum.at(ledger.end, c, all_days[corrupt])
    pos = np.searchsorted(numbers, all_numbers[~corrupt])
    n = len(numbers)
    firearms = np.bincount(pos, minlength=n)
    got = np.bincount(pos, weights=recovered[~corrupt], minlength=n).astype(np.int64)
    start = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    end = np.full(n, np.iinfo(np.int64).min, dtype=np.int64)
    np.minimum.at(start, pos, all_days[~corrupt])
    np.maximum.at(end, pos, all_days[~corrupt])
    buyers = _count_pairs(chunk, g, chunk.buyer, numbers)
    dealers = _count_pairs(chunk, g, chunk.dealer, numbers)
    return _scheme_table(numbers, kinds, states, book.destinations, start, end, firearms, got,
                         buyers, dealers)


def _count_pairs(chunk: Chunk, g: Ints, other: Ints, numbers: Ints) -> Ints:
    rows = g[(other[g] >= 0) & (chunk.scheme[g] >= numbers[0])] if len(numbers) else g[:0]
    pairs = _pairs(chunk.scheme[rows], other[rows], rows)
    return np.bincount(np.searchsorted(numbers, chunk.scheme[pairs]), minlength=len(numbers))


def _scheme_table(numbers: Ints, kinds: Ints, states: Ints, destinations: list[str],
                  start: Ints, end: Ints, firearms: Ints, recovered: Ints, buyers: Ints,
                  dealers: Ints) -> pa.Table:
    return pa.table({
        "scheme_id": scheme_refs(numbers),
        "kind": pa.array([C.SCHEME_KINDS[int(k)] for k in kinds], type=pa.string()),
        "base_state": coded(np.where(states >= 0, states, len(STATE_CODES)),
                            pool([*STATE_CODES, ""])),
        "destination": pa.array(destinations, type=pa.string()),
        "start_date": dates(start), "end_date": dates(end),
        "firearms": pa.array(firearms, type=pa.int64()),
        "recovered": pa.array(recovered, type=pa.int64()),
        "purchasers": pa.array(buyers, type=pa.int64()),
        "dealers": pa.array(dealers, type=pa.int64()),
    })


def corrupt_tables(world: World, ledger: Ledger) -> tuple[pa.Table, pa.Table]:
    """Scheme rows and dealer members of the corrupt dealers that sold any gun."""
    lic = world.licensees
    numbers = np.flatnonzero(ledger.firearms > 0)
    dealer = np.array([int(np.flatnonzero(world.corrupt_scheme == k)[0]) for k in numbers],
                      dtype=np.int64)
    table = _scheme_table(numbers, np.full(len(numbers), C.CORRUPT), lic.state[dealer],
                          [""] * len(numbers), ledger.start[numbers], ledger.end[numbers],
                          ledger.firearms[numbers], ledger.recovered[numbers],
                          np.zeros(len(numbers), dtype=np.int64),
                          np.ones(len(numbers), dtype=np.int64))
    members = _members(numbers, "dealer", lic.ffl.take(pa.array(dealer)),
                       ["corrupt_dealer"] * len(numbers))
    return table, members
