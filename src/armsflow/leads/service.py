"""The leads work queue: listing with filters, one lead with its explanation and evidence,
dispositions. Only callers with WORK_LEADS (domestic investigators and analysts); every
read that returns people's names is an audit event, every disposition too."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from armsflow.audit.service import record
from armsflow.auth.policy import Permission, require
from armsflow.auth.principal import Principal
from armsflow.errors import InvalidInput, NotFound
from armsflow.leads import models
from armsflow.leads.explain import explain_hit, explain_score, gettext_for
from armsflow.leads.rules import RuleSet, load_rules
from armsflow.leads.schemas import (
    DispositionCreate,
    DispositionRead,
    HitRead,
    LeadPage,
    LeadRead,
    LeadSummary,
    PersonRead,
)
from armsflow.leads.signals import Disposition, Priority, Subject
from armsflow.registry.models import Purchaser

MAX_PAGE = 200


@lru_cache(maxsize=4)
def _rules(path: str | None) -> RuleSet:
    return load_rules(Path(path) if path else None)


def current_rules() -> RuleSet:
    """The configured rules file (ARMSFLOW_LEADS_RULES, else the packaged one), validated."""
    from armsflow.settings import get_settings

    path = get_settings().leads_rules
    return _rules(str(path) if path else None)


@dataclass(frozen=True)
class LeadQuery:
    kind: Subject | None = None
    priority: Priority | None = None
    status: Disposition | None = None
    state: str | None = None
    assigned_to: str | None = None
    ref: str | None = None
    include_inactive: bool = False
    limit: int = 50
    offset: int = 0


def _filtered(q: LeadQuery) -> Select[models.Lead]:
    stmt = select(models.Lead)
    if not q.include_inactive:
        stmt = stmt.where(models.Lead.active.is_(True))
    for column, value in ((models.Lead.kind, q.kind), (models.Lead.priority, q.priority),
                          (models.Lead.status, q.status), (models.Lead.assigned_to,
                                                           q.assigned_to)):
        if value:
            stmt = stmt.where(column == value)
    if q.state:
        stmt = stmt.where(models.Lead.state == q.state.strip().upper()[:3])
    if q.ref:
        stmt = stmt.where(models.Lead.subject_ref.like(f"%{q.ref.strip()[:60]}%"))
    return stmt


def summary(row: models.Lead) -> LeadSummary:
    return LeadSummary(
        id=row.id, kind=Subject(row.kind), subject_ref=row.subject_ref, label=row.label,
        state=row.state, score=row.score, priority=Priority(row.priority),
        status=Disposition(row.status), assigned_to=row.assigned_to, case_ref=row.case_ref,
        active=row.active, updated_at=row.updated_at)


def list_leads(db: Session, principal: Principal, q: LeadQuery) -> LeadPage:
    require(principal, Permission.WORK_LEADS)
    if not 1 <= q.limit <= MAX_PAGE or q.offset < 0:
        raise InvalidInput(f"limit: between 1 and {MAX_PAGE}; offset: 0 or more",
                           field="limit")
    stmt = _filtered(q)
    total = db.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = list(db.scalars(stmt.order_by(models.Lead.score.desc(), models.Lead.id)
                           .limit(q.limit).offset(q.offset)))
    people = [r.id for r in rows if r.kind != Subject.DEALER]
    if people:  # purchaser references identify people: the read is audited
        record(db, actor=principal.actor, action="read_personal", object_type="lead_queue",
               detail={"leads": people})
    return LeadPage(total=total, items=[summary(r) for r in rows])


def _get(db: Session, lead_id: int) -> models.Lead:
    row = db.get(models.Lead, lead_id)
    if row is None:
        raise NotFound(f"lead {lead_id} not found")
    return row


def _people(db: Session, row: models.Lead, evidence: dict[str, object]) -> list[PersonRead]:
    if row.kind == Subject.PURCHASER:
        linked: list[int] = evidence.get("linked_purchasers") or []  # type: ignore[assignment]
        ids = [int(row.subject_key), *(int(x) for x in linked)]
    elif row.kind == Subject.NETWORK:
        ids = [int(m["purchaser_id"]) for m in evidence.get("members", [])]  # type: ignore[attr-defined]
    else:
        return []
    out = []
    for p in db.scalars(select(Purchaser).where(Purchaser.id.in_(ids[:200]))
                        .order_by(Purchaser.id)):
        address = ", ".join(x for x in (p.street, p.city, p.state, p.zip) if x) or None
        out.append(PersonRead(purchaser_id=p.id, purchaser_ref=p.purchaser_ref,
                              last_name=p.last_name, first_name=p.first_name, dob=p.dob,
                              address=address))
    return out


def graph_url(row: models.Lead, evidence: dict[str, object]) -> str:
    """The network view focused on the lead's subject (armsflow.graph: /graph?focus=...)."""
    if row.kind == Subject.DEALER:
        node = f"licensee:{row.subject_key}"
    elif row.kind == Subject.PURCHASER:
        node = f"person:{row.subject_key}"
    else:
        first = evidence.get("members", [{}])[0]  # type: ignore[index]
        node = f"person:{first.get('purchaser_id')}"
    return f"/graph?focus={quote(node)}"


