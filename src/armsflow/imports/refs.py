"""References from a row to registry records: licensees and purchasers.

A licensee is referenced by its full FFL number (``1-54-107-01-5A-12345``, dashes or
spaces optional, or the 15-character compact form) or by its RDS key (``1-54-12345``).
Both resolve to the RDS key, which stays the same when the licence is renewed, so a
transfer recorded under last year's number still links to the licensee of this year's
list. Licensees from lists without region, district and sequence have a derived key
(``X-`` + 10 hex digits) that is accepted too.

Reference checks are set-based: one anti-join of the staging table against the registry
per referencing column, reporting the rows whose reference has no match.
"""
# ruff: noqa: S608 - SQL is assembled from constant identifiers only; values are bound.

from __future__ import annotations

import re

from sqlalchemy import Connection

from armsflow.imports.base import KindImporter
from armsflow.types.errors import InvalidValue
from armsflow.types.ffl import DISTRICTS_BY_REGION, REGION_NAMES, FFLNumber

_DERIVED = re.compile(r"^X-[0-9A-F]{10}$")
_RDS = re.compile(r"^(\d)[\s\-]*(\d{2})[\s\-]*(\d{5})$")
MAKER_OR_IMPORTER = ("07", "08", "10", "11")


def parse_licence_ref(raw: str) -> str:
    """The registry key a licence reference points at (its RDS key, or a derived key)."""
    upper = raw.strip().upper()
    if _DERIVED.match(upper):
        return upper
    rds = _RDS.match(upper)
    if rds:
        region, district, sequence = rds.groups()
        if region not in REGION_NAMES or district not in DISTRICTS_BY_REGION[region]:
            raise InvalidValue(
                "ffl", f"{district} is not an IRS district of ATF region {region}"
            )
        return f"{region}-{district}-{sequence}"
    try:
        return FFLNumber.parse(upper).rds_key
    except InvalidValue as exc:
        if exc.field != "ffl":
            raise  # a segment's own reason ("district 54 does not belong to region 5 ...")
        raise InvalidValue(
            "ffl", "not a licence number: give the full FFL number R-DD-CCC-TT-YM-SSSSS "
            "(e.g. 1-54-107-01-5A-12345) or the RDS key R-DD-SSSSS (e.g. 1-54-12345)",
        ) from None


def check_licensees(importer: KindImporter, conn: Connection, key: str, column: str) -> None:
    """Rows whose licence reference (staged in ``key``) names no licensee."""
    importer.flag(
        conn,
        f"s.{key} IS NOT NULL AND NOT EXISTS "
        f"(SELECT 1 FROM licensees l WHERE l.license_key = s.{key})",
        column,
        "no licensee with this RDS key in the registry; import the licensee list first",
        value=f"s.{key}",
    )


def check_purchasers(importer: KindImporter, conn: Connection, key: str, column: str) -> None:
    """Rows whose purchaser id (staged in ``key``) names no purchaser."""
    importer.flag(
        conn,
        f"s.{key} IS NOT NULL AND NOT EXISTS "
        f"(SELECT 1 FROM purchasers p WHERE p.purchaser_ref = s.{key})",
        column,
        "no purchaser with this id in the registry; import the purchasers file first",
        value=f"s.{key}",
    )


def check_licence_types(
    importer: KindImporter,
    conn: Connection,
    key: str,
    column: str,
    allowed: tuple[str, ...],
    what: str,
) -> None:
    """Rows whose licensee exists but holds a licence type not in ``allowed``."""
    listed = ", ".join(f"'{t}'" for t in allowed)
    importer.flag(
        conn,
        f"EXISTS (SELECT 1 FROM licensees l WHERE l.license_key = s.{key} "
        f"AND l.license_type NOT IN ({listed}))",
        column,
        lambda typ: f"this licensee holds licence type {typ}; {what}",
        value=f"s.{key}",
        extra=f"(SELECT l.license_type FROM licensees l WHERE l.license_key = s.{key})",
    )
