"""API shapes of the entities feature."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field


class PersonRecordRead(BaseModel):
    record_id: int
    source: str
    source_ref: str
    last_name: str | None
    first_name: str | None
    middle_name: str | None
    dob: date | None
    sex: str | None
    street: str | None
    city: str | None
    state: str | None
    zip: str | None
    phone: str | None
    match_probability: float | None
    placed_by: str | None = Field(
        None, description="how the record came into its entity: link (a scored pair or a "
        "judgement), name (no date of birth; the only person with its name), neighbour (no "
        "date of birth; the only person it scored pairs with), alone")


class EntityRead(BaseModel):
    entity_id: int
    records: list[PersonRecordRead]


class EntityRef(BaseModel):
    entity_id: int


class EvidenceRead(BaseModel):
    comparison: str
    level: str
    weight: float


class PairExplanationRead(BaseModel):
    prior_weight: float
    match_weight: float
    match_probability: float
    evidence: list[EvidenceRead]


class JudgementCreate(BaseModel):
    record_a: int = Field(ge=1, le=2_147_483_647)
    record_b: int = Field(ge=1, le=2_147_483_647)
    same: bool
    reason: str = Field(min_length=5, max_length=2000)


class JudgementRead(BaseModel):
    id: int
    record_a_id: int
    record_b_id: int
    same: bool
    username: str
    reason: str
    created_at: datetime
