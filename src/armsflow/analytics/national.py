"""Import of published national aggregate tables (ATF's source state x recovery state x
year counts, ``../shared/data/atf/trace_source_by_recovery_state.csv``).

All rows or none: a bad row is reported with its line, field and reason and nothing is
stored. Importing the same source again replaces its rows (idempotent).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from armsflow.analytics.models import NationalTraceCount
from armsflow.errors import InvalidInput
from armsflow.types.errors import InvalidValue
from armsflow.vocab import us_state_code

COLUMNS = ("source_state", "recovery_state", "year", "n")


@dataclass(frozen=True)
class Cell:
    year: int
    source_state: str
    recovery_state: str
    n: int


@dataclass
class NationalReport:
    rows: int = 0
    errors: list[str] = field(default_factory=list)


def _state(value: str, line: int, column: str, errors: list[str]) -> str:
    try:
        return us_state_code(value)
    except InvalidValue:
        errors.append(f"line {line}, {column}: {value!r} is not a US state or territory")
        return ""


def _int(value: str, line: int, column: str, errors: list[str], low: int) -> int:
    try:
        out = int(value)
    except ValueError:
        errors.append(f"line {line}, {column}: {value!r} is not a whole number")
        return 0
    if out < low:
        errors.append(f"line {line}, {column}: {out} is below {low}")
    return out


def parse_table(path: Path) -> tuple[list[Cell], list[str]]:
    """Cells of a published table (columns ``source_state,recovery_state,year,n``; states by
    name or postal code) and the errors found, each naming line, field and reason."""
    errors: list[str] = []
    cells: dict[tuple[int, str, str], Cell] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            return [], [f"line 1: missing column(s) {', '.join(missing)}"]
        for line, row in enumerate(reader, start=2):
            before = len(errors)
            src = _state(row["source_state"] or "", line, "source_state", errors)
            rec = _state(row["recovery_state"] or "", line, "recovery_state", errors)
            year = _int(row["year"] or "", line, "year", errors, 1968)
            n = _int(row["n"] or "", line, "n", errors, 0)
            if len(errors) > before:
                continue
            key = (year, src, rec)
            if key in cells:
                errors.append(f"line {line}: {src} -> {rec} in {year} appears twice")
                continue
            cells[key] = Cell(year, src, rec, n)
    return list(cells.values()), errors


def import_table(db: Session, path: Path, source: str = "atf") -> NationalReport:
    """Replace the cells of ``source`` with the table in ``path``; raises ``InvalidInput``
    listing the bad rows (up to 20) when any row is wrong."""
    cells, errors = parse_table(path)
    if errors:
        shown = "; ".join(errors[:20])
        raise InvalidInput(f"{path.name}: {len(errors)} bad row(s), nothing imported: {shown}")
    db.execute(delete(NationalTraceCount).where(NationalTraceCount.source == source))
    db.bulk_insert_mappings(NationalTraceCount, [
        {"source": source, "year": c.year, "source_state": c.source_state,
         "recovery_state": c.recovery_state, "n": c.n} for c in cells])
    return NationalReport(rows=len(cells))


def fingerprint(db: Session) -> str:
    """Changes whenever a national table is (re)imported: the export rewrites it then."""
    count, last = db.execute(select(func.count(), func.max(NationalTraceCount.imported_at))).one()
    return f"{count}:{last}"
