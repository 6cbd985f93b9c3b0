"""``armsflow export-parquet DIR``: the trace facts and national tables as Parquet, for
DuckDB and Spark.

Layout of ``DIR``::

    manifest.json                 layout version, watermark, rows per year
    trace_facts/year-2022.parquet one file per year of recovery (layout.FACT_SCHEMA)
    national/national.parquet     published national tables (layout.NATIONAL_SCHEMA)

Incremental: a trace changes when it is submitted and when it is resolved, so the export
finds the years of recovery of traces submitted or resolved since the last watermark and
rewrites only those years' files (each whole, from the database, written to a temporary
file and renamed: readers never see half a file). The watermark is the previous export's
start minus a safety margin, so a transaction that committed late is picked up next time.
A lock file keeps two exports from running at once.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from armsflow.analytics import national
from armsflow.analytics.engines import FACTS_DIR, NATIONAL_DIR
from armsflow.analytics.facts import changed_since, facts_select
from armsflow.analytics.layout import FACT_SCHEMA, LAYOUT_VERSION, NATIONAL_SCHEMA
from armsflow.analytics.models import NationalTraceCount
from armsflow.tracing.models import Trace

SAFETY_MARGIN = timedelta(minutes=5)
FETCH_ROWS = 50_000


@dataclass
class ExportReport:
    full: bool
    years_written: list[int] = field(default_factory=list)
    rows_written: int = 0
    national_rows: int | None = None
    watermark: str = ""


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".lock").open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The export's manifest, or None when ``folder`` holds no (current-layout) export."""
    path = folder / "manifest.json"
    if not path.exists():
        return None
    data: dict[str, Any] = json.loads(path.read_text())
    return data if data.get("layout_version") == LAYOUT_VERSION else None


def _write(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".parquet.tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


def _year_table(db: Session, year: int) -> pa.Table:
    stmt = facts_select().where(Trace.recovery_date >= date(year, 1, 1),
                                Trace.recovery_date <= date(year, 12, 31))
    names = FACT_SCHEMA.names
    batches: list[pa.RecordBatch] = []
    result = db.execute(stmt.execution_options(yield_per=FETCH_ROWS))
    for part in result.partitions():
        cols: list[Any] = list(zip(*part, strict=True)) if part else [[] for _ in names]
        arrays = [_array(list(c), FACT_SCHEMA.field(n).type) for c, n in zip(cols, names,
                                                                            strict=True)]
        batches.append(pa.RecordBatch.from_arrays(arrays, schema=FACT_SCHEMA))
    return pa.Table.from_batches(batches, schema=FACT_SCHEMA)


def _array(values: list[Any], type_: pa.DataType) -> pa.Array:
    if type_ == pa.bool_():
        values = [None if v is None else bool(v) for v in values]
    return pa.array(values, type_)


def _national_table(db: Session) -> pa.Table:
    t = NationalTraceCount
    rows = db.execute(select(t.source, t.year, t.source_state, t.recovery_state, t.n)
                      .order_by(t.source, t.year, t.source_state, t.recovery_state)).all()
    cols: list[Any] = (list(zip(*rows, strict=True)) if rows
                       else [[] for _ in NATIONAL_SCHEMA.names])
    return pa.Table.from_arrays([pa.array(list(c), f.type) for c, f in
                                 zip(cols, NATIONAL_SCHEMA, strict=True)], schema=NATIONAL_SCHEMA)


def export_parquet(factory: sessionmaker[Session], folder: Path, *, full: bool = False,
                   now: datetime | None = None) -> ExportReport:
    """Bring the Parquet export in ``folder`` up to date (only changed years unless ``full``)."""
    started = now or datetime.now(UTC)
    with _locked(folder):
        manifest = None if full else read_manifest(folder)
        report = ExportReport(full=manifest is None)
        years_rows: dict[str, int] = dict(manifest["years"]) if manifest else {}
        with factory() as db:
            if manifest is None:
                days = db.scalars(select(Trace.recovery_date).distinct()).all()
                for stale in (folder / FACTS_DIR).glob("*.parquet"):
                    stale.unlink()
                years_rows = {}
            else:
                since = datetime.fromisoformat(manifest["watermark"])
                days = db.scalars(select(Trace.recovery_date).distinct()
                                  .where(changed_since(since))).all()
            years = sorted({d.year for d in days if d is not None})
            for year in years:
                table = _year_table(db, year)
                path = folder / FACTS_DIR / f"year-{year}.parquet"
                if table.num_rows:
                    _write(table, path)
                elif path.exists():
                    path.unlink()
                years_rows[str(year)] = table.num_rows
                report.rows_written += table.num_rows
            report.years_written = years
            fp = national.fingerprint(db)
            if manifest is None or manifest.get("national") != fp:
                nat = _national_table(db)
                _write(nat, folder / NATIONAL_DIR / "national.parquet")
                report.national_rows = nat.num_rows
        report.watermark = (started - SAFETY_MARGIN).isoformat()
        body = {"layout_version": LAYOUT_VERSION, "watermark": report.watermark,
                "exported_at": started.isoformat(), "national": fp,
                "years": {k: v for k, v in sorted(years_rows.items()) if v}}
        tmp = folder / "manifest.json.tmp"
        tmp.write_text(json.dumps(body, indent=2))
        os.replace(tmp, folder / "manifest.json")
        return report


def export_age_seconds(folder: Path, now: datetime | None = None) -> float | None:
    """Seconds since the last export finished, or None when there is none."""
    manifest = read_manifest(folder)
    if manifest is None:
        return None
    exported = datetime.fromisoformat(manifest["exported_at"])
    return ((now or datetime.now(UTC)) - exported).total_seconds()


def refresh_if_stale(factory: sessionmaker[Session], folder: Path, max_age_seconds: float
                     ) -> ExportReport | None:
    """Run an incremental export when the last one is older than ``max_age_seconds``
    (what the API and dashboard call before reading reports). None when it was fresh."""
    age = export_age_seconds(folder)
    if age is not None and age < max_age_seconds:
        return None
    return export_parquet(factory, folder)
