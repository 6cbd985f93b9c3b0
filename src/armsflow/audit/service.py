"""Writing and reading the audit trail. There is deliberately no update or delete here."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from armsflow.audit.models import AuditEvent


@dataclass(frozen=True)
class Actor:
    """Who acts: a user of an agency, or the system itself (CLI run by an operator)."""

    user_id: int | None
    username: str
    agency_ori: str | None
    ip: str | None = None


SYSTEM = Actor(user_id=None, username="system", agency_ori=None)


def record(
    db: Session,
    *,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: str | int | None = None,
    reason: str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event in the caller's transaction (it commits or rolls back with it)."""
    event = AuditEvent(
        user_id=actor.user_id,
        username=actor.username,
        agency_ori=actor.agency_ori,
        ip=actor.ip,
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        reason=reason,
        detail=json.dumps(detail, default=str, sort_keys=True) if detail else None,
    )
    db.add(event)
    db.flush()
    return event


@dataclass(frozen=True)
class AuditQuery:
    username: str | None = None
    action: str | None = None
    object_type: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 100
    offset: int = 0


def _aware(moment: datetime | None) -> datetime | None:
    """Times given without a zone are read as UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def search(db: Session, query: AuditQuery) -> tuple[Sequence[AuditEvent], int]:
    """Audit events newest first, with the total count for paging."""
    stmt = select(AuditEvent)
    since, until = _aware(query.since), _aware(query.until)
    if query.username:
        stmt = stmt.where(AuditEvent.username == query.username)
    if query.action:
        stmt = stmt.where(AuditEvent.action == query.action)
    if query.object_type:
        stmt = stmt.where(AuditEvent.object_type == query.object_type)
    if since:
        stmt = stmt.where(AuditEvent.at >= since)
    if until:
        stmt = stmt.where(AuditEvent.at < until)
    total = db.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = db.scalars(
        stmt.order_by(AuditEvent.id.desc()).limit(query.limit).offset(query.offset)
    ).all()
    return rows, total
