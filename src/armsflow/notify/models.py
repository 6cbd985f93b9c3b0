"""The notification table: an in-application inbox row per user, and its e-mail outbox state.

Rows are written in the caller's transaction; e-mail goes out only after that transaction
commits (``armsflow.notify.service.deliver_pending``), so a rolled-back change never mails.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from armsflow.db.base import Base, UTCDateTime, utcnow


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_read", "user_id", "read_at"),
        Index("ix_notifications_email_status", "email_status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    topic: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # none (no address or e-mail off) | pending | sent | failed
    email_to: Mapped[str | None] = mapped_column(String(254))
    email_status: Mapped[str] = mapped_column(String(10), default="none")
    email_attempts: Mapped[int] = mapped_column(Integer, default=0)
    email_error: Mapped[str | None] = mapped_column(String(300))
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
