"""API shapes of the monitoring feature (Pydantic). Tables live in models.py."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from armsflow.monitoring.vocab import ActivityKind
from armsflow.types.text import no_controls

# Strings without control characters (PostgreSQL cannot store NUL), stripped of surrounding
# spaces, then at least one character long.
Clean = AfterValidator(no_controls)
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                               max_length=200), Clean]
AgencyName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                                     max_length=40), Clean]
CaseNumber = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                                     max_length=60), Clean]
LeadAgency = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                                     max_length=10), Clean]
Note = Annotated[str, Clean]


class ParticipantIn(BaseModel):
    name: Name
    agency: AgencyName = Field(examples=["ATF", "ICE"])
    attended: bool = True


class InvestigationIn(BaseModel):
    case_number: CaseNumber
    lead_agency: LeadAgency = Field(examples=["ATF", "ICE"])
    coordinated: bool
    information_shared: bool
    note: Note | None = Field(default=None, max_length=300)


class ActivityCreate(BaseModel):
    kind: ActivityKind
    held_on: date
    title: Name
    location: Note | None = Field(default=None, max_length=200)
    notes: Note | None = Field(default=None, max_length=4000)
    participants: list[ParticipantIn] = Field(default_factory=list, max_length=500)
    investigations: list[InvestigationIn] = Field(default_factory=list, max_length=2000)


class ActivityRead(ActivityCreate):
    id: int
    recorded_by: str
