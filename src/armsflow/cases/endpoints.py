"""REST API of the cases feature: cases, identifiers, sharing, bulk import, deconfliction
hits (acknowledge, resolve) and the caller's notifications. Every route goes through
armsflow.cases.service, which asks armsflow.cases.policy."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, File, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response

from armsflow.cases import schemas, service
from armsflow.cases.drafts import CaseDraft, parse_case, parse_identifiers
from armsflow.cases.identifiers import ParsedIdentifier
from armsflow.cases.importer import import_cases
from armsflow.cases.models import Hit
from armsflow.cases.policy import require_cases
from armsflow.errors import InvalidInput
from armsflow.notify import service as notify
from armsflow.web.api_errors import COMMON_ERRORS, RecordId
from armsflow.web.deps import CurrentUser, Db

router = APIRouter(prefix="/api/v1", tags=["cases"], responses=COMMON_ERRORS)


def rules(request: Request) -> service.HitRules:
    return service.HitRules.from_settings(request.app.state.settings)


def send_mail_later(request: Request, tasks: BackgroundTasks) -> None:
    """E-mail queued by this request goes out after its transaction commits."""
    tasks.add_task(notify.deliver_pending, request.app.state.sessions,
                   request.app.state.settings)


def _draft(body: schemas.CaseCreate) -> CaseDraft:
    draft, problems = parse_case(body.fields())
    if draft is None:
        field, reason = problems[0]
        raise InvalidInput(f"{field}: {reason}", field=field)
    draft.identifiers = _identifiers(body.identifiers)
    draft.shared_with = [s.strip().upper() for s in body.shared_with]
    return draft


def _identifiers(items: list[schemas.IdentifierIn]) -> list[ParsedIdentifier]:
    parsed, problems = parse_identifiers([i.fields() for i in items])
    if problems:
        index, field, reason = problems[0]
        name = f"identifiers[{index}].{field}"
        raise InvalidInput(f"{name}: {reason}", field=name)
    return parsed


def _hits(db: Db, user: CurrentUser, hits: list[Hit]) -> list[schemas.HitRead]:
    return [schemas.hit_read(db, user, h) for h in hits]


@router.get("/cases", response_model=schemas.CaseList)
def list_cases(db: Db, user: CurrentUser,
               status: Annotated[str | None, Query(max_length=12)] = None,
               q: Annotated[str | None, Query(max_length=100)] = None,
               limit: Annotated[int, Query(ge=1, le=500)] = 100,
               offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> schemas.CaseList:
    """Cases of your agency and those shared with it (no identifiers)."""
    rows, total = service.list_cases(db, user, status=status, q=q, limit=limit, offset=offset)
    oris = {k: a.ori for k, a in service.agency_names(db, {c.agency_id for c in rows}).items()}
    return schemas.CaseList(total=total, cases=[schemas.summary(c, oris) for c in rows])


@router.post("/cases", response_model=schemas.CaseCreated, status_code=201)
def create_case(request: Request, tasks: BackgroundTasks, db: Db, user: CurrentUser,
                body: schemas.CaseCreate) -> schemas.CaseCreated:
    """Register a case of your agency. Its identifiers are deconflicted at once: the hits
    raised are returned (each with the other party's point of contact only)."""
    require_cases(user)
    case, hits = service.create_case(db, user, _draft(body), rules(request))
    send_mail_later(request, tasks)
    return schemas.CaseCreated(case=schemas.case_read(db, user, case),
                               hits=_hits(db, user, hits))


@router.get("/cases/{case_id}", response_model=schemas.CaseRead)
def get_case(db: Db, user: CurrentUser, case_id: RecordId) -> schemas.CaseRead:
    """A case of your agency or shared with it (the read is audited)."""
    return schemas.case_read(db, user, service.get_case(db, user, case_id))


@router.patch("/cases/{case_id}", response_model=schemas.CaseCreated)
def change_status(request: Request, tasks: BackgroundTasks, db: Db, user: CurrentUser,
                  case_id: RecordId, body: schemas.StatusIn) -> schemas.CaseCreated:
    """Open, suspend or close a case; reopening deconflicts it again."""
    case, hits = service.set_status(db, user, case_id, body.status, rules(request))
    send_mail_later(request, tasks)
    return schemas.CaseCreated(case=schemas.case_read(db, user, case),
                               hits=_hits(db, user, hits))


@router.post("/cases/{case_id}/identifiers", response_model=schemas.IdentifiersAdded,
             status_code=201)
def add_identifiers(request: Request, tasks: BackgroundTasks, db: Db, user: CurrentUser,
                    case_id: RecordId, body: schemas.IdentifiersIn) -> schemas.IdentifiersAdded:
    """Add identifiers (subjects, phones, serials...) and deconflict them at once."""
    rows, hits = service.add_identifiers(db, user, case_id, _identifiers(body.identifiers),
                                         rules(request))
    send_mail_later(request, tasks)
    return schemas.IdentifiersAdded(added=len(rows), hits=_hits(db, user, hits))


@router.delete("/cases/{case_id}/identifiers/{identifier_id}", status_code=204)
def remove_identifier(db: Db, user: CurrentUser, case_id: RecordId,
                      identifier_id: RecordId) -> Response:
    service.remove_identifier(db, user, case_id, identifier_id)
    return Response(status_code=204)


@router.post("/cases/{case_id}/shares", response_model=schemas.CaseRead)
def share_case(db: Db, user: CurrentUser, case_id: RecordId,
               body: schemas.ShareIn) -> schemas.CaseRead:
    """Let another agency read this case."""
    service.share_case(db, user, case_id, body.agency_ori)
    return schemas.case_read(db, user, service.get_case(db, user, case_id))


@router.delete("/cases/{case_id}/shares/{agency_ori}", response_model=schemas.CaseRead)
def unshare_case(db: Db, user: CurrentUser, case_id: RecordId,
                 agency_ori: str) -> schemas.CaseRead:
    service.unshare_case(db, user, case_id, agency_ori[:9])
    return schemas.case_read(db, user, service.get_case(db, user, case_id))


@router.post("/cases/import", response_model=schemas.ImportResult,
             responses={422: {"model": schemas.ImportResult,
                              "description": "Bad rows; nothing was imported"}})
def import_file(request: Request, tasks: BackgroundTasks, db: Db, user: CurrentUser,
                file: Annotated[UploadFile, File(description="CSV or JSON (docs/cases.md)")]
                ) -> Response:
    """Bulk registration from another case system, all or nothing: every bad row is
    reported with row, column and reason."""
    require_cases(user)
    suffix = Path(file.filename or "cases.csv").suffix.lower()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{suffix if suffix in {'.csv', '.json'} else '.csv'}"
        path.write_bytes(file.file.read())
        report = import_cases(db, path, agency_id=user.agency_id, actor=user.actor,
                              default_agent_id=user.user_id, rules=rules(request))
    if not report.ok:
        db.rollback()
    else:
        send_mail_later(request, tasks)
    body = schemas.ImportResult(ok=report.ok, cases=report.cases,
                                identifiers=report.identifiers, hits=report.hits,
                                case_ids=report.case_ids,
                                errors=[schemas.ImportErrorRow(**e.__dict__)
                                        for e in report.errors])
    return JSONResponse(body.model_dump(mode="json"), status_code=200 if report.ok else 422)


@router.get("/case-hits", response_model=list[schemas.HitRead])
def list_hits(request: Request, tasks: BackgroundTasks, db: Db, user: CurrentUser,
              status: Annotated[str | None, Query(
                  pattern="^(open|acknowledged|resolved|pending)$")] = None
              ) -> list[schemas.HitRead]:
    """Deconfliction hits of your agency (``pending``: not yet resolved)."""
    if service.escalate_overdue(db):
        send_mail_later(request, tasks)
    return _hits(db, user, list(service.hits_for(db, user, status=status)))


@router.get("/case-hits/{hit_id}", response_model=schemas.HitRead)
def get_hit(db: Db, user: CurrentUser, hit_id: RecordId) -> schemas.HitRead:
    return schemas.hit_read(db, user, service.get_hit(db, user, hit_id))


@router.post("/case-hits/{hit_id}/acknowledge", response_model=schemas.HitRead)
def acknowledge(db: Db, user: CurrentUser, hit_id: RecordId) -> schemas.HitRead:
    return schemas.hit_read(db, user, service.acknowledge(db, user, hit_id))


@router.post("/case-hits/{hit_id}/resolve", response_model=schemas.HitRead)
def resolve(request: Request, tasks: BackgroundTasks, db: Db, user: CurrentUser,
            hit_id: RecordId, body: schemas.ResolveIn) -> schemas.HitRead:
    """Record the outcome once the two points of contact have talked."""
    hit = service.resolve(db, user, hit_id, body.resolution, body.note)
    send_mail_later(request, tasks)
    return schemas.hit_read(db, user, hit)


@router.get("/notifications", response_model=list[schemas.NotificationRead],
            tags=["notifications"])
def notifications(db: Db, user: CurrentUser, unread: bool = False
                  ) -> list[schemas.NotificationRead]:
    """Your in-application notifications, newest first."""
    return [schemas.NotificationRead.model_validate(n, from_attributes=True)
            for n in notify.inbox(db, user.user_id, unread_only=unread)]


@router.post("/notifications/read", status_code=204, tags=["notifications"])
def mark_read(db: Db, user: CurrentUser) -> Response:
    notify.mark_read(db, user.user_id)
    return Response(status_code=204)
