"""Pages: upload a file, see its report with row-level errors, browse past imports."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response

from armsflow.auth.policy import Permission, require
from armsflow.errors import ArmsFlowError
from armsflow.imports import uploads
from armsflow.imports.kinds import KINDS
from armsflow.imports.schemas import ImportReportRead
from armsflow.web.deps import CurrentUser, Db, check_form_csrf
from armsflow.web.render import page

router = APIRouter(include_in_schema=False)


def _index(request: Request, db: Db, user: CurrentUser, **ctx: object) -> Response:
    return page(request, "imports/index.html", kinds=KINDS,
                batches=uploads.recent_batches(db, user), **ctx)  # type: ignore[arg-type]


@router.get("/imports")
def index(request: Request, db: Db, user: CurrentUser) -> Response:
    require(user, Permission.IMPORT_RECORDS)
    return _index(request, db, user)


@router.post("/imports")
def upload(
    request: Request, db: Db, user: CurrentUser, csrf_token: Annotated[str, Form()],
    kind: Annotated[str, Form()], file: Annotated[UploadFile, File()],
    state: Annotated[str | None, Form()] = None,
) -> Response:
    require(user, Permission.IMPORT_RECORDS)
    check_form_csrf(request, csrf_token)
    try:
        report = uploads.run_upload(request.app.state.sessions, request.app.state.settings,
                                    user, kind=kind, upload=file, state=state)
    except ArmsFlowError as exc:
        return _index(request, db, user, error=exc.message, chosen=kind, status_code=422)
    shown = ImportReportRead.model_validate(asdict(report))
    return _index(request, db, user, report=shown, chosen=kind,
                  status_code=422 if report.status == "rejected" else 200)


@router.get("/imports/formats")
def formats(request: Request, user: CurrentUser) -> Response:
    """The exchange format, generated from the same declarations the importer uses."""
    return page(request, "imports/formats.html", kinds=KINDS)


@router.get("/imports/{batch_id}")
def batch(request: Request, db: Db, user: CurrentUser, batch_id: int) -> Response:
    found = uploads.batch_read(uploads.get_batch(db, user, batch_id))
    return page(request, "imports/batch.html", batch=found)
