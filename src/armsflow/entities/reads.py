"""Reads of entities for users: policy and audit around the service. Entities are
personal data (they join purchasers, possessors and subjects), so every read needs
READ_PERSONAL_DATA and leaves an audit event; so does every judgement."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy.orm import Session

from armsflow.audit.service import record
from armsflow.auth.policy import Permission, require
from armsflow.auth.principal import Principal
from armsflow.entities import repository as repo
from armsflow.entities import service
from armsflow.entities.explain import PairExplanation, explain
from armsflow.entities.models import EntityJudgement
from armsflow.errors import InvalidInput, NotFound


@dataclass(frozen=True)
class EntityView:
    entity_id: int
    records: list[service.PersonRecord]
    judgements: list[EntityJudgement]


def entity_of(db: Session, principal: Principal, source: str, source_ref: str) -> int:
    require(principal, Permission.READ_PERSONAL_DATA)
    entity = service.entity_of(db, source, source_ref)
    record(db, actor=principal.actor, action="read_personal", object_type="entity_lookup",
           object_id=f"{source}:{source_ref}"[:64], detail={"entity": entity})
    if entity is None:
        raise NotFound(f"no entity for {source} {source_ref}")
    return entity


def entity_of_record(db: Session, principal: Principal, record_id: int) -> int:
    require(principal, Permission.READ_PERSONAL_DATA)
    entity = service.entity_of_record(db, record_id)
    if entity is None:
        raise NotFound(f"person record {record_id} has no entity yet")
    return entity


def get_entity(db: Session, principal: Principal, entity_id: int) -> EntityView:
    require(principal, Permission.READ_PERSONAL_DATA)
    records = service.records_of(db, entity_id)
    if not records:
        raise NotFound(f"entity {entity_id} not found")
    ids = [r.record_id for r in records]
    record(db, actor=principal.actor, action="read_personal", object_type="entity",
           object_id=entity_id, detail={"records": ids})
    return EntityView(entity_id, records, repo.judgements_about(db, ids))


def explain_pair(db: Session, principal: Principal, a: int, b: int) -> PairExplanation:
    """The per-comparison match weights of records ``a`` and ``b`` under the latest model."""
    require(principal, Permission.READ_PERSONAL_DATA)
    pair = repo.records_by_ids(db, [a, b])
    if len(pair) != 2:
        raise NotFound("give two existing, different person records")
    run = repo.latest_run(db)
    if run is None or run.model is None:
        raise InvalidInput("no resolution has run yet: run `armsflow entities resolve`")
    record(db, actor=principal.actor, action="read_personal", object_type="entity_pair",
           object_id=f"{a}-{b}", detail={"run": run.id})
    fields = repo.RECORD_FIELDS
    left, right = ({f: getattr(r, f) for f in fields} for r in pair)
    return explain(json.loads(run.model), left, right)


def judge(db: Session, principal: Principal, a: int, b: int, same: bool,
          reason: str) -> EntityJudgement:
    """Judgements need the same entitlement as reading (analysts see what they judge);
    service.judge writes the audit event."""
    require(principal, Permission.READ_PERSONAL_DATA)
    return service.judge(db, actor=principal.actor, a=a, b=b, same=same, reason=reason)
