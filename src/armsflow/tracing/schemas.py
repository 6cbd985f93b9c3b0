"""API shapes for tracing (Pydantic). Tables live in models.py; never one class for both."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field


class TraceCreate(BaseModel):
    """One trace request (Form 3312.1), in the exchange layout's field names."""

    request_ref: str = Field(min_length=1, max_length=40)
    agency_ori: str = Field(min_length=9, max_length=9)
    priority: str = "routine"
    urgent_reason: str | None = Field(default=None, max_length=500)
    request_date: str | None = None
    agency_case_number: str | None = Field(default=None, max_length=40)
    offense_code: str | None = Field(default=None, max_length=4)
    recovery_date: str
    recovery_country: str = Field(max_length=60)
    recovery_state: str | None = Field(default=None, max_length=60)
    recovery_city: str | None = Field(default=None, max_length=100)
    serial_number: str | None = Field(default=None, max_length=60)
    serial_obliterated: bool = False
    manufacturer: str | None = Field(default=None, max_length=200)
    model: str | None = Field(default=None, max_length=100)
    caliber: str | None = Field(default=None, max_length=60)
    firearm_type: str | None = Field(default=None, max_length=60)
    country_of_manufacture: str | None = Field(default=None, max_length=60)
    importer: str | None = Field(default=None, max_length=200)
    item_kind: str | None = Field(default=None, max_length=24)
    possessor_last_name: str | None = Field(default=None, max_length=100)
    possessor_first_name: str | None = Field(default=None, max_length=100)
    possessor_dob: str | None = None


class RowErrorRead(BaseModel):
    row: int
    column: str
    reason: str


class SubmitRead(BaseModel):
    stored: int
    unchanged: int
    duplicates: int
    errors: list[RowErrorRead]
    trace_ids: list[int]


class Coded(BaseModel):
    """A vocabulary value with its English explanation."""

    code: str
    explanation: str


class ChainStepRead(BaseModel):
    day: date | None
    kind: str
    source: str | None
    target: str | None
    note: str | None = None


class PersonalData(BaseModel):
    """Purchaser and possessor: the requesting agency and its sharing partners only."""

    purchaser_ref: str | None
    purchaser_name: str | None
    purchaser_dob: date | None
    possessor_last_name: str | None
    possessor_first_name: str | None
    possessor_dob: date | None


class TraceRead(BaseModel):
    id: int
    request_ref: str
    agency_ori: str
    status: str
    priority: str
    submitted_at: datetime
    recovery_date: date
    recovery_country: str
    recovery_state: str | None
    offense_code: str | None
    serial: str | None
    manufacturer: str | None
    model: str | None
    caliber: str | None
    duplicate_of: int | None
    outcome: Coded | None
    reason: Coded | None
    origin: Coded | None
    origin_country: str | None
    match_note: str | None
    firearm_id: int | None
    source_license: str | None
    source_state: str | None
    first_retail_sale_date: date | None
    time_to_crime_days: int | None
    indicators: list[Coded]
    chain: list[ChainStepRead]
    personal: PersonalData | None
    records_requests: list[dict[str, object]] = []


class RecordsAnswerIn(BaseModel):
    answer: str
    answer_date: date | None = None
    license: str | None = Field(default=None, max_length=20)
    purchaser: str | None = Field(default=None, max_length=300)
    note: str | None = Field(default=None, max_length=500)


class SerialCandidate(BaseModel):
    firearm_id: int
    serial: str
    manufacturer: str
    model: str | None
    caliber: str | None
    score: float
    why: str
