"""Person records with ground truth: the same person written by several sources with the
variation real records carry, and different people who look alike (docs/simulator.md,
"Person records").

True persons are drawn first (names concentrated on common ones, households sharing a
surname, an address and close dates of birth, parents and sons with the same name); each
writes 1 to 9 records as purchaser, possessor, associate or case subject; each record then
gets its own variation: dropped accents and case, typing errors, transposed first and last
names, a Hispanic double surname cut to one, nicknames and initials, day and month swapped
or one digit off in the date of birth, abbreviated street words, a move, missing fields.
Vectorised over Arrow and NumPy; Python loops touch only the records that get a typo.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from armsflow.entities.nicknames import formal_names
from armsflow.simulate.arrays import Bools, Ints, coded, day_number, padded, pool
from armsflow.simulate.geography import STATE_CODES, Geography
from armsflow.simulate.pools import Pools, typo
from armsflow.simulate.rng import Component, stream

RECORD_COLUMNS = ("source", "source_ref", "last_name", "first_name", "middle_name", "dob",
                  "sex", "street", "city", "state", "zip", "phone")
TRUTH_COLUMNS = ("source", "source_ref", "person_id", "household_id")
SOURCES = pool(["purchaser", "possessor", "associate", "subject"])
SOURCE_WEIGHTS = np.array([0.45, 0.25, 0.15, 0.15])
SUFFIXES = (("Street", "St"), ("Avenue", "Ave"), ("Road", "Rd"), ("Drive", "Dr"),
            ("Lane", "Ln"), ("Court", "Ct"), ("Boulevard", "Blvd"), ("Place", "Pl"))
OLDEST, YOUNGEST = day_number(date(1945, 1, 1)), day_number(date(2004, 12, 31))


@dataclass(frozen=True)
class Rates:
    """Variation rates per record (docs/simulator.md lists them)."""

    household: float = 0.2
    junior: float = 0.25
    strip_accents: float = 0.5
    upper_case: float = 0.4
    last_typo: float = 0.07
    first_typo: float = 0.05
    transposed: float = 0.03
    one_surname: float = 0.45
    nickname: float = 0.15
    initial: float = 0.04
    dob_missing: float = 0.05
    dob_swapped: float = 0.04
    dob_digit: float = 0.04
    moved: float = 0.15
    street_abbreviated: float = 0.4
    address_missing: float = 0.1
    phone_missing: float = 0.4
    sex_missing: float = 0.1


@dataclass(frozen=True)
class Persons:
    hispanic: Bools
    male: Bools
    paternal: Ints
    maternal: Ints
    first: Ints
    middle: Ints  # index into first names, -1 none
    dob: Ints
    state: Ints
    city: Ints
    house: Ints
    street: Ints
    suffix: Ints
    phone: Ints  # -1 none
    household: Ints


def _zipf(rng: np.random.Generator, size: int, n: int, power: float) -> Ints:
    """Indices skewed to the start of a pool: common names are common."""
    return np.minimum((n * rng.random(size) ** power).astype(np.int64), n - 1)


def _persons(rng: np.random.Generator, n: int, pools: Pools, geo: Geography,
             rates: Rates) -> Persons:
    us, mx = pools.us, pools.mx
    hispanic = rng.random(n) < 0.45
    male = rng.random(n) < 0.8
    n_us, n_mx = len(us.last), len(mx.last)
    paternal = np.where(hispanic, n_us + _zipf(rng, n, n_mx, 2.5), _zipf(rng, n, n_us, 2.5))
    maternal = n_us + _zipf(rng, n, n_mx, 2.0)
    first = _first_names(rng, pools, hispanic, male)
    middle = np.where(rng.random(n) < 0.5, _first_names(rng, pools, hispanic, male), -1)
    dob = rng.integers(OLDEST, YOUNGEST, size=n)
    state = np.searchsorted(np.cumsum(geo.dealer_weight),
                            rng.random(n) * geo.dealer_weight.sum()).astype(np.int64)
    city = geo.city_draw(rng, state)
    house = rng.integers(1, 9_999, size=n)
    street = rng.integers(0, len(us.streets), size=n)
    suffix = rng.integers(0, len(SUFFIXES), size=n)
    phone = np.where(rng.random(n) < 0.7, rng.integers(2_000_000, 9_999_999, size=n), -1)
    household = np.arange(n, dtype=np.int64)
    # relatives: copy a recent person's surname and address, close or a generation apart
    rel = np.flatnonzero((rng.random(n) < rates.household) & (np.arange(n) > 0))
    head = np.maximum(rel - rng.integers(1, 50, size=len(rel)), 0)
    head = household[head]
    household[rel] = head
    for arr in (paternal, state, city, house, street, suffix):
        arr[rel] = arr[head]
    hispanic[rel] = hispanic[head]
    maternal[rel] = np.where(rng.random(len(rel)) < 0.5, maternal[head], maternal[rel])
    phone[rel] = np.where(rng.random(len(rel)) < 0.5, phone[head], phone[rel])
    junior = rng.random(len(rel)) < rates.junior
    gap = np.where(junior, rng.integers(18 * 365, 35 * 365, size=len(rel)),
                   rng.integers(-4 * 365, 4 * 365, size=len(rel)))
    near = dob[head] + gap
    dob[rel] = np.where(near > YOUNGEST, dob[head] - gap, near)
    first[rel] = np.where(junior & male[head], first[head], first[rel])
    male[rel] = np.where(junior & male[head], True, male[rel])
    return Persons(hispanic, male, paternal, maternal, first, middle, dob, state, city,
                   house, street, suffix, phone, household)


def _first_names(rng: np.random.Generator, pools: Pools, hispanic: Bools, male: Bools) -> Ints:
    us, mx = pools.us, pools.mx
    sizes = [len(us.male), len(us.female), len(mx.male), len(mx.female)]
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    which = np.where(hispanic, 2, 0) + np.where(male, 0, 1)
    n = len(hispanic)
    size = np.array(sizes)[which]
    out: Ints = (starts[which] + np.minimum((size * rng.random(n) ** 2.0).astype(np.int64),
                                            size - 1)).astype(np.int64)
    return out


def _all_firsts(pools: Pools) -> pa.Array:
    return pa.concat_arrays([pools.us.male, pools.us.female, pools.mx.male, pools.mx.female])


def _records_per_person(rng: np.random.Generator, n_records: int) -> Ints:
    guess = n_records // 2 + 10
    counts = 1 + np.minimum(rng.poisson(1.4, size=guess), 8)
    end = int(np.searchsorted(np.cumsum(counts), n_records)) + 1
    counts = counts[:end].copy()
    counts[-1] -= int(counts.sum()) - n_records
    return counts.astype(np.int64)


def person_records(seed: int, n_records: int, pools: Pools, geo: Geography,
                   rates: Rates | None = None) -> tuple[pa.Table, pa.Table]:
    """``n_records`` person records and their truth (same row order), for ``seed``."""
    rates = rates or Rates()
    rng = stream(seed, Component.PERSON_RECORDS)
    counts = _records_per_person(rng, n_records)
    people = _persons(rng, len(counts), pools, geo, rates)
    who = np.repeat(np.arange(len(counts)), counts)
    order = rng.permutation(len(who))
    who = who[order]
    source = np.searchsorted(np.cumsum(SOURCE_WEIGHTS), rng.random(len(who)) *
                             SOURCE_WEIGHTS.sum()).astype(np.int64)
    records = _written(rng, people, who, source, pools, geo, rates)
    refs = padded("R", np.arange(1, len(who) + 1), 9)
    src = coded(source, SOURCES)
    records = pa.table({"source": src, "source_ref": refs,
                        **{c: records[c] for c in RECORD_COLUMNS[2:]}})
    truth = pa.table({"source": src, "source_ref": refs,
                      "person_id": padded("H", who + 1, 9),
                      "household_id": padded("F", people.household[who] + 1, 9)})
    return records, truth


def _written(rng: np.random.Generator, p: Persons, who: Ints, source: Ints, pools: Pools,
             geo: Geography, rates: Rates) -> dict[str, pa.Array]:
    n = len(who)
    last, first = _names(rng, p, who, pools, rates)
    middle_idx = p.middle[who]
    middle = pc.take(_all_firsts(pools), pa.array(np.maximum(middle_idx, 0)))
    keep_middle = (middle_idx >= 0) & (rng.random(n) < 0.6)
    as_initial = rng.random(n) < 0.4
    middle = pc.if_else(pa.array(as_initial), pc.utf8_slice_codeunits(middle, 0, 1), middle)
    middle = pc.if_else(pa.array(keep_middle), middle, pa.scalar(None, pa.string()))
    possessor = source == 1
    street, city, state, zip_ = _addresses(rng, p, who, possessor, pools, geo, rates)
    phone_ok = (p.phone[who] >= 0) & ~possessor & (rng.random(n) >= rates.phone_missing)
    phone_num = np.where(rng.random(n) < 0.1, rng.integers(2_000_000, 9_999_999, size=n),
                         p.phone[who])
    area = pc.take(pa.array(list(geo.area_code)), pa.array(p.state[who]))
    phone = pc.binary_join_element_wise(area, pc.cast(pa.array(phone_num), pa.string()), "")
    phone = pc.if_else(pa.array(phone_ok), phone, pa.scalar(None, pa.string()))
    sex = coded(np.where(p.male[who], 0, 1), pool(["M", "F"]))
    sex = pc.if_else(pa.array((rng.random(n) < rates.sex_missing) | possessor),
                     pa.scalar(None, pa.string()), sex.cast(pa.string()))
    return {"last_name": last, "first_name": first, "middle_name": middle,
            "dob": _dobs(rng, p.dob[who], source, rates), "sex": sex, "street": street,
            "city": city, "state": state, "zip": zip_, "phone": phone}


def _names(rng: np.random.Generator, p: Persons, who: Ints, pools: Pools, rates: Rates
           ) -> tuple[pa.Array, pa.Array]:
    n = len(who)
    lasts = pa.concat_arrays([pools.us.last, pools.mx.last])
    paternal = pc.take(lasts, pa.array(p.paternal[who]))
    maternal = pc.take(lasts, pa.array(p.maternal[who]))
    hisp = p.hispanic[who]
    both = hisp & (rng.random(n) >= rates.one_surname)
    hyphen = rng.random(n) < 0.1
    joined = pc.binary_join_element_wise(paternal, maternal,
                                         pc.if_else(pa.array(hyphen), "-", " "))
    last = pc.if_else(pa.array(both), joined, paternal)
    first = _first_variants(rng, pc.take(_all_firsts(pools), pa.array(p.first[who])), rates)
    last_list = last.to_pylist()
    first_list = first.to_pylist()
    _typos(rng, last_list, rates.last_typo)
    _typos(rng, first_list, rates.first_typo)
    swap = np.flatnonzero(rng.random(n) < rates.transposed)
    for i in swap.tolist():
        last_list[i], first_list[i] = first_list[i], last_list[i]
    last, first = pa.array(last_list, pa.string()), pa.array(first_list, pa.string())
    strip = pa.array(rng.random(n) < rates.strip_accents)
    upper = pa.array(rng.random(n) < rates.upper_case)
    out = []
    for col in (last, first):
        plain = pc.replace_substring_regex(pc.utf8_normalize(col, "NFD"), "[\u0300-\u036f]", "")
        col = pc.if_else(strip, plain, col)
        out.append(pc.if_else(upper, pc.utf8_upper(col), col))
    return out[0], out[1]


def _first_variants(rng: np.random.Generator, first: pa.Array, rates: Rates) -> pa.Array:
    """Nicknames for names that have one, initials for a few."""
    nicks = formal_names()
    values = first.to_pylist()
    draw = rng.random(len(values))
    pick = rng.random(len(values))
    initial = rng.random(len(values)) < rates.initial
    for i, name in enumerate(values):
        if initial[i]:
            values[i] = name[0] + "."
            continue
        if draw[i] >= rates.nickname:
            continue
        options = nicks.get(_fold(name.upper()))
        if options:
            values[i] = options[int(pick[i] * len(options))].title()
    return pa.array(values, pa.string())


_FOLD = str.maketrans("ÁÉÍÓÚÜÑ", "AEIOUUN")


def _fold(text: str) -> str:
    return text.translate(_FOLD)


def _typos(rng: np.random.Generator, values: list[str], rate: float) -> None:
    hit = np.flatnonzero(rng.random(len(values)) < rate)
    choices = rng.integers(0, 4, size=len(hit))
    positions = rng.random(len(hit))
    for i, c, pos in zip(hit.tolist(), choices.tolist(), positions.tolist(), strict=True):
        values[i] = typo(values[i], c, pos)


def _dobs(rng: np.random.Generator, dob: Ints, source: Ints, rates: Rates) -> pa.Array:
    n = len(dob)
    days = dob.astype("datetime64[D]")
    years = days.astype("datetime64[Y]").astype(np.int64) + 1970
    months = (days.astype("datetime64[M]").astype(np.int64) % 12) + 1
    dom = (days - days.astype("datetime64[M]")).astype(np.int64) + 1
    swap = (rng.random(n) < rates.dob_swapped) & (dom <= 12) & (dom != months)
    months, dom = np.where(swap, dom, months), np.where(swap, months, dom)
    digit = rng.random(n) < rates.dob_digit
    which = rng.integers(0, 3, size=n)  # year's last digit, month's last, day's last
    step = np.where(rng.random(n) < 0.5, -1, 1)
    years = np.where(digit & (which == 0), years + step, years)
    dom = np.where(digit & (which == 2), np.clip(dom + step, 1, 28), dom)
    months = np.where(digit & (which == 1), np.clip(months + step, 1, 12), months)
    dom = np.where(digit & (which != 2), np.minimum(dom, 28), dom)  # stays a real date
    month_start = ((years - 1970) * 12 + months - 1).astype("datetime64[M]")
    day = month_start.astype("datetime64[D]") + (dom - 1).astype("timedelta64[D]")
    out = pa.array(day.astype(np.int64).astype(np.int32), pa.int32()).cast(pa.date32())
    missing = rng.random(n) < np.where(source == 1, 3 * rates.dob_missing, rates.dob_missing)
    return pc.if_else(pa.array(missing), pa.scalar(None, pa.date32()), out)


def _addresses(rng: np.random.Generator, p: Persons, who: Ints, possessor: Bools,
               pools: Pools, geo: Geography, rates: Rates
               ) -> tuple[pa.Array, pa.Array, pa.Array, pa.Array]:
    n = len(who)
    moved = rng.random(n) < rates.moved
    state = p.state[who]
    city = np.where(moved, geo.city_draw(rng, state), p.city[who])
    house = np.where(moved, rng.integers(1, 9_999, size=n), p.house[who])
    street_i = np.where(moved, rng.integers(0, len(pools.us.streets), size=n), p.street[who])
    suffix = np.where(moved, rng.integers(0, len(SUFFIXES), size=n), p.suffix[who])
    core = pc.utf8_split_whitespace(pc.take(pools.us.streets, pa.array(street_i)))
    core = pc.list_element(core, 0)
    abbreviated = rng.random(n) < rates.street_abbreviated
    words = pool([s[0] for s in SUFFIXES] + [s[1] for s in SUFFIXES])
    word = coded(suffix + np.where(abbreviated, len(SUFFIXES), 0), words).cast(pa.string())
    street = pc.binary_join_element_wise(pc.cast(pa.array(house), pa.string()), core, word, " ")
    street = pc.if_else(pa.array(rng.random(n) < rates.upper_case), pc.utf8_upper(street),
                        street)
    gone = possessor | (rng.random(n) < rates.address_missing)
    none = pa.scalar(None, pa.string())
    cities = pool(list(geo.city_name))
    zips = pool(list(geo.city_zip))
    return (pc.if_else(pa.array(gone), none, street),
            pc.if_else(pa.array(gone), none, coded(city, cities).cast(pa.string())),
            pc.if_else(pa.array(gone), none,
                       coded(state, pool(list(STATE_CODES))).cast(pa.string())),
            pc.if_else(pa.array(gone), none, coded(city, zips).cast(pa.string())))


