"""Reading simulator outputs in tests (imported as ``sim_helpers``)."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pcsv


def read(out: Path, name: str) -> pa.Table:
    """A CSV output with every column as text (empty cells as empty strings)."""
    path = out / f"{name}.csv"
    with path.open(encoding="utf-8") as fh:
        names = fh.readline().strip().split(",")
    options = pcsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                  strings_can_be_null=False)
    return pcsv.read_csv(path, convert_options=options)


def column(table: pa.Table, name: str) -> list[str]:
    return [str(v) for v in table.column(name).to_pylist()]
