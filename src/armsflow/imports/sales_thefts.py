"""Multiple-sale reports (Forms 3310.4 and 3310.12) and theft/loss reports (3310.11).

Both are one row per firearm of a report; the firearm is created if the registry lacks it.
"""
# ruff: noqa: S608 - SQL is assembled from constant identifiers only; values are bound.

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, text

from armsflow.imports.cells import choice_of, code_of, iso_date, text_of
from armsflow.imports.firearm import (
    FIREARM_INDEX,
    FIREARM_JOIN,
    FIREARM_STAGING,
    FirearmImporter,
    firearm_columns,
    firearm_stage,
)
from armsflow.imports.refs import check_licensees, check_purchasers, parse_licence_ref
from armsflow.imports.source import Chunk
from armsflow.imports.spec import Column, KindSpec
from armsflow.vocab.firearms import is_handgun
from armsflow.vocab.places import us_state_code

FORMS = {"3310.4": "3310.4", "3310.12": "3310.12"}
RIFLE_REPORT_STATES = ("AZ", "CA", "NM", "TX")

SALE_COLUMNS = (
    Column("report_ref", code_of(64), "text", "Report number; one report has one row per "
           "firearm.", "MS-2023-0042"),
    Column("form", choice_of(FORMS), "3310.4 or 3310.12", "3310.4: two or more handguns; "
           "3310.12: two or more semi-automatic rifles (dealers in AZ, CA, NM, TX only).",
           "3310.4"),
    Column("license", parse_licence_ref, "FFL number or RDS key", "The reporting dealer.",
           "9-86-12345"),
    Column("purchaser_id", code_of(64), "text", "The purchaser (imported before).",
           "P-000123"),
    Column("sale_date", iso_date, "date", "Date of the sale (YYYY-MM-DD).", "2023-04-17"),
    *firearm_columns(),
)


class MultipleSaleImporter(FirearmImporter):
    staging = (
        *FIREARM_STAGING, ("report_ref", "TEXT"), ("form", "TEXT"), ("license_key", "TEXT"),
        ("purchaser_ref", "TEXT"), ("sale_date", "DATE"),
    )
    indexes = (FIREARM_INDEX, "report_ref, row_no")

    def build(
        self, chunk: Chunk, values: dict[str, list[Any]], ok: bytearray
    ) -> dict[str, list[Any]]:
        for i, (form, typ) in enumerate(zip(values["form"], values["firearm_type"],
                                            strict=True)):
            if not ok[i]:
                continue
            if form == "3310.4" and not is_handgun(typ):
                self.fail(chunk, ok, i, "firearm_type", "Form 3310.4 reports handguns; "
                          "this is not a pistol or revolver type")
            elif form == "3310.12" and not typ.startswith("R"):
                self.fail(chunk, ok, i, "firearm_type", "Form 3310.12 reports rifles; this "
                          "is not a rifle type")
        staged = firearm_stage(chunk, values)
        staged.update(report_ref=values["report_ref"], form=values["form"],
                      license_key=values["license"], purchaser_ref=values["purchaser_id"],
                      sale_date=values["sale_date"])
        return staged

    def check(self, conn: Connection) -> None:
        check_licensees(self, conn, "license_key", "license")
        check_purchasers(self, conn, "purchaser_ref", "purchaser_id")
        self.check_repeats(
            conn, "report_ref", ("form", "license_key", "purchaser_ref"), "report_ref",
            "an earlier row of this report names another form, dealer or purchaser",
        )
        states = ", ".join(f"'{s}'" for s in RIFLE_REPORT_STATES)
        self.flag(
            conn,
            "s.form = '3310.12' AND EXISTS (SELECT 1 FROM licensees l WHERE "
            f"l.license_key = s.license_key AND l.premise_state NOT IN ({states}))",
            "form",
            lambda st: f"Form 3310.12 is filed only by dealers in AZ, CA, NM and TX; this "
            f"dealer's premises are in {st}",
            value="s.form",
            extra="(SELECT l.premise_state FROM licensees l "
            "WHERE l.license_key = s.license_key)",
        )

    def insert(self, conn: Connection, source: str) -> int:
        return conn.execute(
            text(
                "INSERT INTO multiple_sales (report_ref, form, licensee_id, purchaser_id, "
                "firearm_id, sale_date, batch_id) "
                "SELECT s.report_ref, s.form, l.id, p.id, f.id, s.sale_date, :batch "
                f"FROM {source} s {FIREARM_JOIN} "
                "JOIN licensees l ON l.license_key = s.license_key "
                "JOIN purchasers p ON p.purchaser_ref = s.purchaser_ref "
                "WHERE NOT EXISTS (SELECT 1 FROM multiple_sales x "
                "WHERE x.report_ref = s.report_ref AND x.firearm_id = f.id) "
                "ON CONFLICT DO NOTHING"
            ),
            {"batch": self.ctx.batch_id},
        ).rowcount


