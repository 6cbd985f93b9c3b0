"""Columns of the licensee list and their cell parsers.

FFL segments are zero-padded here (spreadsheet exports drop leading zeros: ``1`` for
``01``, ``59`` for ``059``) and checked one by one; the full layout's segments are then
checked together (district within region) by :meth:`FFLNumber.from_segments`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from armsflow.imports.cells import choice_of, parse_yes_no, parse_zip, text_of
from armsflow.imports.spec import Column
from armsflow.types.ffl import EXPIRY_MONTH_LETTERS, LICENSE_TYPES, REGION_NAMES
from armsflow.vocab.places import us_state_code

SEGMENTS = ("lic_regn", "lic_dist", "lic_xprdte", "lic_seqn")
"""The columns only the full layout has: any of them in the header selects it."""

NO_BUSINESS_NAME = "no business name provided"
STATUSES = {"active": "active", "expired": "expired", "out of business": "out_of_business"}


def padded_digits(width: int, what: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if not (text.isascii() and text.isdigit()) or len(text) > width:
            raise ValueError(f"not a {what} ({width} digits at most)")
        return text.zfill(width)

    return parse


def parse_region(text: str) -> str:
    if text not in REGION_NAMES:
        raise ValueError(f"not an ATF region ({', '.join(REGION_NAMES)})")
    return text


def parse_license_type(text: str) -> str:
    code = padded_digits(2, "licence type")(text)
    if code not in LICENSE_TYPES:
        raise ValueError(f"not a licence type ({', '.join(LICENSE_TYPES)})")
    return code


def parse_expiry(text: str) -> str:
    code = text.upper()
    if len(code) != 2 or not code[0].isdigit() or code[1] not in EXPIRY_MONTH_LETTERS:
        raise ValueError("not a year digit and a month letter A-M without I (e.g. 5A)")
    return code


def parse_business_name(text: str) -> str | None:
    """The list's "No Business Name Provided" means there is none."""
    if " ".join(text.lower().split()) == NO_BUSINESS_NAME:
        return None
    name: str = text_of(200)(text)
    return name


_PHONE_DROP = re.compile(r"[\s\-().+/]")


def parse_phone(text: str) -> str:
    digits = _PHONE_DROP.sub("", text)
    if not (digits.isascii() and digits.isdigit()) or not 7 <= len(digits) <= 15:
        raise ValueError("not a phone number (7 to 15 digits)")
    return digits


_FULL = "ATF list column; "
COLUMNS = (
    Column("lic_regn", parse_region, "digit", _FULL + "ATF region (1, 3, 4, 5, 6, 8, 9).",
           "5"),
    Column("lic_dist", padded_digits(2, "district"), "2 digits", _FULL + "IRS district; "
           "must belong to the region and cover the premise state.", "74"),
    Column("lic_cnty", padded_digits(3, "county code"), "3 digits", "County FIPS code "
           "(zero-padded on import).", "013", aliases=("county_code",)),
    Column("lic_type", parse_license_type, "2 digits", "Licence type: 01 dealer, 02 "
           "pawnbroker, 03 collector, 06 ammunition maker, 07 manufacturer, 08 importer, "
           "09/10/11 destructive devices (zero-padded on import).", "01", aliases=("type",)),
    Column("lic_xprdte", parse_expiry, "year digit + month letter", _FULL + "expiry: last "
           "digit of the year and a month letter A-M without I.", "5A"),
    Column("lic_seqn", padded_digits(5, "sequence number"), "5 digits", _FULL + "sequence "
           "number.", "12345"),
    Column("license_name", text_of(200), "text", "Name on the licence.", "DOE, JANE"),
    Column("business_name", parse_business_name, "text", "Trade name; \"No Business Name "
           "Provided\" means none.", "Jane's Guns", required=False, nullable=True),
    Column("premise_street", text_of(200), "text", "Premises street address.", "1 Main St",
           nullable=True),
    Column("premise_city", text_of(100), "text", "Premises city.", "Austin", nullable=True),
    Column("premise_state", us_state_code, "US state", "Premises state (postal code or "
           "name).", "TX", nullable=True),
    Column("premise_zip_code", parse_zip, "ZIP", "Premises ZIP code: 5 digits or ZIP+4.",
           "787011234", nullable=True),
    Column("mail_street", text_of(200), "text", "Mailing street address.", "PO Box 1",
           required=False, nullable=True),
    Column("mail_city", text_of(100), "text", "Mailing city.", "Austin", required=False,
           nullable=True),
    Column("mail_state", us_state_code, "US state", "Mailing state.", "TX", required=False,
           nullable=True),
    Column("mail_zip_code", parse_zip, "ZIP", "Mailing ZIP code.", "78701",
           required=False, nullable=True),
    Column("voice_phone", parse_phone, "phone", "Telephone (digits kept).", "5125550100",
           required=False, nullable=True),
    Column("status", choice_of(STATUSES), "status", "active, expired or out_of_business; "
           "empty or absent: active for new licensees, unchanged for known ones.", "active",
           required=False, nullable=True),
    Column("records_on_file", parse_yes_no, "Y/N", "Whether the licensee's records are "
           "available (Y) or not (N); default Y.", "Y", required=False, nullable=True),
    Column("business_type", text_of(40), "text", "Reduced list only: Business or "
           "Residential premises.", "Residential", required=False, nullable=True),
)
