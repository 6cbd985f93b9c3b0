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
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, insert, or_, select, update
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


def claim(db: Session, limit: int, *, lease_seconds: int = LEASE_SECONDS
          ) -> tuple[str, list[int]]:
    """Claim up to ``limit`` pending traces; returns the token and the claimed ids."""
    token = uuid.uuid4().hex
    ids = list(db.scalars(select(Trace.id).where(Trace.status == TraceStatus.PENDING)
                          .order_by(Trace.id).limit(limit)))
    if not ids:
        return token, []
    db.execute(update(Trace).where(Trace.id.in_(ids), Trace.status == TraceStatus.PENDING)
               .values(status=TraceStatus.RUNNING, claim_token=token,
                       claimed_by=worker_name(), attempts=Trace.attempts + 1,
                       lease_until=utcnow() + timedelta(seconds=lease_seconds)))
    # by id first: claim_token has no index, and scanning every trace per claim grows
    # with the table
    mine = list(db.scalars(select(Trace.id).where(Trace.id.in_(ids),
                                                  Trace.claim_token == token)
                           .order_by(Trace.id)))
    return token, mine


def add_events(db: Session, events: Sequence[tuple[int, str | None, str, str | None]],
               *, actor: str) -> None:
    if not events:
        return
    now = utcnow()
    # Core executemany: the ORM's bulk path costs several times more per row
    table: Any = TraceEvent.__table__
    db.connection().execute(insert(table), [
        {"trace_id": t, "at": now, "actor": actor, "from_status": f, "to_status": to,
         "note": note} for t, f, to, note in events])


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
    add_events(db, [(tid, TraceStatus.RUNNING, results[tid][0],
                     results[tid][1].outcome.value) for tid in sorted(mine)], actor=actor)
    return sorted(mine)


def pending_count(db: Session) -> int:
    from sqlalchemy import func

    return db.scalar(select(func.count()).select_from(Trace).where(
        or_(Trace.status == TraceStatus.PENDING, Trace.status == TraceStatus.RUNNING))) or 0


def claim_ids(db: Session, ids: Sequence[int], *, lease_seconds: int = LEASE_SECONDS
              ) -> tuple[str, list[int]]:
    """Claim these traces if still pending (a request resolving its own trace inline)."""
    token = uuid.uuid4().hex
    db.execute(update(Trace).where(Trace.id.in_(list(ids)), Trace.status == TraceStatus.PENDING)
               .values(status=TraceStatus.RUNNING, claim_token=token,
                       claimed_by=worker_name(), attempts=Trace.attempts + 1,
                       lease_until=utcnow() + timedelta(seconds=lease_seconds)))
    return token, list(db.scalars(select(Trace.id).where(Trace.id.in_(list(ids)),
                                                         Trace.claim_token == token)))
