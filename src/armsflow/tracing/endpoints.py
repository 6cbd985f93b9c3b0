"""Tracing API: submit (one, or a bulk file), readiness check, work list, result,
damaged-serial search, and the licensee's records-request answer."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response

from armsflow.errors import InvalidInput
from armsflow.tracing import pdf, reads, records, service
from armsflow.tracing.bulk import ParsedFile, read_file
from armsflow.tracing.intake import RowError, parse_columns, parsers, readiness
from armsflow.tracing.schemas import (
    RecordsAnswerIn,
    SerialCandidate,
    SubmitRead,
    TraceCreate,
    TraceRead,
)
from armsflow.web.api_errors import COMMON_ERRORS, RecordId
from armsflow.web.deps import CurrentUser, Db

router = APIRouter(prefix="/api/v1", tags=["tracing"], responses=COMMON_ERRORS)


def parse_one(body: TraceCreate) -> ParsedFile:
    cells = {k: [_text(v)] for k, v in body.model_dump().items()}
    out = ParsedFile()
    out.drafts, out.errors = parse_columns(cells, [1], parsers())
    return out


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Y" if value else "N"
    return str(value)


def _report(report: service.SubmitReport) -> JSONResponse:
    body = SubmitRead(stored=report.stored, unchanged=report.unchanged,
                      duplicates=report.duplicates,
                      errors=[e.__dict__ for e in report.errors], trace_ids=report.trace_ids)
    return JSONResponse(body.model_dump(mode="json"), status_code=200 if report.ok else 422)


def _reject(errors: list[RowError]) -> InvalidInput:
    first = errors[0]
    return InvalidInput(f"{first.column}: {first.reason}", field=first.column or None)


@router.post("/traces", response_model=TraceRead, status_code=201)
def submit_trace(request: Request, db: Db, user: CurrentUser, body: TraceCreate) -> TraceRead:
    """Submit one trace and resolve it at once when the records are on file."""
    parsed = parse_one(body)
    if parsed.errors:
        raise _reject(parsed.errors)
    report = service.submit(db, parsed.drafts, actor=user.username, principal=user)
    if not report.ok:
        raise _reject(report.errors)
    service.resolve_now(db, report.trace_ids, actor=user.username,
                        secret=request.app.state.settings.resolved_secret_key())
    return reads.get_trace(db, user, report.trace_ids[0])


@router.post("/traces/check")
def check_trace(user: CurrentUser, body: TraceCreate) -> dict[str, Any]:
    """The readiness check: which identifiers are missing or doubtful, before submission."""
    parsed = parse_one(body)
    ready = readiness(parsed.drafts[0])
    return {"ready": ready.ready and not parsed.errors,
            "errors": [e.__dict__ for e in parsed.errors],
            "missing": [{"field": f, "message": m} for f, m in ready.missing],
            "doubtful": [{"field": f, "message": m} for f, m in ready.doubtful]}


@router.post("/traces/bulk", response_model=SubmitRead,
             responses={422: {"model": SubmitRead, "description": "Nothing stored; every bad "
                              "row listed with row, column and reason."}})
def submit_bulk(db: Db, user: CurrentUser,
                file: Annotated[UploadFile, File(description="CSV, Parquet or JSON")]
                ) -> JSONResponse:
    """A bulk file of trace requests: all rows or none."""
    suffix = Path(file.filename or "upload.csv").suffix or ".csv"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(file.file.read())
        parsed = read_file(path)
    report = service.submit(db, parsed.drafts if not parsed.errors else [],
                            actor=user.username, principal=user, errors=parsed.errors)
    if not report.ok:
        db.rollback()
    return _report(report)


@router.get("/traces", response_model=list[TraceRead])
def work_list(
    db: Db, user: CurrentUser, status: str | None = None,
    serial: Annotated[str | None, Query(max_length=60)] = None,
    name: Annotated[str | None, Query(max_length=100)] = None,
    offense: Annotated[str | None, Query(max_length=4)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> list[TraceRead]:
    """The caller's agency's traces, with filters."""
    q = reads.WorkListQuery(status=status, serial=serial, name=name, offense=offense,
                            limit=limit, offset=offset)
    return [reads.get_trace(db, user, t.id) for t in reads.work_list(db, user, q)]


@router.get("/traces/{trace_id}", response_model=TraceRead)
def get_trace(db: Db, user: CurrentUser, trace_id: RecordId) -> TraceRead:
    return reads.get_trace(db, user, trace_id)


class PdfResponse(Response):
    media_type = "application/pdf"


_ERROR_JSON = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
REPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
          "description": "The trace report (PDF). Purchaser and possessor data only for the "
          "requesting agency and its sharing partners; such a read is audited."},
    # The errors are JSON, not the route's media type: given as content, not as a model.
    **{code: {"description": r["description"], "content": _ERROR_JSON}
       for code, r in COMMON_ERRORS.items()},
    503: {"description": "PDF reports are unavailable on this server (the renderer, "
          "WeasyPrint with Pango, cannot be loaded)", "content": _ERROR_JSON},
}


@router.get("/traces/{trace_id}/report.pdf", response_class=PdfResponse,
            responses=REPORT_RESPONSES)
def trace_report(
    request: Request, db: Db, user: CurrentUser, trace_id: RecordId,
    lang: Annotated[Literal["en", "es"] | None,
                    Query(description="Language of the report; default: the caller's")] = None,
    paper: Annotated[Literal["a4", "letter"] | None,
                     Query(description="Paper size; default: Letter for agencies in the US, "
                           "Canada and Mexico, A4 elsewhere")] = None,
) -> Response:
    """The trace result as a PDF report: the same disclosure rules and audit as
    ``GET /traces/{trace_id}``."""
    trace, body = pdf.trace_report(db, user, trace_id, lang=lang or _lang(request),
                                   paper=paper)
    return PdfResponse(body, headers=pdf.response_headers(trace))


def _lang(request: Request) -> str:
    return str(getattr(request.state, "lang", "en"))


@router.get("/serials", response_model=list[SerialCandidate])
def search_serials(
    db: Db, user: CurrentUser,
    pattern: Annotated[str, Query(min_length=1, max_length=60,
                                  description="? one unknown character, * any run")],
    manufacturer: Annotated[str | None, Query(max_length=200)] = None,
    model: Annotated[str | None, Query(max_length=100)] = None,
    caliber: Annotated[str | None, Query(max_length=40)] = None,
) -> list[SerialCandidate]:
    """Damaged-serial search: ranked candidates, each with why it matches."""
    return reads.search_serial(db, user, pattern, manufacturer=manufacturer, model=model,
                               caliber=caliber)


@router.post("/records-requests/{token}/answer")
def answer_records_request(db: Db, token: str, body: RecordsAnswerIn) -> dict[str, Any]:
    """A licensee answers a records request (the token in its link authenticates it)."""
    rr = records.answer(db, token, answer=body.answer, day=body.answer_date, license=body.license,
                        purchaser=body.purchaser, note=body.note)
    return {"id": rr.id, "status": rr.status}
