"""API shapes of the cases feature, and the views each caller may see."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from armsflow.auth.models import User
from armsflow.auth.principal import Principal
from armsflow.cases import service
from armsflow.cases.models import Case, CaseIdentifier, Hit


class IdentifierIn(BaseModel):
    kind: str = Field(description="person, business, licensee, firearm, plate, vin, phone, "
                                  "email, address, place", max_length=12)
    value: str = Field(default="", max_length=200, description="The identifier (for a "
                       "person or business: the name; place: an optional label)")
    manufacturer: str | None = Field(default=None, max_length=200, description="firearm")
    state: str | None = Field(default=None, max_length=3, description="plate")
    dob: date | None = Field(default=None, description="person: date of birth")
    lat: float | None = Field(default=None, ge=-90, le=90, description="place")
    lon: float | None = Field(default=None, ge=-180, le=180, description="place")

    def fields(self) -> dict[str, str]:
        return {k: "" if v is None else str(v) for k, v in self.model_dump().items()}


class IdentifiersIn(BaseModel):
    identifiers: list[IdentifierIn] = Field(min_length=1, max_length=500)


class CaseCreate(BaseModel):
    case_number: str = Field(max_length=40)
    title: str = Field(max_length=200)
    lead_agency: str = Field(description="ATF, HSI, CBP, DEA, FBI, STATE, LOCAL, FOREIGN",
                             max_length=10)
    status: str = Field(default="open", description="open, suspended, closed", max_length=12)
    international: bool = False
    offense: str = Field(max_length=200)
    case_agent: str | None = Field(default=None, max_length=64,
                                   description="username in your agency; default: you")
    poc_name: str | None = Field(default=None, max_length=200)
    poc_phone: str | None = Field(default=None, max_length=40)
    poc_email: str | None = Field(default=None, max_length=254)
    opened_on: date | None = None
    identifiers: list[IdentifierIn] = Field(default_factory=list, max_length=500)
    shared_with: list[str] = Field(default_factory=list, max_length=50,
                                   description="ORIs of agencies that may read the case")

    def fields(self) -> dict[str, str]:
        out = {k: "" if v is None else str(v) for k, v in self.model_dump(
            exclude={"identifiers", "shared_with"}).items()}
        out["international"] = "yes" if self.international else "no"
        return out


class StatusIn(BaseModel):
    status: str = Field(description="open, suspended, closed", max_length=12)


class ShareIn(BaseModel):
    agency_ori: str = Field(max_length=9)


class ResolveIn(BaseModel):
    resolution: str = Field(description="coordinate, joint_investigation, no_conflict",
                            max_length=20)
    note: str | None = Field(default=None, max_length=500)


class IdentifierRead(BaseModel):
    id: int
    kind: str
    key: str
    display: str
    qualifier: str | None
    dob: date | None
    lat: float | None
    lon: float | None


class CaseSummary(BaseModel):
    id: int
    agency_ori: str
    case_number: str
    title: str
    lead_agency: str
    status: str
    international: bool
    offense: str
    opened_on: date


class CaseRead(CaseSummary):
    case_agent: str
    poc_name: str
    poc_phone: str | None
    poc_email: str | None
    identifiers: list[IdentifierRead]
    shared_with: list[str]
    may_change: bool


class CaseList(BaseModel):
    total: int
    cases: list[CaseSummary]


class Contact(BaseModel):
    """The other party's point of contact: all a hit discloses about the other side."""

    name: str
    agency_ori: str
    agency_name: str
    phone: str | None
    email: str | None


class HitRead(BaseModel):
    id: int
    kind: str
    match: str
    score: int
    status: str
    raised_at: datetime
    acknowledge_due_at: datetime
    resolve_due_at: datetime
    resolution: str | None
    resolution_note: str | None
    resolved_at: datetime | None
    my_case_id: int | None
    my_trace_id: int | None
    my_identifier: str
    my_acknowledged_at: datetime | None
    other_acknowledged_at: datetime | None
    overdue: bool
    other_contact: Contact


class CaseCreated(BaseModel):
    case: CaseRead
    hits: list[HitRead]


class IdentifiersAdded(BaseModel):
    added: int
    hits: list[HitRead]


class ImportErrorRow(BaseModel):
    row: int
    column: str
    reason: str


class ImportResult(BaseModel):
    """The outcome of an import (defaults: the shape also describes a request refused before
    reading, e.g. without a file)."""

    ok: bool = False
    cases: int = 0
    identifiers: int = 0
    hits: int = 0
    case_ids: list[int] = Field(default_factory=list)
    errors: list[ImportErrorRow] = Field(default_factory=list)


class NotificationRead(BaseModel):
    id: int
    topic: str
    subject: str
    body: str
    link: str | None
    created_at: datetime
    read_at: datetime | None


# ------------------------------------------------------------------------------ views


def summary(case: Case, oris: dict[int, str]) -> CaseSummary:
    return CaseSummary(id=case.id, agency_ori=oris.get(case.agency_id, "?"),
                       case_number=case.case_number, title=case.title,
                       lead_agency=case.lead_agency, status=case.status,
                       international=case.international, offense=case.offense,
                       opened_on=case.opened_on)


def identifier_read(i: CaseIdentifier) -> IdentifierRead:
    return IdentifierRead(id=i.id, kind=i.kind, key=i.key, display=i.display,
                          qualifier=i.qualifier or None, dob=i.dob, lat=i.lat, lon=i.lon)


def case_read(db: Session, principal: Principal, case: Case) -> CaseRead:
    from armsflow.cases import policy

    agencies = service.agency_names(db, [case.agency_id, *(s.agency_id for s in case.shares)])
    oris = {k: a.ori for k, a in agencies.items()}
    agent = db.get(User, case.case_agent_id)
    return CaseRead(**summary(case, oris).model_dump(),
                    case_agent=agent.username if agent else "?", poc_name=case.poc_name,
                    poc_phone=case.poc_phone, poc_email=case.poc_email,
                    identifiers=[identifier_read(i) for i in case.identifiers],
                    shared_with=sorted(oris[s.agency_id] for s in case.shares),
                    may_change=policy.may_change_case(principal, case.agency_id))


def hit_read(db: Session, principal: Principal, hit: Hit, now: datetime | None = None
             ) -> HitRead:
    from armsflow.db.base import utcnow

    mine = service.my_party(hit, principal)
    other = service.other_party(hit, principal)
    view = service.party_view(other, service.agency_names(db, [other.agency_id]))
    ident = db.get(CaseIdentifier, mine.identifier_id) if mine.identifier_id else None
    moment = now or utcnow()
    overdue = hit.status != "resolved" and (
        moment > hit.resolve_due_at
        or (moment > hit.ack_due_at and any(p.acknowledged_at is None for p in hit.parties)))
    return HitRead(id=hit.id, kind=hit.kind, match=hit.match, score=hit.score,
                   status=hit.status, raised_at=hit.raised_at,
                   acknowledge_due_at=hit.ack_due_at, resolve_due_at=hit.resolve_due_at,
                   resolution=hit.resolution, resolution_note=hit.resolution_note,
                   resolved_at=hit.resolved_at, my_case_id=mine.case_id,
                   my_trace_id=mine.trace_id,
                   my_identifier=f"{ident.kind}: {ident.display}" if ident else hit.kind,
                   my_acknowledged_at=mine.acknowledged_at,
                   other_acknowledged_at=other.acknowledged_at, overdue=overdue,
                   other_contact=Contact(name=view.poc_name, agency_ori=view.agency_ori,
                                         agency_name=view.agency_name, phone=view.poc_phone,
                                         email=view.poc_email))
