"""Web pages of the cases feature: case list, new case, case page (identifiers, sharing,
status, hits), hits inbox with acknowledge and resolve. Thin: the same service calls as
the API (armsflow.cases.endpoints)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from armsflow.cases import schemas, service
from armsflow.cases.drafts import parse_case, parse_identifiers
from armsflow.cases.endpoints import rules, send_mail_later
from armsflow.cases.identifiers import FIELDS as ID_FIELDS
from armsflow.cases.models import HitParty
from armsflow.cases.policy import require_cases
from armsflow.errors import ArmsFlowError
from armsflow.notify import service as notify
from armsflow.web.api_errors import RecordId
from armsflow.web.deps import CurrentUser, Db, check_form_csrf
from armsflow.web.render import page

router = APIRouter(include_in_schema=False)


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: v.strip() for k, v in form.items() if isinstance(v, str)}


FormFields = Annotated[dict[str, str], Depends(_form)]


def _identifier_fields(fields: dict[str, str]) -> dict[str, str] | None:
    """The identifier part of a form, or None when left empty."""
    if not fields.get("kind"):
        return None
    return {k: fields.get(k, "") for k in ID_FIELDS}


@router.get("/cases")
def case_list(request: Request, db: Db, user: CurrentUser, status: str = "",
              q: str = "") -> Response:
    rows, _total = service.list_cases(db, user, status=status or None, q=q[:100] or None,
                                      limit=200)
    oris = {k: a.ori for k, a in service.agency_names(db, {c.agency_id for c in rows}).items()}
    pending = len(service.hits_for(db, user, status="pending"))
    return page(request, "cases/list.html", cases=rows, oris=oris, status=status, q=q,
                pending=pending)


@router.get("/cases/new")
def new_case(request: Request, user: CurrentUser) -> Response:
    require_cases(user)
    return page(request, "cases/new.html", f={"status": "open"}, problems=[])


@router.post("/cases/new")
def create_case(request: Request, tasks: BackgroundTasks, db: Db, user: CurrentUser,
                fields: FormFields) -> Response:
    check_form_csrf(request, fields.get("csrf_token"))
    require_cases(user)
    draft, problems = parse_case(fields)
    ident = _identifier_fields(fields)
    parsed, bad = parse_identifiers([ident] if ident else [])
    problems += [(f, reason) for _i, f, reason in bad]
    if draft is not None and not problems:
        draft.identifiers = parsed
        draft.shared_with = [s.upper() for s in fields.get("shared_with", "").replace(
            ",", " ").split() if s]
        try:
            case, hits = service.create_case(db, user, draft, rules(request))
        except ArmsFlowError as exc:
            problems.append((exc.field or "", exc.message))
        else:
            send_mail_later(request, tasks)
            return RedirectResponse(f"/cases/{case.id}?hits={len(hits)}", status_code=303)
    db.rollback()
    return page(request, "cases/new.html", status_code=422, f=fields, problems=problems)


@router.get("/cases/hits")
def hits_inbox(request: Request, tasks: BackgroundTasks, db: Db, user: CurrentUser,
               status: str = "pending") -> Response:
    """The agency's hits; overdue ones are escalated as the page loads."""
    require_cases(user)
    if service.escalate_overdue(db):
        send_mail_later(request, tasks)
    wanted = status if status in {"pending", "resolved"} else None
    hits = [schemas.hit_read(db, user, h) for h in service.hits_for(db, user, status=wanted)]
    notes = notify.inbox(db, user.user_id, limit=20)
    notify.mark_read(db, user.user_id)
    return page(request, "cases/hits.html", hits=hits, status=status if wanted else "all",
                notes=notes)


@router.get("/cases/hits/{hit_id}")
def hit_page(request: Request, db: Db, user: CurrentUser, hit_id: RecordId) -> Response:
    return page(request, "cases/hit.html",
                h=schemas.hit_read(db, user, service.get_hit(db, user, hit_id)))


def _back(request: Request, fallback: str) -> str:
    referer = request.headers.get("referer", "")
    path = referer.split("://", 1)[-1].partition("/")[2]
    return f"/{path}" if path.startswith("cases") else fallback


