"""Records requests: when the next licensee's records are not on file, the trace waits on
a request to that licensee. The licensee answers through a link carrying a secret token
(only its SHA-256 is stored); the answer puts the trace back in the queue, where the
engine uses it as one more disposition. Overdue requests are escalated."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from pydantic import SecretStr
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from armsflow.db.base import utcnow
from armsflow.errors import Conflict, InvalidInput, NotFound
from armsflow.registry.models import Licensee
from armsflow.tracing import store
from armsflow.tracing.models import RecordsRequest, Trace
from armsflow.tracing.vocab import (
    DEADLINE_HOURS,
    Priority,
    RecordsAnswer,
    RecordsRequestStatus,
    TraceStatus,
)
from armsflow.types.errors import InvalidValue
from armsflow.types.ffl import FFLNumber


def token_for(secret: str | SecretStr | None, trace_id: int, licensee_id: int) -> str:
    """The licensee's answer token: derived from the server secret, so the link can be
    sent again without storing it. Without a secret there is no token: one derived from
    a well-known default could be forged by anyone."""
    key = secret.get_secret_value() if isinstance(secret, SecretStr) else secret
    if not key:
        raise ValueError("records requests need the server secret key (settings."
                         "resolved_secret_key()) to derive the licensee's answer token")
    msg = f"records:{trace_id}:{licensee_id}".encode()
    return hmac.new(key.encode(), msg, hashlib.sha256).hexdigest()[:32]


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_requests(db: Session, waiting: Sequence[tuple[Any, int]], *,
                  secret: str | SecretStr | None) -> None:
    """One open request per trace and licensee (a second run does not duplicate it);
    sending each is a trace event."""
    now = utcnow()
    opened: list[RecordsRequest] = []
    for trace, licensee_id in waiting:
        token_hash = _hash(token_for(secret, trace.id, licensee_id))
        if db.scalar(select(RecordsRequest.id).where(RecordsRequest.token_hash == token_hash)):
            continue
        hours = DEADLINE_HOURS[Priority(trace.priority)]
        rr = RecordsRequest(trace_id=trace.id, licensee_id=licensee_id,
                            status=RecordsRequestStatus.OPEN, token_hash=token_hash,
                            created_at=now, due_at=now + timedelta(hours=hours))
        db.add(rr)
        opened.append(rr)
    db.flush()
    if not opened:
        return
    ffl = dict(db.execute(select(Licensee.id, Licensee.ffl).where(
        Licensee.id.in_({rr.licensee_id for rr in opened}))).all())
    store.add_events(db, [(rr.trace_id, TraceStatus.AWAITING_RECORDS,
                           TraceStatus.AWAITING_RECORDS,
                           f"records request {rr.id} sent to licensee "
                           f"{ffl.get(rr.licensee_id) or rr.licensee_id}, answer due "
                           f"{rr.due_at:%Y-%m-%d %H:%M} UTC") for rr in opened],
                     actor="system")


def by_token(db: Session, token: str) -> RecordsRequest:
    rr = db.scalar(select(RecordsRequest).where(RecordsRequest.token_hash == _hash(token)))
    if rr is None:
        raise NotFound("no records request matches this link")
    return rr


def answer(db: Session, token: str, *, answer: str, day: date | None,
           license: str | None = None, purchaser: str | None = None,
           note: str | None = None) -> RecordsRequest:
    """Record a licensee's answer and put the trace back in the queue."""
    by_token(db, token)  # 404 first, for a link that matches nothing
    # the row is locked so that two answers sent at once cannot both be taken
    rr = db.scalars(select(RecordsRequest).where(RecordsRequest.token_hash == _hash(token))
                    .with_for_update()).one()
    if rr.status == RecordsRequestStatus.ANSWERED:
        raise Conflict("this records request has already been answered")
    try:
        kind = RecordsAnswer(answer)
    except ValueError:
        raise InvalidInput("answer: choose one of " + ", ".join(a.value for a in RecordsAnswer),
                           field="answer") from None
    _check_answer(kind, day, license, purchaser)
    if kind == RecordsAnswer.TRANSFERRED_TO_LICENSEE:
        license = _licensee_ffl(db, license or "")
    rr.status, rr.answer, rr.answered_at = RecordsRequestStatus.ANSWERED, kind, utcnow()
    rr.answer_date, rr.answer_license = day, license
    rr.answer_purchaser, rr.answer_note = purchaser, note
    moved = db.execute(update(Trace).where(Trace.id == rr.trace_id,
                                           Trace.status == TraceStatus.AWAITING_RECORDS)
                       .values(status=TraceStatus.PENDING))
    if moved.rowcount:  # type: ignore[attr-defined]
        store.add_events(db, [(rr.trace_id, TraceStatus.AWAITING_RECORDS, TraceStatus.PENDING,
                               f"records request {rr.id} answered: {kind.value}")],
                         actor=f"licensee {rr.licensee_id}")
    db.flush()
    return rr


def _licensee_ffl(db: Session, text: str) -> str:
    """The FFL number on file of the licensee a records answer names (written dashed,
    spaced or compact; matched on region, district and sequence, which survive renewal)."""
    try:
        number = FFLNumber.parse(text)
    except InvalidValue as exc:
        raise InvalidInput(f"license: {exc}", field="license") from None
    ffl = db.scalar(select(Licensee.ffl).where(Licensee.license_key == number.rds_key))
    if ffl is None:
        raise InvalidInput(f"license: no licensee {number} is on file; check the number",
                           field="license")
    return ffl


def _check_answer(kind: RecordsAnswer, day: date | None, license: str | None,
                  purchaser: str | None) -> None:
    if kind != RecordsAnswer.NO_RECORD and day is None:
        raise InvalidInput("date: give the date of the sale or transfer", field="date")
    if kind == RecordsAnswer.TRANSFERRED_TO_LICENSEE and not license:
        raise InvalidInput("license: give the FFL number of the licensee that received it",
                           field="license")
    if kind == RecordsAnswer.SOLD_TO_PURCHASER and not purchaser:
        raise InvalidInput("purchaser: give the purchaser's name and date of birth "
                           "(Form 4473)", field="purchaser")


def escalate_overdue(db: Session, *, now: datetime | None = None) -> int:
    """Escalate every open request past its deadline (at ``now``, default the present);
    each escalation is a trace event."""
    now = now or utcnow()
    overdue = list(db.scalars(select(RecordsRequest).where(
        RecordsRequest.status == RecordsRequestStatus.OPEN, RecordsRequest.due_at < now)))
    for rr in overdue:
        rr.status, rr.escalated_at = RecordsRequestStatus.ESCALATED, now
    store.add_events(db, [(rr.trace_id, TraceStatus.AWAITING_RECORDS,
                           TraceStatus.AWAITING_RECORDS,
                           f"records request {rr.id} overdue: escalated") for rr in overdue],
                     actor="system")
    db.flush()
    return len(overdue)


def for_trace(db: Session, trace_id: int) -> list[dict[str, Any]]:
    rows = db.scalars(select(RecordsRequest).where(RecordsRequest.trace_id == trace_id)
                      .order_by(RecordsRequest.id))
    return [{"id": r.id, "licensee_id": r.licensee_id, "status": r.status,
             "due_at": r.due_at, "answer": r.answer, "answered_at": r.answered_at}
            for r in rows]
