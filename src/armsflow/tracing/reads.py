"""Reading traces: one trace, the agency work list, exports, damaged-serial search.

Who sees what is decided by ``auth.policy`` (``may_read_trace``,
``may_read_trace_personal_data``); this module loads the sharing partners it needs and
writes an audit event for every read that returns purchaser or possessor data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from armsflow.audit.service import Actor, record
from armsflow.auth.models import Agency
from armsflow.auth.policy import (
    Permission,
    allowed,
    may_read_trace,
    may_read_trace_personal_data,
)
from armsflow.auth.principal import Principal
from armsflow.errors import Forbidden, NotFound
from armsflow.registry.models import Purchaser
from armsflow.tracing import records
from armsflow.tracing.models import SharingAgreement, Trace
from armsflow.tracing.repository import find_serials, firearm_cards
from armsflow.tracing.schemas import (
    ChainStepRead,
    Coded,
    PersonalData,
    SerialCandidate,
    TraceRead,
)
from armsflow.tracing.serials import clean_pattern, to_like
from armsflow.tracing.vocab import Indicator, Origin, Outcome, Reason, explain

EXPORT_COLUMNS = (
    "request_ref", "agency_ori", "status", "outcome", "reason", "origin", "origin_country",
    "source_license", "source_state", "purchaser_id", "first_retail_sale_date",
    "time_to_crime_days", "indicators", "duplicate_of",
)


def partners(db: Session, agency_id: int) -> frozenset[int]:
    """Agencies with a mutual collective-data-sharing agreement with ``agency_id``."""
    out_ = set(db.scalars(select(SharingAgreement.partner_id)
                          .where(SharingAgreement.agency_id == agency_id)))
    in_ = set(db.scalars(select(SharingAgreement.agency_id)
                         .where(SharingAgreement.partner_id == agency_id)))
    return frozenset(out_ & in_)


def _coded(value: Any, enum: Any) -> Coded | None:
    if value is None:
        return None
    member = enum(value)
    return Coded(code=member.value, explanation=explain(member))


def _personal(db: Session, t: Trace) -> PersonalData:
    buyer = db.get(Purchaser, t.purchaser_id) if t.purchaser_id else None
    return PersonalData(
        purchaser_ref=t.purchaser_ref,
        purchaser_name=f"{buyer.last_name}, {buyer.first_name}" if buyer else None,
        purchaser_dob=buyer.dob if buyer else None,
        possessor_last_name=t.possessor_last_name,
        possessor_first_name=t.possessor_first_name, possessor_dob=t.possessor_dob)


def to_read(db: Session, t: Trace, ori: str, personal: bool) -> TraceRead:
    chain = [ChainStepRead(**s) for s in json.loads(t.chain_json or "[]")]
    if not personal:
        chain = [s.model_copy(update={"target": "Retail purchaser (restricted)"})
                 if s.kind == "retail_sale" else s for s in chain]
    return TraceRead(
        id=t.id, request_ref=t.request_ref, agency_ori=ori, status=t.status,
        priority=t.priority, submitted_at=t.submitted_at, recovery_date=t.recovery_date,
        recovery_country=t.recovery_country, recovery_state=t.recovery_state,
        offense_code=t.offense_code, serial=t.serial_raw, manufacturer=t.manufacturer,
        model=t.model, caliber=t.caliber, duplicate_of=t.duplicate_of_id,
        outcome=_coded(t.outcome, Outcome), reason=_coded(t.reason, Reason),
        origin=_coded(t.origin, Origin), origin_country=t.origin_country,
        match_note=t.match_note, firearm_id=t.firearm_id, source_license=t.source_license,
        source_state=t.source_state, first_retail_sale_date=t.first_retail_sale_date,
        time_to_crime_days=t.ttc_days,
        indicators=[c for c in (_coded(i, Indicator) for i in (t.indicators or "").split(",")
                                if i) if c],
        chain=chain, personal=_personal(db, t) if personal else None,
        records_requests=records.for_trace(db, t.id))


def get_trace(db: Session, principal: Principal, trace_id: int) -> TraceRead:
    """One trace; personal data only for the requesting agency and its sharing partners,
    and each such read is audited."""
    row = db.execute(select(Trace, Agency.ori).join(Agency, Agency.id == Trace.agency_id)
                     .where(Trace.id == trace_id)).first()
    if row is None:
        raise NotFound(f"trace {trace_id} not found")
    t, ori = row
    shared = partners(db, t.agency_id)
    if not may_read_trace(principal, t.agency_id, shared):
        raise Forbidden("this trace belongs to another agency")
    personal = may_read_trace_personal_data(principal, t.agency_id, shared)
    if personal:
        record(db, actor=principal.actor, action="read_personal", object_type="trace",
               object_id=t.id, reason=f"trace {t.request_ref}",
               detail={"purchaser": t.purchaser_id, "possessor": bool(t.possessor_last_name)})
    return to_read(db, t, ori, personal)


@dataclass(frozen=True)
class WorkListQuery:
    status: str | None = None
    serial: str | None = None
    name: str | None = None
    offense: str | None = None
    recovered_from: date | None = None
    recovered_to: date | None = None
    limit: int = 100
    offset: int = 0


def _filtered(stmt: Select[Any], q: WorkListQuery) -> Select[Any]:
    if q.status:
        stmt = stmt.where(Trace.status == q.status)
    if q.serial:
        key = clean_pattern(q.serial)
        stmt = stmt.where(Trace.serial_norm.like(to_like(key) + ("" if "*" in key else "%")))
    if q.name:
        stmt = stmt.where(Trace.possessor_last_name.ilike(f"{q.name.strip()}%"))
    if q.offense:
        stmt = stmt.where(Trace.offense_code == q.offense)
    if q.recovered_from:
        stmt = stmt.where(Trace.recovery_date >= q.recovered_from)
    if q.recovered_to:
        stmt = stmt.where(Trace.recovery_date <= q.recovered_to)
    return stmt


def work_list(db: Session, principal: Principal, q: WorkListQuery) -> list[Trace]:
    """The caller's agency's traces (and its sharing partners'), newest first. Searching by
    possessor name is a personal-data search: audited."""
    allowed_agencies = {principal.agency_id} | partners(db, principal.agency_id)
    if not allowed(principal, Permission.SUBMIT_TRACES):
        raise Forbidden("your account may not read traces")
    stmt = _filtered(select(Trace).where(Trace.agency_id.in_(allowed_agencies)), q)
    rows = list(db.scalars(stmt.order_by(Trace.id.desc()).limit(q.limit).offset(q.offset)))
    if q.name:
        record(db, actor=principal.actor, action="read_personal", object_type="trace_search",
               reason="work list search by possessor name",
               detail={"name": q.name, "results": [t.id for t in rows]})
    return rows


def export_rows(db: Session, *, actor: Actor, agency_ids: set[int] | None = None
                ) -> list[dict[str, Any]]:
    """One row per request with the issue's export columns; the read is audited."""
    stmt = select(Trace, Agency.ori).join(Agency, Agency.id == Trace.agency_id)
    if agency_ids is not None:
        stmt = stmt.where(Trace.agency_id.in_(agency_ids))
    out = []
    for t, ori in db.execute(stmt.order_by(Trace.id)):
        out.append({"request_ref": t.request_ref, "agency_ori": ori, "status": t.status,
                    "outcome": t.outcome, "reason": t.reason, "origin": t.origin,
                    "origin_country": t.origin_country, "source_license": t.source_license,
                    "source_state": t.source_state, "purchaser_id": t.purchaser_ref,
                    "first_retail_sale_date": t.first_retail_sale_date,
                    "time_to_crime_days": t.ttc_days,
                    "indicators": (t.indicators or "").replace(",", ";"),
                    "duplicate_of": t.duplicate_of_id})
    record(db, actor=actor, action="read_personal", object_type="trace_export",
           reason="trace export", detail={"rows": len(out)})
    return out


def search_serial(db: Session, principal: Principal, pattern: str, *,
                  manufacturer: str | None = None, model: str | None = None,
                  caliber: str | None = None, limit: int = 50) -> list[SerialCandidate]:
    """Damaged-serial search: ranked registry firearms, each with why it matches."""
    if not allowed(principal, Permission.READ_REGISTRY):
        raise Forbidden("your account may not read the registry")
    return search_serial_unchecked(db, pattern, manufacturer=manufacturer, model=model,
                                   caliber=caliber, limit=limit)


def search_serial_unchecked(db: Session, pattern: str, *, manufacturer: str | None = None,
                            model: str | None = None, caliber: str | None = None,
                            limit: int = 50) -> list[SerialCandidate]:
    """The search itself (callers check permissions): ``serials`` defines a match,
    ``repository.find_serials`` finds every one and ranks them."""
    from armsflow.vocab.firearms import normalize_manufacturer

    maker_key = normalize_manufacturer(manufacturer).key if manufacturer else None
    found = find_serials(db, clean_pattern(pattern), maker_key=maker_key, model=model,
                         caliber=caliber, limit=limit)
    cards = firearm_cards(db, [fid for fid, _hit in found])
    return [SerialCandidate(firearm_id=fid, serial=cards[fid][0], manufacturer=cards[fid][1],
                            model=cards[fid][2], caliber=cards[fid][3], score=hit.score,
                            why=hit.why)
            for fid, hit in found]