@router.post("/cases/hits/{hit_id}/acknowledge")
def acknowledge(request: Request, db: Db, user: CurrentUser, hit_id: RecordId,
                fields: FormFields) -> Response:
    check_form_csrf(request, fields.get("csrf_token"))
    service.acknowledge(db, user, hit_id)
    return RedirectResponse(_back(request, "/cases/hits"), status_code=303)


@router.post("/cases/hits/{hit_id}/resolve")
def resolve(request: Request, tasks: BackgroundTasks, db: Db, user: CurrentUser,
            hit_id: RecordId, fields: FormFields) -> Response:
    check_form_csrf(request, fields.get("csrf_token"))
    service.resolve(db, user, hit_id, fields.get("resolution", ""), fields.get("note"))
    send_mail_later(request, tasks)
    return RedirectResponse(_back(request, "/cases/hits"), status_code=303)


def _case_page(request: Request, db: Db, user: CurrentUser, case_id: int,
               status_code: int = 200, **ctx: Any) -> Response:
    case = service.get_case(db, user, case_id)
    view = schemas.case_read(db, user, case)
    hits = []
    if case.agency_id == user.agency_id:
        ids = db.scalars(select(HitParty.hit_id).where(HitParty.case_id == case.id)).all()
        hits = [schemas.hit_read(db, user, service.get_hit(db, user, i))
                for i in sorted(set(ids), reverse=True)]
    return page(request, "cases/case.html", status_code=status_code, c=view, hits=hits,
                **ctx)


@router.get("/cases/{case_id}")
def case_page(request: Request, db: Db, user: CurrentUser, case_id: RecordId,
              hits: int = 0) -> Response:
    return _case_page(request, db, user, case_id, created_hits=max(hits, 0))


@router.post("/cases/{case_id}/identifiers")
def add_identifier(request: Request, tasks: BackgroundTasks, db: Db, user: CurrentUser,
                   case_id: RecordId, fields: FormFields) -> Response:
    check_form_csrf(request, fields.get("csrf_token"))
    ident = _identifier_fields(fields)
    parsed, bad = parse_identifiers([ident] if ident else [])
    if not ident or bad:
        reason = f"{bad[0][1]}: {bad[0][2]}" if bad else "choose the kind of identifier"
        db.rollback()
        return _case_page(request, db, user, case_id, status_code=422, error=reason)
    _rows, hits = service.add_identifiers(db, user, case_id, parsed, rules(request))
    send_mail_later(request, tasks)
    return RedirectResponse(f"/cases/{case_id}?hits={len(hits)}", status_code=303)


@router.post("/cases/{case_id}/identifiers/{identifier_id}/delete")
def remove_identifier(request: Request, db: Db, user: CurrentUser, case_id: RecordId,
                      identifier_id: RecordId, fields: FormFields) -> Response:
    check_form_csrf(request, fields.get("csrf_token"))
    service.remove_identifier(db, user, case_id, identifier_id)
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.post("/cases/{case_id}/shares")
def share(request: Request, db: Db, user: CurrentUser, case_id: RecordId,
          fields: FormFields) -> Response:
    check_form_csrf(request, fields.get("csrf_token"))
    try:
        service.share_case(db, user, case_id, fields.get("agency_ori", "")[:9])
    except ArmsFlowError as exc:
        if exc.status_code in (401, 403, 404):
            raise
        db.rollback()
        return _case_page(request, db, user, case_id, status_code=422, error=exc.message)
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.post("/cases/{case_id}/shares/{ori}/delete")
def unshare(request: Request, db: Db, user: CurrentUser, case_id: RecordId, ori: str,
            fields: FormFields) -> Response:
    check_form_csrf(request, fields.get("csrf_token"))
    service.unshare_case(db, user, case_id, ori[:9])
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.post("/cases/{case_id}/status")
def change_status(request: Request, tasks: BackgroundTasks, db: Db, user: CurrentUser,
                  case_id: RecordId, fields: FormFields) -> Response:
    check_form_csrf(request, fields.get("csrf_token"))
    _case, hits = service.set_status(db, user, case_id, fields.get("status", ""),
                                     rules(request))
    send_mail_later(request, tasks)
    return RedirectResponse(f"/cases/{case_id}?hits={len(hits)}", status_code=303)
