"""Registry tables (DOMAIN.md §2). Natural keys carry unique constraints so loads are idempotent."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from armsflow.db.base import Base, UTCDateTime, utcnow

BigId = BigInteger().with_variant(Integer, "sqlite")


class ImportBatch(Base):
    """One imported file: what it was, who loaded it, how many rows were stored or rejected."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    filename: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    format_version: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(16))
    rows_total: Mapped[int] = mapped_column(Integer, default=0)
    rows_stored: Mapped[int] = mapped_column(Integer, default=0)
    rows_rejected: Mapped[int] = mapped_column(Integer, default=0)
    rows_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str | None] = mapped_column(Text)
    errors_json: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(Integer)
    username: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Licensee(Base):
    """A federal firearms licensee. ``license_key`` is the RDS key (region-district-sequence),
    stable across renewals; licensees from lists without those segments get a derived key."""

    __tablename__ = "licensees"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    license_key: Mapped[str] = mapped_column(String(40), unique=True)
    ffl: Mapped[str | None] = mapped_column(String(20), index=True)
    region: Mapped[str | None] = mapped_column(String(1))
    district: Mapped[str | None] = mapped_column(String(2))
    county: Mapped[str | None] = mapped_column(String(3))
    license_type: Mapped[str] = mapped_column(String(2))
    expiry: Mapped[str | None] = mapped_column(String(2))
    sequence: Mapped[str | None] = mapped_column(String(5))
    license_name: Mapped[str] = mapped_column(String(200))
    business_name: Mapped[str | None] = mapped_column(String(200))
    premise_street: Mapped[str | None] = mapped_column(String(200))
    premise_city: Mapped[str | None] = mapped_column(String(100))
    premise_state: Mapped[str | None] = mapped_column(String(2), index=True)
    premise_zip: Mapped[str | None] = mapped_column(String(10))
    mail_street: Mapped[str | None] = mapped_column(String(200))
    mail_city: Mapped[str | None] = mapped_column(String(100))
    mail_state: Mapped[str | None] = mapped_column(String(2))
    mail_zip: Mapped[str | None] = mapped_column(String(10))
    phone: Mapped[str | None] = mapped_column(String(20))
    business_type: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(16), default="active")
    records_on_file: Mapped[bool] = mapped_column(Boolean, default=True)
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Manufacturer(Base):
    """A maker, normalised through the one vocabulary (armsflow.vocab.firearms)."""

    __tablename__ = "manufacturers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(2))
    known: Mapped[bool] = mapped_column(Boolean, default=False)


class Firearm(Base):
    """One firearm (or frame, receiver, kit, device), identified by maker and normalised serial."""

    __tablename__ = "firearms"
    __table_args__ = (
        UniqueConstraint("manufacturer_id", "serial_norm"),
        # serials read backwards: searches on a serial whose first characters are lost
        Index("ix_firearms_serial_rev", func.reverse(text("serial_norm"))),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    serial_raw: Mapped[str] = mapped_column(String(60))
    serial_norm: Mapped[str] = mapped_column(String(40), index=True)
    manufacturer_id: Mapped[int] = mapped_column(ForeignKey("manufacturers.id"))
    model: Mapped[str | None] = mapped_column(String(100))
    caliber: Mapped[str | None] = mapped_column(String(40))
    ncic_type: Mapped[str | None] = mapped_column(String(2))
    country_of_manufacture: Mapped[str | None] = mapped_column(String(2))
    importer: Mapped[str | None] = mapped_column(String(200))
    item_kind: Mapped[str] = mapped_column(String(24), default="firearm")
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))


class Purchaser(Base):
    """The retail purchaser of a Form 4473 record. Personal data: see armsflow.auth.policy."""

    __tablename__ = "purchasers"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    purchaser_ref: Mapped[str] = mapped_column(String(64), unique=True)
    last_name: Mapped[str] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(100))
    middle_name: Mapped[str | None] = mapped_column(String(100))
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    dob: Mapped[date | None] = mapped_column(Date)
    sex: Mapped[str | None] = mapped_column(String(1))
    street: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str | None] = mapped_column(String(3))
    zip: Mapped[str | None] = mapped_column(String(10))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))


class Transfer(Base):
    """One movement of one firearm: licensee to licensee, or a retail sale to a purchaser."""

    __tablename__ = "transfers"
    __table_args__ = (
        UniqueConstraint("firearm_id", "event_key"),
        Index("ix_transfers_from", "from_licensee_id", "transfer_date"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    firearm_id: Mapped[int] = mapped_column(ForeignKey("firearms.id"))
    from_licensee_id: Mapped[int] = mapped_column(ForeignKey("licensees.id"))
    to_licensee_id: Mapped[int | None] = mapped_column(ForeignKey("licensees.id"))
    to_purchaser_id: Mapped[int | None] = mapped_column(ForeignKey("purchasers.id"), index=True)
    transfer_date: Mapped[date] = mapped_column(Date)
    event_key: Mapped[str] = mapped_column(String(80))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))


class MultipleSaleReport(Base):
    """Form 3310.4 (handguns) or 3310.12 (rifles, AZ CA NM TX): one row per firearm in a report."""

    __tablename__ = "multiple_sales"
    __table_args__ = (UniqueConstraint("report_ref", "firearm_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    report_ref: Mapped[str] = mapped_column(String(64), index=True)
    form: Mapped[str] = mapped_column(String(8))
    licensee_id: Mapped[int] = mapped_column(ForeignKey("licensees.id"))
    purchaser_id: Mapped[int] = mapped_column(ForeignKey("purchasers.id"), index=True)
    firearm_id: Mapped[int] = mapped_column(ForeignKey("firearms.id"), index=True)
    sale_date: Mapped[date] = mapped_column(Date)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))


class TheftReport(Base):
    """Form 3310.11 theft or loss from a licensee (or a stolen-gun entry): one row per firearm."""

    __tablename__ = "thefts"
    __table_args__ = (UniqueConstraint("report_ref", "firearm_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    report_ref: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    licensee_id: Mapped[int | None] = mapped_column(ForeignKey("licensees.id"))
    firearm_id: Mapped[int] = mapped_column(ForeignKey("firearms.id"), index=True)
    incident_date: Mapped[date] = mapped_column(Date)
    report_date: Mapped[date | None] = mapped_column(Date)
    city: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str | None] = mapped_column(String(3))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))


class ImportRecord(Base):
    """A firearm imported into the US by a licensed importer (its import marks)."""

    __tablename__ = "import_records"
    __table_args__ = (UniqueConstraint("firearm_id", "importer_licensee_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    firearm_id: Mapped[int] = mapped_column(ForeignKey("firearms.id"), index=True)
    importer_licensee_id: Mapped[int] = mapped_column(ForeignKey("licensees.id"))
    country_of_manufacture: Mapped[str] = mapped_column(String(2))
    import_date: Mapped[date] = mapped_column(Date)
    permit_number: Mapped[str | None] = mapped_column(String(40))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))


class NFARegistration(Base):
    """An item in the National Firearms Registration and Transfer Record."""

    __tablename__ = "nfa_registrations"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    control_number: Mapped[str] = mapped_column(String(40), unique=True)
    firearm_id: Mapped[int] = mapped_column(ForeignKey("firearms.id"), index=True)
    nfa_class: Mapped[str] = mapped_column(String(32))
    registrant_licensee_id: Mapped[int | None] = mapped_column(ForeignKey("licensees.id"))
    registrant_purchaser_id: Mapped[int | None] = mapped_column(ForeignKey("purchasers.id"))
    registration_date: Mapped[date] = mapped_column(Date)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))
