"""Firearm vocabulary: item kinds, NCIC gun types, calibers, manufacturers.

This is the one home of these words (STYLE.md rule 4). A trace can only be completed when
manufacturer, type and caliber name the gun the way the manufacturer's records do, and
statistics ("top calibers traced") only add up when "9MM LUGER" and "9x19" are counted
together. The spellings live in data files under ``vocab/data`` so that analysts can
extend them without touching code; the parsers here only clean text and look it up.

The parsers run over every row of bulk imports, so they are cached (``lru_cache``): the
distinct values of a make or caliber column number in the thousands, the rows in millions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from armsflow.types.errors import InvalidValue
from armsflow.vocab._text import fold, read_data_csv, split_aliases, strip_accents


class ItemKind(StrEnum):
    """What was recovered. Only ``firearm`` (and a serialized frame) can be traced by serial;
    the others are counted and investigated differently, so they are kinds, not flags."""

    FIREARM = "firearm"
    FRAME_OR_RECEIVER = "frame_or_receiver"
    PRIVATELY_MADE = "privately_made"
    PARTS_KIT = "parts_kit"
    CONVERSION_DEVICE = "conversion_device"

    @property
    def description(self) -> str:
        return _ITEM_KIND_DESCRIPTIONS[self]


_ITEM_KIND_DESCRIPTIONS: dict[ItemKind, str] = {
    ItemKind.FIREARM: "A complete, commercially made firearm.",
    ItemKind.FRAME_OR_RECEIVER: "A frame or receiver alone: the part that carries the serial.",
    ItemKind.PRIVATELY_MADE: "A privately made firearm (PMF, 'ghost gun'), usually unserialized.",
    ItemKind.PARTS_KIT: "A kit or unfinished frame/receiver meant to be completed into a gun.",
    ItemKind.CONVERSION_DEVICE: "A machine-gun conversion device (auto sear, 'switch').",
}

# --- NCIC gun type (TYP) -----------------------------------------------------------------
# First character: weapon type; second: action or build (NIEM fbi/ncic code lists, which
# mirror the NCIC Code Manual). Note semi-automatic is "I" and side-by-side is "E"; "A" is
# automatic and "S" single-shot. Which two-character pairs NCIC accepts is to be checked
# against the NCIC Code Manual's gun-type table (check); unlisted pairs are rejected.
# fmt: off
NCIC_TYPES: dict[str, str] = {
    "P": "Pistol", "R": "Rifle", "S": "Shotgun", "M": "Machine gun",
    "B": "Submachine gun or machine pistol", "C": "Rifle-shotgun combination",
    "Q": "Shotgun pistol", "V": "Silencer (muffler or sound moderator)",
    "Z": "Other (described in MIS)",
    "PI": "Pistol, semi-automatic", "PR": "Pistol, revolver", "PD": "Pistol, derringer",
    "PS": "Pistol, single-shot", "PA": "Pistol, automatic", "PB": "Pistol, bolt action",
    "PL": "Pistol, lever action", "PU": "Pistol, percussion", "PH": "Pistol, flintlock",
    "PK": "Pistol, blank", "PF": "Pistol, flare", "PG": "Pistol, gas or air",
    "PV": "Pistol, tear gas", "PW": "Pistol, three barrels", "PX": "Pistol, four or more barrels",
    "RI": "Rifle, semi-automatic", "RB": "Rifle, bolt action", "RL": "Rifle, lever action",
    "RP": "Rifle, pump action", "RS": "Rifle, single-shot", "RA": "Rifle, automatic",
    "RC": "Rifle, carbine", "RE": "Rifle, double-barrel", "RO": "Rifle, over and under",
    "RU": "Rifle, percussion", "RH": "Rifle, flintlock", "RG": "Rifle, gas or air",
    "SI": "Shotgun, semi-automatic", "SP": "Shotgun, pump action", "SB": "Shotgun, bolt action",
    "SL": "Shotgun, lever action", "SS": "Shotgun, single-shot", "SA": "Shotgun, automatic",
    "SE": "Shotgun, double-barrel side by side", "SO": "Shotgun, over and under",
    "SW": "Shotgun, three barrels", "SR": "Shotgun, revolver",
    "CO": "Combination, over and under", "CE": "Combination, side by side",
    "CW": "Combination, three barrels (drilling)",
}
# fmt: on

# Words -> (first character, default second character). Ordered: longer phrases first,
# so "submachine gun" is not read as "machine gun" nor "machine pistol" as "pistol".
# fmt: off
_TYPE_WORDS: tuple[tuple[str, str, str], ...] = (
    (r"submachine gun|subametralladora|metralleta|machine pistol|pistola ametralladora", "B", ""),
    (r"shotgun pistol", "Q", ""),
    (r"combination|rifle shotgun|combinada", "C", ""),
    (r"machine ?gun|ametralladora", "M", ""),
    (r"silencer|suppressor|silenciador|supresor", "V", ""),
    (r"revolver(?:es)?", "P", "R"),
    (r"derringer", "P", "D"),
    (r"pistol(?:a|as|s)?|handgun|arma corta", "P", ""),
    (r"carbine|carabina", "R", "C"),
    (r"rifles?|fusil(?:es)?|arma larga", "R", ""),
    (r"shotguns?|escopetas?", "S", ""),
    (r"other|otr[oa]", "Z", ""),
)
# fmt: on
# Action words -> second character, checked in order ("semi automatic" before "automatic").
# "Automatic pistol"/"pistola automatica" is common usage for a semi-automatic pistol; a
# truly automatic pistol is a machine pistol (B), so pistols read "automatic" as "I".
# fmt: off
_ACTION_WORDS: tuple[tuple[str, str], ...] = (
    (r"semi ?auto\w*|autoloading|self loading", "I"),
    (r"full auto\w*|auto(?:matic|matica|matico)?|rafaga", "A"),
    (r"bolt(?: action)?|cerrojo", "B"),
    (r"lever(?: action)?|palanca", "L"),
    (r"pump(?: action)?|slide action|bombeo|corredera", "P"),
    (r"single shot|un tiro|tiro unico|monotiro", "S"),
    (r"over (?:and )?under|superpuest[ao]s?", "O"),
    (r"side by side|double barrel|doble canon|yuxtapuest[ao]s?|paralel[ao]s?", "E"),
)
# fmt: on
_TYPE_RES = tuple((re.compile(rf"\b(?:{p})\b"), a, b) for p, a, b in _TYPE_WORDS)
_ACTION_RES = tuple((re.compile(rf"\b(?:{p})\b"), a) for p, a in _ACTION_WORDS)

_ATF_CATEGORY_BY_CODE = {"PR": "revolver", "PD": "derringer"}
_ATF_CATEGORY_BY_FIRST = {
    "P": "pistol",
    "R": "rifle",
    "S": "shotgun",
    "M": "machine gun",
    "B": "machine gun",
}


@lru_cache(maxsize=4096)
def parse_ncic_type(raw: str) -> str:
    """An NCIC TYP code from a code ("PI", "pr") or words ("Pistola", "rifle semiautomático").

    Words give the most specific code the text supports: "shotgun" -> "S",
    "pump shotgun" -> "SP", "revolver" -> "PR". Raises ``InvalidValue("firearm_type")``.
    """
    code = raw.strip().upper()
    if code in NCIC_TYPES:
        return code
    text = fold(raw)
    for pattern, first, default in _TYPE_RES:
        if not pattern.search(text):
            continue
        if first == "P" and default:  # "revolver", "derringer": the word is the action
            return first + default
        second = next((a for p, a in _ACTION_RES if p.search(text)), default)
        if first == "P" and second == "A":
            second = "I"
        return first + second if first + second in NCIC_TYPES else first + default
    raise InvalidValue("firearm_type", f"{raw!r} is not an NCIC gun type code or gun type word")


def atf_category(code: str) -> str:
    """ATF's published category: pistol, revolver, rifle, shotgun, derringer, machine gun,
    other. Unknown codes are "other" (ATF's tables have no "unknown" row)."""
    code = code.strip().upper()
    return _ATF_CATEGORY_BY_CODE.get(code) or _ATF_CATEGORY_BY_FIRST.get(code[:1], "other")


def is_handgun(code: str) -> bool:
    """Pistols, revolvers, derringers (first character P): what Form 3310.4 counts."""
    return code.strip().upper().startswith("P")


def is_long_gun(code: str) -> bool:
    """Rifles, shotguns and rifle-shotgun combinations."""
    return code.strip().upper()[:1] in {"R", "S", "C"}


# --- Calibers ----------------------------------------------------------------------------
_CAL_WORD = re.compile(r"(?<![A-Z])CAL(?:IBRE|IBER|IB)?(?![A-Z])\.?")
_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d)")
_NXN_MM = re.compile(r"(\d+X\d+)MM")
_NON_KEY = re.compile(r"[^A-Z0-9]+")
_PLAUSIBLE_CALIBER = re.compile(r"\.?\d")


