# ruff: noqa: S608  (relation names are constants of this module or the caller's code)
"""Query engines: the same report SQL (DuckDB dialect) on DuckDB, PostgreSQL and Spark.

Every engine exposes two relations, ``trace_facts`` (``layout.FACT_SCHEMA``) and
``national_counts`` (``layout.NATIONAL_SCHEMA``), and answers ``query(sql) -> pyarrow.Table``.

- DuckDB (default, embedded): views over the Parquet export (``DIR/trace_facts/*.parquet``,
  ``DIR/national/*.parquet``), or in-memory tables (benchmarks, tests).
- PostgreSQL: the operational database itself; ``trace_facts`` is the facts query
  (``armsflow.analytics.facts``) inlined as a CTE, so reports are always current, or any
  relation with the layout (``facts_relation``, used by the benchmark).
- Spark (PySpark): temporary views over the same Parquet export.

Queries are transpiled with sqlglot from DuckDB's dialect; nothing else differs.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import duckdb
import pyarrow as pa
import sqlglot
from sqlalchemy import Engine as SAEngine
from sqlalchemy.dialects import postgresql

from armsflow.analytics.layout import FACT_SCHEMA, NATIONAL_SCHEMA

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

    from armsflow.settings import Settings

FACTS_DIR = "trace_facts"
NATIONAL_DIR = "national"


class Engine(Protocol):
    name: str

    def query(self, sql: str) -> pa.Table:
        """Run ``sql`` (DuckDB dialect, over trace_facts / national_counts)."""
        ...


def transpile(sql: str, dialect: str) -> str:
    """``sql`` (DuckDB dialect) in ``dialect`` (``postgres`` or ``spark``)."""
    if dialect == "duckdb":
        return sql
    return sqlglot.transpile(sql, read="duckdb", write=dialect)[0]


def _parquet_glob(folder: Path) -> str | None:
    return str(folder / "*.parquet") if folder.is_dir() and any(folder.glob("*.parquet")) else None


class DuckDBEngine:
    """DuckDB over the Parquet export in ``folder`` (read at every query, so always as
    fresh as the export), or over Arrow tables given with ``from_tables``."""

    name = "duckdb"

    def __init__(self, folder: Path | None = None, *, materialize: bool = False,
                 threads: int | None = None) -> None:
        self._con = duckdb.connect()
        # reports sort their rows themselves (reports.finish): let DuckDB reorder freely
        self._con.execute("SET preserve_insertion_order = false")
        if threads:
            self._con.execute(f"SET threads = {int(threads)}")
        self._lock = threading.Lock()
        self.folder = folder
        for rel, sub, schema in (("trace_facts", FACTS_DIR, FACT_SCHEMA),
                                 ("national_counts", NATIONAL_DIR, NATIONAL_SCHEMA)):
            glob = _parquet_glob(folder / sub) if folder else None
            if glob is None:
                self._register(rel, schema.empty_table())
            elif materialize:
                self._materialize(rel, f"read_parquet('{glob}')")
            else:
                self._con.execute(f"CREATE VIEW {rel} AS SELECT * FROM read_parquet('{glob}')")

    def _register(self, rel: str, table: pa.Table) -> None:
        self._con.register(f"_{rel}_arrow", table)
        self._materialize(rel, f"_{rel}_arrow")
        self._con.unregister(f"_{rel}_arrow")

    def _materialize(self, rel: str, source: str) -> None:
        """Load ``source`` into an in-memory table whose text columns are DuckDB ENUMs
        (integer-coded, sorted like the strings): group-bys then hash integers. The SQL
        of the reports is unchanged; string literals compare with ENUMs."""
        con = self._con
        con.execute(f"CREATE OR REPLACE TEMP TABLE _{rel}_raw AS SELECT * FROM {source}")
        columns = [(r[0], r[1]) for r in con.execute(f"DESCRIBE _{rel}_raw").fetchall()]
        text = [c for c, t in columns if t == "VARCHAR"]
        groups: dict[str, list[str]] = {}
        for c in text:
            groups.setdefault("places" if c.endswith("_state") else c, []).append(c)
        casts: dict[str, str] = {}
        for group, cols in groups.items():
            type_name = f"enum_{rel}_{group}"
            union = " UNION ".join(f"SELECT {c} AS v FROM _{rel}_raw WHERE {c} IS NOT NULL"
                                   for c in cols)
            values = [r[0] for r in con.execute(f"SELECT DISTINCT v FROM ({union}) ORDER BY v"
                                                ).fetchall()]
            if not values or len(values) > 50_000:
                continue
            con.execute(f"DROP TYPE IF EXISTS {type_name}")
            con.execute(f"CREATE TYPE {type_name} AS ENUM (SELECT UNNEST(?::VARCHAR[]))",
                        [values])
            casts.update({c: f"CAST({c} AS {type_name}) AS {c}" for c in cols})
        select = ", ".join(casts.get(c, c) for c, _t in columns)
        order = ", ".join(c for c in ("recovery_year", "year", "recovery_country",
                                      "recovery_state", "source_state")
                          if c in dict(columns))
        con.execute(f"CREATE OR REPLACE TABLE {rel} AS SELECT {select} FROM _{rel}_raw "
                    f"ORDER BY {order}")
        con.execute(f"DROP TABLE _{rel}_raw")

    @classmethod
    def from_tables(cls, facts: pa.Table, national: pa.Table | None = None,
                    threads: int | None = None) -> DuckDBEngine:
        """An in-memory engine over Arrow tables in the analytical layout."""
        engine = cls(None, threads=threads)
        engine._register("trace_facts", facts.cast(FACT_SCHEMA))
        if national is not None:
            engine._register("national_counts", national.cast(NATIONAL_SCHEMA))
        return engine

    def query(self, sql: str) -> pa.Table:
        with self._lock:
            cur = self._con.cursor()
        try:
            return cur.sql(sql).to_arrow_table()
        finally:
            cur.close()

    def close(self) -> None:
        self._con.close()


class PostgresEngine:
    """PostgreSQL: reports over the operational tables (or ``facts_relation``)."""

    name = "postgres"

    def __init__(self, engine: SAEngine, *, facts_relation: str | None = None,
                 national_relation: str = "analytics_national_counts") -> None:
        if engine.dialect.name != "postgresql":
            raise ValueError("the postgres analytics engine needs a PostgreSQL database")
        self.engine = engine
        if facts_relation is None:
            from armsflow.analytics.facts import facts_select

            pg_dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
            facts = str(facts_select().compile(dialect=pg_dialect,
                                               compile_kwargs={"literal_binds": True}))
        else:
            facts = f"SELECT * FROM {facts_relation}"
        national = ("SELECT source, year, source_state, recovery_state, n "
                    f"FROM {national_relation}")
        self._prelude = f"trace_facts AS ({facts}), national_counts AS ({national})"

    def query(self, sql: str) -> pa.Table:
        pg = transpile(sql, "postgres")
        pg = (f"WITH {self._prelude}, {pg[len('WITH '):]}" if pg.startswith("WITH ")
              else f"WITH {self._prelude} {pg}")
        with self.engine.connect() as conn:
            result = conn.exec_driver_sql(pg)
            names = list(result.keys())
            rows = result.fetchall()
        return pa.table({n: pa.array([_plain(r[i]) for r in rows])
                         for i, n in enumerate(names)}) if rows else _empty(names)


def _plain(value: Any) -> Any:
    from decimal import Decimal

    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _empty(names: list[str]) -> pa.Table:
    return pa.table({n: pa.array([], pa.null()) for n in names})


class SparkEngine:
    """Apache Spark through PySpark over the Parquet export in ``folder``."""

    name = "spark"

    def __init__(self, spark: SparkSession, folder: Path | None = None, *,
                 facts: pa.Table | None = None, national: pa.Table | None = None) -> None:
        self.spark = spark
        for rel, sub, schema, table in (("trace_facts", FACTS_DIR, FACT_SCHEMA, facts),
                                        ("national_counts", NATIONAL_DIR, NATIONAL_SCHEMA,
                                         national)):
            glob = _parquet_glob(folder / sub) if folder else None
            if table is not None:
                df = spark.createDataFrame(table.cast(schema))
            elif glob is not None:
                df = spark.read.parquet(str(folder / sub))  # type: ignore[operator]
            else:
                df = spark.createDataFrame([], schema=_spark_schema(schema))
            df.createOrReplaceTempView(rel)

    def query(self, sql: str) -> pa.Table:
        return self.spark.sql(transpile(sql, "spark")).toArrow()


def _spark_schema(schema: pa.Schema) -> Any:
    from pyspark.sql import types as T

    mapping = {pa.int64(): T.LongType(), pa.int32(): T.IntegerType(), pa.string(): T.StringType(),
               pa.bool_(): T.BooleanType(), pa.date32(): T.DateType(),
               pa.float64(): T.DoubleType()}
    return T.StructType([T.StructField(f.name, mapping[f.type], True) for f in schema])


def spark_session(master: str = "local[2]") -> SparkSession:
    """A local Spark session for analytics: the process's one session (armsflow.spark)."""
    from armsflow.spark import spark_session as shared

    return shared(master, app="armsflow-analytics")


