"""Audit API: read-only, administrators only. There is no write, update or delete route."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from armsflow.audit.schemas import AuditEventRead, AuditPage
from armsflow.audit.service import AuditQuery, search
from armsflow.auth.policy import Permission, require
from armsflow.web.api_errors import COMMON_ERRORS
from armsflow.web.deps import CurrentUser, Db

router = APIRouter(prefix="/api/v1", tags=["audit"], responses=COMMON_ERRORS)


@router.get("/audit", response_model=AuditPage)
def list_audit(
    db: Db, user: CurrentUser,
    username: Annotated[str | None, Query(max_length=64)] = None,
    action: Annotated[str | None, Query(max_length=40)] = None,
    object_type: Annotated[str | None, Query(max_length=40)] = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> AuditPage:
    require(user, Permission.READ_AUDIT)
    rows, total = search(db, AuditQuery(username=username, action=action,
                                        object_type=object_type, since=since, until=until,
                                        limit=limit, offset=offset))
    return AuditPage(items=[AuditEventRead.model_validate(r) for r in rows], total=total)