def _caliber_text(raw: str) -> str:
    """Upper case, no accents, decimal point, no "cal."/"calibre" words, single spaces."""
    text = strip_accents(raw).upper().replace("×", "X")
    text = _CAL_WORD.sub(" ", _DECIMAL_COMMA.sub(".", text))
    return " ".join(text.split())


def _caliber_key(text: str) -> str:
    return _NXN_MM.sub(r"\1", _NON_KEY.sub("", _caliber_text(text)))


def _load_calibers() -> dict[str, str]:
    index: dict[str, str] = {}
    for row in read_data_csv("calibers.csv"):
        canonical = row["canonical"]
        for alias in [canonical, *split_aliases(row["aliases"])]:
            key = _caliber_key(alias)
            if index.setdefault(key, canonical) != canonical:
                raise ValueError(f"calibers.csv: {alias!r} means {index[key]} and {canonical}")
    return index


_CALIBER_INDEX = _load_calibers()
CANONICAL_CALIBERS: frozenset[str] = frozenset(_CALIBER_INDEX.values())


@lru_cache(maxsize=8192)
def parse_caliber(raw: str) -> str:
    """One canonical spelling per cartridge: "9 MM LUGER" -> "9mm", "calibre 12" -> "12 gauge".

    A caliber not in the table but plausible (it starts with a digit or ".digit") comes back
    cleaned - upper case, single spaces, no "cal." - so that one unknown cartridge still
    groups under one spelling. Raises ``InvalidValue("caliber")`` for empty text or text
    with no leading number ("UNKNOWN", "N/A").
    """
    found = _CALIBER_INDEX.get(_caliber_key(raw))
    if found is not None:
        return found
    cleaned = _caliber_text(raw)
    if not _PLAUSIBLE_CALIBER.match(cleaned) or len(cleaned) > 40:
        raise InvalidValue("caliber", f"{raw!r} does not look like a caliber (e.g. 9mm, .45 ACP)")
    return cleaned


