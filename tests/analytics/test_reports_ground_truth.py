"""Reports over a simulated, imported and traced world equal the figures computed directly
from the simulator's ground truth (truth/recoveries.csv), on both databases; and the
PostgreSQL engine over the operational tables gives the DuckDB engine's numbers."""

from __future__ import annotations

import csv
import statistics
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from traced_world import load_and_trace  # type: ignore[import-not-found]

from armsflow.analytics.engines import DuckDBEngine, PostgresEngine
from armsflow.analytics.export import export_parquet
from armsflow.analytics.reports import DASHBOARD_REPORTS, Filters, run_report
from armsflow.vocab import atf_category


def _truth(world: Path) -> list[dict[str, str]]:
    with (world / "truth" / "recoveries.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _rows(table, keys):  # type: ignore[no-untyped-def]
    return {tuple(r[k] for k in keys): r for r in table.to_pylist()}


@pytest.fixture
def traced(session_factory: sessionmaker[Session], analytics_world: Path, tmp_path: Path
           ) -> DuckDBEngine:
    load_and_trace(session_factory, analytics_world)
    export_parquet(session_factory, tmp_path / "export")
    return DuckDBEngine(tmp_path / "export")


def test_reports_equal_the_ground_truth(traced: DuckDBEngine, analytics_world: Path) -> None:
    truth = _truth(analytics_world)
    year = lambda r: int(r["recovery_date"][:4])  # noqa: E731

    # origin (the GAO table)
    want = Counter((year(r), r["recovery_country"], r["origin_outcome"],
                    r["country_of_manufacture"] if r["origin_outcome"] == "foreign" else None)
                   for r in truth)
    got = {k: r["n"] for k, r in _rows(run_report("origin", Filters(), traced), (
        "recovery_year", "recovery_country", "origin", "origin_country")).items()}
    assert got == dict(want)
    assert {k[2] for k in want} == {"us", "foreign", "undetermined"}

    # source state by recovery state, ATF layout
    want = Counter((r["source_state"], r["recovery_state"], year(r)) for r in truth
                   if r["recovery_country"] == "US" and r["source_state_known"] == "Y")
    got = {k: r["n"] for k, r in _rows(run_report("source-states", Filters(), traced),
                                       ("source_state", "recovery_state", "year")).items()}
    assert got == dict(want)

    # firearm types in ATF's categories
    want = Counter((year(r), r["recovery_country"], r["recovery_state"] or None,
                    atf_category(r["firearm_type"])) for r in truth)
    got = {k: r["n"] for k, r in _rows(run_report("types", Filters(), traced), (
        "recovery_year", "recovery_country", "recovery_state", "firearm_type")).items()}
    assert got == dict(want)

    # time-to-crime by type: count, exact median, mean, shares
    days: dict[tuple[int, str], list[int]] = defaultdict(list)
    for r in truth:
        if r["outcome"] == "completed_purchaser":
            days[(year(r), atf_category(r["firearm_type"]))].append(int(r["ttc_days"]))
    got = _rows(run_report("time-to-crime", Filters(), traced), ("recovery_year", "firearm_type"))
    assert got.keys() == days.keys()
    for key, values in days.items():
        row = got[key]
        assert row["n"] == len(values)
        assert row["median_years"] == round(statistics.median(values) / 365.25, 2)
        assert row["mean_years"] == round(sum(values) / len(values) / 365.25, 2)
        assert row["share_under_1y"] == round(sum(v < 365 for v in values) / len(values), 4)
        assert row["share_under_3y"] == round(sum(v < 1095 for v in values) / len(values), 4)

    # privately made firearms and conversion devices
    pmf = Counter((year(r), r["recovery_country"], r["recovery_state"] or None) for r in truth
                  if r["item_kind"] in ("privately_made", "parts_kit"))
    got = {k: r["n"] for k, r in _rows(run_report("privately-made", Filters(), traced), (
        "recovery_year", "recovery_country", "recovery_state")).items()}
    assert got == dict(pmf) and sum(pmf.values()) > 0
    devices = Counter((year(r), r["recovery_country"], r["recovery_state"] or None)
                      for r in truth if r["item_kind"] == "conversion_device")
    got = {k: r["n"] for k, r in _rows(run_report("conversion-devices", Filters(), traced), (
        "recovery_year", "recovery_country", "recovery_state")).items()}
    assert got == dict(devices)

    # filters narrow to the same subsets of the truth
    mx_rifles = sum(1 for r in truth if r["recovery_country"] == "MX"
                    and atf_category(r["firearm_type"]) == "rifle")
    table = run_report("types", Filters.of(countries=["MX"], firearm_types=["rifle"]), traced)
    assert sum(table.column("n").to_pylist()) == mx_rifles > 0
    assert set(table.column("recovery_country").to_pylist()) == {"MX"}
    tx = run_report("top-source-states", Filters.of(states=["TX"]), traced)
    want = Counter(r["source_state"] for r in truth if r["recovery_state"] == "TX"
                   and r["source_state_known"] == "Y")
    assert {r["source_state"]: r["n"] for r in tx.to_pylist()} == dict(want)


def test_postgres_engine_over_operational_tables_equals_duckdb(
    engine: Engine, traced: DuckDBEngine
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("the PostgreSQL engine needs PostgreSQL (runs in the postgresql param)")
    pg = PostgresEngine(engine)
    for name in DASHBOARD_REPORTS:
        for filters in (Filters(), Filters.of(countries=["US"], firearm_types=["pistol"])):
            assert run_report(name, filters, pg).equals(run_report(name, filters, traced)), name
