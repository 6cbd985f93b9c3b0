"""A case as text fields (form, API body, import row) checked into a draft (pure).

Every problem is reported as ``(field, reason)`` so that the form shows it beside the field,
the API returns it with ``field`` and the importer adds the row number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from armsflow.cases.identifiers import ParsedIdentifier, normalize_email, parse_identifier
from armsflow.types.errors import InvalidValue


class LeadAgency(StrEnum):
    ATF = "ATF"
    HSI = "HSI"
    CBP = "CBP"
    DEA = "DEA"
    FBI = "FBI"
    STATE = "STATE"
    LOCAL = "LOCAL"
    FOREIGN = "FOREIGN"


class CaseStatus(StrEnum):
    OPEN = "open"
    SUSPENDED = "suspended"
    CLOSED = "closed"


class Resolution(StrEnum):
    COORDINATE = "coordinate"
    JOINT_INVESTIGATION = "joint_investigation"
    NO_CONFLICT = "no_conflict"


LEAD_AGENCIES = tuple(a.value for a in LeadAgency)
STATUSES = tuple(s.value for s in CaseStatus)
RESOLUTIONS = tuple(r.value for r in Resolution)
CASE_FIELDS = ("case_number", "title", "lead_agency", "status", "international", "offense",
               "case_agent", "poc_name", "poc_phone", "poc_email", "opened_on")
TRUE = frozenset({"y", "yes", "true", "1", "si", "sí", "on"})
FALSE = frozenset({"n", "no", "false", "0", "off", ""})


@dataclass
class CaseDraft:
    case_number: str
    title: str
    lead_agency: str
    status: str
    international: bool
    offense: str
    case_agent: str | None
    poc_name: str | None
    poc_phone: str | None
    poc_email: str | None
    opened_on: date
    identifiers: list[ParsedIdentifier] = field(default_factory=list)
    shared_with: list[str] = field(default_factory=list)


Problem = tuple[str, str]


def _text(fields: dict[str, str], name: str, problems: list[Problem], *, required: bool,
          limit: int) -> str:
    raw = (fields.get(name) or "").strip()
    if any(ord(ch) < 32 for ch in raw):
        problems.append((name, "contains control characters"))
        return ""
    if required and not raw:
        problems.append((name, "is required"))
    if len(raw) > limit:
        problems.append((name, f"longer than {limit} characters"))
    return raw


def parse_bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise InvalidValue("international", f"{raw!r} is not yes or no")


def parse_case(fields: dict[str, str]) -> tuple[CaseDraft | None, list[Problem]]:
    """Case-level fields only (identifiers are parsed one by one with
    :func:`parse_identifiers`)."""
    problems: list[Problem] = []
    number = _text(fields, "case_number", problems, required=True, limit=40)
    title = _text(fields, "title", problems, required=True, limit=200)
    offense = _text(fields, "offense", problems, required=True, limit=200)
    lead = _text(fields, "lead_agency", problems, required=True, limit=10).upper()
    if lead and lead not in LEAD_AGENCIES:
        problems.append(("lead_agency", f"{lead!r} is not one of {', '.join(LEAD_AGENCIES)}"))
    status = _text(fields, "status", problems, required=False, limit=12).lower() or "open"
    if status not in STATUSES:
        problems.append(("status", f"{status!r} is not one of {', '.join(STATUSES)}"))
    international = False
    try:
        international = parse_bool(fields.get("international") or "")
    except InvalidValue as exc:
        problems.append((exc.field, exc.reason))
    agent = _text(fields, "case_agent", problems, required=False, limit=64) or None
    poc_name = _text(fields, "poc_name", problems, required=False, limit=200) or None
    poc_phone = _text(fields, "poc_phone", problems, required=False, limit=40) or None
    poc_email = _text(fields, "poc_email", problems, required=False, limit=254) or None
    if poc_email:
        try:
            poc_email = normalize_email(poc_email)
        except InvalidValue as exc:
            problems.append(("poc_email", exc.reason))
    opened_raw = _text(fields, "opened_on", problems, required=False, limit=10)
    opened = date.today()
    if opened_raw:
        try:
            opened = date.fromisoformat(opened_raw)
        except ValueError:
            problems.append(("opened_on", f"{opened_raw!r} is not a date (YYYY-MM-DD)"))
    if problems:
        return None, problems
    return CaseDraft(number, title, lead, status, international, offense, agent, poc_name,
                     poc_phone, poc_email, opened), []


def parse_identifiers(rows: list[dict[str, str]]) -> tuple[list[ParsedIdentifier],
                                                            list[tuple[int, str, str]]]:
    """Each row parsed; problems as ``(index, field, reason)`` (0-based index)."""
    parsed, problems = [], []
    for i, row in enumerate(rows):
        try:
            parsed.append(parse_identifier(row))
        except InvalidValue as exc:
            problems.append((i, exc.field, exc.reason))
    return parsed, problems
