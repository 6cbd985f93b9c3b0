"""Places: US states and territories, Mexican states, countries.

Trace statistics are grouped by source state, recovery state (US or Mexican) and country,
and the inputs name them every possible way: ``"TX"``, ``"Texas"``, ``"District Of
Columbia"``, ``"Nuevo Leon"``, ``"D.F."``, ``"EE.UU."``. Everything is reduced to one code
(US postal code, ISO 3166-2:MX subdivision code without the ``MX-`` prefix, ISO 3166-1
alpha-2) at the edge, so the rest of the platform compares codes only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

from armsflow.types.errors import InvalidValue
from armsflow.vocab._text import fold, read_data_csv, split_aliases

# fmt: off
US_STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida",
    "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana",
    "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine",
    "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska",
    "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico",
    "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio",
    "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island",
    "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "DC": "District of Columbia", "PR": "Puerto Rico", "VI": "U.S. Virgin Islands",
    "GU": "Guam", "AS": "American Samoa", "MP": "Northern Mariana Islands",
}
# fmt: on

# fmt: off
_US_ALIASES: dict[str, tuple[str, ...]] = {
    "DC": ("Washington DC", "Washington, D.C.", "Washington D.C."),
    "VI": ("US Virgin Islands", "Virgin Islands", "Virgin Islands, U.S.",
           "United States Virgin Islands"),
    # ATF's state tables report Guam and the Northern Mariana Islands as one row; we file
    # that row under Guam, the larger of the two (and the one with an ATF IRS district).
    "GU": ("Guam & Northern Mariana Islands", "Guam and Northern Mariana Islands"),
    "MP": ("CNMI", "Commonwealth of the Northern Mariana Islands"),
}
# fmt: on

# ISO 3166-2:MX codes -> the Spanish names people use. ISO's long official names
# ("Coahuila de Zaragoza", "Michoacán de Ocampo", "Veracruz de Ignacio de la Llave") are
# accepted as aliases; the state of México is shown as "Estado de México" so it cannot be
# read as the country.
# fmt: off
MX_STATES: dict[str, str] = {
    "AGU": "Aguascalientes", "BCN": "Baja California", "BCS": "Baja California Sur",
    "CAM": "Campeche", "CHP": "Chiapas", "CHH": "Chihuahua", "CMX": "Ciudad de México",
    "COA": "Coahuila", "COL": "Colima", "DUR": "Durango", "GUA": "Guanajuato",
    "GRO": "Guerrero", "HID": "Hidalgo", "JAL": "Jalisco", "MEX": "Estado de México",
    "MIC": "Michoacán", "MOR": "Morelos", "NAY": "Nayarit", "NLE": "Nuevo León",
    "OAX": "Oaxaca", "PUE": "Puebla", "QUE": "Querétaro", "ROO": "Quintana Roo",
    "SLP": "San Luis Potosí", "SIN": "Sinaloa", "SON": "Sonora", "TAB": "Tabasco",
    "TAM": "Tamaulipas", "TLA": "Tlaxcala", "VER": "Veracruz", "YUC": "Yucatán",
    "ZAC": "Zacatecas",
}
# fmt: on

# Official long names and the common abbreviations seen on Mexican reports.
# fmt: off
_MX_ALIASES: dict[str, tuple[str, ...]] = {
    "AGU": ("Ags",), "BCN": ("BC", "Baja California Norte"), "CHP": ("Chis",),
    "CHH": ("Chih",), "CAM": ("Camp",),
    "CMX": ("CDMX", "Distrito Federal", "DF", "DIF", "Mexico City", "México, D.F.",
            "Ciudad de México, D.F."),
    "COA": ("Coahuila de Zaragoza", "Coah"), "DUR": ("Dgo",), "GUA": ("Gto",),
    "HID": ("Hgo",),
    "MEX": ("México", "Edomex", "Edo. Méx.", "Edo. de México", "Estado de Mexico",
            "State of Mexico", "Mexico State"),
    "MIC": ("Michoacán de Ocampo", "Mich"), "NLE": ("NL", "N.L."),
    "QUE": ("Querétaro de Arteaga", "Qro"), "ROO": ("Q. Roo", "QRoo"),
    "TAM": ("Tamps",), "TLA": ("Tlax",), "VER": ("Veracruz de Ignacio de la Llave",),
    "YUC": ("Yuc",),
}
# fmt: on


def _alias_index(
    names: Mapping[str, str], aliases: Mapping[str, Iterable[str]], table: str
) -> dict[str, str]:
    """folded name -> code; refuses an alias that would point at two codes."""
    index: dict[str, str] = {}
    pairs = [(n, c) for c, n in names.items()]
    pairs += [(a, c) for c, extra in aliases.items() for a in extra]
    for name, code in pairs:
        key = fold(name)
        if index.setdefault(key, code) != code:
            raise ValueError(f"{table}: {name!r} names both {index[key]} and {code}")
    return index


def _load_countries() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    names: dict[str, str] = {}
    alpha3: dict[str, str] = {}
    aliases: dict[str, list[str]] = {}
    for row in read_data_csv("countries.csv"):
        names[row["alpha2"]] = row["name"]
        alpha3[row["alpha3"]] = row["alpha2"]
        aliases[row["alpha2"]] = split_aliases(row["aliases"])
    return names, alpha3, _alias_index(names, aliases, "countries.csv")


_US_INDEX = _alias_index(US_STATES, _US_ALIASES, "US_STATES")
_MX_INDEX = _alias_index(MX_STATES, _MX_ALIASES, "MX_STATES")

COUNTRIES: dict[str, str]
"""ISO 3166-1 alpha-2 -> English short name (plus XK, Kosovo), from data/countries.csv."""
COUNTRY_ALPHA3: dict[str, str]
"""ISO 3166-1 alpha-3 -> alpha-2."""
COUNTRIES, COUNTRY_ALPHA3, _COUNTRY_INDEX = _load_countries()


@lru_cache(maxsize=4096)
def us_state_code(name_or_code: str) -> str:
    """``"Texas"``, ``"TX"``, ``"tx"``, ``"US-TX"``, ``"District of Columbia"`` -> code.

    Covers the 50 states, DC, PR, VI, GU, AS and MP. Raises ``InvalidValue("state")``.
    """
    text = name_or_code.strip().upper()
    code = text[3:] if text.startswith("US-") else text
    if code in US_STATES:
        return code
    found = _US_INDEX.get(fold(name_or_code))
    if found is None:
        raise InvalidValue(
            "state", f"{name_or_code!r} is not a US state, DC or territory name or code"
        )
    return found


@lru_cache(maxsize=4096)
def mx_state_code(name_or_code: str) -> str:
    """``"Chihuahua"``, ``"CHH"``, ``"MX-CHH"``, ``"CDMX"``, ``"Distrito Federal"`` -> code.

    Codes are ISO 3166-2:MX without the ``MX-`` prefix. Raises ``InvalidValue("state")``.
    """
    text = name_or_code.strip().upper()
    code = text[3:] if text.startswith("MX-") else text
    if code in MX_STATES:
        return code
    found = _MX_INDEX.get(fold(name_or_code))
    if found is None:
        raise InvalidValue("state", f"{name_or_code!r} is not a Mexican state name or code")
    return found


@lru_cache(maxsize=4096)
def country_code(name_or_code: str) -> str:
    """ISO alpha-2 for an alpha-2 code, alpha-3 code, or English/Spanish name.

    ``"US"``, ``"USA"``, ``"United States"``, ``"EE.UU."``, ``"Mexico"``, ``"México"``,
    ``"MX"`` all work. Historical states (USSR, Yugoslavia, Czechoslovakia) are rejected
    on purpose: which successor a marking means is an analyst's call, not a parser's.
    Raises ``InvalidValue("country")``.
    """
    code = name_or_code.strip().upper()
    if code in COUNTRIES:
        return code
    if code in COUNTRY_ALPHA3:
        return COUNTRY_ALPHA3[code]
    found = _COUNTRY_INDEX.get(fold(name_or_code))
    if found is None:
        raise InvalidValue("country", f"{name_or_code!r} is not a country name or ISO code")
    return found
