"""Tracing services: submit (all rows or none), resolve claimed batches, read with the
disclosure policy and the audit. Never commits: the request, command or worker does."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from armsflow.auth.models import Agency
from armsflow.auth.policy import Permission, require
from armsflow.auth.principal import Principal
from armsflow.tracing import records, store
from armsflow.tracing import repository as repo
from armsflow.tracing.engine import resolve
from armsflow.tracing.facts import Result
from armsflow.tracing.intake import RowError
from armsflow.tracing.models import Trace, TraceEvent
from armsflow.tracing.vocab import TraceStatus
from armsflow.vocab.firearms import normalize_manufacturer

TRACE_COLUMNS = (
    "request_ref", "request_date", "priority", "urgent_reason", "agency_case_number",
    "offense_code", "recovery_date", "recovery_country", "recovery_state", "recovery_city",
    "serial_raw", "serial_norm", "serial_obliterated", "manufacturer", "maker_key", "model",
    "caliber", "firearm_type", "country_of_manufacture", "importer", "item_kind",
    "possessor_last_name", "possessor_first_name", "possessor_dob",
)


@dataclass
class SubmitReport:
    stored: int = 0
    unchanged: int = 0
    duplicates: int = 0
    errors: list[RowError] = field(default_factory=list)
    trace_ids: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _agencies(db: Session, oris: set[str]) -> dict[str, int]:
    rows = db.execute(select(Agency.ori, Agency.id).where(Agency.ori.in_(sorted(oris))))
    return {ori: aid for ori, aid in rows}


def _check_agencies(drafts: Sequence[dict[str, Any]], rows: Sequence[int],
                    agencies: dict[str, int], principal: Principal | None) -> list[RowError]:
    errors = []
    for row, d in zip(rows, drafts, strict=True):
        ori = d.get("agency_ori")
        if ori not in agencies:
            errors.append(RowError(row, "agency_ori", f"no agency {ori} is registered"))
        elif principal is not None and ori != principal.agency_ori:
            errors.append(RowError(row, "agency_ori", f"you may submit traces only for your "
                                   f"agency ({principal.agency_ori})"))
    seen: dict[tuple[str, str], int] = {}
    for row, d in zip(rows, drafts, strict=True):
        key = (d.get("agency_ori") or "", d.get("request_ref") or "")
        if key in seen:
            errors.append(RowError(row, "request_ref", f"repeats row {seen[key]}"))
        seen.setdefault(key, row)
    return errors


def submit(db: Session, drafts: Sequence[dict[str, Any]], *, actor: str,
           principal: Principal | None = None, rows: Sequence[int] | None = None,
           errors: Sequence[RowError] = ()) -> SubmitReport:
    """Store every request or none. Idempotent by agency and ``request_ref``; a request
    for a recovery already traced (same serial, maker, recovery date and country) is
    stored and flagged as a duplicate of the first."""
    if principal is not None:
        require(principal, Permission.SUBMIT_TRACES)
    rows = list(rows) if rows is not None else list(range(1, len(drafts) + 1))
    agencies = _agencies(db, {d["agency_ori"] for d in drafts if d.get("agency_ori")})
    report = SubmitReport(errors=list(errors) + _check_agencies(drafts, rows, agencies,
                                                                principal))
    if report.errors:
        report.errors.sort(key=lambda e: (e.row, e.column))
        return report
    existing = _existing(db, drafts, agencies)
    new = [d for d in drafts if (agencies[d["agency_ori"]], d["request_ref"]) not in existing]
    report.unchanged = len(drafts) - len(new)
    if new:
        values = [{"agency_id": agencies[d["agency_ori"]], "submitted_by": actor,
                   "status": TraceStatus.PENDING, **{c: d.get(c) for c in TRACE_COLUMNS}}
                  for d in new]
        db.execute(insert(Trace), values)
    ids = _existing(db, drafts, agencies)
    report.trace_ids = [ids[(agencies[d["agency_ori"]], d["request_ref"])] for d in drafts]
    new_ids = [ids[(agencies[d["agency_ori"]], d["request_ref"])] for d in new]
    store.add_events(db, [(i, None, TraceStatus.PENDING, "submitted") for i in new_ids],
                     actor=actor)
    report.stored = len(new)
    report.duplicates = _flag_duplicates(db, new, new_ids)
    return report


def _existing(db: Session, drafts: Sequence[dict[str, Any]], agencies: dict[str, int]
              ) -> dict[tuple[int, str], int]:
    out: dict[tuple[int, str], int] = {}
    by_agency: dict[int, list[str]] = {}
    for d in drafts:
        by_agency.setdefault(agencies[d["agency_ori"]], []).append(d["request_ref"])
    for aid, refs in by_agency.items():
        for part in repo.chunks(refs):
            stmt = select(Trace.request_ref, Trace.id).where(Trace.agency_id == aid,
                                                             Trace.request_ref.in_(part))
            out.update({(aid, ref): tid for ref, tid in db.execute(stmt)})
    return out


def _flag_duplicates(db: Session, new: Sequence[dict[str, Any]], ids: Sequence[int]) -> int:
    keyed: list[tuple[tuple[str, str, Any, str], int]] = [
        ((d["serial_norm"], d["maker_key"], d["recovery_date"], d["recovery_country"]), tid)
        for d, tid in zip(new, ids, strict=True) if d.get("serial_norm") and d.get("maker_key")]
    firsts = repo.duplicates_of(db, [k for k, _ in keyed])
    dupes = [{"b_id": tid, "duplicate_of_id": firsts[k]} for k, tid in keyed
             if firsts.get(k, tid) != tid]
    if dupes:
        from sqlalchemy import bindparam

        table: Any = Trace.__table__
        db.connection().execute(update(table).where(table.c.id == bindparam("b_id")), dupes)
    return len(dupes)


# ------------------------------------------------------------------------------ resolution

REQUEST_COLUMNS = (
    "id", "priority", "serial_norm", "serial_obliterated", "manufacturer", "maker_key", "model",
    "caliber", "country_of_manufacture", "importer", "item_kind", "recovery_date",
    "recovery_country", "recovery_state", "possessor_last_name", "possessor_first_name",
    "possessor_dob",
)
"""What the engine reads of a trace request (repository.request_facts) and what opening a
records request needs (id, priority)."""


def resolve_claimed(db: Session, token: str, ids: Sequence[int], *, actor: str,
                    secret: str = "") -> list[int]:
    """Resolve the claimed traces ``ids`` and write their results; the ids written."""
    # plain rows (the request's columns), not ORM objects: cheaper, and no stale copy of
    # a trace stays in the session once its result is written below
    table: Any = Trace.__table__
    traces = list(db.connection().execute(
        select(*(table.c[c] for c in REQUEST_COLUMNS)).where(table.c.id.in_(list(ids)))))
    registry_makers = repo.known_makers(db, {t.maker_key for t in traces if t.maker_key})
    reqs = [repo.request_facts(t, _maker_known(t, registry_makers)) for t in traces]
    facts = repo.load_facts(db, reqs)
    results: dict[int, tuple[str, Result]] = {}
    waiting: list[tuple[Any, int]] = []
    for trace, req in zip(traces, reqs, strict=True):
        result = resolve(req, facts)
        if result.awaiting_licensee_id is not None:
            results[trace.id] = (TraceStatus.AWAITING_RECORDS, result)
            waiting.append((trace, result.awaiting_licensee_id))
        else:
            results[trace.id] = (TraceStatus.COMPLETED, result)
    written = store.write_results(db, token, results, actor=actor)
    done = set(written)
    records.open_requests(db, [(t, lic) for t, lic in waiting if t.id in done], secret=secret)
    return written


def _maker_known(trace: Any, registry_makers: set[str]) -> bool:
    if not trace.maker_key:
        return False
    if trace.maker_key in registry_makers:
        return True
    return bool(trace.manufacturer and normalize_manufacturer(trace.manufacturer).known)


def record_claim(db: Session, token: str, ids: Sequence[int], *, actor: str) -> None:
    """The claim of ``ids`` (pending to running) as trace events, in the claim's
    transaction: every status change of a trace is recorded."""
    store.add_events(db, [(i, TraceStatus.PENDING, TraceStatus.RUNNING,
                           f"claimed ({token[:8]})") for i in ids], actor=actor)


def resolve_now(db: Session, ids: Sequence[int], *, actor: str, secret: str = "") -> list[int]:
    """Resolve freshly submitted traces inside the request (answers in milliseconds when
    the records are on file); the worker takes anything left."""
    token, mine = store.claim_ids(db, ids)
    if not mine:
        return []
    record_claim(db, token, mine, actor=actor)
    return resolve_claimed(db, token, mine, actor=actor, secret=secret)


# ------------------------------------------------------------------- for the web pages
# Added for tracing/pages.py: status history with the read rule, the licensee's view of a
# records request, and the cell values quoted in a bulk file's row errors.


def status_history(db: Session, principal: Principal, trace_id: int) -> list[TraceEvent]:
    """A trace's status changes, oldest first, for callers who may read the trace."""
    from armsflow.auth.policy import may_read_trace
    from armsflow.errors import Forbidden, NotFound
    from armsflow.tracing.reads import partners

    agency_id = db.scalar(select(Trace.agency_id).where(Trace.id == trace_id))
    if agency_id is None:
        raise NotFound(f"trace {trace_id} not found")
    if not may_read_trace(principal, agency_id, partners(db, agency_id)):
        raise Forbidden("this trace belongs to another agency")
    return list(db.scalars(select(TraceEvent).where(TraceEvent.trace_id == trace_id)
                           .order_by(TraceEvent.at, TraceEvent.id)))


