"""Federal Firearms License (FFL) numbers.

A licence number ``R-DD-CCC-TT-YM-SSSSS`` is how a trace names every licensee in a gun's
chain (manufacturer, importer, wholesaler, retail dealer), so a mistyped number silently
breaks the chain. Each segment is therefore validated on its own and an error names the
segment, e.g. ``ffl.district: district 54 does not belong to region 5 (Southwest)``.

The district table is the one ATF's 2013 list layout gives (DOMAIN.md §2, marked "check
against current lists"). It is kept as one data structure, :data:`DISTRICTS_BY_REGION`,
so that a correction is a one-line data change, not a code change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from armsflow.types.errors import InvalidValue

REGION_NAMES: dict[str, str] = {
    "1": "Southeast",
    "3": "Midwest",
    "4": "Central",
    "5": "Southwest",
    "6": "North Atlantic",
    "8": "Mid-Atlantic",
    "9": "Western",
}

# region -> IRS district -> state code(s) the district covers ("/" joins several).
# Regions 2 and 7 are unused. DC is listed with Maryland's district 52 (DOMAIN.md: "check").
# fmt: off
DISTRICTS_BY_REGION: dict[str, dict[str, str]] = {
    "1": {
        "54": "VA", "56": "NC", "57": "SC", "58": "GA", "59": "FL",
        "62": "TN", "63": "AL", "64": "MS", "66": "PR/VI",
    },
    "3": {"36": "IL", "37": "IL", "39": "WI", "41": "MN", "45": "ND", "46": "SD"},
    "4": {"31": "OH", "34": "OH", "35": "IN", "38": "MI", "55": "WV", "61": "KY"},
    "5": {
        "42": "IA", "43": "MO", "47": "NE", "48": "KS", "71": "AR", "72": "LA", "73": "OK",
        "74": "TX", "75": "TX", "76": "TX", "83": "WY", "84": "CO", "85": "NM",
    },
    "6": {
        "01": "ME", "02": "NH", "03": "VT", "04": "MA", "05": "RI", "06": "CT",
        "11": "NY", "13": "NY", "14": "NY", "16": "NY",
    },
    "8": {"22": "NJ", "23": "PA", "25": "PA", "51": "DE", "52": "MD/DC"},
    "9": {
        "33": "CA", "68": "CA", "77": "CA", "94": "CA", "95": "CA", "81": "MT", "82": "ID",
        "86": "AZ", "87": "UT", "88": "NV", "91": "WA", "92": "AK", "93": "OR", "98": "GU",
        "99": "HI",
    },
}
# fmt: on

LICENSE_TYPES: dict[str, str] = {
    "01": "Dealer in firearms other than destructive devices",
    "02": "Pawnbroker in firearms other than destructive devices",
    "03": "Collector of curios and relics",
    "06": "Manufacturer of ammunition for firearms",
    "07": "Manufacturer of firearms other than destructive devices",
    "08": "Importer of firearms other than destructive devices",
    "09": "Dealer in destructive devices",
    "10": "Manufacturer of destructive devices",
    "11": "Importer of destructive devices",
}

# Licence types whose holders put serial numbers on guns: a trace starts with them.
_MAKER_OR_IMPORTER_TYPES = frozenset({"07", "08", "10", "11"})

# Expiry month letters: A-M, skipping I (too easily read as 1).
EXPIRY_MONTH_LETTERS = "ABCDEFGHJKLM"

_SEPARATORS = re.compile(r"[\s\-]+")
_FORMAT_HINT = "expected R-DD-CCC-TT-YM-SSSSS (e.g. 1-54-107-01-5A-12345) or 15 characters"


def _digits(field: str, value: str, width: int) -> str:
    if len(value) != width or not (value.isascii() and value.isdigit()):
        raise InvalidValue(f"ffl.{field}", f"{value!r} is not {width} digits")
    return value


def _check_region(region: str) -> None:
    if region not in REGION_NAMES:
        known = ", ".join(sorted(REGION_NAMES))
        raise InvalidValue("ffl.region", f"region {region!r} is not an ATF region ({known})")


def _check_district(region: str, district: str) -> None:
    _digits("district", district, 2)
    districts = DISTRICTS_BY_REGION[region]
    if district not in districts:
        raise InvalidValue(
            "ffl.district",
            f"district {district} does not belong to region {region} "
            f"({REGION_NAMES[region]}); region {region} has districts "
            + ", ".join(sorted(districts)),
        )


def _check_license_type(license_type: str) -> None:
    if license_type not in LICENSE_TYPES:
        known = ", ".join(LICENSE_TYPES)
        raise InvalidValue(
            "ffl.license_type", f"licence type {license_type!r} is not one of {known}"
        )


def _check_expiry(expiry: str) -> None:
    if (
        len(expiry) != 2
        or not (expiry[0].isascii() and expiry[0].isdigit())
        or expiry[1] not in EXPIRY_MONTH_LETTERS
    ):
        raise InvalidValue(
            "ffl.expiry",
            f"{expiry!r} is not a year digit followed by a month letter A-M without I",
        )


@dataclass(frozen=True, slots=True)
class FFLNumber:
    """A validated FFL number; construction validates, so an instance is always valid.

    Segments are kept as zero-padded strings because they are codes, not quantities:
    county ``007`` and district ``01`` lose meaning as integers.
    """

    region: str
    district: str
    county: str
    license_type: str
    expiry: str
    sequence: str

    def __post_init__(self) -> None:
        _check_region(self.region)
        _check_district(self.region, self.district)
        _digits("county", self.county, 3)
        _check_license_type(self.license_type)
        _check_expiry(self.expiry)
        _digits("sequence", self.sequence, 5)

    @classmethod
    def parse(cls, text: str) -> FFLNumber:
        """Parse dashed, space-separated or 15-character compact text.

        Cached: import files repeat the same few thousand dealers across millions of rows.
        """
        return _parse_cached(text)

    @classmethod
    def from_segments(
        cls,
        regn: str | int,
        dist: str | int,
        cnty: str | int,
        typ: str | int,
        xprdte: str,
        seqn: str | int,
    ) -> FFLNumber:
        """Build from the ATF list columns LIC_REGN .. LIC_SEQN.

        Spreadsheet exports of the list drop leading zeros (``1`` for ``01``), so numeric
        segments are zero-padded here, and only here: :meth:`parse` stays strict.
        """

        def pad(value: str | int, width: int) -> str:
            text = str(value).strip()
            return text.zfill(width) if text.isdigit() else text

        return cls(
            region=pad(regn, 1),
            district=pad(dist, 2),
            county=pad(cnty, 3),
            license_type=pad(typ, 2),
            expiry=str(xprdte).strip().upper(),
            sequence=pad(seqn, 5),
        )

    def __str__(self) -> str:
        return "-".join(
            (self.region, self.district, self.county, self.license_type, self.expiry, self.sequence)
        )

    @property
    def compact(self) -> str:
        """The 15-character form without separators, as some systems store it."""
        return str(self).replace("-", "")

    @property
    def rds_key(self) -> str:
        """Region-district-sequence: stays the same when the licence is renewed.

        County, type and expiry can change at renewal, so linking a licensee's records
        across years (A&D books, old traces) must use this key, not the full number.
        """
        return f"{self.region}-{self.district}-{self.sequence}"

    @property
    def states(self) -> tuple[str, ...]:
        """Postal codes of the state(s) the IRS district covers."""
        return tuple(DISTRICTS_BY_REGION[self.region][self.district].split("/"))

    @property
    def license_type_name(self) -> str:
        return LICENSE_TYPES[self.license_type]

    @property
    def is_manufacturer_or_importer(self) -> bool:
        """True for types 07, 08, 10, 11: the licensees where a trace begins."""
        return self.license_type in _MAKER_OR_IMPORTER_TYPES

    def expiry_month(self) -> int:
        """Month of expiry, 1..12, from the letter (A=1 .. H=8, J=9 .. M=12)."""
        return EXPIRY_MONTH_LETTERS.index(self.expiry[1]) + 1


@lru_cache(maxsize=65_536)
def _parse_cached(text: str) -> FFLNumber:
    cleaned = text.strip().upper()
    parts = [p for p in _SEPARATORS.split(cleaned) if p]
    if len(parts) == 1 and len(parts[0]) == 15:
        c = parts[0]
        parts = [c[0], c[1:3], c[3:6], c[6:8], c[8:10], c[10:15]]
    if len(parts) != 6:
        raise InvalidValue("ffl", f"{text!r}: {_FORMAT_HINT}")
    return FFLNumber(*parts)
