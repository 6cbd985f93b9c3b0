"""REST API of the entities feature: lookups, entity records, pair explanations,
judgements. Personal data: READ_PERSONAL_DATA, every read audited (reads.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from armsflow.entities import reads
from armsflow.entities.schemas import (
    EntityRead,
    EntityRef,
    EvidenceRead,
    JudgementCreate,
    JudgementRead,
    PairExplanationRead,
    PersonRecordRead,
)
from armsflow.web.api_errors import COMMON_ERRORS, RecordId
from armsflow.web.deps import CurrentUser, Db

QueryId = Annotated[int, Query(ge=1, le=2_147_483_647, description="Person record id")]
router = APIRouter(prefix="/api/v1", tags=["entities"], responses=COMMON_ERRORS)


@router.get("/entities/lookup", response_model=EntityRef)
def lookup(db: Db, user: CurrentUser,
           source: Annotated[str, Query(min_length=1, max_length=32)],
           source_ref: Annotated[str, Query(min_length=1, max_length=64)]) -> EntityRef:
    """The entity of one source record (e.g. source=purchaser, source_ref=P000000012)."""
    return EntityRef(entity_id=reads.entity_of(db, user, source, source_ref))


@router.get("/entities/{entity_id}", response_model=EntityRead)
def get_entity(db: Db, user: CurrentUser, entity_id: RecordId) -> EntityRead:
    view = reads.get_entity(db, user, entity_id)
    return EntityRead(entity_id=view.entity_id, records=[
        PersonRecordRead.model_validate(r, from_attributes=True) for r in view.records])


@router.get("/entities/pairs/explain", response_model=PairExplanationRead)
def explain_pair(db: Db, user: CurrentUser, a: QueryId, b: QueryId) -> PairExplanationRead:
    """Why two records are or are not linked: each comparison's match weight."""
    e = reads.explain_pair(db, user, a, b)
    return PairExplanationRead(
        prior_weight=e.prior_weight, match_weight=e.match_weight,
        match_probability=e.match_probability,
        evidence=[EvidenceRead(comparison=x.comparison, level=x.level, weight=x.weight)
                  for x in e.evidence])


@router.post("/entities/judgements", response_model=JudgementRead, status_code=201)
def judge(db: Db, user: CurrentUser, body: JudgementCreate) -> JudgementRead:
    """Record that two records are (or are not) the same person; applied at once and in
    every later run. 409 when it contradicts the judgements in force."""
    j = reads.judge(db, user, body.record_a, body.record_b, body.same, body.reason)
    return JudgementRead.model_validate(j, from_attributes=True)
