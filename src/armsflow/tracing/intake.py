"""Trace-request intake, pure: the columns of the exchange layout, their parsers, the
cross-column rules, and the readiness check the form shows before submission.

Bulk files go through the importer's cell machinery (``imports.cells.ColumnParser``:
one cache per column, a reason per bad cell), so a file, an API body and a web form are
checked by the same rules and a bad value gets the same message everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from armsflow.imports.cells import (
    ColumnParser,
    code_of,
    name_key,
    parse_date,
    parse_yes_no,
    text_of,
)
from armsflow.types.ori import parse_ori
from armsflow.types.serial import is_placeholder_serial, normalize_serial
from armsflow.vocab.firearms import (
    ItemKind,
    normalize_manufacturer,
    parse_caliber,
    parse_ncic_type,
)
from armsflow.vocab.places import country_code, mx_state_code, us_state_code

MAX_URGENT_REASON = 500


def _past_date(text: str) -> date:
    value = parse_date(text)
    if value > date.today():
        raise ValueError("in the future")
    if value.year < 1900:
        raise ValueError("before 1900")
    return value


def _priority(text: str) -> str:
    value = text.strip().lower()
    if value in ("routine", "rutina", "r", "ordinaria"):
        return "routine"
    if value in ("urgent", "urgente", "u"):
        return "urgent"
    raise ValueError("not Routine or Urgent")


def _item_kind(text: str) -> str:
    try:
        return ItemKind(text.strip().lower()).value
    except ValueError:
        raise ValueError("not one of " + ", ".join(k.value for k in ItemKind)) from None


def _offense(text: str) -> str:
    if not (text.isdigit() and len(text) == 4):
        raise ValueError("an NCIC offense code has 4 digits, e.g. 5299")
    return text


@dataclass(frozen=True)
class Field:
    name: str
    parser: Callable[[str], Any]
    required: bool = False
    nullable: bool = True


FIELDS: tuple[Field, ...] = (
    Field("request_ref", code_of(40), required=True, nullable=False),
    Field("agency_ori", parse_ori, required=True, nullable=False),
    Field("priority", _priority),
    Field("urgent_reason", text_of(MAX_URGENT_REASON)),
    Field("request_date", _past_date),
    Field("agency_case_number", code_of(40)),
    Field("offense_code", _offense),
    Field("recovery_date", _past_date, required=True, nullable=False),
    Field("recovery_country", country_code, required=True, nullable=False),
    Field("recovery_state", text_of(60)),
    Field("recovery_city", text_of(100)),
    Field("serial_number", text_of(60), required=True),
    Field("serial_obliterated", parse_yes_no),
    Field("manufacturer", text_of(200), required=True),
    Field("model", text_of(100)),
    Field("caliber", parse_caliber),
    Field("firearm_type", parse_ncic_type),
    Field("country_of_manufacture", country_code),
    Field("importer", text_of(200)),
    Field("item_kind", _item_kind),
    Field("possessor_last_name", text_of(100)),
    Field("possessor_first_name", text_of(100)),
    Field("possessor_dob", _past_date),
)
FIELD_NAMES = tuple(f.name for f in FIELDS)
REQUIRED = tuple(f.name for f in FIELDS if f.required)


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str


def parsers() -> dict[str, ColumnParser]:
    return {f.name: ColumnParser(f.name, f.parser, f.nullable) for f in FIELDS}


def parse_columns(columns: Mapping[str, Sequence[str]], rows: Sequence[int],
                  cols: dict[str, ColumnParser]) -> tuple[list[dict[str, Any]], list[RowError]]:
    """Cells to values column by column, then the cross-column rules row by row."""
    values: dict[str, list[Any]] = {}
    errors: list[RowError] = []
    for name, parser in cols.items():
        cells = columns.get(name)
        if cells is None:
            values[name] = [None] * len(rows)
            continue
        parsed, bad = parser.parse_all(cells)
        values[name] = parsed
        errors.extend(RowError(rows[i], name, why) for i, why in bad)
    drafts = []
    for i, row in enumerate(rows):
        raw = {name: values[name][i] for name in cols}
        draft, problems = finish_row(raw)
        errors.extend(RowError(row, col, why) for col, why in problems)
        drafts.append(draft)
    return drafts, errors


def _state(country: str | None, text: str | None) -> tuple[str | None, str | None]:
    """(state code, problem)."""
    if not text:
        return None, None
    try:
        if country == "US":
            return us_state_code(text), None
        if country == "MX":
            return mx_state_code(text), None
    except ValueError as exc:
        return None, str(getattr(exc, "reason", exc))
    return text[:3].upper(), None


def finish_row(raw: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Cross-column rules and derived keys: serial key, maker key, state code, priority."""
    problems: list[tuple[str, str]] = []
    draft = dict(raw)
    draft["priority"] = raw.get("priority") or "routine"
    if draft["priority"] == "urgent" and not raw.get("urgent_reason"):
        problems.append(("urgent_reason", "an urgent trace needs a justification"))
    draft["recovery_state"], why = _state(raw.get("recovery_country"), raw.get("recovery_state"))
    if why:
        problems.append(("recovery_state", why))
    draft["serial_obliterated"] = bool(raw.get("serial_obliterated"))
    draft["item_kind"] = raw.get("item_kind") or ItemKind.FIREARM.value
    serial = raw.get("serial_number")
    draft["serial_raw"] = serial
    draft["serial_norm"] = None
    if serial and not is_placeholder_serial(serial) and not draft["serial_obliterated"]:
        try:
            draft["serial_norm"] = normalize_serial(serial)
        except ValueError as exc:
            problems.append(("serial_number", str(getattr(exc, "reason", exc))))
    maker = raw.get("manufacturer")
    draft["maker_key"], draft["maker_known"] = None, False
    if maker and not is_placeholder_serial(maker):
        found = normalize_manufacturer(maker)
        draft["maker_key"], draft["maker_known"] = found.key, found.known
    draft["possessor_key"] = name_key(raw.get("possessor_last_name"),
                                      raw.get("possessor_first_name")) or None
    return draft, problems


