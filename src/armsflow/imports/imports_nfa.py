"""Import records (a licensed importer's import marks) and NFA registrations."""
# ruff: noqa: S608 - SQL is assembled from constant identifiers only; values are bound.

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, text

from armsflow.imports.cells import choice_of, code_of, iso_date
from armsflow.imports.firearm import (
    FIREARM_INDEX,
    FIREARM_JOIN,
    FIREARM_STAGING,
    FirearmImporter,
    firearm_columns,
    firearm_stage,
)
from armsflow.imports.refs import (
    check_licence_types,
    check_licensees,
    check_purchasers,
    parse_licence_ref,
)
from armsflow.imports.source import Chunk
from armsflow.imports.spec import Column, KindSpec

IMPORTER_TYPES = ("08", "11")

IMPORT_COLUMNS = (
    Column("importer_license", parse_licence_ref, "FFL number or RDS key", "The importer "
           "(licence type 08 or 11).", "9-86-12345"),
    *firearm_columns(country_value=True),
    Column("import_date", iso_date, "date", "Date of import (YYYY-MM-DD).", "2022-11-30"),
    Column("permit_number", code_of(40), "text", "ATF Form 6 import permit number.",
           "22-12345", required=False, nullable=True),
)


class ImportRecordImporter(FirearmImporter):
    staging = (*FIREARM_STAGING, ("license_key", "TEXT"), ("import_date", "DATE"),
               ("permit_number", "TEXT"))
    indexes = (FIREARM_INDEX,)

    def build(
        self, chunk: Chunk, values: dict[str, list[Any]], ok: bytearray
    ) -> dict[str, list[Any]]:
        for i, country in enumerate(values["country_of_manufacture"]):
            if not ok[i]:
                continue
            if country == "US":
                self.fail(chunk, ok, i, "country_of_manufacture", "made in the US; an import "
                          "record is for a firearm made abroad")
        staged = firearm_stage(chunk, values)
        staged.update(license_key=values["importer_license"],
                      import_date=values["import_date"],
                      permit_number=values["permit_number"])
        return staged

    def check(self, conn: Connection) -> None:
        check_licensees(self, conn, "license_key", "importer_license")
        check_licence_types(self, conn, "license_key", "importer_license", IMPORTER_TYPES,
                            "imports are recorded by importers (licence type 08 or 11)")

    def insert(self, conn: Connection, source: str) -> int:
        return conn.execute(
            text(
                "INSERT INTO import_records (firearm_id, importer_licensee_id, "
                "country_of_manufacture, import_date, permit_number, batch_id) "
                "SELECT f.id, l.id, s.country, s.import_date, s.permit_number, :batch "
                f"FROM {source} s {FIREARM_JOIN} "
                "JOIN licensees l ON l.license_key = s.license_key "
                "WHERE NOT EXISTS (SELECT 1 FROM import_records x "
                "WHERE x.firearm_id = f.id AND x.importer_licensee_id = l.id) "
                "ON CONFLICT DO NOTHING"
            ),
            {"batch": self.ctx.batch_id},
        ).rowcount


NFA_CLASSES = {c.replace("_", " "): c for c in (
    "machine_gun", "short_barreled_rifle", "short_barreled_shotgun", "silencer",
    "destructive_device", "any_other_weapon",
)}

NFA_COLUMNS = (
    Column("control_number", code_of(40), "text", "NFRTR control number (unique).",
           "NFA-000042"),
    Column("nfa_class", choice_of(NFA_CLASSES), "NFA class", "machine_gun, "
           "short_barreled_rifle, short_barreled_shotgun, silencer, destructive_device or "
           "any_other_weapon.", "silencer"),
    *firearm_columns(),
    Column("registrant_license", parse_licence_ref, "FFL number or RDS key", "Registrant "
           "when a licensee; else empty.", "5-74-12345", required=False, nullable=True),
    Column("registrant_purchaser_id", code_of(64), "text", "Registrant when a person "
           "(purchaser id); else empty.", "P-000123", required=False, nullable=True),
    Column("registration_date", iso_date, "date", "Date of registration (YYYY-MM-DD).",
           "2021-06-01"),
)


class NFAImporter(FirearmImporter):
    staging = (*FIREARM_STAGING, ("control_number", "TEXT"), ("nfa_class", "TEXT"),
               ("license_key", "TEXT"), ("purchaser_ref", "TEXT"),
               ("registration_date", "DATE"))
    indexes = (FIREARM_INDEX, "control_number, row_no")

    def resolve_header(self, header: Sequence[str]) -> str | None:
        problem = super().resolve_header(header)
        if problem is None and not {"registrant_license", "registrant_purchaser_id"} & set(
            self.present
        ):
            return "missing required columns: registrant_license or registrant_purchaser_id"
        return problem

    def build(
        self, chunk: Chunk, values: dict[str, list[Any]], ok: bytearray
    ) -> dict[str, list[Any]]:
        lic, buyer = values["registrant_license"], values["registrant_purchaser_id"]
        for i in range(len(ok)):
            if ok[i] and (lic[i] is None) == (buyer[i] is None):
                self.fail(chunk, ok, i, None, "registrant_license and "
                          "registrant_purchaser_id: give exactly one (a registrant is a "
                          "licensee or a person)")
        staged = firearm_stage(chunk, values)
        staged.update(control_number=values["control_number"], nfa_class=values["nfa_class"],
                      license_key=lic, purchaser_ref=buyer,
                      registration_date=values["registration_date"])
        return staged

    def check(self, conn: Connection) -> None:
        check_licensees(self, conn, "license_key", "registrant_license")
        check_purchasers(self, conn, "purchaser_ref", "registrant_purchaser_id")
        self.check_repeats(
            conn, "control_number", ("mkey", "serial_norm"), "control_number",
            "an earlier row gives this control number to another firearm",
        )
        self.flag(
            conn,
            "EXISTS (SELECT 1 FROM nfa_registrations r JOIN firearms f ON f.id = r.firearm_id "
            "JOIN manufacturers m ON m.id = f.manufacturer_id "
            "WHERE r.control_number = s.control_number "
            "AND r.batch_id IS DISTINCT FROM :batch "
            "AND (m.key <> s.mkey OR f.serial_norm <> s.serial_norm))",
            "control_number",
            "already registered to another firearm in the registry",
            value="s.control_number",
            params={"batch": self.ctx.batch_id},
        )

    def insert(self, conn: Connection, source: str) -> int:
        return conn.execute(
            text(
                "INSERT INTO nfa_registrations (control_number, firearm_id, nfa_class, "
                "registrant_licensee_id, registrant_purchaser_id, registration_date, "
                "batch_id) "
                "SELECT s.control_number, f.id, s.nfa_class, l.id, p.id, "
                f"s.registration_date, :batch FROM {source} s {FIREARM_JOIN} "
                "LEFT JOIN licensees l ON l.license_key = s.license_key "
                "LEFT JOIN purchasers p ON p.purchaser_ref = s.purchaser_ref "
                "WHERE NOT EXISTS (SELECT 1 FROM nfa_registrations x "
                "WHERE x.control_number = s.control_number) "
                "ON CONFLICT DO NOTHING"
            ),
            {"batch": self.ctx.batch_id},
        ).rowcount


IMPORTS = KindSpec(
    name="imports",
    summary="Firearms imported by a licensed importer (import marks): one row per firearm.",
    columns=IMPORT_COLUMNS,
    importer=ImportRecordImporter,
)
NFA = KindSpec(
    name="nfa",
    summary="National Firearms Registration and Transfer Record entries.",
    columns=NFA_COLUMNS,
    importer=NFAImporter,
)
