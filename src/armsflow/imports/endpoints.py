"""Import API: upload a file of one kind; list and read import batches."""

from __future__ import annotations

from dataclasses import asdict
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse

from armsflow.imports import uploads
from armsflow.imports.kinds import KINDS
from armsflow.imports.schemas import ImportBatchRead, ImportReportRead
from armsflow.web.api_errors import COMMON_ERRORS, RecordId, ValidationProblems
from armsflow.web.deps import CurrentUser, Db

router = APIRouter(prefix="/api/v1", tags=["imports"], responses=COMMON_ERRORS)

ImportKind = StrEnum("ImportKind", {k.replace("-", "_"): k for k in KINDS})  # type: ignore[misc]


@router.post(
    "/imports/{kind}", response_model=ImportReportRead,
    responses={422: {"model": ImportReportRead | ValidationProblems,
                     "description": "The file was rejected, nothing was stored, and every bad "
                     "row is listed (row, column, reason); or the request's fields are invalid."}},
)
def upload(
    request: Request, user: CurrentUser, kind: ImportKind,
    file: Annotated[UploadFile, File(description="CSV (comma, tab or pipe) or Parquet")],
    state: Annotated[str | None, Form(max_length=2, description="Licensee lists without "
                                      "PREMISE_STATE: their state")] = None,
) -> JSONResponse:
    """Import one file in exchange format 1.0 (docs/formats.md): all rows or none."""
    report = uploads.run_upload(request.app.state.sessions, request.app.state.settings, user,
                                kind=kind.value, upload=file, state=state)
    body = ImportReportRead.model_validate(asdict(report)).model_dump(mode="json")
    return JSONResponse(body, status_code=422 if report.status == "rejected" else 200)


@router.get("/imports", response_model=list[ImportBatchRead])
def list_batches(db: Db, user: CurrentUser) -> list[ImportBatchRead]:
    """The 50 most recent imports."""
    return [uploads.batch_read(b) for b in uploads.recent_batches(db, user)]


@router.get("/imports/{batch_id}", response_model=ImportBatchRead)
def get_batch(db: Db, user: CurrentUser, batch_id: RecordId) -> ImportBatchRead:
    return uploads.batch_read(uploads.get_batch(db, user, batch_id))
