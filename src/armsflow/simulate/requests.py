"""Trace requests for the recovered guns of one chunk, and their ground truth.

The request is what an officer writes (Form 3312.1): place, agency, the gun as read off
it (with the injected defects), the possessor. The truth row says where the gun really
came from and what a perfect tracer could reach.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa

from armsflow.simulate import codes as C
from armsflow.simulate import defects as D
from armsflow.simulate.arrays import Ints, coded, dates, day_number, pool
from armsflow.simulate.chunk import Chunk
from armsflow.simulate.firearm_columns import GunText
from armsflow.simulate.geography import STATE_CODES
from armsflow.simulate.people import NameTables, People
from armsflow.simulate.pools import typos
from armsflow.simulate.rng import pick
from armsflow.simulate.tables.abroad import CENTRAL_AMERICA, MX_STATES
from armsflow.simulate.tables.requests import OFFENSES
from armsflow.simulate.world import World

URGENT_REASON = "Violent crime, suspect at large: lead needed within hours"

REQUEST_COLUMNS = (
    "request_ref", "request_date", "agency_ori", "agency_case_number", "priority",
    "urgent_reason", "offense_code", "recovery_date", "recovery_country", "recovery_state",
    "recovery_city",
    "serial_number", "serial_obliterated", "manufacturer", "model", "caliber",
    "firearm_type", "country_of_manufacture", "importer", "item_kind",
    "possessor_last_name", "possessor_first_name", "possessor_dob",
)


@dataclass(frozen=True)
class Place:
    """Recovery place columns and the agency of each request."""

    country: list[str]
    state: list[str]
    city: list[str]
    agency: Ints


def places(world: World, fate: Ints, place: Ints, rng: np.random.Generator) -> Place:
    n = len(fate)
    us = fate == C.REC_US
    city_idx = world.geo.city_draw(rng, np.where(us, place, 0))
    agency = np.zeros(n, dtype=np.int64)
    agency[us] = world.agencies.for_us(rng, place[us])
    agency[fate == C.REC_MX] = world.agencies.mx[place[fate == C.REC_MX]]
    agency[fate == C.REC_CA] = world.agencies.ca[place[fate == C.REC_CA]]
    country, state, city = [], [], []
    for i in range(n):
        f, p = int(fate[i]), int(place[i])
        if f == C.REC_US:
            country.append("US")
            state.append(STATE_CODES[p])
            city.append(world.geo.city_name[int(city_idx[i])])
        elif f == C.REC_MX:
            country.append("MX")
            state.append(MX_STATES[p][0])
            city.append(MX_STATES[p][1])
        else:
            country.append(CENTRAL_AMERICA[p][0])
            state.append("")
            city.append(CENTRAL_AMERICA[p][1])
    return Place(country, state, city, agency)


def request_head(world: World, refs: pa.Array, rec_day: Ints, place: Place,
                 rng: np.random.Generator) -> dict[str, pa.Array]:
    """The columns every request has, whatever was recovered."""
    n = len(rec_day)
    latest = world.end_day + 365
    asked = np.minimum(rec_day + rng.integers(0, 31, size=n), latest)
    asked = np.minimum(asked, _yesterday())
    codes = pool([o[0] for o in OFFENSES])
    urgent = (rng.random(n) < 0.05).astype(np.int64)
    case = [f"{world.config.year}-{int(x):06d}" for x in rng.integers(1, 999_999, size=n)]
    return {
        "request_ref": refs, "request_date": dates(asked),
        "agency_ori": coded(place.agency, world.agencies.ori),
        "agency_case_number": pa.array(case, type=pa.string()),
        "priority": coded(urgent, pool(["routine", "urgent"])),
        # Form 3312.1: an urgent request states why (no random draw: keeps the streams).
        "urgent_reason": coded(urgent, pool(["", URGENT_REASON])),
        "offense_code": coded(pick(rng, np.array([o[1] for o in OFFENSES]), n), codes),
        "recovery_date": dates(rec_day),
        "recovery_country": pa.array(place.country, type=pa.string()),
        "recovery_state": pa.array(place.state, type=pa.string()),
        "recovery_city": pa.array(place.city, type=pa.string()),
    }


def _yesterday() -> int:
    return day_number(date.today()) - 1


def possessors(world: World, names: NameTables, people: People, buyers: Ints,
               abroad: np.ndarray, flags: dict[str, np.ndarray], rec_day: Ints,
               rng: np.random.Generator) -> dict[str, pa.Array]:
    """The purchaser (when ``buyers`` names one) or someone else; typos; blanks."""
    n = len(buyers)
    hispanic = np.where(abroad, rng.random(n) < 0.95, rng.random(n) < 0.25)
    last, first = names.draw(rng, hispanic, rng.random(n) < 0.9)
    dob = rec_day - rng.integers(16 * 365, 60 * 365, size=n)
    own = buyers >= 0
    last[own], first[own] = people.last[buyers[own]], people.first[buyers[own]]
    dob[own] = people.dob[buyers[own]]
    last_text = names.last.take(pa.array(last)).to_pylist()
    typo_at = np.flatnonzero(flags["name_typo"])
    for i, value in zip(typo_at, typos([last_text[i] for i in typo_at], rng), strict=True):
        last_text[i] = value
    blank = flags["possessor_missing"]
    first_text = names.first.take(pa.array(first)).to_pylist()
    return {
        "possessor_last_name": pa.array(["" if b else v for b, v in zip(blank, last_text,
                                                                          strict=True)]),
        "possessor_first_name": pa.array(["" if b else v for b, v in zip(blank, first_text,
                                                                           strict=True)]),
        "possessor_dob": dates(dob, ~blank),
    }


def gun_columns(world: World, chunk: Chunk, text: GunText, g: Ints,
                flags: dict[str, np.ndarray], rng: np.random.Generator) -> dict[str, pa.Array]:
    cat = world.catalog
    model = chunk.model[g]
    makers = [cat.makers[k] for k in cat.maker[model]]
    serial = D.serial_text(text.serial.take(pa.array(g)).to_pylist(), flags, rng)
    imported = imported_into_us(world, chunk, g)
    marks = world.licensees.mark.take(pa.array(text.source[g])).to_pylist()
    importer = [m if imp and not miss else "" for m, imp, miss in zip(
        marks, imported, flags["importer_missing"], strict=True)]
    countries = [cat.maker_country[k] for k in cat.maker[model]]
    return {
        "serial_number": pa.array(serial, type=pa.string()),
        "serial_obliterated": coded(flags["serial_obliterated"].astype(np.int64),
                                    pool(["N", "Y"])),
        "manufacturer": pa.array(D.make_text(makers, flags, rng), type=pa.string()),
        "model": coded(model, cat.model_names),
        "caliber": pa.array(D.caliber_text([cat.caliber_names[m] for m in model],
                                           flags["caliber_variant"], rng)),
        "firearm_type": pa.array(D.type_text([cat.ncic_codes[m] for m in model],
                                             flags["type_in_words"], rng)),
        "country_of_manufacture": pa.array(D.country_text(countries, flags["country_in_words"],
                                                          rng)),
        "importer": pa.array(importer, type=pa.string()),
        "item_kind": coded(model, cat.kinds),
    }


def imported_into_us(world: World, chunk: Chunk, g: Ints) -> np.ndarray:
    """Foreign-made guns that came in through a US importer (they carry import marks)."""
    return world.catalog.imported[chunk.model[g]] & ~chunk.foreign[g]
