"""Pages: registry search (serial, licensee, purchaser), firearm and licensee detail."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from armsflow.auth.policy import Permission, allowed
from armsflow.errors import ArmsFlowError
from armsflow.registry import service
from armsflow.web.deps import CurrentUser, Db, check_form_csrf
from armsflow.web.render import page

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50


@router.get("/registry")
def registry(
    request: Request, db: Db, user: CurrentUser, tab: str = "firearms",
    serial: str | None = None, q: str | None = None, state: str | None = None,
    license_type: str | None = None, offset: int = 0,
) -> Response:
    ctx: dict[str, Any] = {"tab": tab, "serial": serial or "", "q": q or "",
                              "state": state or "", "license_type": license_type or ""}
    try:
        if tab == "firearms" and serial:
            ctx["firearms"] = service.search_firearms(db, user, serial=serial)
        elif tab == "licensees" and (q or state or license_type):
            items, total = service.search_licensees(
                db, user, q=q, state=state or None, license_type=license_type or None,
                limit=PAGE_SIZE, offset=max(offset, 0))
            ctx.update(licensees=items, total=total, offset=max(offset, 0), page_size=PAGE_SIZE)
    except ArmsFlowError as exc:
        ctx["error"] = exc.message
    return page(request, "registry/search.html", **ctx)


@router.post("/registry/purchasers")
def purchaser_search(
    request: Request, db: Db, user: CurrentUser,
    csrf_token: Annotated[str, Form()], last_name: Annotated[str, Form()],
    reason: Annotated[str, Form()], first_name: Annotated[str | None, Form()] = None,
    dob: Annotated[str | None, Form()] = None,
) -> Response:
    """Purchaser search is a POST: it needs a stated reason and is written to the audit log."""
    check_form_csrf(request, csrf_token)
    ctx: dict[str, Any] = {"tab": "purchasers", "last_name": last_name,
                              "first_name": first_name or "", "dob": dob or "", "reason": reason}
    try:
        when = date.fromisoformat(dob) if dob else None
    except ValueError:
        ctx["error"] = "dob: use YYYY-MM-DD"
        return page(request, "registry/search.html", status_code=422, **ctx)
    try:
        ctx["purchasers"] = service.search_purchasers(
            db, user, last_name=last_name, first_name=first_name or None, dob=when, reason=reason)
    except ArmsFlowError as exc:
        ctx["error"] = exc.message
        return page(request, "registry/search.html", status_code=exc.status_code, **ctx)
    return page(request, "registry/search.html", **ctx)


@router.get("/firearms/{firearm_id}")
def firearm(request: Request, db: Db, user: CurrentUser, firearm_id: int) -> Response:
    detail = service.get_firearm(db, user, firearm_id)
    return page(request, "registry/firearm.html", fa=detail,
                entitled=allowed(user, Permission.READ_PERSONAL_DATA))


@router.get("/licensees/{licensee_id}")
def licensee(request: Request, db: Db, user: CurrentUser, licensee_id: int) -> Response:
    return page(request, "registry/licensee.html", lic=service.get_licensee(db, user, licensee_id))


@router.post("/purchasers/{purchaser_id}")
def purchaser(
    request: Request, db: Db, user: CurrentUser, purchaser_id: int,
    csrf_token: Annotated[str, Form()], reason: Annotated[str, Form()],
) -> Response:
    """Reveal one purchaser record, with a reason (audited). HTMX swaps in the card."""
    check_form_csrf(request, csrf_token)
    try:
        detail = service.get_purchaser(db, user, purchaser_id, reason=reason)
    except ArmsFlowError as exc:
        return page(request, "registry/_purchaser.html", status_code=200, error=exc.message,
                    purchaser_id=purchaser_id)
    return page(request, "registry/_purchaser.html", p=detail, purchaser_id=purchaser_id)
