"""``armsflow report`` (names, formats, exact CSV columns), ``armsflow export-parquet``
(incremental: only changed years are rewritten, and the result equals a full export),
``armsflow national import`` (all rows or none, idempotent), ``armsflow release``."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from analytics_rows import add_traces  # type: ignore[import-not-found]
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from armsflow.analytics.engines import DuckDBEngine
from armsflow.analytics.export import export_parquet, read_manifest
from armsflow.analytics.reports import Filters, run_report
from armsflow.cli.main import app
from armsflow.settings import get_settings

COLUMNS = {
    "origin": "recovery_year,recovery_country,origin,origin_country,n",
    "source-states": "source_state,recovery_state,year,n",
    "types": "recovery_year,recovery_country,recovery_state,firearm_type,n",
    "time-to-crime": "recovery_year,firearm_type,n,median_years,mean_years,share_under_1y,"
                     "share_under_3y",
}


@pytest.fixture
def cli_env(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ARMSFLOW_DATABASE_URL", engine.url.render_as_string(False))
    monkeypatch.setenv("ARMSFLOW_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ARMSFLOW_ANALYTICS_REFRESH_SECONDS", "0")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def _run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_report_command_names_columns_and_formats(  # type: ignore[no-untyped-def]
    cli_env: Path, session_factory: sessionmaker[Session], accounts
) -> None:
    add_traces(session_factory, [
        {"ori": "TXHPD0000", "ref": "A", "ttc_days": 100},
        {"ori": "TXHPD0000", "ref": "B", "ttc_days": 300},
        {"ori": "TXHPD0000", "ref": "C", "ttc_days": 2000, "firearm_type": "PR"},
        {"ori": "MXFGR0000", "ref": "M", "recovery_country": "MX", "recovery_state": "CHH",
         "origin": "foreign", "origin_country": "ES", "source_state": None, "ttc_days": None,
         "outcome": "not_completed", "reason": "foreign_sourced", "firearm_type": "RI"},
    ])
    for name, header in COLUMNS.items():
        out = _run("report", name, "--format", "csv")
        assert out.splitlines()[0] == header
    rows = list(csv.DictReader(io.StringIO(_run("report", "time-to-crime", "--format", "csv"))))
    assert rows[0] == {"recovery_year": "2022", "firearm_type": "pistol", "n": "2",
                       "median_years": str(round(200 / 365.25, 2)),
                       "mean_years": str(round(200 / 365.25, 2)),
                       "share_under_1y": "1.0", "share_under_3y": "1.0"}
    origin = json.loads(_run("report", "origin", "--country", "MX", "--format", "json"))
    assert origin["rows"] == [{"recovery_year": 2022, "recovery_country": "MX",
                               "origin": "foreign", "origin_country": "ES", "n": 1}]
    assert "random sample" in origin["caveat"]
    table = _run("report", "types", "--year", "2022", "--agency", "TXHPD0000")
    assert "revolver" in table and "random sample" in table and "rifle" not in table
    bad = CliRunner().invoke(app, ["report", "types", "--type", "gun"])
    assert bad.exit_code == 2 and "firearm type" in bad.output
    assert CliRunner().invoke(app, ["report", "nope"]).exit_code == 2


def test_incremental_export_rewrites_only_changed_years(  # type: ignore[no-untyped-def]
    session_factory: sessionmaker[Session], accounts, tmp_path: Path
) -> None:
    long_ago = datetime(2024, 1, 1, tzinfo=UTC)
    add_traces(session_factory, [{"ori": "TXHPD0000", "ref": f"Y{y}", "submitted_at": long_ago,
                                  "recovery_date": date(y, 3, 1)} for y in (2020, 2021)])
    out = tmp_path / "export"
    first = export_parquet(session_factory, out)
    assert first.full and first.years_written == [2020, 2021]
    manifest = read_manifest(out)
    assert manifest is not None
    manifest["watermark"] = "2025-01-01T00:00:00+00:00"  # as if exported in 2025
    (out / "manifest.json").write_text(json.dumps(manifest))
    assert export_parquet(session_factory, out).years_written == []  # nothing changed since
    stamp = (out / "trace_facts" / "year-2020.parquet").stat().st_mtime_ns
    add_traces(session_factory, [{"ori": "TXHPD0000", "ref": "LATE",
                                  "recovery_date": date(2021, 9, 9)}])
    again = export_parquet(session_factory, out)
    assert not again.full and again.years_written == [2021]
    assert (out / "trace_facts" / "year-2020.parquet").stat().st_mtime_ns == stamp
    assert pq.read_table(out / "trace_facts" / "year-2021.parquet").num_rows == 2
    # a trace resolved later (resolved_at moves) is picked up too
    with session_factory() as db:
        from armsflow.tracing.models import Trace

        t = db.scalars(select(Trace).where(Trace.request_ref == "Y2020")).one()
        t.origin, t.resolved_at = "undetermined", datetime.now(UTC)
        db.commit()
    assert export_parquet(session_factory, out).years_written == [2020, 2021]
    full = export_parquet(session_factory, tmp_path / "full", full=True)
    assert full.rows_written == 3
    for name in ("trends", "types", "origin"):
        assert run_report(name, Filters(), DuckDBEngine(out)).equals(
            run_report(name, Filters(), DuckDBEngine(tmp_path / "full")))


def test_national_import_is_all_or_nothing_and_idempotent(  # type: ignore[no-untyped-def]
    cli_env: Path, session_factory: sessionmaker[Session], accounts, tmp_path: Path
) -> None:
    good = tmp_path / "atf.csv"
    good.write_text("source_state,recovery_state,year,n\nTexas,California,2022,40\n"
                    "Arizona,California,2022,12\nTX,TX,2022,900\n")
    assert "3 cells" in _run("national", "import", str(good))
    assert "3 cells" in _run("national", "import", str(good))
    bad = tmp_path / "bad.csv"
    bad.write_text("source_state,recovery_state,year,n\nTexas,Atlantis,2022,4\n"
                   "Texas,Ohio,20x2,4\nTexas,Ohio,2022,-1\n")
    result = CliRunner().invoke(app, ["national", "import", str(bad)])
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert "line 2, recovery_state" in text and "line 3, year" in text and "line 4, n" in text
    add_traces(session_factory, [{"ori": "TXHPD0000", "ref": "CA1", "recovery_state": "CA"}])
    rows = list(csv.DictReader(io.StringIO(_run(
        "report", "national-comparison", "--state", "CA", "--format", "csv"))))
    assert {(r["source_state"], r["local_n"], r["national_n"]) for r in rows} == {
        ("AZ", "", "12"), ("TX", "1", "40")}
    assert "published" in _run("release", "--out", str(tmp_path / "rel"), "--min-cell", "3")
    assert (tmp_path / "rel" / "source-states.csv").exists()
