"""Registry reads: policy checks and audit around the repository. Never commits."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from armsflow.audit.service import record
from armsflow.auth.policy import Permission, allowed, require
from armsflow.auth.principal import Principal
from armsflow.errors import InvalidInput, NotFound
from armsflow.registry import repository as repo
from armsflow.registry.models import Licensee, Purchaser
from armsflow.registry.schemas import (
    CustodyEvent,
    FirearmDetail,
    FirearmSummary,
    LicenseeDetail,
    LicenseeSummary,
    PartyRef,
    PurchaserDetail,
    PurchaserRead,
)
from armsflow.types.errors import InvalidValue
from armsflow.types.serial import normalize_serial
from armsflow.types.text import clean_text

MIN_REASON = 5


def name_key(*parts: str | None) -> str:
    """Uppercase, accents and punctuation removed, spaces collapsed: the key name searches use."""
    text = " ".join(p for p in parts if p)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", re.sub(r"[^A-Z0-9 ]", " ", text.upper())).strip()


def _summary(row: Any) -> FirearmSummary:
    fa, maker = row
    return FirearmSummary(
        id=fa.id, serial_raw=fa.serial_raw, serial_norm=fa.serial_norm, manufacturer=maker,
        model=fa.model, caliber=fa.caliber, ncic_type=fa.ncic_type,
        country_of_manufacture=fa.country_of_manufacture, importer=fa.importer,
        item_kind=fa.item_kind,
    )


def search_firearms(
    db: Session, principal: Principal, *, serial: str, limit: int = 50
) -> list[FirearmSummary]:
    """Firearms whose normalised serial equals (or, failing that, starts with) ``serial``."""
    require(principal, Permission.READ_REGISTRY)
    try:
        key = normalize_serial(serial)
    except InvalidValue as exc:
        raise InvalidInput(str(exc), field="serial") from None
    rows = repo.firearms_by_serial(db, key, prefix=False, limit=limit)
    if not rows:
        rows = repo.firearms_by_serial(db, key, prefix=True, limit=limit)
    return [_summary(r) for r in rows]


def _licensee_ref(lic: Licensee) -> PartyRef:
    label = lic.business_name or lic.license_name
    where = ", ".join(x for x in (lic.premise_city, lic.premise_state) if x)
    return PartyRef(kind="licensee", id=lic.id, label=f"{label} ({where})" if where else label)


def _purchaser_ref(purchaser_id: int | None, ref: str | None, entitled: bool) -> PartyRef:
    if entitled:
        return PartyRef(kind="purchaser", id=purchaser_id, label=f"Purchaser {ref}")
    return PartyRef(kind="purchaser", id=None, label="Retail purchaser", restricted=True)


def get_firearm(db: Session, principal: Principal, firearm_id: int) -> FirearmDetail:
    """A firearm with its custody timeline. Purchasers appear by reference only, and only to
    callers entitled to personal data; opening a purchaser record is a separate audited read."""
    require(principal, Permission.READ_REGISTRY)
    row = repo.firearm(db, firearm_id)
    if row is None:
        raise NotFound(f"firearm {firearm_id} not found")
    entitled = allowed(principal, Permission.READ_PERSONAL_DATA)
    events: list[CustodyEvent] = []
    for tr, src, dst, pref in repo.transfers_of(db, firearm_id):
        target = _licensee_ref(dst) if dst else _purchaser_ref(tr.to_purchaser_id, pref, entitled)
        events.append(CustodyEvent(date=tr.transfer_date,
                                   kind="transfer" if dst else "retail_sale",
                                   source=_licensee_ref(src), target=target))
    reports = repo.reports_of(db, firearm_id)
    for ms, lic, pref in reports["multiple_sales"]:
        events.append(CustodyEvent(date=ms.sale_date, kind="multiple_sale",
                                   source=_licensee_ref(lic),
                                   target=_purchaser_ref(ms.purchaser_id, pref, entitled),
                                   reference=ms.report_ref, note=f"Form {ms.form}"))
    for th, lic in reports["thefts"]:
        where = ", ".join(x for x in (th.city, th.state) if x)
        events.append(CustodyEvent(date=th.incident_date, kind=th.kind,
                                   source=_licensee_ref(lic) if lic else None, target=None,
                                   reference=th.report_ref, note=where or None))
    for im, lic in reports["imports"]:
        events.append(CustodyEvent(date=im.import_date, kind="import", source=None,
                                   target=_licensee_ref(lic), reference=im.permit_number,
                                   note=f"made in {im.country_of_manufacture}"))
    for nfa, lic in reports["nfa"]:
        events.append(CustodyEvent(date=nfa.registration_date, kind="nfa", source=None,
                                   target=_licensee_ref(lic) if lic else None,
                                   reference=nfa.control_number,
                                   note=nfa.nfa_class.replace("_", " ")))
    order = {"import": 0, "transfer": 1, "retail_sale": 2, "multiple_sale": 3}
    events.sort(key=lambda e: (e.date, order.get(e.kind, 9)))
    return FirearmDetail(**_summary(row).model_dump(), timeline=events)


def search_licensees(
    db: Session, principal: Principal, *, q: str | None = None, state: str | None = None,
    license_type: str | None = None, limit: int = 50, offset: int = 0,
) -> tuple[list[LicenseeSummary], int]:
    """Licensees by name, license number (full or RDS key), state and type."""
    require(principal, Permission.READ_REGISTRY)
    license_key = None
    key = None
    if q:
        from armsflow.types.ffl import FFLNumber

        try:
            ffl = FFLNumber.parse(q)
            license_key = ffl.rds_key
        except InvalidValue:
            if re.fullmatch(r"\d-\d{2}-\d{5}", q.strip()):
                license_key = q.strip()
            else:
                key = name_key(q)
    rows, total = repo.search_licensees(
        db, name_key=key, license_key=license_key, state=state.upper() if state else None,
        license_type=license_type, limit=limit, offset=offset,
    )
    return [LicenseeSummary.model_validate(r) for r in rows], total


def get_licensee(db: Session, principal: Principal, licensee_id: int) -> LicenseeDetail:
    require(principal, Permission.READ_REGISTRY)
    lic = db.get(Licensee, licensee_id)
    if lic is None:
        raise NotFound(f"licensee {licensee_id} not found")
    detail = LicenseeDetail.model_validate(lic)
    return detail.model_copy(update=repo.licensee_counts(db, licensee_id))


def _check_reason(reason: str | None) -> str:
    if reason is not None:
        reason = clean_text(reason, "reason", max_length=500)
    if reason is None or len(reason) < MIN_REASON:
        raise InvalidInput(
            f"reason: state why you need this personal data (a case number or purpose, "
            f"at least {MIN_REASON} characters); it is recorded in the audit log",
            field="reason",
        )
    return reason


def search_purchasers(
    db: Session, principal: Principal, *, last_name: str, first_name: str | None = None,
    dob: date | None = None, reason: str | None, limit: int = 50,
) -> list[PurchaserRead]:
    """Purchaser search: personal data, so entitled callers only, with a reason, audited."""
    require(principal, Permission.READ_PERSONAL_DATA)
    why = _check_reason(reason)
    clean_text(last_name, "last_name")
    clean_text(first_name or "", "first_name")
    key = name_key(last_name)
    if len(key) < 2:
        raise InvalidInput("last_name: give at least two letters", field="last_name")
    rows = repo.search_purchasers(db, name_key=key, first=first_name and name_key(first_name),
                                  dob=dob, limit=limit)
    record(db, actor=principal.actor, action="read_personal", object_type="purchaser_search",
           reason=why, detail={"last_name": last_name, "first_name": first_name,
                               "dob": dob, "results": [p.id for p in rows]})
    return [PurchaserRead.model_validate(p) for p in rows]


def get_purchaser(
    db: Session, principal: Principal, purchaser_id: int, *, reason: str | None
) -> PurchaserDetail:
    """One purchaser and the firearms bought: entitled callers only, with a reason, audited."""
    require(principal, Permission.READ_PERSONAL_DATA)
    why = _check_reason(reason)
    p = db.get(Purchaser, purchaser_id)
    if p is None:
        raise NotFound(f"purchaser {purchaser_id} not found")
    record(db, actor=principal.actor, action="read_personal", object_type="purchaser",
           object_id=p.id, reason=why)
    guns = [_summary(r) for r in repo.firearms_of_purchaser(db, p.id)]
    return PurchaserDetail(**PurchaserRead.model_validate(p).model_dump(), firearms=guns)
