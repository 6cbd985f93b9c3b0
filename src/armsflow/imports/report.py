"""What an import tells its user: the outcome, the counts and every bad row (up to a limit).

Row numbers follow the spreadsheet convention: the header is row 1 and the first data row
is row 2, so "row 17" is the line a user sees as 17 when the file is opened in a
spreadsheet. A CSV record spanning several physical lines (a quoted newline) still counts
as one row; blank lines count as rows but are otherwise ignored. Parquet files are
numbered the same way (first record = row 2). Errors about the file as a whole (an empty
file, missing columns) are reported at row 1.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Status = Literal["stored", "rejected", "unchanged"]

MAX_VALUE_CHARS = 120
"""Cell values quoted in an error are cut to this length (a runaway quote can make a
"cell" of a whole file)."""


@dataclass(frozen=True)
class RowError:
    """One problem in one row. ``row`` is 1-based with the header as row 1 (see module doc);
    ``column`` is the column name as documented (lower case), None for whole-row problems;
    ``value`` is the offending cell as read (cut to 120 characters), None when not a cell."""

    row: int
    column: str | None
    value: str | None
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ImportReport:
    """The outcome of one :func:`armsflow.imports.import_file` call."""

    kind: str
    filename: str
    batch_id: int | None
    status: Status
    rows_total: int
    rows_stored: int
    rows_unchanged: int
    rows_rejected: int
    errors: list[RowError]
    errors_truncated: bool
    notes: list[str] = field(default_factory=list)


def cell_reason(column: str, value: str | None, why: str) -> str:
    """``"transfer_date 2023-02-30: not a valid date"``, or ``"caliber: empty"``."""
    shown = clip(value)
    return f"{column} {shown}: {why}" if shown else f"{column}: {why}"


def clip(value: str | None) -> str | None:
    if value is None:
        return None
    text = value.strip()
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


class ErrorLog:
    """Counts every error, keeps the first ``limit`` of each source in row order.

    Row-level checks report in file order; set-based checks (one SQL query each) report in
    row order too but start again from the top, so the lists are merged at the end.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.total = 0
        self._lists: list[list[RowError]] = [[]]

    def add(self, row: int, column: str | None, value: str | None, why: str) -> None:
        """A cell or row error; ``why`` is prefixed with the column and value."""
        reason = cell_reason(column, value, why) if column else why
        self.add_error(RowError(row, column, clip(value), reason))

    def add_error(self, error: RowError) -> None:
        self.total += 1
        current = self._lists[-1]
        if len(current) < self.limit:
            current.append(error)

    def new_source(self) -> None:
        """Start a new ordered run (call before each set-based check)."""
        if self._lists[-1]:
            self._lists.append([])

    def extend(self, errors: Iterable[RowError]) -> None:
        self.new_source()
        for error in errors:
            self.add_error(error)

    def first(self) -> list[RowError]:
        merged = heapq.merge(*self._lists, key=lambda e: (e.row, e.column or ""))
        return [e for _, e in zip(range(self.limit), merged, strict=False)]

    @property
    def truncated(self) -> bool:
        return self.total > self.limit
