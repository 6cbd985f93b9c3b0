"""Streaming output: one sink per file, CSV (header once, then batches) or Parquet (one
row group per batch). Byte-identical for the same input: fixed column order, dates as
YYYY-MM-DD, integers only (no float formatting), no timestamps in any file."""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from armsflow.simulate.config import OutputFormat


def plain(table: pa.Table) -> pa.Table:
    """Dictionary columns decoded (Parquet files keep one schema across batches)."""
    columns = []
    for col in table.columns:
        if pa.types.is_dictionary(col.type):
            col = col.cast(col.type.value_type)
        columns.append(col)
    return pa.table(columns, names=table.column_names)


class Sink:
    """One output file. ``quoted``: quote strings (for files whose values may hold commas);
    bulk registry files are written unquoted and refuse any value that would need quotes."""

    def __init__(self, path: Path, columns: tuple[str, ...], fmt: OutputFormat,
                 quoted: bool) -> None:
        self.path = path.with_suffix(".parquet" if fmt is OutputFormat.PARQUET else ".csv")
        self.columns = columns
        self.fmt = fmt
        self.rows = 0
        self._options = pcsv.WriteOptions(include_header=False,
                                          quoting_style="needed" if quoted else "none")
        self._csv: BinaryIO | None = None
        self._parquet: Any = None
        if fmt is OutputFormat.CSV:
            self._csv = self.path.open("wb")
            self._csv.write((",".join(columns) + "\n").encode())

    def write(self, table: pa.Table) -> None:
        if table.num_rows == 0:
            return
        table = table.select(list(self.columns))
        self.rows += table.num_rows
        if self._csv is not None:
            pcsv.write_csv(table, self._csv, self._options)
            return
        table = plain(table)
        if self._parquet is None:
            self._parquet = pq.ParquetWriter(self.path, table.schema, compression="zstd")
        self._parquet.write_table(table.cast(self._parquet.schema))

    def close(self) -> None:
        if self._csv is not None:
            self._csv.close()
        elif self._parquet is not None:
            self._parquet.close()
        else:
            empty = pa.table({c: pa.array([], type=pa.string()) for c in self.columns})
            pq.write_table(empty, self.path, compression="zstd")
