"""API shapes of the leads feature (Pydantic; never the SQLAlchemy rows themselves)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from armsflow.leads.signals import Disposition, Priority, Subject


class HitRead(BaseModel):
    rule: str
    signal: str
    value: float
    min: float
    points: float
    days: int | None = None
    explanation: str


class LeadSummary(BaseModel):
    id: int
    kind: Subject
    subject_ref: str
    label: str
    state: str | None
    score: float
    priority: Priority
    status: Disposition
    assigned_to: str | None
    case_ref: str | None
    active: bool
    updated_at: datetime


class PersonRead(BaseModel):
    purchaser_id: int
    purchaser_ref: str
    last_name: str
    first_name: str
    dob: date | None
    address: str | None


class DispositionRead(BaseModel):
    at: datetime
    username: str
    from_status: Disposition
    to_status: Disposition
    assigned_to: str | None
    case_ref: str | None
    reason: str


class LeadRead(LeadSummary):
    explanation: str
    hits: list[HitRead]
    evidence: dict[str, Any]
    people: list[PersonRead]
    history: list[DispositionRead]
    graph_url: str | None


class LeadPage(BaseModel):
    total: int
    items: list[LeadSummary]


class DispositionCreate(BaseModel):
    status: Disposition
    reason: str = Field(min_length=1, max_length=1000)
    assigned_to: str | None = Field(default=None, max_length=64)
    case_ref: str | None = Field(default=None, max_length=64)
