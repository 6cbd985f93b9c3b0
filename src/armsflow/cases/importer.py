"""``armsflow cases import FILE``: cases and identifiers from another case system, CSV or JSON,
all or nothing. Every bad row is reported with its row, column and reason; nothing is
stored unless every row is good.

CSV: one row per identifier (columns ``CSV_COLUMNS``); the case columns may be repeated on
each row or given once on the case's first row; ``shared_with`` lists ORIs separated by
``;``; a row with an empty ``kind`` registers a case without an identifier on that row.
Rows are numbered as a spreadsheet shows them (the header is row 1).
JSON: ``{"cases": [{case fields..., "identifiers": [{kind, value, ...}], "shared_with":
[ORI, ...]}]}`` (or the list alone); the row is the case's position (1-based) and the
column names the field, e.g. ``identifiers[2].value``.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from armsflow.audit.service import Actor
from armsflow.auth.models import Agency, User
from armsflow.cases.drafts import CASE_FIELDS, CaseDraft, parse_case
from armsflow.cases.identifiers import FIELDS as ID_FIELDS
from armsflow.cases.identifiers import parse_identifier
from armsflow.cases.models import Case, Hit
from armsflow.cases.service import HitRules, store_case
from armsflow.types.errors import InvalidValue

CSV_COLUMNS = (*CASE_FIELDS, "shared_with", *ID_FIELDS)
MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.reason}"


@dataclass
class ImportReport:
    cases: int = 0
    identifiers: int = 0
    hits: int = 0
    errors: list[RowError] = field(default_factory=list)
    case_ids: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Pending:
    row: int
    fields: dict[str, str]
    identifiers: list[tuple[int, str, dict[str, str]]] = field(default_factory=list)
    shared_with: list[str] = field(default_factory=list)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _read_csv(text: str, errors: list[RowError]) -> list[_Pending]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    unknown = [h for h in header if h not in CSV_COLUMNS]
    for h in unknown:
        errors.append(RowError(1, h, f"unknown column; expected {', '.join(CSV_COLUMNS)}"))
    if "case_number" not in header:
        errors.append(RowError(1, "case_number", "the case_number column is required"))
    if errors:
        return []
    cases: dict[str, _Pending] = {}
    for n, raw in enumerate(reader, start=2):
        if None in raw:
            errors.append(RowError(n, "", "more cells than columns"))
            continue
        row = {k.strip(): (v or "").strip() for k, v in raw.items() if k}
        number = row.get("case_number", "")
        if not number:
            errors.append(RowError(n, "case_number", "is required"))
            continue
        pending = cases.get(number)
        if pending is None:
            pending = cases[number] = _Pending(n, {k: row.get(k, "") for k in CASE_FIELDS})
            pending.shared_with = [s.strip() for s in row.get("shared_with", "").split(";")
                                   if s.strip()]
        else:
            for k in CASE_FIELDS:
                if row.get(k) and pending.fields.get(k) and row[k] != pending.fields[k]:
                    errors.append(RowError(n, k, f"differs from row {pending.row} of case "
                                                 f"{number} ({pending.fields[k]!r})"))
                elif row.get(k):
                    pending.fields[k] = row[k]
            for s in row.get("shared_with", "").split(";"):
                if s.strip() and s.strip() not in pending.shared_with:
                    pending.shared_with.append(s.strip())
        if row.get("kind"):
            pending.identifiers.append((n, "", {k: row.get(k, "") for k in ID_FIELDS}))
    return list(cases.values())


def _read_json(text: str, errors: list[RowError]) -> list[_Pending]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        errors.append(RowError(exc.lineno, "", f"not JSON: {exc.msg}"))
        return []
    items = data.get("cases") if isinstance(data, dict) else data
    if not isinstance(items, list):
        errors.append(RowError(1, "cases", "expected a list of cases"))
        return []
    out = []
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            errors.append(RowError(n, "", "a case is an object"))
            continue
        unknown = set(item) - {*CASE_FIELDS, "identifiers", "shared_with"}
        for k in sorted(unknown):
            errors.append(RowError(n, k, "unknown field"))
        pending = _Pending(n, {k: _cell(item.get(k)).strip() for k in CASE_FIELDS})
        shared = item.get("shared_with") or []
        if not isinstance(shared, list):
            errors.append(RowError(n, "shared_with", "expected a list of ORIs"))
            shared = []
        pending.shared_with = [_cell(s).strip() for s in shared]
        idents = item.get("identifiers") or []
        if not isinstance(idents, list):
            errors.append(RowError(n, "identifiers", "expected a list"))
            idents = []
        for i, ident in enumerate(idents, start=1):
            if not isinstance(ident, dict):
                errors.append(RowError(n, f"identifiers[{i}]", "an identifier is an object"))
                continue
            for k in sorted(set(ident) - set(ID_FIELDS)):
                errors.append(RowError(n, f"identifiers[{i}].{k}", "unknown field"))
            pending.identifiers.append(
                (n, f"identifiers[{i}].", {k: _cell(ident.get(k)) for k in ID_FIELDS}))
        out.append(pending)
    return out


def read_cases(path: Path) -> tuple[list[_Pending], list[RowError]]:
    errors: list[RowError] = []
    if path.stat().st_size > MAX_BYTES:
        return [], [RowError(0, "", f"the file is larger than {MAX_BYTES // 2**20} MB")]
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [RowError(0, "", f"not UTF-8 text (byte {exc.start})")]
    is_json = path.suffix.lower() == ".json" or text.lstrip().startswith(("{", "["))
    if "\x00" in text:
        line = text[:text.index("\x00")].count("\n") + 1
        return [], [RowError(line, "", "the file contains a NUL character: not a text file")]
    try:
        pending = _read_json(text, errors) if is_json else _read_csv(text, errors)
    except csv.Error as exc:
        return [], [RowError(0, "", f"not a readable CSV file: {exc}")]
    return pending, errors


def _validate(db: Session, agency_id: int, pending: list[_Pending],
              errors: list[RowError]) -> list[tuple[_Pending, CaseDraft]]:
    existing = set(db.scalars(select(Case.case_number).where(
        Case.agency_id == agency_id, Case.case_number.in_(
            [p.fields.get("case_number", "") for p in pending]))))
    users = set(db.scalars(select(User.username).where(User.agency_id == agency_id)))
    oris = set(db.scalars(select(Agency.ori)))
    seen: dict[str, int] = {}
    good = []
    for p in pending:
        draft, problems = parse_case(p.fields)
        for f, reason in problems:
            errors.append(RowError(p.row, f, reason))
        number = p.fields.get("case_number", "")
        if number in existing:
            errors.append(RowError(p.row, "case_number", f"your agency already has case "
                                                          f"{number}"))
        if number in seen:
            errors.append(RowError(p.row, "case_number", f"case {number} is already in row "
                                                          f"{seen[number]}"))
        seen.setdefault(number, p.row)
        agent = p.fields.get("case_agent")
        if agent and agent not in users:
            errors.append(RowError(p.row, "case_agent",
                                   f"{agent!r} is not a user of the importing agency"))
        for ori in p.shared_with:
            if ori.upper() not in oris:
                errors.append(RowError(p.row, "shared_with", f"no agency with ORI {ori!r}"))
        parsed = []
        for row, prefix, fields in p.identifiers:
            try:
                parsed.append(parse_identifier(fields))
            except InvalidValue as exc:
                errors.append(RowError(row, prefix + exc.field, exc.reason))
        if draft is not None:
            draft.identifiers, draft.shared_with = parsed, [s.upper() for s in p.shared_with]
            good.append((p, draft))
    return good


def import_cases(db: Session, path: Path, *, agency_id: int, actor: Actor,
                 default_agent_id: int | None, rules: HitRules) -> ImportReport:
    """Validate the whole file, then store every case and raise its hits; with any error
    nothing is stored (the report lists them all, in row order)."""
    pending, errors = read_cases(path)
    report = ImportReport(errors=errors)
    if not pending:
        if not errors:
            report.errors.append(RowError(0, "", "the file holds no case"))
        return report
    good = _validate(db, agency_id, pending, report.errors)
    if not default_agent_id:
        for p, draft in good:
            if not draft.case_agent:
                report.errors.append(RowError(p.row, "case_agent", "name the case agent"))
    if report.errors:
        report.errors.sort(key=lambda e: (e.row, e.column))
        return report
    hits: list[Hit] = []
    for _p, draft in good:
        case, raised = store_case(db, agency_id, actor, draft, rules,
                                  default_agent_id=default_agent_id)
        report.cases += 1
        report.identifiers += len(draft.identifiers)
        report.case_ids.append(case.id)
        hits.extend(raised)
    report.hits = len(hits)
    return report
