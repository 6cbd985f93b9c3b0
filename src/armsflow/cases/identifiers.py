"""Case identifiers: parsing and the exact-match key of each kind (pure, no database).

Two agencies that write down the same phone, plate or serial in different ways must get the
same key, so that deconfliction is an index lookup on ``(kind, key)``. Each parser raises
:class:`InvalidValue` naming the field (``value``, ``dob``, ``lat``...) and the reason.

Kinds and the fields they read (``value`` is the main one):

========== ========================================= ===================================
kind       fields                                    key
========== ========================================= ===================================
person     value (name), dob (optional)              sorted name tokens ``|`` ISO DOB
business   value (name)                              folded name without corporate suffix
licensee   value (FFL number)                        RDS key (region-district-sequence)
firearm    value (serial), manufacturer              serial key; maker key as qualifier
plate      value (plate), state                      ``STATE:PLATE``
vin        value (17-character VIN)                  VIN, check digit verified
phone      value                                     E.164 (``+`` and digits)
email      value                                     lower-case address
address    value (one line)                          folded, USPS street abbreviations
place      lat, lon, value (optional label)          lat,lon rounded to 4 decimals (~11 m)
========== ========================================= ===================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from armsflow.types.errors import InvalidValue
from armsflow.types.ffl import FFLNumber
from armsflow.types.serial import is_placeholder_serial, normalize_serial
from armsflow.vocab._text import strip_accents
from armsflow.vocab.firearms import normalize_manufacturer


class IdentifierKind(StrEnum):
    PERSON = "person"
    BUSINESS = "business"
    LICENSEE = "licensee"
    FIREARM = "firearm"
    PLATE = "plate"
    VIN = "vin"
    PHONE = "phone"
    EMAIL = "email"
    ADDRESS = "address"
    PLACE = "place"


KINDS = tuple(k.value for k in IdentifierKind)
FIELDS = ("kind", "value", "manufacturer", "state", "dob", "lat", "lon")
MAX_VALUE = 200


@dataclass(frozen=True, slots=True)
class ParsedIdentifier:
    """An identifier ready to store: ``key`` is what matches exactly; ``qualifier`` narrows a
    firearm match to one maker; ``block`` is the blocking key for fuzzy person matching."""

    kind: str
    key: str
    display: str
    qualifier: str | None = None
    block: str | None = None
    dob: date | None = None
    lat: float | None = None
    lon: float | None = None


# ------------------------------------------------------------------------------- helpers

_NON_ALNUM = re.compile(r"[^A-Z0-9]+")


def fold_upper(text: str) -> str:
    """Upper case, no accents, punctuation as single spaces: ``"Ñúñez-Ruiz, José"`` ->
    ``"NUNEZ RUIZ JOSE"``."""
    return " ".join(_NON_ALNUM.sub(" ", strip_accents(text).upper()).split())


def _text(fields: dict[str, str], name: str, *, required: bool = True) -> str:
    raw = (fields.get(name) or "").strip()
    if any(ord(ch) < 32 for ch in raw):
        raise InvalidValue(name, "contains control characters")
    if required and not raw:
        raise InvalidValue(name, "is required for this kind of identifier")
    if len(raw) > MAX_VALUE:
        raise InvalidValue(name, f"longer than {MAX_VALUE} characters")
    return raw


def parse_date(raw: str, field: str = "dob") -> date:
    try:
        value = date.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidValue(field, f"{raw!r} is not a date (YYYY-MM-DD)") from None
    if value.year < 1900 or value > date.today():
        raise InvalidValue(field, f"{value.isoformat()} is not a plausible date of birth")
    return value


# --------------------------------------------------------------------------------- persons


def person_name_key(name: str) -> str:
    """Name tokens folded and sorted, so "Quintero, Ana" and "ANA QUINTERO" agree."""
    return " ".join(sorted(fold_upper(name).split()))


def person_key(name_key: str, dob: date | None) -> str:
    return f"{name_key}|{dob.isoformat() if dob else ''}"


def _person(fields: dict[str, str]) -> ParsedIdentifier:
    name = _text(fields, "value")
    name_key = person_name_key(name)
    if len(name_key.split()) < 2:
        raise InvalidValue("value", "give at least a first and a last name")
    dob_raw = _text(fields, "dob", required=False)
    dob = parse_date(dob_raw) if dob_raw else None
    return ParsedIdentifier("person", person_key(name_key, dob), name, dob=dob,
                            block=dob.isoformat() if dob else None)


# ------------------------------------------------------------------------------ businesses

_CORPORATE = frozenset({"LLC", "L L C", "INC", "INCORPORATED", "CORP", "CORPORATION", "CO",
                        "COMPANY", "LTD", "LIMITED", "LP", "LLP", "PLLC", "SA", "DE", "CV",
                        "SRL", "RL", "THE"})


def business_key(name: str) -> str:
    tokens = fold_upper(name.replace("&", " AND ")).split()
    kept = [t for t in tokens if t not in _CORPORATE]
    return " ".join(kept or tokens)


def _business(fields: dict[str, str]) -> ParsedIdentifier:
    name = _text(fields, "value")
    key = business_key(name)
    if not key:
        raise InvalidValue("value", "has no letters or digits")
    return ParsedIdentifier("business", key, name)


# ------------------------------------------------------------------------------- licensees


def _licensee(fields: dict[str, str]) -> ParsedIdentifier:
    raw = _text(fields, "value")
    try:
        ffl = FFLNumber.parse(raw)
    except InvalidValue as exc:
        raise InvalidValue("value", f"{exc.field}: {exc.reason}") from None
    return ParsedIdentifier("licensee", ffl.rds_key, str(ffl))


# -------------------------------------------------------------------------------- firearms


def _firearm(fields: dict[str, str]) -> ParsedIdentifier:
    raw = _text(fields, "value")
    if is_placeholder_serial(raw):
        raise InvalidValue("value", f"{raw!r} means no usable serial; it cannot be matched")
    try:
        serial = normalize_serial(raw)
    except InvalidValue as exc:
        raise InvalidValue("value", exc.reason) from None
    maker_raw = _text(fields, "manufacturer")
    try:
        maker = normalize_manufacturer(maker_raw)
    except InvalidValue as exc:
        raise InvalidValue("manufacturer", exc.reason) from None
    return ParsedIdentifier("firearm", serial, f"{maker.name} {raw}", qualifier=maker.key)


# -------------------------------------------------------------------------------- vehicles

_STATE = re.compile(r"^[A-Z]{2,3}$")


def _plate(fields: dict[str, str]) -> ParsedIdentifier:
    raw = _text(fields, "value")
    plate = _NON_ALNUM.sub("", strip_accents(raw).upper())
    if not 1 <= len(plate) <= 10:
        raise InvalidValue("value", "a plate has 1 to 10 letters or digits")
    state = _text(fields, "state").upper()
    if not _STATE.match(state):
        raise InvalidValue("state", f"{state!r} is not a state or province code (e.g. TX, SON)")
    return ParsedIdentifier("plate", f"{state}:{plate}", f"{raw} ({state})")


_VIN_VALUES = {**{str(d): d for d in range(10)},
               **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
               **dict(zip("JKLMN", range(1, 6), strict=True)), "P": 7, "R": 9,
               **dict(zip("STUVWXYZ", range(2, 10), strict=True))}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin_check_digit(vin: str) -> str:
    """The check digit (position 9) of a 17-character VIN (49 CFR 565.15)."""
    total = sum(_VIN_VALUES[ch] * w for ch, w in zip(vin, _VIN_WEIGHTS, strict=True))
    rest = total % 11
    return "X" if rest == 10 else str(rest)


def normalize_vin(raw: str) -> str:
    vin = _NON_ALNUM.sub("", raw.upper())
    if len(vin) != 17:
        raise InvalidValue("value", f"a VIN has 17 characters, this one {len(vin)}")
    bad = sorted({ch for ch in vin if ch not in _VIN_VALUES})
    if bad:
        raise InvalidValue("value", f"a VIN never contains {', '.join(bad)} (I, O and Q are "
                                    "not used)")
    expected = vin_check_digit(vin)
    if vin[8] != expected:
        raise InvalidValue("value", f"check digit (9th character) is {vin[8]}, the other "
                                    f"characters give {expected}: a character is mistyped")
    return vin


def _vin(fields: dict[str, str]) -> ParsedIdentifier:
    raw = _text(fields, "value")
    vin = normalize_vin(raw)
    return ParsedIdentifier("vin", vin, vin)


# ---------------------------------------------------------------------------------- phones

_PHONE_CHARS = re.compile(r"^[+0-9 ().\-/]+$")


def normalize_phone(raw: str) -> str:
    """E.164: ``+`` then 8-15 digits. Numbers without a country code are read as North
    American (10 digits, or 11 starting with 1); others must start with ``+`` or ``00``."""
    text = raw.strip()
    if not _PHONE_CHARS.match(text):
        raise InvalidValue("value", "a phone number has only digits, spaces, + ( ) . - /")
    digits = re.sub(r"\D", "", text)
    if text.startswith("+"):
        pass
    elif digits.startswith("00"):
        digits = digits[2:]
    elif len(digits) == 10:
        digits = "1" + digits
    elif not (len(digits) == 11 and digits.startswith("1")):
        raise InvalidValue("value", "give the country code (+52 ...) for numbers outside "
                                    "North America")
    if digits.startswith("0") or not 8 <= len(digits) <= 15:
        raise InvalidValue("value", f"+{digits} is not an international number (E.164)")
    if digits.startswith("1") and (len(digits) != 11 or digits[1] in "01"):
        raise InvalidValue("value", "a North American number has a 3-digit area code not "
                                    "starting with 0 or 1, then 7 digits")
    return "+" + digits


def _phone(fields: dict[str, str]) -> ParsedIdentifier:
    raw = _text(fields, "value")
    return ParsedIdentifier("phone", normalize_phone(raw), raw)


# ---------------------------------------------------------------------------------- e-mail

_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


def normalize_email(raw: str) -> str:
    text = raw.strip()
    if not _EMAIL.match(text) or ".." in text:
        raise InvalidValue("value", f"{text!r} is not an e-mail address")
    return text.lower()


def _email(fields: dict[str, str]) -> ParsedIdentifier:
    raw = _text(fields, "value")
    return ParsedIdentifier("email", normalize_email(raw), raw)


# ------------------------------------------------------------------------------- addresses

# USPS Publication 28 suffixes and unit designators most often spelled out, plus Spanish.
# fmt: off
_ADDRESS_WORDS = {
    "STREET": "ST", "STR": "ST", "AVENUE": "AVE", "AV": "AVE", "BOULEVARD": "BLVD",
    "ROAD": "RD", "DRIVE": "DR", "LANE": "LN", "COURT": "CT", "PLACE": "PL",
    "HIGHWAY": "HWY", "PARKWAY": "PKWY", "CIRCLE": "CIR", "TERRACE": "TER", "TRAIL": "TRL",
    "SUITE": "STE", "APARTMENT": "APT", "BUILDING": "BLDG", "FLOOR": "FL", "UNIT": "UNIT",
    "NUMBER": "", "NO": "", "NORTH": "N", "SOUTH": "S", "EAST": "E", "WEST": "W",
    "NORTHEAST": "NE", "NORTHWEST": "NW", "SOUTHEAST": "SE", "SOUTHWEST": "SW",
    "CALLE": "C", "AVENIDA": "AV", "COLONIA": "COL", "NUMERO": "", "NUM": "",
}
# fmt: on


def normalize_address(raw: str) -> str:
    tokens = fold_upper(raw.replace("#", " ")).split()
    out = [_ADDRESS_WORDS.get(t, t) for t in tokens]
    return " ".join(t for t in out if t)


def _address(fields: dict[str, str]) -> ParsedIdentifier:
    raw = _text(fields, "value")
    key = normalize_address(raw)
    if not any(ch.isdigit() for ch in key) or len(key.split()) < 2:
        raise InvalidValue("value", "give a street address with its number and street")
    return ParsedIdentifier("address", key, raw)


# ---------------------------------------------------------------------------------- places


def _coordinate(fields: dict[str, str], name: str, limit: float) -> float:
    raw = _text(fields, name)
    try:
        value = float(raw)
    except ValueError:
        raise InvalidValue(name, f"{raw!r} is not a number") from None
    if not -limit <= value <= limit or value != value:
        raise InvalidValue(name, f"{raw} is outside -{limit:g}..{limit:g}")
    return value


def _place(fields: dict[str, str]) -> ParsedIdentifier:
    lat = _coordinate(fields, "lat", 90)
    lon = _coordinate(fields, "lon", 180)
    label = _text(fields, "value", required=False)
    key = f"{lat:.4f},{lon:.4f}".replace("-0.0000", "0.0000")
    return ParsedIdentifier("place", key, label or key, lat=lat, lon=lon)


_PARSERS = {
    "person": _person, "business": _business, "licensee": _licensee, "firearm": _firearm,
    "plate": _plate, "vin": _vin, "phone": _phone, "email": _email, "address": _address,
    "place": _place,
}


def parse_identifier(fields: dict[str, str]) -> ParsedIdentifier:
    """Parse one identifier given as text fields (``FIELDS``); raises InvalidValue."""
    kind = (fields.get("kind") or "").strip().lower()
    if kind not in _PARSERS:
        raise InvalidValue("kind", f"{kind!r} is not one of {', '.join(KINDS)}")
    return _PARSERS[kind](fields)
