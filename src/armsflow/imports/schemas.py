"""API shapes for imports: a report and a stored batch."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class RowErrorRead(BaseModel):
    row: int
    column: str | None
    value: str | None
    reason: str


class ImportReportRead(BaseModel):
    kind: str
    filename: str
    batch_id: int | None
    status: str
    rows_total: int
    rows_stored: int
    rows_unchanged: int
    rows_rejected: int
    errors: list[RowErrorRead]
    errors_truncated: bool
    notes: list[str]


class ImportBatchRead(BaseModel):
    id: int
    kind: str
    filename: str
    sha256: str
    format_version: str
    status: str
    rows_total: int
    rows_stored: int
    rows_unchanged: int
    rows_rejected: int
    notes: list[str]
    errors: list[RowErrorRead]
    username: str
    started_at: datetime
    finished_at: datetime | None
