"""``armsflow release --out DIR``: aggregate tables for the public, with small-cell
suppression (``ARMSFLOW_RELEASE_MIN_CELL``) and complementary suppression, no personal data.

Each table is two-way, one block per year of recovery, written as CSV rows
``year,row,column,n,status``. ``status`` is ``published``; ``suppressed`` (a count from 1 to
k - 1, or a complementary cell: never zero); or ``withheld`` (a table where cells alone could
not be protected: every interior cell, zeros too, is withheld and the margins published;
a table whose total is below k, or with a single non-empty row or column, shows only its
grand total, or nothing). Margins are rows whose ``row`` or ``column`` is ``TOTAL``; small
rows and columns are pooled into ``OTHER`` first. See
``armsflow.analytics.suppression`` for the method and the disclosure model.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from armsflow.analytics.engines import Engine
from armsflow.analytics.reports import CAVEAT, Filters, run_report
from armsflow.analytics.suppression import Key, Suppressed, suppress

TOTAL = "TOTAL"


@dataclass(frozen=True)
class ReleaseTable:
    name: str
    title: str
    report: str
    row: Callable[[dict[str, object]], str]
    column: Callable[[dict[str, object]], str]
    year: str = "recovery_year"


def _place(r: dict[str, object]) -> str:
    return f"{r['recovery_country']}-{r['recovery_state'] or '?'}"


TABLES: tuple[ReleaseTable, ...] = (
    ReleaseTable("source-states", "US recoveries: source state (rows) by recovery state",
                 "source-states", lambda r: str(r["source_state"]),
                 lambda r: str(r["recovery_state"]), year="year"),
    ReleaseTable("origin", "Origin by recovery country", "origin",
                 lambda r: str(r["recovery_country"]), lambda r: str(r["origin"])),
    ReleaseTable("types", "Firearm type by recovery place (country-state)", "types",
                 _place, lambda r: str(r["firearm_type"])),
)


def blocks(table: ReleaseTable, rows: pa.Table) -> dict[int, dict[Key, int]]:
    """Report rows -> one two-way table per year."""
    out: dict[int, dict[Key, int]] = {}
    for r in rows.to_pylist():
        year = int(r[table.year])
        key = (table.row(r), table.column(r))
        cells = out.setdefault(year, {})
        cells[key] = cells.get(key, 0) + int(r["n"])
    return out


def csv_rows(year: int, s: Suppressed) -> list[list[object]]:
    """The published rows of one year's table (see the module docstring for statuses)."""
    if s.withheld:
        shown = "" if s.total < 1 or not s.interior_withheld else s.total
        return [[year, TOTAL, TOTAL, shown, "published" if shown != "" else "withheld"]]
    rows: list[list[object]] = []
    for (r, c), n in sorted(s.cells.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))):
        if s.interior_withheld:
            rows.append([year, r, c, "", "withheld"])
        elif (r, c) in s.hidden:
            rows.append([year, r, c, "", "suppressed"])
        else:
            rows.append([year, r, c, n, "published"])
    for r, n in sorted(s.row_totals.items(), key=lambda kv: str(kv[0])):
        rows.append([year, r, TOTAL, n, "published"])
    for c, n in sorted(s.col_totals.items(), key=lambda kv: str(kv[0])):
        rows.append([year, TOTAL, c, n, "published"])
    rows.append([year, TOTAL, TOTAL, s.total, "published"])
    return rows


def write_release(out: Path, engine: Engine, k: int, filters: Filters | None = None
                  ) -> dict[str, dict[str, int]]:
    """Write every release table into ``out``; returns per table how many cells were
    published, suppressed as primary and as complementary."""
    out.mkdir(parents=True, exist_ok=True)
    summary: dict[str, dict[str, int]] = {}
    for table in TABLES:
        counts = {"published": 0, "primary": 0, "complementary": 0, "withheld_years": 0}
        with (out / f"{table.name}.csv").open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["year", "row", "column", "n", "status"])
            for year, cells in sorted(blocks(table, run_report(table.report, filters,
                                                               engine)).items()):
                s = suppress(cells, k)
                writer.writerows(csv_rows(year, s))
                counts["withheld_years"] += int(s.withheld)
                counts["primary"] += len(s.primary)
                counts["complementary"] += len(s.hidden - s.primary)
                counts["published"] += len(s.cells) - len(s.hidden)
        summary[table.name] = counts
    (out / "README.txt").write_text(
        "ArmsFlow public release: aggregate trace counts, no personal data.\n\n"
        f"{CAVEAT}\n\nCounts from 1 to {k - 1} are suppressed, and further cells are "
        "suppressed so that no suppressed cell can be recomputed from the published totals. "
        "Rows and columns with totals below the threshold are pooled as OTHER. Zeros are "
        "published, except in tables whose cells are all withheld (status withheld). "
        "Columns: year,row,column,n,status; TOTAL marks margins.\n\n"
        + "\n".join(f"{t.name}.csv: {t.title}" for t in TABLES) + "\n", encoding="utf-8")
    (out / "manifest.json").write_text(json.dumps({"threshold": k, "tables": summary},
                                                  indent=2))
    return summary