# --- Manufacturers -----------------------------------------------------------------------
# fmt: off
_CORPORATE_SUFFIXES = frozenset({
    "INC", "INCORPORATED", "CO", "CORP", "CORPORATION", "COMPANY", "LLC", "LC", "LTD",
    "LIMITED", "MFG", "MANUFACTURING", "GMBH", "GESMBH", "AG", "KG", "SA", "SPA", "SRL", "SL",
    "AS", "DOO", "AD", "OOO", "JSC", "PLC", "LP", "LLP", "PTY", "BV", "NV", "SAS", "CV", "DE",
    "CIA", "AND", "Y",
})
# fmt: on
# Tried only when the full name is not known, and only to find a known maker: "ARMS" stays
# in keys because it is part of many makers' identity (Raven Arms, Jimenez Arms).
# fmt: off
_GENERIC_TAIL = frozenset({
    "FIREARMS", "ARMS", "INDUSTRIES", "INTERNATIONAL", "INTL", "USA", "US", "AMERICA", "GROUP",
})
# fmt: on
_POSSESSIVE = re.compile(r"(?<=\w)['’]S\b")


@dataclass(frozen=True, slots=True)
class MakerName:
    """A manufacturer as the platform stores it.

    ``key`` groups spellings of one maker (it is what statistics and matching use);
    ``name`` is for display; ``known`` says whether the maker is in manufacturers.csv.
    """

    name: str
    key: str
    known: bool
    country: str | None


def _maker_tokens(raw: str) -> list[str]:
    tokens = fold(_POSSESSIVE.sub("", raw.upper())).upper().split()
    if tokens[:1] == ["THE"] and len(tokens) > 1:
        tokens = tokens[1:]
    while len(tokens) > 1 and tokens[-1] in _CORPORATE_SUFFIXES:
        tokens.pop()
    return tokens


def _lookup_form(tokens: list[str]) -> str:
    return "".join(t for t in tokens if t != "AND")


def _load_makers() -> dict[str, MakerName]:
    index: dict[str, MakerName] = {}
    for row in read_data_csv("manufacturers.csv"):
        name = row["name"]
        maker = MakerName(name, " ".join(_maker_tokens(name)), True, row["country"] or None)
        for alias in [name, *split_aliases(row["aliases"])]:
            form = _lookup_form(_maker_tokens(alias))
            if index.setdefault(form, maker) != maker:
                raise ValueError(f"manufacturers.csv: {alias!r} names {index[form].name} too")
    return index


_MAKER_INDEX = _load_makers()
KNOWN_MANUFACTURERS: tuple[MakerName, ...] = tuple(dict.fromkeys(_MAKER_INDEX.values()))


@lru_cache(maxsize=16_384)
def normalize_manufacturer(raw: str) -> MakerName:
    """Group the spellings of one maker: "S&W", "SMITH & WESSON INC", "Smith and Wesson".

    Unknown makers get ``known=False`` and a cleaned key (upper case, no punctuation or
    corporate suffix), so "Acme Arms, Inc." and "ACME ARMS" still share one key.
    Raises ``InvalidValue("manufacturer")`` when there is no letter or digit at all.
    """
    tokens = _maker_tokens(raw)
    if not any(ch.isalnum() for ch in raw):
        raise InvalidValue("manufacturer", f"{raw!r} has no letters or digits")
    maker = _MAKER_INDEX.get(_lookup_form(tokens))
    shorter = list(tokens)
    while maker is None and len(shorter) > 1 and shorter[-1] in _GENERIC_TAIL:
        shorter.pop()
        maker = _MAKER_INDEX.get(_lookup_form(shorter))
    if maker is not None:
        return maker
    return MakerName(" ".join(raw.split()), " ".join(tokens), False, None)
