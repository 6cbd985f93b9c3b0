"""A report table as a file: CSV, XLSX or Parquet (pure: a pyarrow table in, bytes out).

CSV has exactly the report's columns (the same as ``armsflow report NAME --format csv``);
XLSX adds a second sheet with the report's title, filters, as-of time and ATF's caveat;
Parquet keeps the column types and carries the same facts as schema metadata.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

import pyarrow as pa
import pyarrow.parquet as pq

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
}


def to_csv(table: pa.Table) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(table.column_names)
    for row in table.to_pylist():
        writer.writerow(["" if v is None else v for v in row.values()])
    return buf.getvalue().encode("utf-8")


def to_xlsx(table: pa.Table, about: Mapping[str, str]) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped]

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = "data"
    sheet.append(table.column_names)
    for row in table.to_pylist():
        sheet.append([_cell(v) for v in row.values()])
    notes = book.create_sheet("about")
    for key, value in about.items():
        notes.append([key, value])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _cell(value: object) -> object:
    return value if value is None or isinstance(value, int | float | str) else str(value)


def to_parquet(table: pa.Table, about: Mapping[str, str]) -> bytes:
    meta = dict(table.schema.metadata or {})
    meta.update({f"armsflow.{k}".encode(): v.encode() for k, v in about.items()})
    buf = io.BytesIO()
    pq.write_table(table.replace_schema_metadata(meta), buf)
    return buf.getvalue()


def render(table: pa.Table, fmt: str, about: Mapping[str, str]) -> bytes:
    if fmt == "csv":
        return to_csv(table)
    if fmt == "xlsx":
        return to_xlsx(table, about)
    if fmt == "parquet":
        return to_parquet(table, about)
    raise ValueError(f"unknown table format {fmt!r}")
