"""Web pages of the leads feature: the work queue (/leads) and one lead (/leads/{id}) with
its explanation, evidence, people, history, a link to the network view and the disposition
form. Thin: they call armsflow.leads.service, as the API does."""

from __future__ import annotations

from typing import Annotated, TypeVar

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from armsflow.errors import ArmsFlowError
from armsflow.leads import service
from armsflow.leads.schemas import DispositionCreate
from armsflow.leads.signals import (
    KIND_LABELS,
    LINK_LABELS,
    PRIORITY_LABELS,
    STATUS_LABELS,
    Disposition,
    Priority,
    Subject,
)
from armsflow.tracing.page_text import OUTCOME_LABELS
from armsflow.tracing.vocab import EXPLANATIONS, Indicator, Reason
from armsflow.web.deps import CurrentUser, Db, check_form_csrf
from armsflow.web.render import page

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50


def _labels() -> dict[str, dict[str, str]]:
    return {"kind": KIND_LABELS, "priority": PRIORITY_LABELS, "status": STATUS_LABELS,
            "link": LINK_LABELS, "outcome": OUTCOME_LABELS,
            "reason": {r.value: EXPLANATIONS[r] for r in Reason},
            "indicator": {i.value: EXPLANATIONS[i] for i in Indicator}}


def _lang(request: Request) -> str:
    return str(getattr(request.state, "lang", "en"))


E = TypeVar("E", Subject, Priority, Disposition)


def _enum(enum: type[E], value: str | None) -> E | None:
    """A filter value from the query string; an unknown one is ignored (no filter)."""
    try:
        return enum(value) if value else None
    except ValueError:
        return None


@router.get("/leads")
def queue(request: Request, db: Db, user: CurrentUser, kind: str | None = None,
          priority: str | None = None, status: str | None = None, state: str | None = None,
          ref: str | None = None, offset: int = 0) -> Response:
    q = service.LeadQuery(
        kind=_enum(Subject, kind), priority=_enum(Priority, priority),
        status=_enum(Disposition, status), state=(state or "").strip()[:3] or None,
        ref=(ref or "").strip()[:60] or None, limit=PAGE_SIZE, offset=max(offset, 0))
    result = service.list_leads(db, user, q)
    filters = {"kind": kind or "", "priority": priority or "", "status": status or "",
               "state": state or "", "ref": ref or ""}
    return page(request, "leads/queue.html", leads=result.items, total=result.total,
                filters=filters, offset=q.offset, page_size=PAGE_SIZE,
                kinds=list(Subject), priorities=list(Priority), statuses=list(Disposition),
                labels=_labels())


def _detail(request: Request, db: Db, user: CurrentUser, lead_id: int, status_code: int = 200,
            error: str | None = None, form: dict[str, str] | None = None) -> Response:
    lead = service.get_lead(db, user, lead_id, _lang(request))
    return page(request, "leads/detail.html", status_code=status_code, lead=lead,
                statuses=list(Disposition), error=error, form=form or {},
                labels=_labels())


@router.get("/leads/{lead_id}")
def detail(request: Request, db: Db, user: CurrentUser, lead_id: int) -> Response:
    return _detail(request, db, user, lead_id)


@router.post("/leads/{lead_id}/disposition")
def dispose(request: Request, db: Db, user: CurrentUser, lead_id: int,
            status: Annotated[str, Form()], reason: Annotated[str, Form()] = "",
            assigned_to: Annotated[str, Form()] = "", case_ref: Annotated[str, Form()] = "",
            csrf_token: Annotated[str, Form()] = "") -> Response:
    check_form_csrf(request, csrf_token)
    form = {"status": status, "reason": reason, "assigned_to": assigned_to,
            "case_ref": case_ref}
    try:
        body = DispositionCreate(status=status, reason=reason,
                                 assigned_to=assigned_to or None, case_ref=case_ref or None)
        service.dispose(db, user, lead_id, body)
    except ValidationError as exc:
        first = exc.errors()[0]
        msg = f"{'.'.join(str(x) for x in first['loc'])}: {first['msg']}"
        return _detail(request, db, user, lead_id, 422, error=msg, form=form)
    except ArmsFlowError as exc:
        if exc.status_code != 422:
            raise
        return _detail(request, db, user, lead_id, 422, error=exc.message, form=form)
    return RedirectResponse(f"/leads/{lead_id}#history", status_code=303)
