"""API shapes of the monitoring feature (Pydantic). Tables live in models.py."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from armsflow.monitoring.vocab import ActivityKind


class ParticipantIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    agency: str = Field(min_length=1, max_length=40, examples=["ATF", "ICE"])
    attended: bool = True


class InvestigationIn(BaseModel):
    case_number: str = Field(min_length=1, max_length=60)
    lead_agency: str = Field(min_length=1, max_length=10, examples=["ATF", "ICE"])
    coordinated: bool
    information_shared: bool
    note: str | None = Field(default=None, max_length=300)


class ActivityCreate(BaseModel):
    kind: ActivityKind
    held_on: date
    title: str = Field(min_length=1, max_length=200)
    location: str | None = Field(default=None, max_length=200)
    notes: str | None = Field(default=None, max_length=4000)
    participants: list[ParticipantIn] = Field(default_factory=list, max_length=500)
    investigations: list[InvestigationIn] = Field(default_factory=list, max_length=2000)


class ActivityRead(ActivityCreate):
    id: int
    recorded_by: str
