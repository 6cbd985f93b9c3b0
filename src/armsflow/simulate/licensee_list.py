"""The licensee list in ATF's monthly layout, plus the assembled :class:`Licensees`.

Names of dealers, distributors and importers are fictitious; makers carry their real
company names with fictitious licence numbers. Every FFL number is valid in every segment
and its district covers the premise state (types.ffl.DISTRICTS_BY_REGION).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from armsflow.simulate.arrays import Ints, day_date, pool
from armsflow.simulate.config import SimConfig
from armsflow.simulate.geography import STATE_CODES, Geography, districts_of
from armsflow.simulate.licensees import (
    DISTRIBUTOR,
    IMPORTER,
    MAKER,
    NEVER,
    PAWN,
    Licensees,
    Plan,
    closures,
    dealer_samplers,
    plan_licensees,
)
from armsflow.simulate.pools import Pools
from armsflow.simulate.rng import Component, stream
from armsflow.simulate.tables.industry import (
    DISTRIBUTOR_NOUNS,
    IMPORTERS,
    NAME_FIRST_WORDS,
    NAME_NOUNS,
    NAME_SUFFIXES,
    US_MAKERS,
)
from armsflow.types.ffl import EXPIRY_MONTH_LETTERS

LIST_COLUMNS = (
    "LIC_REGN", "LIC_DIST", "LIC_CNTY", "LIC_TYPE", "LIC_XPRDTE", "LIC_SEQN", "LICENSE_NAME",
    "BUSINESS_NAME", "PREMISE_STREET", "PREMISE_CITY", "PREMISE_STATE", "PREMISE_ZIP_CODE",
    "MAIL_STREET", "MAIL_CITY", "MAIL_STATE", "MAIL_ZIP_CODE", "VOICE_PHONE", "STATUS",
    "RECORDS_ON_FILE",
)


def build_licensees(config: SimConfig, geo: Geography, pools: Pools) -> Licensees:
    rng = stream(config.seed, Component.LICENSEES)
    plan = plan_licensees(config, geo, rng)
    role, state = np.array(plan.role), np.array(plan.state)
    closed, records, corrupt = closures(config, role, state, rng)
    dealers, legal, crime, anchor, successor = dealer_samplers(role, state, closed, corrupt, rng)
    cols = _columns(config, geo, pools, plan, closed, records, rng)
    ffl = pa.array(["-".join(parts) for parts in zip(
        cols["LIC_REGN"], cols["LIC_DIST"], cols["LIC_CNTY"], cols["LIC_TYPE"],
        cols["LIC_XPRDTE"], cols["LIC_SEQN"], strict=True)])
    rds = pa.array([f"{r}-{d}-{s}" for r, d, s in zip(
        cols["LIC_REGN"], cols["LIC_DIST"], cols["LIC_SEQN"], strict=True)])
    table = pa.table({name: pool(cols[name]) for name in LIST_COLUMNS})
    order = np.lexsort((np.array(cols["LIC_SEQN"]), np.array(cols["LIC_DIST"]),
                        np.array(cols["LIC_REGN"])))
    dist = np.flatnonzero(role == DISTRIBUTOR)
    return Licensees(
        role=role, ltype=np.array(plan.ltype), state=state, city=np.array(plan.city),
        closed=closed, records=records, corrupt=corrupt, successor=successor,
        maker_of={m: i for i, m in enumerate(plan.maker) if m},
        importers=np.flatnonzero(role == IMPORTER), distributors=dist,
        dist_weight=geo.dealer_weight[state[dist]], state_dealers=dealers,
        state_legal_cdf=legal, state_crime_cdf=crime, anchor=anchor, ffl=ffl, rds=rds,
        name=pool(cols["LICENSE_NAME"]),
        mark=pool(_marks(plan, geo)), table=table.take(pa.array(order)),
    )


def _marks(plan: Plan, geo: Geography) -> list[str]:
    """Import marks as stamped on the gun: importer name, city and state, no commas."""
    marks = [""] * len(plan.role)
    importers = [i for i, r in enumerate(plan.role) if r == IMPORTER]
    for i, (name, st, _city) in zip(importers, IMPORTERS, strict=True):
        short = name.removesuffix(" LLC").removesuffix(" INC").removesuffix(" CO")
        marks[i] = f"{short} {geo.city_name[plan.city[i]].upper()} {st}"
    return marks


def _segments(
    config: SimConfig, geo: Geography, plan: Plan, closed: Ints, rng: np.random.Generator
) -> dict[str, list[str]]:
    regn, dist, cnty = [], [], []
    for i, city in enumerate(plan.city):
        if city < 0:
            _name, st, _city, county, _zip = US_MAKERS[plan.maker[i]]
            region, district = districts_of(st)[0]
        else:
            region, district = geo.city_region[city], geo.city_district[city]
            county = geo.city_county[city]
        regn.append(region)
        dist.append(district)
        cnty.append(county)
    n = len(plan.role)
    years = np.where(closed < NEVER, [day_date(min(int(c), 10**5)).year for c in closed],
                     config.year + rng.integers(1, 4, size=n))
    letters = rng.integers(0, len(EXPIRY_MONTH_LETTERS), size=n)
    expiry = [f"{y % 10}{EXPIRY_MONTH_LETTERS[k]}" for y, k in zip(years, letters, strict=True)]
    return {"LIC_REGN": regn, "LIC_DIST": dist, "LIC_CNTY": cnty, "LIC_XPRDTE": expiry,
            "LIC_TYPE": [f"{t:02d}" for t in plan.ltype],
            "LIC_SEQN": _sequences(regn, dist, rng)}


def _sequences(regn: list[str], dist: list[str], rng: np.random.Generator) -> list[str]:
    """Sequence numbers, unique within each region and district (so RDS keys are)."""
    keys = np.array([f"{r}{d}" for r, d in zip(regn, dist, strict=True)])
    seq = np.zeros(len(keys), dtype=np.int64)
    for key in np.unique(keys):
        where = np.flatnonzero(keys == key)
        seq[where] = rng.choice(99_999, size=len(where), replace=False) + 1
    return [f"{s:05d}" for s in seq]


def _columns(
    config: SimConfig, geo: Geography, pools: Pools, plan: Plan, closed: Ints,
    records: np.ndarray, rng: np.random.Generator,
) -> dict[str, list[str]]:
    cols = _segments(config, geo, plan, closed, rng)
    cols.update(_names(plan, pools, rng))
    cols.update(_addresses(geo, pools, plan, rng))
    gone = closed < NEVER
    expired = rng.random(len(closed)) < 0.3
    cols["STATUS"] = ["active" if not g else "expired" if e else "out_of_business"
                      for g, e in zip(gone, expired, strict=True)]
    cols["RECORDS_ON_FILE"] = ["Y" if r else "N" for r in records]
    return cols


def _person(pools: Pools, rng: np.random.Generator) -> tuple[str, str]:
    last = str(pools.us.last[int(rng.integers(len(pools.us.last)))]).upper()
    first = str(pools.us.male[int(rng.integers(len(pools.us.male)))]).upper()
    return last, f"{last}, {first} {chr(65 + int(rng.integers(26)))}"


def _names(plan: Plan, pools: Pools, rng: np.random.Generator) -> dict[str, list[str]]:
    names, trades = [], []
    importer_names = iter(name for name, _st, _city in IMPORTERS)
    for i, role in enumerate(plan.role):
        word = NAME_FIRST_WORDS[int(rng.integers(len(NAME_FIRST_WORDS)))]
        if role == MAKER:
            name, trade = US_MAKERS[plan.maker[i]][0], ""
        elif role == IMPORTER:
            name, trade = next(importer_names), ""
        elif role == DISTRIBUTOR:
            name = f"{word} {DISTRIBUTOR_NOUNS[int(rng.integers(len(DISTRIBUTOR_NOUNS)))]}"
            trade = ""
        elif plan.ltype[i] in (1, 2) and rng.random() < 0.65:
            noun = "PAWN" if role == PAWN else NAME_NOUNS[int(rng.integers(len(NAME_NOUNS)))]
            suffix = NAME_SUFFIXES[int(rng.integers(len(NAME_SUFFIXES)))]
            name = f"{word} {noun} {suffix}".strip()
            trade = f"{word} {noun}" if rng.random() < 0.5 else ""
        else:
            last, name = _person(pools, rng)
            trade = f"{last}S GUNS" if plan.ltype[i] in (1, 2) and rng.random() < 0.5 else ""
        names.append(name)
        trades.append(trade)
    return {"LICENSE_NAME": names, "BUSINESS_NAME": trades}


def _addresses(
    geo: Geography, pools: Pools, plan: Plan, rng: np.random.Generator
) -> dict[str, list[str]]:
    n = len(plan.role)
    streets = pools.us.streets
    picks = rng.integers(0, len(streets), size=n)
    houses = rng.integers(1, 30_000, size=n)
    po_box = rng.random(n) < 0.2
    boxes = rng.integers(1, 9_999, size=n)
    phones = rng.integers(0, 10_000, size=n)
    out: dict[str, list[str]] = {k: [] for k in (
        "PREMISE_STREET", "PREMISE_CITY", "PREMISE_STATE", "PREMISE_ZIP_CODE", "MAIL_STREET",
        "MAIL_CITY", "MAIL_STATE", "MAIL_ZIP_CODE", "VOICE_PHONE")}
    for i, city in enumerate(plan.city):
        if city < 0:
            _name, st, town, _county, zip_code = US_MAKERS[plan.maker[i]]
        else:
            st, town, zip_code = STATE_CODES[plan.state[i]], geo.city_name[city], geo.city_zip[city]
        street = f"{houses[i]} {str(streets[int(picks[i])]).upper()}"
        values = (street, town.upper(), st, zip_code,
                  f"PO BOX {boxes[i]}" if po_box[i] else street, town.upper(), st, zip_code,
                  f"{geo.area_code[plan.state[i]]}555{phones[i]:04d}")
        for key, value in zip(out, values, strict=True):
            out[key].append(value)
    return out
