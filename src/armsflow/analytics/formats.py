"""A report table as CSV, XLSX or Parquet bytes, each carrying ATF's caveat (the API's
downloads; the dashboard's export buttons link to them)."""

from __future__ import annotations

import csv
import io

import pyarrow as pa
import pyarrow.parquet as pq

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
}


def to_csv(table: pa.Table) -> bytes:
    """Header row of column names, then rows; empty cell for null (caveat: HTTP header)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(table.column_names)
    for row in table.to_pylist():
        writer.writerow(["" if v is None else v for v in row.values()])
    return buf.getvalue().encode("utf-8")


def to_xlsx(table: pa.Table, title: str, caveat: str) -> bytes:
    """Sheet ``data`` with the table, sheet ``about`` with title and caveat."""
    from openpyxl import Workbook  # type: ignore[import-untyped]

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "data"
    ws.append(table.column_names)
    for row in table.to_pylist():
        ws.append(list(row.values()))
    about = wb.create_sheet("about")
    about.append([title])
    about.append([caveat])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def to_parquet(table: pa.Table, title: str, caveat: str) -> bytes:
    """Parquet with title and caveat in the file's key-value metadata."""
    meta = dict(table.schema.metadata or {})
    meta.update({b"armsflow.title": title.encode(), b"armsflow.caveat": caveat.encode()})
    buf = io.BytesIO()
    pq.write_table(table.replace_schema_metadata(meta), buf)
    return buf.getvalue()
