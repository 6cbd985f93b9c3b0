"""Web pages of the monitoring feature: the compliance dashboard, the activities recorded,
the form to record one, and the gaps report (PDF). Thin: the API's service functions."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from armsflow.auth.policy import Permission, require
from armsflow.errors import ArmsFlowError
from armsflow.monitoring import labels, pdf, service
from armsflow.monitoring.endpoints import schedule_text, window
from armsflow.monitoring.schemas import ActivityCreate
from armsflow.monitoring.vocab import ActivityKind
from armsflow.web.deps import CurrentUser, Db, check_form_csrf
from armsflow.web.render import page

router = APIRouter(include_in_schema=False)


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


FormFields = Annotated[dict[str, str], Depends(_form)]


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


@router.get("/monitoring")
def dashboard_page(request: Request, db: Db, user: CurrentUser, since: str = "",
                   until: str = "") -> Response:
    start, end = window(_day(since), _day(until))
    board = service.dashboard(db, user, start, end, schedule_text=schedule_text(request))
    return page(request, "monitoring/dashboard.html", b=board, activities=labels.ACTIVITIES,
                every=labels.EVERY, gap_text=labels.gap_text)


@router.get("/monitoring/gaps.pdf")
def gaps_pdf(request: Request, db: Db, user: CurrentUser, since: str = "",
             until: str = "") -> Response:
    start, end = window(_day(since), _day(until))
    board = service.dashboard(db, user, start, end, schedule_text=schedule_text(request))
    body = pdf.gaps_pdf(board, lang=str(getattr(request.state, "lang", "en")))
    return Response(body, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{pdf.filename(board)}"',
                             "Cache-Control": "no-store"})


@router.get("/monitoring/activities")
def activities_page(request: Request, db: Db, user: CurrentUser, since: str = "",
                    until: str = "") -> Response:
    start, end = window(_day(since), _day(until))
    return page(request, "monitoring/activities.html",
                rows=service.list_activities(db, user, start, end), since=start, until=end,
                activities=labels.ACTIVITIES)


def _form_page(request: Request, f: dict[str, str], errors: dict[str, str] | None = None,
               status_code: int = 200) -> Response:
    return page(request, "monitoring/new.html", status_code=status_code, f=f,
                errors=errors or {}, activities=labels.ACTIVITIES,
                kinds=[k.value for k in ActivityKind])


@router.get("/monitoring/activities/new")
def new_activity(request: Request, user: CurrentUser) -> Response:
    require(user, Permission.MONITOR_COORDINATION)
    return _form_page(request, {"kind": "midlevel_meeting", "held_on": date.today().isoformat()})


def _lines(text: str) -> list[list[str]]:
    return [[c.strip() for c in line.split(",")] for line in text.splitlines() if line.strip()]


def _yes(text: str) -> bool:
    return text.strip().lower() in {"yes", "y", "si", "sí", "true", "1", "x"}


def parse_form(f: dict[str, str]) -> ActivityCreate:
    """Participants one per line ``name, agency[, absent]``; investigations one per line
    ``case number, lead agency, coordinated yes/no, information shared yes/no``."""
    people = [{"name": p[0], "agency": p[1] if len(p) > 1 else "",
               "attended": not (len(p) > 2 and p[2].lower() in {"absent", "ausente", "no"})}
              for p in _lines(f.get("participants", ""))]
    cases = [{"case_number": c[0], "lead_agency": c[1] if len(c) > 1 else "",
              "coordinated": len(c) > 2 and _yes(c[2]),
              "information_shared": len(c) > 3 and _yes(c[3])}
             for c in _lines(f.get("investigations", ""))]
    return ActivityCreate.model_validate({
        "kind": f.get("kind", ""), "held_on": f.get("held_on", ""),
        "title": f.get("title", "").strip(), "location": f.get("location") or None,
        "notes": f.get("notes") or None, "participants": people, "investigations": cases})


@router.post("/monitoring/activities/new")
def record_activity(request: Request, db: Db, user: CurrentUser, f: FormFields) -> Response:
    check_form_csrf(request, f.get("csrf_token"))
    require(user, Permission.MONITOR_COORDINATION)
    try:
        service.add(db, user, parse_form(f))
    except ValidationError as exc:
        errors = {str(e["loc"][0]): e["msg"] for e in exc.errors() if e["loc"]}
        return _form_page(request, f, errors, status_code=422)
    except ArmsFlowError as exc:
        db.rollback()
        return _form_page(request, f, {exc.field or "kind": exc.message}, status_code=422)
    return RedirectResponse("/monitoring/activities", status_code=303)
