"""Every difference between SQLite and PostgreSQL lives here, and nowhere else."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Table, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.sql.dml import Insert


def engine_options(url: str) -> dict[str, Any]:
    """Connection options per dialect."""
    if url.startswith("sqlite"):
        # The web server handles requests in worker threads.
        return {"connect_args": {"check_same_thread": False, "timeout": 30}}
    return {"pool_pre_ping": True, "pool_size": 5, "max_overflow": 10}


def sqlite_on_connect(dbapi_conn: Any, _record: Any) -> None:
    """WAL for concurrent readers, enforced foreign keys, a cache sized for bulk imports."""
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA cache_size=-200000")
    cur.execute("PRAGMA temp_store=MEMORY")
    cur.close()
    # PostgreSQL has reverse(); SQLite gets it here, deterministic so that an index may use
    # it (firearms' reversed-serial index: damaged serials whose start is lost)
    dbapi_conn.create_function("reverse", 1, _reverse, deterministic=True)


def _reverse(value: str | None) -> str | None:
    return None if value is None else value[::-1]


def insert_ignore(conn: Connection, table: Table) -> Insert:
    """INSERT that skips rows colliding with a unique constraint (idempotent loads)."""
    if conn.dialect.name == "postgresql":
        return pg_insert(table).on_conflict_do_nothing()
    return sqlite_insert(table).on_conflict_do_nothing()


def create_staging_table(conn: Connection, name: str, columns: Sequence[tuple[str, str]]) -> None:
    """A temporary table for one import; it vanishes with the connection."""
    cols = ", ".join(f"{col} {typ}" for col, typ in columns)
    conn.execute(text(f"DROP TABLE IF EXISTS {name}"))
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"CREATE TEMPORARY TABLE {name} ({cols}) ON COMMIT DROP"))
    else:
        conn.execute(text(f"CREATE TEMPORARY TABLE {name} ({cols})"))


def bulk_load(
    conn: Connection, name: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Load rows fast: COPY on PostgreSQL, executemany on SQLite. Never row by row via the ORM."""
    if conn.dialect.name == "postgresql":
        raw = conn.connection.dbapi_connection
        assert raw is not None
        sql = f"COPY {name} ({', '.join(columns)}) FROM STDIN"
        with raw.cursor() as cur, cur.copy(sql) as copy:  # type: ignore[attr-defined]
            for row in rows:
                copy.write_row(row)
        return
    placeholders = ", ".join("?" for _ in columns)
    raw = conn.connection.dbapi_connection
    assert raw is not None
    cur = raw.cursor()
    # Table and column names come from code, never from input.
    sql = f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608
    cur.executemany(sql, rows)  # type: ignore[arg-type]  # sqlite3 streams any iterable
    cur.close()


APPEND_ONLY_TRIGGERS = {
    "postgresql": [
        """
        CREATE OR REPLACE FUNCTION armsflow_append_only() RETURNS trigger AS $$
        BEGIN
          RAISE EXCEPTION 'audit records cannot be changed or deleted';
        END;
        $$ LANGUAGE plpgsql
        """,
        """
        CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION armsflow_append_only()
        """,
    ],
    "sqlite": [
        """
        CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit records cannot be changed or deleted'); END
        """,
        """
        CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit records cannot be changed or deleted'); END
        """,
    ],
}


def append_only_trigger_sql(dialect_name: str) -> list[str]:
    """SQL that makes the audit table append-only at the database level."""
    return APPEND_ONLY_TRIGGERS[dialect_name]


def prepare_bulk(conn: Connection) -> None:
    """Before a bulk import, as the first statement of its transaction.

    SQLite keeps temporary (staging) tables in a file rather than in memory, so a large
    import's memory stays bounded by the page caches. PostgreSQL gets, for this
    transaction only, enough work_mem for the set-based joins and aggregates over the
    staging table to run in memory."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA temp_store=FILE")
        conn.exec_driver_sql("PRAGMA temp.cache_size=-32768")
    else:
        conn.exec_driver_sql("SET LOCAL work_mem = '128MB'")


def refresh_statistics(conn: Connection) -> None:
    """After a large import has committed: the query planner's statistics catch up with the
    new rows (PostgreSQL's autovacuum would get there later; until then a fresh 10-million
    row table can be planned as if it were empty). Its own transaction."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA optimize")
    else:
        conn.exec_driver_sql("ANALYZE")
    conn.commit()


def end_bulk(conn: Connection) -> None:
    """After a bulk import's transaction ended: the connection goes back to the pool with
    the settings :func:`sqlite_on_connect` gave it."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA temp_store=MEMORY")
