"""One query code path, several engines: every report, under several filters, gives the same
table on DuckDB, PostgreSQL and Spark over the same synthetic trace facts (with nulls, ties,
even and odd group sizes for medians)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from sqlalchemy import Engine, text

from armsflow.analytics.engines import DuckDBEngine, PostgresEngine, SparkEngine
from armsflow.analytics.layout import FACT_SCHEMA
from armsflow.analytics.reports import REPORTS, Filters, drill_sql, get_report, run_report
from armsflow.analytics.synthetic import facts_table, national_table

FILTERS = (
    Filters(),
    Filters.of(years=[2021, 2022], countries=["US"]),
    Filters.of(countries=["MX"], firearm_types=["rifle", "pistol"]),
    Filters.of(states=["TX", "CA", "CHH"], agency_ids=list(range(1, 900))),
)


@pytest.fixture(scope="module")
def facts() -> pa.Table:
    return facts_table(6_000, seed=5)


@pytest.fixture(scope="module")
def duck(facts: pa.Table) -> DuckDBEngine:
    return DuckDBEngine.from_tables(facts, national_table(facts))


def _expected(duck: DuckDBEngine) -> dict[tuple[str, int], pa.Table]:
    return {(name, i): run_report(name, f, duck) for name in REPORTS
            for i, f in enumerate(FILTERS)}


def test_reports_are_not_trivial(duck: DuckDBEngine) -> None:
    for name in REPORTS:
        assert run_report(name, Filters(), duck).num_rows > 0, name
    ttc = run_report("time-to-crime", FILTERS[2], duck)
    assert {r["firearm_type"] for r in ttc.to_pylist()} == {"rifle", "pistol"}


def _pg_type(t: pa.DataType) -> str:
    return {pa.int64(): "BIGINT", pa.int32(): "INTEGER", pa.string(): "TEXT",
            pa.bool_(): "BOOLEAN", pa.date32(): "DATE"}[t]


@pytest.fixture
def pg(engine: Engine, facts: pa.Table) -> Iterator[PostgresEngine]:
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL engine: runs in the postgresql param")
    cols = ", ".join(f"{f.name} {_pg_type(f.type)}" for f in FACT_SCHEMA)
    nat = national_table(facts)
    with engine.begin() as conn:
        conn.execute(text(f"CREATE TABLE test_facts ({cols})"))
        names = ", ".join(FACT_SCHEMA.names)
        params = ", ".join(f":{n}" for n in FACT_SCHEMA.names)
        conn.execute(text(f"INSERT INTO test_facts ({names}) VALUES ({params})"),
                     facts.to_pylist())
        conn.execute(text("INSERT INTO analytics_national_counts (source, year, source_state, "
                          "recovery_state, n, imported_at) VALUES (:source, :year, "
                          ":source_state, :recovery_state, :n, now())"), nat.to_pylist())
    try:
        yield PostgresEngine(engine, facts_relation="test_facts")
    finally:
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE test_facts"))


def test_postgres_gives_duckdb_numbers(pg: PostgresEngine, duck: DuckDBEngine) -> None:
    _compare(pg, duck)


@pytest.fixture(scope="module")
def parquet_dir(facts: pa.Table, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The facts written the way ``armsflow export-parquet`` lays them out."""
    folder = tmp_path_factory.mktemp("export")
    (folder / "trace_facts").mkdir()
    (folder / "national").mkdir()
    for year in (2019, 2020, 2021, 2022, 2023):
        part = facts.filter(pc.equal(facts["recovery_year"], year))
        pq.write_table(part, folder / "trace_facts" / f"year-{year}.parquet")
    pq.write_table(national_table(facts), folder / "national" / "national.parquet")
    return folder


def test_duckdb_over_parquet_files_gives_the_in_memory_numbers(
    parquet_dir: Path, duck: DuckDBEngine
) -> None:
    _compare(DuckDBEngine(parquet_dir), duck)


@pytest.mark.spark
def test_spark_gives_duckdb_numbers(spark: Any, parquet_dir: Path, duck: DuckDBEngine) -> None:
    # Spark reads the Parquet export; two filter sets (a query costs Spark about a second)
    _compare(SparkEngine(spark, parquet_dir), duck, 2)


def _compare(other: Any, duck: DuckDBEngine, n_filters: int = len(FILTERS)) -> None:
    for (name, i), want in _expected(duck).items():
        if i >= n_filters:
            continue
        got = run_report(name, FILTERS[i], other)
        assert got.equals(want), (name, FILTERS[i], got.slice(0, 3).to_pylist(),
                                  want.slice(0, 3).to_pylist())
    # drill-down: the same trace ids behind a cell
    cell = {"source_state": "TX", "recovery_state": "TX", "year": 2022}
    sql = drill_sql(get_report("source-states"), Filters(), cell)
    ids = other.query(sql).column(0).to_pylist()
    assert ids == duck.query(sql).column(0).to_pylist() and len(ids) > 0