def analytics_dir(settings: Settings) -> Path:
    """Where the Parquet export lives (``ARMSFLOW_ANALYTICS_DIR`` or ``DATA_DIR/analytics``)."""
    return settings.analytics_dir or settings.data_dir / "analytics"


SYNC_REBUILD_ROWS = 2_000_000
"""Up to this many exported traces an outdated in-memory copy is rebuilt before answering;
beyond, it is rebuilt in the background while the previous copy answers."""

_cache: dict[Path, tuple[tuple[object, ...], DuckDBEngine]] = {}
_building: set[Path] = set()
_cache_lock = threading.Lock()


def _stamp(folder: Path) -> tuple[object, ...]:
    """Changes whenever an export rewrites a file (names, sizes, modification times)."""
    files = sorted(p for sub in (FACTS_DIR, NATIONAL_DIR) for p in (folder / sub).glob(
        "*.parquet")) if folder.is_dir() else []
    return tuple((p.name, st.st_size, st.st_mtime_ns) for p in files for st in [p.stat()])


def _exported_rows(folder: Path) -> int:
    import json

    try:
        manifest = json.loads((folder / "manifest.json").read_text())
        return int(sum(manifest.get("years", {}).values()))
    except (OSError, ValueError):
        return 0


def cached_duckdb(folder: Path) -> DuckDBEngine:
    """A DuckDB engine holding the export in memory (ENUM-coded, about three times less
    work per report than reading the Parquet at each query), kept per process and rebuilt
    when the export's files change: before answering for small exports, in the background
    (the previous copy answering meanwhile) for large ones."""
    folder = folder.resolve()
    stamp = _stamp(folder)
    with _cache_lock:
        current = _cache.get(folder)
        if current is not None and current[0] == stamp:
            return current[1]
        background = current is not None and _exported_rows(folder) > SYNC_REBUILD_ROWS
        if background and folder in _building:
            return current[1]  # type: ignore[index]
        if background:
            _building.add(folder)
    if background:
        def build() -> None:
            try:
                fresh = DuckDBEngine(folder, materialize=True)
                with _cache_lock:
                    _cache[folder] = (stamp, fresh)
            finally:
                with _cache_lock:
                    _building.discard(folder)

        threading.Thread(target=build, name="analytics-duckdb-load", daemon=True).start()
        return current[1]  # type: ignore[index]
    fresh = DuckDBEngine(folder, materialize=True)
    with _cache_lock:
        _cache[folder] = (stamp, fresh)
    return fresh


def engine_named(name: str, settings: Settings | None = None,
                 db_engine: SAEngine | None = None) -> Engine:
    """The engine called ``name`` (duckdb, postgres, spark) configured from ``settings``
    (``db_engine``: the operational database's engine to reuse for ``postgres``)."""
    from armsflow.settings import get_settings

    settings = settings or get_settings()
    folder = analytics_dir(settings)
    if name == "duckdb":
        return cached_duckdb(folder)
    if name == "postgres":
        from armsflow.db.session import make_engine

        return PostgresEngine(db_engine or make_engine(settings.resolved_database_url()))
    if name == "spark":
        return SparkEngine(spark_session(settings.spark_master), folder)
    raise ValueError(f"unknown analytics engine {name!r}: duckdb, postgres or spark")


def default_engine(settings: Settings | None = None) -> Engine:
    """The configured engine (``ARMSFLOW_ANALYTICS_ENGINE``, default DuckDB)."""
    from armsflow.settings import get_settings

    settings = settings or get_settings()
    return engine_named(settings.analytics_engine, settings)
