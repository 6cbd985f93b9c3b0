"""Pages: the trace request form (Form 3312.1) with its readiness check, bulk upload, the
agency work list, a result with its custody timeline, damaged-serial search, and the page
through which a licensee answers a records request.

Thin: each page calls the functions the API calls (``intake.parse_columns`` and
``intake.readiness``, ``service.submit``, ``reads.*``, ``records.answer``). Field labels and
code labels are marked with ``N_`` and translated in the templates; messages that come
back from the parsers in English go through ``page_text.localize``.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from armsflow.auth.policy import Permission, allowed, require
from armsflow.auth.principal import Principal
from armsflow.errors import ArmsFlowError, NotFound
from armsflow.tracing import page_text, pdf, reads, records, service
from armsflow.tracing.bulk import read_file
from armsflow.tracing.intake import FIELD_NAMES, REQUIRED, RowError, parse_columns, parsers
from armsflow.tracing.intake import readiness as readiness_of
from armsflow.tracing.vocab import TraceStatus
from armsflow.types.serial import normalize_serial
from armsflow.web.deps import CurrentUser, Db, check_form_csrf
from armsflow.web.render import page

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
INLINE_RESOLVE_LIMIT = 500
"""Bulk files up to this many requests are resolved at once; larger ones by the worker."""
FORM_FIELDS = tuple(f for f in FIELD_NAMES if f != "agency_ori")


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


FormFields = Annotated[dict[str, str], Depends(_form)]


def _lang(request: Request) -> str:
    return str(getattr(request.state, "lang", "en"))


def _secret(request: Request) -> str:
    return str(request.app.state.settings.resolved_secret_key())


# ------------------------------------------------------------------------------ the form


def _parse(fields: dict[str, str], user: Principal) -> tuple[dict[str, Any], list[RowError]]:
    """The form as one row of the exchange layout, checked by the bulk and API rules."""
    cells = {name: [fields.get(name, "").strip()] for name in FORM_FIELDS}
    cells["agency_ori"] = [user.agency_ori]
    drafts, errors = parse_columns(cells, [1], parsers())
    return drafts[0], errors


def _form_page(request: Request, user: Principal, fields: dict[str, str],
               status_code: int = 200, **ctx: Any) -> Response:
    lang = _lang(request)
    return page(request, "tracing/new.html", status_code=status_code, f=fields,
                choices=page_text.choices(lang), labels=page_text.FIELD_LABELS,
                priorities=page_text.PRIORITY_LABELS, **ctx)


@router.get("/traces/new")
def new_trace(request: Request, user: CurrentUser) -> Response:
    require(user, Permission.SUBMIT_TRACES)
    fields = {"recovery_country": user.agency_country or "US", "priority": "routine",
              "request_date": date.today().isoformat(), "item_kind": "firearm"}
    return _form_page(request, user, fields)


@router.post("/traces/new")
def submit_trace(request: Request, db: Db, user: CurrentUser, fields: FormFields) -> Response:
    """Errors beside the fields (422), or the trace is stored, resolved and shown."""
    check_form_csrf(request, fields.get("csrf_token"))
    require(user, Permission.SUBMIT_TRACES)
    draft, errors = _parse(fields, user)
    if not errors:
        report = service.submit(db, [draft], actor=user.username, principal=user)
        errors = report.errors
    if errors:
        db.rollback()
        hints = page_text.hints(_lang(request), errors)
        return _form_page(request, user, fields, status_code=422, hints=hints, rejected=True)
    service.resolve_now(db, report.trace_ids, actor=user.username, secret=_secret(request))
    again = "?existing=1" if report.unchanged else ""
    return RedirectResponse(f"/traces/{report.trace_ids[0]}{again}", status_code=303)


@router.post("/traces/new/check")
def check_trace(request: Request, db: Db, user: CurrentUser, fields: FormFields) -> Response:
    """The readiness check (the same parsing and ``intake.readiness`` as
    ``POST /api/v1/traces/check``), as an HTMX fragment: a summary, a hint beside each
    field (out-of-band swaps), and registry candidates when the serial needs them."""
    check_form_csrf(request, fields.get("csrf_token"))
    require(user, Permission.SUBMIT_TRACES)
    draft, errors = _parse(fields, user)
    ready = readiness_of(draft)
    lang = _lang(request)
    return page(request, "tracing/_readiness.html", checked=True,
                ready=ready.ready and not errors,
                hints=page_text.hints(lang, errors, ready), fields=FORM_FIELDS,
                labels=page_text.FIELD_LABELS,
                serial=_serial_panel(db, user, draft, lang))


def _serial_panel(db: Session, user: Principal, draft: dict[str, Any], lang: str
                  ) -> dict[str, Any] | None:
    """Registry firearms for the serial typed: the exact one, or (obliterated or not
    found) ranked candidates with the damaged-serial search offered."""
    raw = (draft.get("serial_raw") or "").strip()
    if not allowed(user, Permission.READ_REGISTRY) or not any(c.isalnum() for c in raw):
        return None
    obliterated = bool(draft.get("serial_obliterated"))
    maker = draft.get("manufacturer") if obliterated else None
    found = reads.search_serial(db, user, raw, manufacturer=maker, limit=10)
    exact = [c for c in found if _serial_key(c.serial) == draft.get("serial_norm")]
    state = "obliterated" if obliterated else "found" if exact else "not_found"
    shown = exact if state == "found" else found
    return {"state": state, "pattern": raw, "manufacturer": draft.get("manufacturer") or "",
            "candidates": page_text.candidates(lang, shown)}


def _serial_key(serial: str) -> str | None:
    try:
        return normalize_serial(serial)
    except ValueError:
        return None


@router.get("/traces/new/states")
def state_field(request: Request, user: CurrentUser, recovery_country: str = "") -> Response:
    """The state picker for the chosen country (US states, Mexican states, or free text)."""
    return page(request, "tracing/_state.html", f={"recovery_country": recovery_country},
                choices=page_text.choices(_lang(request)), labels=page_text.FIELD_LABELS)


# ------------------------------------------------------------------------------ bulk upload


def _upload_page(request: Request, status_code: int = 200, **ctx: Any) -> Response:
    return page(request, "tracing/upload.html", status_code=status_code,
                columns=FIELD_NAMES, required=REQUIRED, **ctx)


@router.get("/traces/upload")
def upload_form(request: Request, user: CurrentUser) -> Response:
    require(user, Permission.SUBMIT_TRACES)
    return _upload_page(request)


@router.post("/traces/upload")
def upload(request: Request, db: Db, user: CurrentUser, csrf_token: Annotated[str, Form()],
           file: Annotated[UploadFile, File()]) -> Response:
    """A bulk file: every row or none, each bad row reported (row, column, value, reason)."""
    check_form_csrf(request, csrf_token)
    require(user, Permission.SUBMIT_TRACES)
    name = Path(file.filename or "upload.csv").name
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{Path(name).suffix or '.csv'}"
        path.write_bytes(file.file.read())
        parsed = read_file(path)
        report = service.submit(db, parsed.drafts if not parsed.errors else [],
                                actor=user.username, principal=user, errors=parsed.errors)
        values = service.bulk_error_values(path, report.errors) if report.errors else {}
    if not report.ok:
        db.rollback()
    elif report.stored and report.stored <= INLINE_RESOLVE_LIMIT:
        service.resolve_now(db, report.trace_ids, actor=user.username, secret=_secret(request))
    shown = page_text.upload_report(_lang(request), name, parsed, report, values)
    return _upload_page(request, status_code=200 if report.ok else 422, report=shown)


# ------------------------------------------------------------------------------ work list


def _query(status: str, serial: str, name: str, offense: str, recovered_from: str,
           recovered_to: str, offset: int) -> tuple[reads.WorkListQuery, list[str]]:
    problems: list[str] = []
    days: list[date | None] = []
    for text in (recovered_from, recovered_to):
        try:
            days.append(date.fromisoformat(text) if text else None)
        except ValueError:
            problems.append(text)
            days.append(None)
    q = reads.WorkListQuery(
        status=status if status in set(TraceStatus) else None, serial=serial.strip() or None,
        name=name.strip() or None, offense=offense.strip()[:4] or None,
        recovered_from=days[0], recovered_to=days[1], limit=PAGE_SIZE + 1,
        offset=max(offset, 0))
    return q, problems


@router.get("/traces")
def work_list(request: Request, db: Db, user: CurrentUser, status: str = "", serial: str = "",
              name: str = "", offense: str = "", recovered_from: str = "",
              recovered_to: str = "", offset: int = 0) -> Response:
    """The caller's agency's traces (and its data-sharing partners'), newest first."""
    require(user, Permission.SUBMIT_TRACES)
    q, bad_dates = _query(status, serial, name, offense, recovered_from, recovered_to, offset)
    rows = reads.work_list(db, user, q)
    filters = {"status": q.status or "", "serial": serial, "name": name, "offense": offense,
               "recovered_from": recovered_from, "recovered_to": recovered_to}
    return page(request, "tracing/list.html", traces=rows[:PAGE_SIZE],
                more=len(rows) > PAGE_SIZE, offset=q.offset, page_size=PAGE_SIZE,
                filters=filters, bad_dates=bad_dates, statuses=page_text.STATUS_LABELS,
                outcomes=page_text.OUTCOME_LABELS, priorities=page_text.PRIORITY_LABELS)


def _export_rows(db: Session, user: Principal) -> list[dict[str, Any]]:
    require(user, Permission.SUBMIT_TRACES)
    agencies = {user.agency_id} | reads.partners(db, user.agency_id)
    return reads.export_rows(db, actor=user.actor, agency_ids=agencies)


@router.get("/traces/export.csv")
def export_csv(db: Db, user: CurrentUser) -> Response:
    """One row per request (the columns of ``armsflow trace export``); audited."""
    out = io.StringIO()
    writer = csv.DictWriter(out, reads.EXPORT_COLUMNS)
    writer.writeheader()
    writer.writerows(_export_rows(db, user))
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="traces.csv"'})


@router.get("/traces/export.json")
def export_json(db: Db, user: CurrentUser) -> Response:
    body = json.dumps(_export_rows(db, user), default=str, indent=1)
    return Response(body, media_type="application/json",
                    headers={"Content-Disposition": 'attachment; filename="traces.json"'})


# ------------------------------------------------------------------ damaged-serial search


@router.get("/traces/serial-search")
def serial_search(request: Request, db: Db, user: CurrentUser, pattern: str = "",
                  manufacturer: str = "", model: str = "", caliber: str = "") -> Response:
    """Ranked registry firearms for a serial with ``?`` (one unknown character), ``*`` (any
    run) and commonly misread characters, each with why it matches."""
    require(user, Permission.READ_REGISTRY)
    ctx: dict[str, Any] = {"pattern": pattern, "manufacturer": manufacturer, "model": model,
                           "caliber": caliber, "choices": page_text.choices(_lang(request))}
    if any(ch.isalnum() for ch in pattern):
        found = reads.search_serial(db, user, pattern[:60], manufacturer=manufacturer or None,
                                    model=model or None, caliber=caliber or None)
        ctx["candidates"] = page_text.candidates(_lang(request), found)
    elif pattern:
        ctx["error"] = True
    return page(request, "tracing/serial_search.html", **ctx)


# ------------------------------------------------------------------------------ the result


@router.get("/traces/{trace_id}")
def result(request: Request, db: Db, user: CurrentUser, trace_id: int,
           existing: int = 0) -> Response:
    """Outcome, reason, origin, time-to-crime, custody timeline, indicators, personal data
    (entitled callers only; the read is audited by ``reads.get_trace``), status history."""
    trace = reads.get_trace(db, user, trace_id)
    lang = _lang(request)
    return page(request, "tracing/result.html", t=trace, existing=bool(existing),
                history=service.status_history(db, user, trace_id),
                say=page_text.localizer(lang), country=page_text.country_namer(lang),
                statuses=page_text.STATUS_LABELS, outcomes=page_text.OUTCOME_LABELS,
                priorities=page_text.PRIORITY_LABELS,
                rr_statuses=page_text.RR_STATUS_LABELS, answers=page_text.ANSWER_LABELS,
                reasons=page_text.REASON_TEXTS)


@router.get("/traces/{trace_id}/report.pdf")
def report_pdf(request: Request, db: Db, user: CurrentUser, trace_id: int,
               paper: str = "") -> Response:
    """The result as a PDF in the page's language (``pdf.trace_report``: the same read,
    disclosure and audit as the result page). ``paper`` is ``a4`` or ``letter``."""
    trace, body = pdf.trace_report(db, user, trace_id, lang=_lang(request),
                                   paper=paper or None)
    return Response(body, media_type="application/pdf", headers=pdf.response_headers(trace))


# --------------------------------------------------------------------- licensee's answer


def _answer_page(request: Request, db: Session, token: str, status_code: int = 200,
                 **ctx: Any) -> Response:
    try:
        rr = service.records_request_view(db, token)
    except NotFound:
        return page(request, "tracing/answer.html", status_code=404, missing=True)
    return page(request, "tracing/answer.html", status_code=status_code, rr=rr,
                token=token, answers=page_text.ANSWER_LABELS,
                rr_statuses=page_text.RR_STATUS_LABELS, **ctx)


@router.get("/records-requests/{token}")
def records_request(request: Request, db: Db, token: str) -> Response:
    """No login: the token in the link is the licensee's credential."""
    return _answer_page(request, db, token)


@router.post("/records-requests/{token}")
def answer_records_request(
    request: Request, db: Db, token: str, answer: Annotated[str, Form()] = "",
    answer_date: Annotated[str, Form()] = "", license: Annotated[str, Form()] = "",
    purchaser: Annotated[str, Form()] = "", note: Annotated[str, Form()] = "",
) -> Response:
    """Record the answer (``records.answer``, as the API) and resolve the trace at once."""
    sent = {"answer": answer, "answer_date": answer_date, "license": license,
            "purchaser": purchaser, "note": note}
    lang = _lang(request)
    try:
        day = date.fromisoformat(answer_date) if answer_date else None
    except ValueError:
        hints = {"answer_date": [("error", page_text.localize(lang, "not a valid date "
                                                                   "(YYYY-MM-DD)"))]}
        return _answer_page(request, db, token, 422, sent=sent, hints=hints)
    try:
        rr = records.answer(db, token, answer=answer, day=day, license=license[:20] or None,
                            purchaser=purchaser[:300] or None, note=note[:500] or None)
    except NotFound:
        return _answer_page(request, db, token)
    except ArmsFlowError as exc:  # InvalidInput (422) or Conflict (already answered, 409)
        db.rollback()
        field = {"date": "answer_date"}.get(exc.field or "", exc.field or "answer")
        hints = {field: [("error", page_text.localize(lang, exc.message))]}
        return _answer_page(request, db, token, exc.status_code, sent=sent, hints=hints)
    service.resolve_now(db, [rr.trace_id], actor=f"licensee {rr.licensee_id}",
                        secret=_secret(request))
    return _answer_page(request, db, token, thanks=True)