@dataclass(frozen=True)
class Readiness:
    """What the form tells the user before submission: ``missing`` identifiers stop a
    trace; ``doubtful`` ones may."""

    missing: list[tuple[str, str]]
    doubtful: list[tuple[str, str]]

    @property
    def ready(self) -> bool:
        return not self.missing


def readiness(draft: Mapping[str, Any]) -> Readiness:
    """Which identifiers are missing or doubtful (DOMAIN.md §1: manufacturer, importer if
    imported, model, caliber, serial, type, country of manufacture)."""
    missing: list[tuple[str, str]] = []
    doubtful: list[tuple[str, str]] = []
    if draft.get("serial_obliterated"):
        doubtful.append(("serial_number", "The serial is obliterated: search by the "
                                          "characters still legible (damaged-serial search)."))
    elif not draft.get("serial_norm"):
        missing.append(("serial_number", "Give the serial number from the frame or receiver."))
    if not draft.get("maker_key"):
        missing.append(("manufacturer", "Give the manufacturer as marked on the gun."))
    elif not draft.get("maker_known"):
        doubtful.append(("manufacturer", "This manufacturer is not in the list; check the "
                                         "spelling."))
    for name, text in (("model", "Give the model."), ("caliber", "Give the caliber."),
                       ("firearm_type", "Give the firearm type."),
                       ("country_of_manufacture", "Give the country of manufacture.")):
        if not draft.get(name):
            doubtful.append((name, text))
    country = draft.get("country_of_manufacture")
    if country and country != "US" and not draft.get("importer"):
        missing.append(("importer", "A foreign-made gun needs the importer's marks."))
    return Readiness(missing, doubtful)
