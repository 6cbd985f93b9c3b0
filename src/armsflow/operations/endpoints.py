"""REST API of the operations feature: planned operations and their conflicts (event
deconfliction), and joint operations with their tallies and exports."""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import Response

from armsflow.auth.policy import Permission, require
from armsflow.notify.service import deliver_pending
from armsflow.operations import joint, joint_store, service
from armsflow.operations.schemas import (
    ConflictRead,
    JointSummaryRead,
    OperationCreate,
    OperationRead,
    PlanRead,
    ResolveIn,
)
from armsflow.web.api_errors import COMMON_ERRORS, RecordId
from armsflow.web.deps import CurrentUser, Db

router = APIRouter(prefix="/api/v1", tags=["operations"], responses=COMMON_ERRORS)


def send_mail_later(request: Request, tasks: BackgroundTasks) -> None:
    """Conflict e-mail queued by this request goes out after its transaction commits."""
    tasks.add_task(deliver_pending, request.app.state.sessions, request.app.state.settings)


@router.post("/operations", response_model=PlanRead, status_code=201)
def plan_operation(request: Request, tasks: BackgroundTasks, db: Db, user: CurrentUser,
                   body: OperationCreate) -> PlanRead:
    """Plan an operation; every overlapping operation of another agency raises a conflict
    at once (both parties notified; each learns only the other's point of contact)."""
    planned = service.plan(db, user, body)
    if planned.conflicts:
        send_mail_later(request, tasks)
    return PlanRead(operation=service.to_read(db, planned.operation),
                    conflicts=[service.view(db, user, c) for c in planned.conflicts])


@router.get("/operations", response_model=list[OperationRead])
def list_operations(db: Db, user: CurrentUser) -> list[OperationRead]:
    """Your agency's operations, latest window first."""
    return service.list_operations(db, user)


@router.get("/operations/{operation_id}", response_model=OperationRead)
def get_operation(db: Db, user: CurrentUser, operation_id: RecordId) -> OperationRead:
    return service.get(db, user, operation_id)


@router.post("/operations/{operation_id}/cancel", response_model=OperationRead)
def cancel_operation(db: Db, user: CurrentUser, operation_id: RecordId) -> OperationRead:
    """Cancel; its open conflicts are resolved as cancelled."""
    return service.cancel(db, user, operation_id)


@router.get("/operation-conflicts", response_model=list[ConflictRead])
def list_conflicts(db: Db, user: CurrentUser, open_only: bool = False) -> list[ConflictRead]:
    """Conflicts involving your agency's operations."""
    return service.conflicts(db, user, open_only=open_only)


@router.post("/operation-conflicts/{conflict_id}/acknowledge", response_model=ConflictRead)
def acknowledge_conflict(db: Db, user: CurrentUser, conflict_id: RecordId) -> ConflictRead:
    return service.acknowledge(db, user, conflict_id)


@router.post("/operation-conflicts/{conflict_id}/resolve", response_model=ConflictRead)
def resolve_conflict(db: Db, user: CurrentUser, conflict_id: RecordId,
                     body: ResolveIn) -> ConflictRead:
    return service.resolve(db, user, conflict_id, body.resolution)


# ------------------------------------------------------------------------------ joint


def summary_read(db: Db, op_id: int) -> JointSummaryRead:
    op = joint_store.get(db, op_id)
    s = joint_store.summary(db, op)
    return JointSummaryRead(
        id=op.id, name=op.name, lead_agency=op.lead_agency,
        agencies=joint_store.agencies(db, op), started_on=op.started_on,
        ended_on=op.ended_on,
        cumulative={k: joint.display(k, v) for k, v in s.cumulative.items()},
        day_totals={d.isoformat(): {k: joint.display(k, v) for k, v in figs.items()}
                    for d, figs in s.days.items()},
        by_state={st: {k: joint.display(k, v) for k, v in figs.items()}
                  for st, figs in s.by_state.items()})


@router.get("/joint-operations", response_model=list[JointSummaryRead])
def list_joint(db: Db, user: CurrentUser) -> list[JointSummaryRead]:
    """Joint operations with their figures (aggregate, no personal data)."""
    require(user, Permission.READ_ANALYTICS)
    return [summary_read(db, op.id) for op in joint_store.operations(db)]


@router.get("/joint-operations/{joint_id}", response_model=JointSummaryRead)
def get_joint(db: Db, user: CurrentUser, joint_id: RecordId) -> JointSummaryRead:
    require(user, Permission.READ_ANALYTICS)
    return summary_read(db, joint_id)


@router.get("/joint-operations/{joint_id}/export.csv", response_class=Response,
            responses={200: {"content": {"text/csv": {}}}})
def export_joint_csv(db: Db, user: CurrentUser, joint_id: RecordId) -> Response:
    require(user, Permission.READ_ANALYTICS)
    op = joint_store.get(db, joint_id)
    return Response(joint_store.export_csv(db, op), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{_slug(op.name)}.csv"'})


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/joint-operations/{joint_id}/export.xlsx", response_class=Response,
            responses={200: {"content": {XLSX: {}}}})
def export_joint_xlsx(db: Db, user: CurrentUser, joint_id: RecordId) -> Response:
    require(user, Permission.READ_ANALYTICS)
    op = joint_store.get(db, joint_id)
    return Response(joint_store.export_xlsx(db, op), media_type=XLSX,
                    headers={"Content-Disposition":
                             f'attachment; filename="{_slug(op.name)}.xlsx"'})


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")[:60] or "joint"
