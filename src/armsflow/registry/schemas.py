"""API shapes for registry reads (Pydantic). Tables live in models.py; never one class for both."""

from __future__ import annotations

from datetime import date
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict

T = TypeVar("T")


class LicenseeSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    license_key: str
    ffl: str | None
    license_type: str
    license_name: str
    business_name: str | None
    premise_city: str | None
    premise_state: str | None
    status: str


class LicenseeDetail(LicenseeSummary):
    region: str | None
    district: str | None
    county: str | None
    expiry: str | None
    sequence: str | None
    premise_street: str | None
    premise_zip: str | None
    mail_street: str | None
    mail_city: str | None
    mail_state: str | None
    mail_zip: str | None
    phone: str | None
    business_type: str | None
    records_on_file: bool
    transfers_out: int = 0
    retail_sales: int = 0
    transfers_in: int = 0
    thefts: int = 0
    multiple_sales: int = 0


class FirearmSummary(BaseModel):
    id: int
    serial_raw: str
    serial_norm: str
    manufacturer: str
    model: str | None
    caliber: str | None
    ncic_type: str | None
    country_of_manufacture: str | None
    importer: str | None
    item_kind: str


class PartyRef(BaseModel):
    """One side of a custody event. A purchaser is named only for entitled callers."""

    kind: str  # licensee | purchaser
    id: int | None
    label: str
    restricted: bool = False


class CustodyEvent(BaseModel):
    date: date
    kind: str  # transfer | retail_sale | multiple_sale | theft | loss | import | nfa
    source: PartyRef | None
    target: PartyRef | None
    reference: str | None = None
    note: str | None = None


class FirearmDetail(FirearmSummary):
    timeline: list[CustodyEvent]


class PurchaserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    purchaser_ref: str
    last_name: str
    first_name: str
    middle_name: str | None
    dob: date | None
    sex: str | None
    street: str | None
    city: str | None
    state: str | None
    zip: str | None


class PurchaserDetail(PurchaserRead):
    firearms: list[FirearmSummary]


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
