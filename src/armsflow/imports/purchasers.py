"""Purchasers: the retail purchaser of each Form 4473 record.

A purchaser record does not change once made, so a purchaser_id already in the registry
with different details is an error, not an update (two people under one id would link
one person's guns to another).
"""
# ruff: noqa: S608 - SQL is assembled from constant identifiers only; values are bound.

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, text

from armsflow.imports.base import KindImporter, Stored
from armsflow.imports.cells import choice_of, code_of, iso_date, name_key, parse_zip, text_of
from armsflow.imports.source import Chunk
from armsflow.imports.spec import Column, KindSpec
from armsflow.vocab.places import us_state_code

SEXES = {"m": "M", "male": "M", "f": "F", "female": "F", "u": "U", "unknown": "U"}
FIELDS = ("last_name", "first_name", "middle_name", "dob", "sex", "street", "city",
          "state", "zip")


COLUMNS = (
    Column("purchaser_id", code_of(64), "text", "The purchaser's id in the source system "
           "(unique); transfers and reports refer to it.", "P-000123"),
    Column("last_name", text_of(100), "text", "Last name.", "Doe"),
    Column("first_name", text_of(100), "text", "First name.", "Jane"),
    Column("middle_name", text_of(100), "text", "Middle name or initial.", "Q",
           required=False, nullable=True),
    Column("dob", iso_date, "date", "Date of birth: YYYY-MM-DD (or MM/DD/YYYY), from 1900 "
           "up to today.", "1980-02-29", nullable=True),
    Column("sex", choice_of(SEXES), "M/F/U", "Sex as recorded: M, F or U.", "F",
           required=False, nullable=True),
    Column("street", text_of(200), "text", "Street address.", "1 Main St",
           required=False, nullable=True),
    Column("city", text_of(100), "text", "City.", "Richmond", required=False, nullable=True),
    Column("state", us_state_code, "US state", "State: postal code or name.", "VA",
           required=False, nullable=True),
    Column("zip", parse_zip, "ZIP", "ZIP code: 5 digits or ZIP+4.", "23219",
           required=False, nullable=True),
)


class PurchaserImporter(KindImporter):
    staging = (
        ("purchaser_ref", "TEXT"), ("last_name", "TEXT"), ("first_name", "TEXT"),
        ("middle_name", "TEXT"), ("name_key", "TEXT"), ("dob", "DATE"), ("sex", "TEXT"),
        ("street", "TEXT"), ("city", "TEXT"), ("state", "TEXT"), ("zip", "TEXT"),
    )
    indexes = ("purchaser_ref, row_no",)

    def build(
        self, chunk: Chunk, values: dict[str, list[Any]], ok: bytearray
    ) -> dict[str, list[Any]]:
        staged = {name: values[name] for name in FIELDS}
        staged["purchaser_ref"] = values["purchaser_id"]
        staged["name_key"] = [
            name_key(last, first, middle)
            for last, first, middle in zip(
                values["last_name"], values["first_name"], values["middle_name"], strict=True
            )
        ]
        return staged

    def check(self, conn: Connection) -> None:
        self.check_repeats(
            conn, "purchaser_ref", FIELDS, "purchaser_id",
            "appears on an earlier row with different details; one id, one purchaser",
        )
        differs = " OR ".join(f"p.{f} IS DISTINCT FROM s.{f}" for f in FIELDS)
        self.flag(
            conn,
            f"EXISTS (SELECT 1 FROM purchasers p WHERE p.purchaser_ref = s.purchaser_ref "
            f"AND ({differs}))",
            "purchaser_id",
            "already in the registry with different details; a Form 4473 record does not "
            "change: give the new record its own id",
            value="s.purchaser_ref",
        )

    def store(self, conn: Connection, source: str) -> Stored:
        cols = ", ".join(("purchaser_ref", "name_key", *FIELDS))
        stored = conn.execute(
            text(
                f"INSERT INTO purchasers ({cols}, batch_id) "
                f"SELECT {', '.join('s.' + c for c in cols.split(', '))}, :batch "
                f"FROM {source} s WHERE NOT EXISTS "
                "(SELECT 1 FROM purchasers p WHERE p.purchaser_ref = s.purchaser_ref) "
                "ON CONFLICT DO NOTHING"
            ),
            {"batch": self.ctx.batch_id},
        ).rowcount
        return Stored(stored)


SPEC = KindSpec(
    name="purchasers",
    summary="The retail purchaser of a Form 4473 record (import before transfers).",
    columns=COLUMNS,
    importer=PurchaserImporter,
)
