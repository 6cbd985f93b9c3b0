"""API shapes of the operations feature (Pydantic). Tables live in models.py."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from armsflow.operations.vocab import ConflictResolution, OperationKind

Reference = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                             max_length=60)]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=40)]


class OperationCreate(BaseModel):
    """A planned operation. Times are local to ``timezone`` (an IANA name) when given
    without an offset; with an offset they are taken as they are."""

    reference: Reference = Field(description="The agency's own reference or code name")
    kind: OperationKind
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    radius_m: float = Field(gt=0, le=50_000, description="Radius in metres (at most 50 km)")
    address: str | None = Field(default=None, max_length=300,
                                description="Street address of the point (not geocoded)")
    timezone: str = Field(min_length=1, max_length=64, examples=["America/Chicago"])
    starts_at: datetime
    ends_at: datetime
    contact_name: str | None = Field(default=None, max_length=200,
                                     description="Point of contact; default: the caller")
    contact_phone: Phone
    contact_email: str | None = Field(default=None, max_length=254)
    notes: str | None = Field(default=None, max_length=2000)


class OperationRead(BaseModel):
    id: int
    reference: str
    kind: str
    status: str
    lat: float
    lon: float
    radius_m: float
    address: str | None
    timezone: str
    starts_at: datetime
    ends_at: datetime
    starts_local: str
    ends_local: str
    contact_name: str
    contact_phone: str
    contact_email: str | None
    open_conflicts: int


class ContactRead(BaseModel):
    """All a party learns of the other side of a conflict: whom to call."""

    agency_name: str
    agency_ori: str
    contact_name: str
    contact_phone: str
    contact_email: str | None


class ConflictRead(BaseModel):
    id: int
    status: str
    resolution: str | None
    detected_at: datetime
    my_operation_id: int
    my_operation_reference: str
    acknowledged_by_me: bool
    acknowledged_by_them: bool
    other_party: ContactRead


class PlanRead(BaseModel):
    operation: OperationRead
    conflicts: list[ConflictRead]


class ResolveIn(BaseModel):
    resolution: ConflictResolution


class JointSummaryRead(BaseModel):
    id: int
    name: str
    lead_agency: str
    agencies: list[str]
    started_on: date | None
    ended_on: date | None
    cumulative: dict[str, str]
    day_totals: dict[str, dict[str, str]]
    by_state: dict[str, dict[str, str]]
