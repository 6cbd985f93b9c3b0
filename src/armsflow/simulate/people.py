"""Purchasers (Form 4473): synthetic people indexed into the Faker pools.

Ordinary buyers are drawn per state from a pool sized so that most buy one or two guns
and a few buy many; scheme members were created by the scheme steps. Only persons who
bought something are written. A person's date of birth puts them between 21 and 75 at
their first purchase.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from armsflow.simulate.arrays import Bools, Ints, coded, dates, padded, pool
from armsflow.simulate.chunk import Chunk
from armsflow.simulate.geography import STATE_CODES
from armsflow.simulate.people_book import PersonBook
from armsflow.simulate.pools import Pools
from armsflow.simulate.world import World

GUNS_PER_BUYER = 1.5
MIDDLE = pool(["", *[chr(c) for c in range(65, 91)]])


@dataclass(frozen=True)
class NameTables:
    """Both locales' pools concatenated, with where the Mexican part starts."""

    last: pa.Array
    first: pa.Array
    mx_last: int
    first_offsets: tuple[int, int, int, int]  # us male, us female, mx male, mx female

    @classmethod
    def of(cls, pools: Pools) -> NameTables:
        us, mx = pools.us, pools.mx
        firsts = [us.male, us.female, mx.male, mx.female]
        offsets = np.concatenate(([0], np.cumsum([len(a) for a in firsts])[:-1]))
        return cls(pa.concat_arrays([us.last, mx.last]), pa.concat_arrays(firsts),
                   len(us.last), (int(offsets[0]), int(offsets[1]), int(offsets[2]),
                                  int(offsets[3])))

    def draw(self, rng: np.random.Generator, hispanic: Bools, male: Bools
             ) -> tuple[Ints, Ints]:
        """Indices of last and first names."""
        n = len(hispanic)
        n_us_last, n_mx_last = self.mx_last, len(self.last) - self.mx_last
        last = np.where(hispanic, self.mx_last + rng.integers(0, n_mx_last, n),
                        rng.integers(0, n_us_last, n))
        which = np.where(hispanic, 2, 0) + np.where(male, 0, 1)
        starts = np.array(self.first_offsets)
        sizes = np.diff(np.append(starts, len(self.first)))
        first = starts[which] + (rng.random(n) * sizes[which]).astype(np.int64)
        return last.astype(np.int64), first


@dataclass(frozen=True)
class People:
    number: Ints  # per chunk-local person: global purchaser number, -1 if unused
    table: pa.Table
    last: Ints
    first: Ints
    dob: Ints
    state: Ints
    city: Ints
    count: int  # persons written


def assign_buyers(world: World, chunk: Chunk, people: PersonBook,
                  rng: np.random.Generator) -> None:
    todo = np.flatnonzero(chunk.sold & (chunk.buyer < 0))
    states = chunk.source_state[todo]
    for s in np.unique(states):
        where = todo[states == s]
        size = max(1, int(np.ceil(len(where) / GUNS_PER_BUYER)))
        ids = people.add(np.full(size, s, dtype=np.int64),
                         np.full(size, world.geo.hispanic[int(s)]))
        chunk.buyer[where] = ids[(size * rng.random(len(where)) ** 1.25).astype(np.int64)]


def build_people(world: World, chunk: Chunk, book: PersonBook, names: NameTables,
                 first_number: int, rng: np.random.Generator) -> People:
    states, hispanic_p = book.arrays()
    n = len(states)
    sales = np.flatnonzero(chunk.sold)
    first_sale = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first_sale, chunk.buyer[sales], chunk.sale_day[sales])
    used = first_sale < np.iinfo(np.int64).max
    number = np.full(n, -1, dtype=np.int64)
    number[used] = first_number + np.arange(int(used.sum()))
    hispanic = rng.random(n) < hispanic_p
    male = rng.random(n) < 0.85
    last, first = names.draw(rng, hispanic, male)
    age = rng.integers(21 * 365, 75 * 365, size=n)
    dob = np.where(used, first_sale, 0) - age
    city = world.geo.city_draw(rng, states)
    table = _table(world, names, rng, number[used], last[used], first[used], dob[used],
                   male[used], states[used], city[used])
    return People(number, table, last, first, dob, states, city, int(used.sum()))


def _table(world: World, names: NameTables, rng: np.random.Generator, number: Ints,
           last: Ints, first: Ints, dob: Ints, male: Bools, states: Ints, city: Ints
           ) -> pa.Table:
    n = len(number)
    geo = world.geo
    streets = world.pools.us.streets
    house = pc.cast(pa.array(rng.integers(1, 30_000, size=n)), pa.string())
    street = pc.take(streets, pa.array(rng.integers(0, len(streets), size=n)))
    middle = np.where(rng.random(n) < 0.6, rng.integers(1, 27, size=n), 0)
    return pa.table({
        "purchaser_id": padded("P", number, 9),
        "last_name": coded(last, names.last),
        "first_name": coded(first, names.first),
        "middle_name": coded(middle, MIDDLE),
        "dob": dates(dob),
        "sex": coded(np.where(male, 0, 1), pool(["M", "F"])),
        "street": pc.binary_join_element_wise(house, street, " "),
        "city": coded(city, pool(list(geo.city_name))),
        "state": coded(states, pool(list(STATE_CODES))),
        "zip": coded(city, pool(list(geo.city_zip))),
    })
