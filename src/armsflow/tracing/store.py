"""Trace state SQL: claiming work, writing results and status changes, records requests.

Exactly once: a worker claims pending rows with a fresh ``claim_token`` (an UPDATE whose
WHERE re-checks the status, so two workers never hold one row), resolves them, and writes
each result with ``WHERE claim_token = :mine`` in the same transaction as the status
event. A worker killed before its commit leaves no result; its rows are taken over once
its lease ends or, on the same host, as soon as its process is gone.
"""

from __future__ import annotations

import json
import os
import socket
import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, insert, or_, select, text, update
from sqlalchemy.orm import Session

from armsflow.db.base import utcnow
from armsflow.tracing.facts import Result
from armsflow.tracing.models import Trace, TraceEvent
from armsflow.tracing.vocab import TraceStatus

LEASE_SECONDS = 120


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _alive(claimed_by: str) -> bool:
    """False when ``claimed_by`` names a process of this host that no longer exists."""
    host, _, pid = claimed_by.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not _zombie(int(pid))


def _zombie(pid: int) -> bool:
    """A killed process whose parent died too may linger unreaped (containers whose init
    does not reap): it holds nothing, so it counts as gone."""
    try:
        stat = open(f"/proc/{pid}/stat", encoding="ascii").read()  # noqa: SIM115
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[:1] == ["Z"]


def release_orphans(db: Session) -> int:
    """Give back rows claimed by dead processes of this host or with an expired lease."""
    rows = db.execute(select(Trace.id, Trace.claimed_by, Trace.lease_until)
                      .where(Trace.status == TraceStatus.RUNNING)).all()
    now = utcnow()
    dead = [r.id for r in rows
            if (r.lease_until and r.lease_until < now) or not _alive(r.claimed_by or "")]
    for start in range(0, len(dead), 500):
        part = dead[start:start + 500]
        db.execute(update(Trace).where(Trace.id.in_(part), Trace.status == TraceStatus.RUNNING)
                   .values(status=TraceStatus.PENDING, claim_token=None, claimed_by=None,
                           lease_until=None))
        add_events(db, [(i, TraceStatus.RUNNING, TraceStatus.PENDING,
                         "claimer gone; released") for i in part], actor="system")
    return len(dead)


def _postgres(db: Session) -> bool:
    return db.get_bind().dialect.name == "postgresql"


def claim(db: Session, limit: int, *, lease_seconds: int = LEASE_SECONDS
          ) -> tuple[str, list[int]]:
    """Claim up to ``limit`` pending traces; returns the token and the claimed ids.

    One statement: UPDATE ... WHERE id IN (the first pending ids) AND status = pending
    RETURNING id. On PostgreSQL the inner SELECT skips rows another worker is claiming
    (FOR UPDATE SKIP LOCKED); the outer status check keeps a row from being claimed twice
    on both databases (SQLite runs one writer at a time)."""
    token = uuid.uuid4().hex
    table: Any = Trace.__table__
    pending = (select(table.c.id).where(table.c.status == TraceStatus.PENDING)
               .order_by(table.c.id).limit(limit))
    if _postgres(db):
        pending = pending.with_for_update(skip_locked=True)
    stmt = (update(table)
            .where(table.c.id.in_(pending), table.c.status == TraceStatus.PENDING)
            .values(status=TraceStatus.RUNNING, claim_token=token, claimed_by=worker_name(),
                    attempts=table.c.attempts + 1,
                    lease_until=utcnow() + timedelta(seconds=lease_seconds))
            .returning(table.c.id))
    return token, sorted(db.connection().execute(stmt).scalars())


