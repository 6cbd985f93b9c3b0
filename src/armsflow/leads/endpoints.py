"""REST API of the leads feature: the work queue, one lead (explanation, evidence, people,
disposition history) and dispositions. WORK_LEADS only (domestic investigators and
analysts); reads of people and every disposition are audited (armsflow.leads.service)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request

from armsflow.leads import service
from armsflow.leads.schemas import DispositionCreate, LeadPage, LeadRead
from armsflow.leads.signals import Disposition, Priority, Subject
from armsflow.web.api_errors import COMMON_ERRORS, RecordId
from armsflow.web.deps import CurrentUser, Db

router = APIRouter(prefix="/api/v1", tags=["leads"], responses=COMMON_ERRORS)


@router.get("/leads", response_model=LeadPage)
def list_leads(
    db: Db, user: CurrentUser,
    kind: Subject | None = None, priority: Priority | None = None,
    status: Disposition | None = None,
    state: Annotated[str | None, Query(max_length=3)] = None,
    assigned_to: Annotated[str | None, Query(max_length=64)] = None,
    ref: Annotated[str | None, Query(max_length=60, description="Subject reference contains")]
    = None,
    include_inactive: bool = False,
    limit: Annotated[int, Query(ge=1, le=service.MAX_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> LeadPage:
    """The work queue, highest score first, with filters."""
    return service.list_leads(db, user, service.LeadQuery(
        kind=kind, priority=priority, status=status, state=state, assigned_to=assigned_to,
        ref=ref, include_inactive=include_inactive, limit=limit, offset=offset))


@router.get("/leads/{lead_id}", response_model=LeadRead)
def get_lead(request: Request, db: Db, user: CurrentUser, lead_id: RecordId,
             lang: Literal["en", "es"] | None = None) -> LeadRead:
    """One lead: score and priority, each rule that fired with a plain explanation (English
    or Spanish), the evidence (traces, reports, sales), the people, the history."""
    return service.get_lead(db, user, lead_id,
                            lang or str(getattr(request.state, "lang", "en")))


@router.post("/leads/{lead_id}/dispositions", response_model=LeadRead)
def dispose(request: Request, db: Db, user: CurrentUser, lead_id: RecordId,
            body: DispositionCreate) -> LeadRead:
    """Record a disposition (open, assigned, referred, dismissed) with the reason; assigning
    needs ``assigned_to``, referring needs ``case_ref``."""
    service.dispose(db, user, lead_id, body)
    return service.get_lead(db, user, lead_id, str(getattr(request.state, "lang", "en")))
