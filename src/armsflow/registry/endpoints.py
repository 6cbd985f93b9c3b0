"""Registry API: firearms, licensees, purchasers (personal data: entitled callers, audited)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from armsflow.registry import service
from armsflow.registry.schemas import (
    FirearmDetail,
    FirearmSummary,
    LicenseeDetail,
    LicenseeSummary,
    Page,
    PurchaserDetail,
    PurchaserRead,
)
from armsflow.web.api_errors import COMMON_ERRORS, RecordId
from armsflow.web.deps import CurrentUser, Db

router = APIRouter(prefix="/api/v1", tags=["registry"], responses=COMMON_ERRORS)

Reason = Annotated[
    str,
    Query(min_length=5, max_length=500, description="Why you need this personal data (audited)."),
]


@router.get("/firearms", response_model=list[FirearmSummary])
def search_firearms(
    db: Db, user: CurrentUser,
    serial: Annotated[str, Query(min_length=1, max_length=60, description="Serial as marked.")],
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[FirearmSummary]:
    """Firearms by serial (normalised; exact match first, then prefix)."""
    return service.search_firearms(db, user, serial=serial, limit=limit)


@router.get("/firearms/{firearm_id}", response_model=FirearmDetail)
def get_firearm(db: Db, user: CurrentUser, firearm_id: RecordId) -> FirearmDetail:
    """One firearm with its custody timeline."""
    return service.get_firearm(db, user, firearm_id)


@router.get("/licensees", response_model=Page[LicenseeSummary])
def search_licensees(
    db: Db, user: CurrentUser,
    q: Annotated[str | None, Query(max_length=200, description="Name or FFL number.")] = None,
    state: Annotated[str | None, Query(pattern="^[A-Za-z]{2}$")] = None,
    license_type: Annotated[str | None, Query(pattern="^[0-9]{2}$")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Page[LicenseeSummary]:
    items, total = service.search_licensees(
        db, user, q=q, state=state, license_type=license_type, limit=limit, offset=offset
    )
    return Page[LicenseeSummary](items=items, total=total)


@router.get("/licensees/{licensee_id}", response_model=LicenseeDetail)
def get_licensee(db: Db, user: CurrentUser, licensee_id: RecordId) -> LicenseeDetail:
    return service.get_licensee(db, user, licensee_id)


@router.get("/purchasers", response_model=list[PurchaserRead])
def search_purchasers(
    db: Db, user: CurrentUser, reason: Reason,
    last_name: Annotated[str, Query(min_length=2, max_length=100)],
    first_name: Annotated[str | None, Query(max_length=100)] = None,
    dob: date | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[PurchaserRead]:
    """Purchasers (Form 4473 records) by name: investigators and analysts of domestic agencies."""
    return service.search_purchasers(
        db, user, last_name=last_name, first_name=first_name, dob=dob, reason=reason, limit=limit
    )


@router.get("/purchasers/{purchaser_id}", response_model=PurchaserDetail)
def get_purchaser(
    db: Db, user: CurrentUser, purchaser_id: RecordId, reason: Reason
) -> PurchaserDetail:
    return service.get_purchaser(db, user, purchaser_id, reason=reason)