THEFT_KINDS = {"theft": "theft", "loss": "loss"}
THEFT_COLUMNS = (
    Column("report_ref", code_of(64), "text", "Report number; one row per firearm.",
           "TL-2023-0007"),
    Column("kind", choice_of(THEFT_KINDS), "theft or loss", "theft or loss.", "theft"),
    Column("license", parse_licence_ref, "FFL number or RDS key", "Licensee the guns were "
           "stolen from or lost by; empty (or no such column) for a theft from a private "
           "person.", "1-54-12345", required=False, nullable=True),
    Column("incident_date", iso_date, "date", "Date of the theft or loss (YYYY-MM-DD).",
           "2023-01-02"),
    Column("report_date", iso_date, "date", "Date reported; not before incident_date.",
           "2023-01-03", required=False, nullable=True),
    Column("city", text_of(100), "text", "City of the incident.", "Norfolk",
           required=False, nullable=True),
    Column("state", us_state_code, "US state", "State of the incident.", "VA",
           required=False, nullable=True),
    *firearm_columns(),
)


class TheftImporter(FirearmImporter):
    staging = (
        *FIREARM_STAGING, ("report_ref", "TEXT"), ("kind", "TEXT"), ("license_key", "TEXT"),
        ("incident_date", "DATE"), ("report_date", "DATE"), ("city", "TEXT"),
        ("state", "TEXT"),
    )
    indexes = (FIREARM_INDEX,)

    def build(
        self, chunk: Chunk, values: dict[str, list[Any]], ok: bytearray
    ) -> dict[str, list[Any]]:
        for i, (inc, rep) in enumerate(zip(values["incident_date"], values["report_date"],
                                           strict=True)):
            if ok[i] and rep is not None and rep < inc:
                self.fail(chunk, ok, i, "report_date", f"before incident_date {inc}")
        staged = firearm_stage(chunk, values)
        staged.update(report_ref=values["report_ref"], kind=values["kind"],
                      license_key=values["license"], incident_date=values["incident_date"],
                      report_date=values["report_date"], city=values["city"],
                      state=values["state"])
        return staged

    def check(self, conn: Connection) -> None:
        check_licensees(self, conn, "license_key", "license")

    def insert(self, conn: Connection, source: str) -> int:
        return conn.execute(
            text(
                "INSERT INTO thefts (report_ref, kind, licensee_id, firearm_id, "
                "incident_date, report_date, city, state, batch_id) "
                "SELECT s.report_ref, s.kind, l.id, f.id, s.incident_date, s.report_date, "
                f"s.city, s.state, :batch FROM {source} s {FIREARM_JOIN} "
                "LEFT JOIN licensees l ON l.license_key = s.license_key "
                "WHERE NOT EXISTS (SELECT 1 FROM thefts x "
                "WHERE x.report_ref = s.report_ref AND x.firearm_id = f.id) "
                "ON CONFLICT DO NOTHING"
            ),
            {"batch": self.ctx.batch_id},
        ).rowcount


MULTIPLE_SALES = KindSpec(
    name="multiple-sales",
    summary="Multiple-sale reports (Forms 3310.4, 3310.12): one row per firearm.",
    columns=SALE_COLUMNS,
    importer=MultipleSaleImporter,
)
THEFTS = KindSpec(
    name="thefts",
    summary="Theft and loss reports (Form 3310.11, stolen-gun entries): one row per firearm.",
    columns=THEFT_COLUMNS,
    importer=TheftImporter,
)