def add_events(db: Session, events: Sequence[tuple[int, str | None, str, str | None]],
               *, actor: str) -> None:
    if not events:
        return
    now = utcnow()
    if _postgres(db) and len(events) >= COPY_FROM:
        _copy(db, "COPY trace_events (trace_id, at, actor, from_status, to_status, note) "
                  "FROM STDIN",
              ((t, now, actor, f and str(f), str(to), note[:300] if note else note)
               for t, f, to, note in events))
        return
    table: Any = TraceEvent.__table__
    conn = db.connection()
    if conn.dialect.name == "sqlite":
        # the driver's executemany on plain tuples: SQLAlchemy's per-row parameter
        # processing costs more than SQLite's insert
        convert = table.c.at.type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
        at = convert(now) if convert else now
        conn.exec_driver_sql(
            "INSERT INTO trace_events (trace_id, at, actor, from_status, to_status, note) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(t, at, actor, f and str(f), str(to), note) for t, f, to, note in events])
        return
    # Core executemany: the ORM's bulk path costs several times more per row
    conn.execute(insert(table), [
        {"trace_id": t, "at": now, "actor": actor, "from_status": f, "to_status": to,
         "note": note} for t, f, to, note in events])


COPY_FROM = 50
"""From this many rows PostgreSQL writes go through COPY: executemany sends one statement
per row, and at bulk rates the client's per-row work is the bottleneck."""


def _copy(db: Session, sql: str, rows: Iterable[tuple[Any, ...]]) -> None:
    """COPY ``rows`` in the session's transaction (PostgreSQL, psycopg 3)."""
    raw: Any = db.connection().connection.driver_connection
    with raw.cursor() as cur, cur.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def _chain_json(result: Result) -> str:
    # what json.dumps([asdict(step) ...], default=str) gives, without asdict's deep copies
    return json.dumps([{"day": s.day.isoformat() if s.day else None, "kind": s.kind,
                        "source": s.source, "target": s.target, "note": s.note}
                       for s in result.chain])


def result_values(result: Result, now: datetime) -> dict[str, Any]:
    return {
        "outcome": result.outcome.value, "reason": result.reason.value,
        "origin": result.origin.value, "origin_country": result.origin_country,
        "firearm_id": result.firearm_id, "match_note": (result.match_note or "")[:200] or None,
        "source_licensee_id": result.source_licensee_id,
        "source_license": result.source_license, "source_state": result.source_state,
        "purchaser_id": result.purchaser_id, "purchaser_ref": result.purchaser_ref,
        "first_retail_sale_date": result.retail_sale_date, "ttc_days": result.ttc_days,
        "indicators": ",".join(i.value for i in result.indicators) or None,
        "chain_json": _chain_json(result), "resolved_at": now,
    }


def write_results(db: Session, token: str, results: dict[int, tuple[str, Result]],
                  *, actor: str) -> list[int]:
    """Write each (new status, result) if this claim still holds the row; the ids written."""
    now = utcnow()
    if _postgres(db) and len(results) >= COPY_FROM:
        written = _write_copied(db, token, results, now)
    elif _postgres(db):
        written = _write_each(db, token, results, now)
    else:
        written = _write_sqlite(db, token, results, now)
    add_events(db, [(tid, TraceStatus.RUNNING, results[tid][0],
                     results[tid][1].outcome.value) for tid in written], actor=actor)
    return written


def _write_each(db: Session, token: str, results: dict[int, tuple[str, Result]],
                now: datetime) -> list[int]:
    mine = set(db.scalars(select(Trace.id).where(Trace.id.in_(list(results)),
                                                 Trace.claim_token == token)
                          .with_for_update()))
    params = []
    for tid in sorted(mine):
        status, result = results[tid]
        values = result_values(result, now)
        values.update(b_id=tid, b_token=token, status=status, claim_token=None,
                      claimed_by=None, lease_until=None)
        params.append(values)
    if not params:
        return []
    table: Any = Trace.__table__
    stmt = update(table).where(table.c.id == bindparam("b_id"),
                               table.c.claim_token == bindparam("b_token"))
    db.connection().execute(stmt, params)
    return sorted(mine)


def _write_sqlite(db: Session, token: str, results: dict[int, tuple[str, Result]],
                  now: datetime) -> list[int]:
    """SQLite: the rows this claim holds, then one executemany of plain tuples (the date
    and time values converted once with the columns' own SQLAlchemy processors)."""
    conn = db.connection()
    mine = sorted(conn.exec_driver_sql(
        "SELECT id FROM traces WHERE id IN (SELECT value FROM json_each(?)) "
        "AND claim_token = ?", (json.dumps(list(results)), token)).scalars())
    if not mine:
        return []
    table: Any = Trace.__table__
    cols = [c for c, _t in _RESULT_COLUMNS]
    convert = {c: table.c[c].type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
               for c in cols}
    rows = []
    for tid in mine:
        status, result = results[tid]
        values = result_values(result, now)
        rows.append((str(status), *(convert[c](values[c]) if convert[c] else values[c]
                                    for c in cols), tid, token))
    sets = ", ".join(f"{c} = ?" for c in cols)  # constant names only
    conn.exec_driver_sql(
        f"UPDATE traces SET status = ?, {sets}, claim_token = NULL, "  # noqa: S608
        "claimed_by = NULL, lease_until = NULL WHERE id = ? AND claim_token = ?", rows)
    return mine


_RESULT_COLUMNS = (
    ("outcome", "varchar(24)"), ("reason", "varchar(32)"), ("origin", "varchar(16)"),
    ("origin_country", "varchar(2)"), ("firearm_id", "bigint"), ("match_note", "varchar(200)"),
    ("source_licensee_id", "integer"), ("source_license", "varchar(20)"),
    ("source_state", "varchar(3)"), ("purchaser_id", "bigint"),
    ("purchaser_ref", "varchar(64)"), ("first_retail_sale_date", "date"),
    ("ttc_days", "integer"), ("indicators", "varchar(400)"), ("chain_json", "text"),
    ("resolved_at", "timestamptz"),
)


def _write_copied(db: Session, token: str, results: dict[int, tuple[str, Result]],
                  now: datetime) -> list[int]:
    """PostgreSQL: COPY the results into a temporary table, then one UPDATE ... FROM it
    that writes only rows this claim still holds, returning their ids."""
    conn = db.connection()
    cols = [c for c, _t in _RESULT_COLUMNS]
    conn.exec_driver_sql(
        "CREATE TEMPORARY TABLE IF NOT EXISTS trace_results_stage (id bigint, "
        "status varchar(20), " + ", ".join(f"{c} {t}" for c, t in _RESULT_COLUMNS) +
        ") ON COMMIT DELETE ROWS")
    conn.exec_driver_sql("TRUNCATE trace_results_stage")
    _copy(db, f"COPY trace_results_stage (id, status, {', '.join(cols)}) FROM STDIN",
          ((tid, str(status), *(values[c] for c in cols))
           for tid, (status, result) in results.items()
           for values in (result_values(result, now),)))
    sets = ", ".join(f"{c} = s.{c}" for c in ["status", *cols])  # constant names only
    written = conn.execute(text(
        f"UPDATE traces AS t SET {sets}, claim_token = NULL, claimed_by = NULL, "  # noqa: S608
        "lease_until = NULL FROM trace_results_stage AS s "
        # the id list steers the planner to the primary key: claim_token's statistics
        # (nearly always NULL) would make it scan traces once per staged row
        "WHERE t.id = ANY(ARRAY(SELECT id FROM trace_results_stage)) AND t.id = s.id "
        "AND t.claim_token = :token RETURNING t.id"), {"token": token})
    return sorted(written.scalars())


def pending_count(db: Session) -> int:
    from sqlalchemy import func

    return db.scalar(select(func.count()).select_from(Trace).where(
        or_(Trace.status == TraceStatus.PENDING, Trace.status == TraceStatus.RUNNING))) or 0


def claim_ids(db: Session, ids: Sequence[int], *, lease_seconds: int = LEASE_SECONDS
              ) -> tuple[str, list[int]]:
    """Claim these traces if still pending (a request resolving its own trace inline)."""
    token = uuid.uuid4().hex
    table: Any = Trace.__table__
    stmt = (update(table)
            .where(table.c.id.in_(list(ids)), table.c.status == TraceStatus.PENDING)
            .values(status=TraceStatus.RUNNING, claim_token=token, claimed_by=worker_name(),
                    attempts=table.c.attempts + 1,
                    lease_until=utcnow() + timedelta(seconds=lease_seconds))
            .returning(table.c.id))
    return token, sorted(db.connection().execute(stmt).scalars())