@dataclass(frozen=True)
class RecordsRequestView:
    """What a licensee sees through its answer link: the gun asked about, not the case."""

    id: int
    status: str
    due_at: datetime
    answer: str | None
    answered_at: datetime | None
    licensee: str
    ffl: str | None
    priority: str
    serial: str | None
    manufacturer: str | None
    model: str | None
    caliber: str | None
    firearm_type: str | None


def records_request_view(db: Session, token: str) -> RecordsRequestView:
    """The records request behind a licensee's link (NotFound for a wrong token)."""
    from armsflow.registry.models import Licensee

    rr = records.by_token(db, token)
    trace = db.get(Trace, rr.trace_id)
    lic = db.get(Licensee, rr.licensee_id)
    assert trace is not None and lic is not None
    return RecordsRequestView(
        id=rr.id, status=rr.status, due_at=rr.due_at, answer=rr.answer,
        answered_at=rr.answered_at, licensee=lic.business_name or lic.license_name,
        ffl=lic.ffl, priority=trace.priority, serial=trace.serial_raw,
        manufacturer=trace.manufacturer, model=trace.model, caliber=trace.caliber,
        firearm_type=trace.firearm_type)


def bulk_error_values(path: Path, errors: Sequence[RowError]) -> dict[tuple[int, str], str]:
    """The cell each row error names, as read from the file (for the upload report)."""
    wanted = {(e.row, e.column) for e in errors if e.column}
    if not wanted:
        return {}
    if path.suffix.lower() == ".json":
        return _json_cells(path, wanted)
    from armsflow.imports.base import header_key
    from armsflow.imports.source import SourceError, open_table, scan_file

    out: dict[tuple[int, str], str] = {}
    try:
        table = open_table(path, scan_file(path), None)
    except SourceError:
        return out
    try:
        keys = [header_key(h) for h in table.header]
        columns = {c for _, c in wanted}
        index = {k: i for i, k in enumerate(keys) if k in columns}
        for chunk in table.chunks(index, 50_000):
            for i, row in enumerate(chunk.rows):
                for col in index:
                    if (row, col) in wanted:
                        out[(row, col)] = str(chunk.columns[col][i])
    except SourceError:
        pass
    finally:
        table.close()
    return out


def _json_cells(path: Path, wanted: set[tuple[int, str]]) -> dict[tuple[int, str], str]:
    import json

    from armsflow.imports.base import header_key

    try:
        items = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return {}
    if isinstance(items, dict):
        items = items.get("requests")
    out: dict[tuple[int, str], str] = {}
    for row, col in wanted:
        item = items[row - 1] if isinstance(items, list) and 0 < row <= len(items) else None
        if isinstance(item, dict):
            for k, v in item.items():
                if header_key(k) == col and v is not None:
                    out[(row, col)] = str(v)
    return out