def get_lead(db: Session, principal: Principal, lead_id: int, lang: str = "en") -> LeadRead:
    require(principal, Permission.WORK_LEADS)
    row = _get(db, lead_id)
    evidence = json.loads(row.evidence_json)
    people = _people(db, row, evidence)
    if people:
        record(db, actor=principal.actor, action="read_personal", object_type="lead",
               object_id=row.id, detail={"purchasers": [p.purchaser_id for p in people]})
    gettext = gettext_for(lang)
    hits = [HitRead(**h, explanation=explain_hit(h, gettext))
            for h in json.loads(row.hits_json)]
    history = [DispositionRead(at=d.at, username=d.username,
                               from_status=Disposition(d.from_status),
                               to_status=Disposition(d.to_status), assigned_to=d.assigned_to,
                               case_ref=d.case_ref, reason=d.reason)
               for d in db.scalars(select(models.LeadDisposition)
                                   .where(models.LeadDisposition.lead_id == row.id)
                                   .order_by(models.LeadDisposition.at,
                                             models.LeadDisposition.id))]
    return LeadRead(**summary(row).model_dump(),
                    explanation=explain_score(row.score, row.priority,
                                              current_rules().priorities, gettext),
                    hits=hits, evidence=evidence, people=people, history=history,
                    graph_url=graph_url(row, evidence))


def dispose(db: Session, principal: Principal, lead_id: int, body: DispositionCreate) -> None:
    """Record a disposition: who, why; assigning names the assignee, referring the case."""
    require(principal, Permission.WORK_LEADS)
    row = _get(db, lead_id)
    reason = " ".join(body.reason.split())
    if len(reason) < 3:
        raise InvalidInput("reason: say why (at least 3 characters)", field="reason")
    assignee = (body.assigned_to or "").strip() or None
    case_ref = (body.case_ref or "").strip() or None
    if body.status == Disposition.ASSIGNED and not assignee:
        raise InvalidInput("assigned_to: name the person the lead is assigned to",
                           field="assigned_to")
    if body.status == Disposition.REFERRED and not case_ref:
        raise InvalidInput("case_ref: give the case the lead is referred to", field="case_ref")
    before = row.status
    row.status = body.status.value
    row.assigned_to = assignee if body.status == Disposition.ASSIGNED else row.assigned_to
    row.case_ref = case_ref if body.status == Disposition.REFERRED else row.case_ref
    db.add(models.LeadDisposition(
        lead_id=row.id, user_id=principal.user_id, username=principal.username,
        from_status=before, to_status=body.status.value, assigned_to=assignee,
        case_ref=case_ref, reason=reason))
    record(db, actor=principal.actor, action="update", object_type="lead", object_id=row.id,
           reason=reason, detail={"from": before, "to": body.status.value,
                                  "assigned_to": assignee, "case_ref": case_ref})
    db.flush()
