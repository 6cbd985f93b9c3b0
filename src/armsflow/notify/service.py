"""Notify users: an inbox row in the caller's transaction, e-mail after it commits.

Any feature may call :func:`notify` (cases for deconfliction hits, operations for event
conflicts). E-mail is sent by :func:`deliver_pending`, which the web layer runs after the
request's commit and the CLI after its unit of work; it never raises (a mail server that
is down must not undo a registered case), it records the failure on the row instead.

Subjects and bodies may be :data:`Text`: a function of ``gettext`` that composes the text
(``lambda _: _("Hit on your case %(n)s") % {"n": n}``), rendered in each recipient's own
language (``users.language``), so the inbox row and the e-mail read in English or Spanish
as the person chose. Plain strings are sent as they are.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from armsflow.auth.models import User
from armsflow.db.base import utcnow
from armsflow.db.session import unit_of_work
from armsflow.notify.models import Notification
from armsflow.settings import Settings

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
Gettext = Callable[[str], str]
Text = str | Callable[[Gettext], str]


@dataclass(frozen=True)
class Message:
    """One notification for one user."""

    user_id: int
    topic: str
    subject: Text
    body: Text
    link: str | None = None
    email: bool = True


def render(text: Text, language: str) -> str:
    """``text`` in ``language`` (English when the catalog has no translation)."""
    if isinstance(text, str):
        return text
    from armsflow.web.i18n import translations

    return text(translations(language).gettext)


def notify_many(db: Session, messages: Sequence[Message]) -> list[Notification]:
    """An inbox row per message to an active user (one query for all the users); e-mail
    queued when the user has an address and the message wants it. Nothing is sent here;
    the rows are written with the caller's next flush or commit."""
    ids = sorted({m.user_id for m in messages})
    if not ids:
        return []
    users: dict[int, tuple[str | None, str]] = {
        uid: (email, language or "en") for uid, email, language in db.execute(
            select(User.id, User.email, User.language).where(
                User.id.in_(ids), User.active.is_(True)))}
    rows = []
    for m in messages:
        if m.user_id not in users:
            continue
        address, language = users[m.user_id]
        to = address if m.email else None
        rows.append(Notification(user_id=m.user_id, topic=m.topic,
                                 subject=render(m.subject, language)[:200],
                                 body=render(m.body, language), link=m.link, email_to=to,
                                 email_status="pending" if to else "none"))
    db.add_all(rows)
    return rows


def notify(db: Session, user_ids: Iterable[int], *, topic: str, subject: Text, body: Text,
           link: str | None = None, email: bool = True) -> list[Notification]:
    """The same message to several users (see :func:`notify_many`)."""
    return notify_many(db, [Message(u, topic, subject, body, link, email)
                            for u in sorted(set(user_ids))])


def inbox(db: Session, user_id: int, *, unread_only: bool = False,
          limit: int = 50) -> Sequence[Notification]:
    stmt = select(Notification).where(Notification.user_id == user_id)
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    return db.scalars(stmt.order_by(Notification.id.desc()).limit(limit)).all()


def unread_count(db: Session, user_id: int) -> int:
    return int(db.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None))) or 0)


def mark_read(db: Session, user_id: int, ids: Iterable[int] | None = None,
              now: datetime | None = None) -> None:
    stmt = update(Notification).where(Notification.user_id == user_id,
                                      Notification.read_at.is_(None))
    if ids is not None:
        stmt = stmt.where(Notification.id.in_(list(ids)))
    db.execute(stmt.values(read_at=now or utcnow()))


def _message(settings: Settings, row: Notification) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = settings.smtp_from
    msg["To"] = row.email_to or ""
    msg["Subject"] = row.subject
    msg.set_content(row.body)
    return msg


def _send(settings: Settings, messages: list[EmailMessage]) -> None:
    assert settings.smtp_host
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=20) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_user:
            password = settings.smtp_password.get_secret_value() if settings.smtp_password \
                else ""
            smtp.login(settings.smtp_user, password)
        for msg in messages:
            smtp.send_message(msg)


def deliver_pending(session_factory: sessionmaker[Session], settings: Settings,
                    limit: int = 500) -> int:
    """Send queued e-mail (committed rows only); returns how many went out. With no SMTP
    host configured the queue is left as it is (e-mail is off)."""
    if not settings.smtp_host:
        return 0
    with unit_of_work(session_factory) as db:
        rows = db.scalars(select(Notification).where(
            Notification.email_status == "pending").order_by(Notification.id)
            .limit(limit)).all()
        if not rows:
            return 0
        try:
            _send(settings, [_message(settings, r) for r in rows])
        except (OSError, smtplib.SMTPException) as exc:
            log.warning("e-mail delivery failed: %s", exc)
            for r in rows:
                r.email_attempts += 1
                r.email_error = str(exc)[:300]
                if r.email_attempts >= MAX_ATTEMPTS:
                    r.email_status = "failed"
            return 0
        now = utcnow()
        for r in rows:
            r.email_status, r.emailed_at, r.email_attempts = "sent", now, r.email_attempts + 1
        return len(rows)
