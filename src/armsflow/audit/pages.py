"""Page: the audit log, for administrators. Read-only by design."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from armsflow.audit.service import AuditQuery, search
from armsflow.auth.policy import Permission, require
from armsflow.web.deps import CurrentUser, Db
from armsflow.web.render import page

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 100


@router.get("/audit")
def audit_log(
    request: Request, db: Db, user: CurrentUser, username: str | None = None,
    action: str | None = None, object_type: str | None = None, offset: int = 0,
) -> Response:
    require(user, Permission.READ_AUDIT)
    query = AuditQuery(username=username or None, action=action or None,
                       object_type=object_type or None, limit=PAGE_SIZE, offset=max(offset, 0))
    rows, total = search(db, query)
    return page(request, "audit.html", events=rows, total=total, query=query,
                page_size=PAGE_SIZE)
