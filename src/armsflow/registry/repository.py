"""All registry SQL for reads. Services decide who may call what; this module only queries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from armsflow.registry.models import (
    Firearm,
    ImportRecord,
    Licensee,
    Manufacturer,
    MultipleSaleReport,
    NFARegistration,
    Purchaser,
    TheftReport,
    Transfer,
)

FIREARM_COLUMNS = (Firearm, Manufacturer.name)


def _firearms() -> Select[Firearm, str]:
    return select(Firearm, Manufacturer.name).join(
        Manufacturer, Manufacturer.id == Firearm.manufacturer_id
    )


def firearms_by_serial(db: Session, serial_norm: str, *, prefix: bool, limit: int) -> Sequence[Any]:
    cond = (
        Firearm.serial_norm.startswith(serial_norm, autoescape=True)
        if prefix
        else Firearm.serial_norm == serial_norm
    )
    stmt = _firearms().where(cond).order_by(Firearm.serial_norm, Firearm.id).limit(limit)
    return db.execute(stmt).all()


def firearm(db: Session, firearm_id: int) -> Any | None:
    return db.execute(_firearms().where(Firearm.id == firearm_id)).first()


def firearms_of_purchaser(db: Session, purchaser_id: int) -> Sequence[Any]:
    stmt = (
        _firearms()
        .join(Transfer, Transfer.firearm_id == Firearm.id)
        .where(Transfer.to_purchaser_id == purchaser_id)
        .order_by(Transfer.transfer_date)
    )
    return db.execute(stmt).all()


def transfers_of(db: Session, firearm_id: int) -> Sequence[Any]:
    src, dst = aliased(Licensee), aliased(Licensee)
    stmt = (
        select(Transfer, src, dst, Purchaser.purchaser_ref)
        .join(src, src.id == Transfer.from_licensee_id)
        .outerjoin(dst, dst.id == Transfer.to_licensee_id)
        .outerjoin(Purchaser, Purchaser.id == Transfer.to_purchaser_id)
        .where(Transfer.firearm_id == firearm_id)
        .order_by(Transfer.transfer_date, Transfer.id)
    )
    return db.execute(stmt).all()


def reports_of(db: Session, firearm_id: int) -> dict[str, Sequence[Any]]:
    return {
        "multiple_sales": db.execute(
            select(MultipleSaleReport, Licensee, Purchaser.purchaser_ref)
            .join(Licensee, Licensee.id == MultipleSaleReport.licensee_id)
            .join(Purchaser, Purchaser.id == MultipleSaleReport.purchaser_id)
            .where(MultipleSaleReport.firearm_id == firearm_id)
        ).all(),
        "thefts": db.execute(
            select(TheftReport, Licensee)
            .outerjoin(Licensee, Licensee.id == TheftReport.licensee_id)
            .where(TheftReport.firearm_id == firearm_id)
        ).all(),
        "imports": db.execute(
            select(ImportRecord, Licensee)
            .join(Licensee, Licensee.id == ImportRecord.importer_licensee_id)
            .where(ImportRecord.firearm_id == firearm_id)
        ).all(),
        "nfa": db.execute(
            select(NFARegistration, Licensee)
            .outerjoin(Licensee, Licensee.id == NFARegistration.registrant_licensee_id)
            .where(NFARegistration.firearm_id == firearm_id)
        ).all(),
    }


def search_licensees(
    db: Session, *, name_key: str | None, license_key: str | None, state: str | None,
    license_type: str | None, limit: int, offset: int,
) -> tuple[Sequence[Licensee], int]:
    stmt = select(Licensee)
    if name_key:
        like = f"%{name_key}%"
        stmt = stmt.where(or_(Licensee.name_key.like(like), Licensee.business_name.ilike(like)))
    if license_key:
        stmt = stmt.where(or_(Licensee.license_key == license_key, Licensee.ffl == license_key))
    if state:
        stmt = stmt.where(Licensee.premise_state == state)
    if license_type:
        stmt = stmt.where(Licensee.license_type == license_type)
    total = db.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = db.scalars(stmt.order_by(Licensee.license_name, Licensee.id).limit(limit).offset(offset))
    return rows.all(), total


def licensee_counts(db: Session, licensee_id: int) -> dict[str, int]:
    def count(stmt: Select[Any]) -> int:
        return db.scalar(select(func.count()).select_from(stmt.subquery())) or 0

    out = select(Transfer.id).where(Transfer.from_licensee_id == licensee_id)
    return {
        "transfers_out": count(out.where(Transfer.to_licensee_id.is_not(None))),
        "retail_sales": count(out.where(Transfer.to_purchaser_id.is_not(None))),
        "transfers_in": count(select(Transfer.id).where(Transfer.to_licensee_id == licensee_id)),
        "thefts": count(select(TheftReport.id).where(TheftReport.licensee_id == licensee_id)),
        "multiple_sales": count(
            select(MultipleSaleReport.report_ref)
            .where(MultipleSaleReport.licensee_id == licensee_id)
            .distinct()
        ),
    }


def search_purchasers(
    db: Session, *, name_key: str | None, first: str | None, dob: Any, limit: int
) -> Sequence[Purchaser]:
    stmt = select(Purchaser)
    if name_key:
        stmt = stmt.where(Purchaser.name_key.like(f"{name_key}%"))
    if first:
        stmt = stmt.where(func.upper(Purchaser.first_name).like(f"{first.upper()}%"))
    if dob:
        stmt = stmt.where(Purchaser.dob == dob)
    return db.scalars(stmt.order_by(Purchaser.last_name, Purchaser.first_name).limit(limit)).all()
