"""API shape of an audit event."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class AuditEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    username: str
    agency_ori: str | None
    action: str
    object_type: str
    object_id: str | None
    reason: str | None
    detail: str | None
    ip: str | None


class AuditPage(BaseModel):
    items: list[AuditEventRead]
    total: int
