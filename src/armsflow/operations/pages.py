"""Web pages of the operations feature: plan an operation, the agency's operations, its
conflicts (acknowledge, resolve), and joint operations with their summary and exports.
Thin: each page calls the service functions the API calls."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from armsflow.auth.policy import Permission, require
from armsflow.auth.principal import Principal
from armsflow.errors import ArmsFlowError
from armsflow.operations import joint, joint_store, labels, service
from armsflow.operations.endpoints import XLSX, _slug, send_mail_later
from armsflow.operations.schemas import OperationCreate
from armsflow.operations.vocab import ConflictResolution, OperationKind
from armsflow.operations.windows import common_zones
from armsflow.web.deps import CurrentUser, Db, check_form_csrf
from armsflow.web.render import page

router = APIRouter(include_in_schema=False)
FORM_FIELDS = tuple(labels.FIELDS)


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


FormFields = Annotated[dict[str, str], Depends(_form)]


def _common(**ctx: Any) -> dict[str, Any]:
    return {"kinds": labels.KINDS, "statuses": labels.STATUSES,
            "resolutions": labels.RESOLUTIONS, "fields": labels.FIELDS, **ctx}


@router.get("/operations")
def operations_page(request: Request, db: Db, user: CurrentUser) -> Response:
    ops = service.list_operations(db, user)
    open_conflicts = service.conflicts(db, user, open_only=True)
    return page(request, "operations/list.html",
                **_common(operations=ops, open_conflicts=len(open_conflicts)))


def _plan_form(request: Request, user: Principal, f: dict[str, str], status_code: int = 200,
               errors: dict[str, str] | None = None) -> Response:
    return page(request, "operations/new.html", status_code=status_code,
                **_common(f=f, errors=errors or {}, zones=common_zones(),
                          kind_values=[k.value for k in OperationKind]))


@router.get("/operations/new")
def new_operation(request: Request, user: CurrentUser) -> Response:
    require(user, Permission.MANAGE_CASES)
    tz = "America/Mexico_City" if user.agency_country == "MX" else "America/Chicago"
    return _plan_form(request, user, {"kind": "search_warrant", "timezone": tz,
                                      "radius_m": "300", "contact_name": user.full_name})


def _parse(f: dict[str, str]) -> tuple[OperationCreate | None, dict[str, str]]:
    data = {k: (f.get(k) or "").strip() or None for k in FORM_FIELDS}
    try:
        return OperationCreate.model_validate(data), {}
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for e in exc.errors():
            field = str(e["loc"][0]) if e["loc"] else "reference"
            errors.setdefault(field, e["msg"])
        return None, errors


@router.post("/operations/new")
def plan_operation(request: Request, tasks: BackgroundTasks, db: Db, user: CurrentUser,
                   f: FormFields) -> Response:
    """Plan; errors beside the fields (422), or the operation page with its conflicts."""
    check_form_csrf(request, f.get("csrf_token"))
    require(user, Permission.MANAGE_CASES)
    body, errors = _parse(f)
    if body is not None:
        try:
            planned = service.plan(db, user, body)
        except ArmsFlowError as exc:
            db.rollback()
            errors = {exc.field or "reference": exc.message}
        else:
            if planned.conflicts:
                send_mail_later(request, tasks)
            return RedirectResponse(f"/operations/{planned.operation.id}?planned=1",
                                    status_code=303)
    return _plan_form(request, user, f, status_code=422, errors=errors)


@router.get("/operations/conflicts")
def conflicts_page(request: Request, db: Db, user: CurrentUser) -> Response:
    return page(request, "operations/conflicts.html",
                **_common(conflicts=service.conflicts(db, user),
                          choices=[r.value for r in ConflictResolution
                                   if r != ConflictResolution.CANCELLED]))


@router.post("/operations/conflicts/{conflict_id}/acknowledge")
def acknowledge(request: Request, db: Db, user: CurrentUser, conflict_id: int,
                f: FormFields) -> Response:
    check_form_csrf(request, f.get("csrf_token"))
    service.acknowledge(db, user, conflict_id)
    return RedirectResponse(f"/operations/conflicts#conflict-{conflict_id}", status_code=303)


@router.post("/operations/conflicts/{conflict_id}/resolve")
def resolve(request: Request, db: Db, user: CurrentUser, conflict_id: int,
            f: FormFields) -> Response:
    check_form_csrf(request, f.get("csrf_token"))
    try:
        resolution = ConflictResolution(f.get("resolution", ""))
    except ValueError:
        resolution = ConflictResolution.CANCELLED  # refused by the service with a message
    service.resolve(db, user, conflict_id, resolution)
    return RedirectResponse(f"/operations/conflicts#conflict-{conflict_id}", status_code=303)


# ------------------------------------------------------------------------------ joint


@router.get("/operations/joint")
def joint_list(request: Request, db: Db, user: CurrentUser) -> Response:
    require(user, Permission.READ_ANALYTICS)
    return page(request, "operations/joint_list.html",
                operations=joint_store.operations(db))


@router.get("/operations/joint/{joint_id}")
def joint_page(request: Request, db: Db, user: CurrentUser, joint_id: int) -> Response:
    require(user, Permission.READ_ANALYTICS)
    op = joint_store.get(db, joint_id)
    return page(request, "operations/joint.html", op=op, s=joint_store.summary(db, op),
                agencies=joint_store.agencies(db, op), show=joint.display,
                metrics=labels.METRICS)


@router.get("/operations/joint/{joint_id}/export.csv")
def joint_csv(db: Db, user: CurrentUser, joint_id: int) -> Response:
    require(user, Permission.READ_ANALYTICS)
    op = joint_store.get(db, joint_id)
    return Response(joint_store.export_csv(db, op), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition":
                             f'attachment; filename="{_slug(op.name)}.csv"'})


@router.get("/operations/joint/{joint_id}/export.xlsx")
def joint_xlsx(db: Db, user: CurrentUser, joint_id: int) -> Response:
    require(user, Permission.READ_ANALYTICS)
    op = joint_store.get(db, joint_id)
    return Response(joint_store.export_xlsx(db, op), media_type=XLSX,
                    headers={"Content-Disposition":
                             f'attachment; filename="{_slug(op.name)}.xlsx"'})


@router.get("/operations/{operation_id}")
def operation_page(request: Request, db: Db, user: CurrentUser, operation_id: int,
                   planned: int = 0) -> Response:
    op = service.get(db, user, operation_id)
    mine = [c for c in service.conflicts(db, user) if c.my_operation_id == op.id]
    return page(request, "operations/detail.html",
                **_common(op=op, conflicts=mine, just_planned=bool(planned)))


@router.post("/operations/{operation_id}/cancel")
def cancel(request: Request, db: Db, user: CurrentUser, operation_id: int,
           f: FormFields) -> Response:
    check_form_csrf(request, f.get("csrf_token"))
    service.cancel(db, user, operation_id)
    return RedirectResponse(f"/operations/{operation_id}", status_code=303)
