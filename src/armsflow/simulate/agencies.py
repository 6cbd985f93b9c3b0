"""Requesting agencies: police departments, sheriffs, state police and ATF offices in
every US jurisdiction; the FGR's state delegations in Mexico; national police in Central
America. ORIs are 9 characters with a state or country prefix (types.ori)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from armsflow.simulate.arrays import Floats, Ints, pool
from armsflow.simulate.config import SimConfig
from armsflow.simulate.geography import STATE_CODES, Geography
from armsflow.simulate.rng import pick
from armsflow.simulate.tables.abroad import CENTRAL_AMERICA, MX_STATES
from armsflow.vocab.places import MX_STATES as MX_NAMES
from armsflow.vocab.places import US_STATES

CA_AGENCIES = {
    "GT": ("GTPNC0000", "Policía Nacional Civil de Guatemala"),
    "HN": ("HNDPI0000", "Dirección Policial de Investigaciones (Honduras)"),
    "SV": ("SVPNC0000", "Policía Nacional Civil de El Salvador"),
    "BZ": ("BZPOL0000", "Belize Police Department"),
}


@dataclass(frozen=True)
class Agencies:
    table: pa.Table
    ori: pa.Array
    us: tuple[tuple[Ints, Floats], ...]  # per US state: agencies and request weights
    mx: Ints  # per Mexican state: its FGR delegation
    ca: Ints  # per Central American country

    def for_us(self, rng: np.random.Generator, states: Ints) -> Ints:
        out = np.zeros(len(states), dtype=np.int64)
        for s in np.unique(states):
            where = np.flatnonzero(states == s)
            members, weights = self.us[int(s)]
            out[where] = members[pick(rng, weights, len(where))]
        return out


def build_agencies(config: SimConfig, geo: Geography) -> Agencies:
    rows: list[tuple[str, str, str, str, str]] = []
    us: list[tuple[Ints, Floats]] = []
    for s, code in enumerate(STATE_CODES):
        first = len(rows)
        weights = _us_state(rows, geo, s, code)
        us.append((np.arange(first, len(rows), dtype=np.int64), np.array(weights)))
    mx_first = len(rows)
    for code, _city, _w in MX_STATES:
        rows.append((f"MXFGR{code}0", f"Fiscalía General de la República, Delegación "
                     f"{MX_NAMES[code]}", "foreign", "MX", code))
    ca_first = len(rows)
    for country, _city, _w in CENTRAL_AMERICA:
        ori, name = CA_AGENCIES[country]
        rows.append((ori, name, "foreign", country, ""))
    cols = list(zip(*rows, strict=True))
    table = pa.table({name: pool(list(col)) for name, col in zip(
        ("ori", "name", "kind", "country", "state"), cols, strict=True)})
    return Agencies(table, table.column("ori").combine_chunks(), tuple(us),
                    np.arange(mx_first, ca_first, dtype=np.int64),
                    np.arange(ca_first, len(rows), dtype=np.int64))


def _us_state(rows: list[tuple[str, str, str, str, str]], geo: Geography, s: int,
              code: str) -> list[float]:
    """Agencies of one state; returns their request weights."""
    name = US_STATES[code]
    weights = [0.15, 0.05]
    rows.append((f"{code}SP00000", f"{name} State Police", "state", "US", code))
    rows.append((f"{code}ATF0000", f"ATF {name} Field Office", "federal", "US", code))
    cities = geo.cities_of[s]
    total = float(geo.city_weight[cities].sum())
    counties: dict[str, float] = {}
    for k, c in enumerate(cities):
        share = float(geo.city_weight[c]) / total
        county = geo.city_county[int(c)]
        rows.append((f"{code}{county}{k:02d}00", f"{geo.city_name[int(c)]} Police Department",
                     "local", "US", code))
        weights.append(0.6 * share)
        counties[county] = counties.get(county, 0.0) + share
    for county, share in counties.items():
        rows.append((f"{code}{county}SO00", f"Sheriff's Office, County {county}, {code}",
                     "local", "US", code))
        weights.append(0.2 * share)
    return weights
