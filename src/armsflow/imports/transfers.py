"""Transfers: one row per movement of one firearm (A&D records, Form 4473 dispositions).

A gun's chain starts at its manufacturer or importer (licence types 07, 08, 10, 11),
passes through distributors and dealers, and ends with a retail sale to a purchaser.
Licensees are matched on their RDS key, purchasers on their id: both must already be in
the registry, so import the licensee list and the purchasers first.
"""
# ruff: noqa: S608 - SQL is assembled from constant identifiers only; values are bound.

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import Connection, text

from armsflow.imports.base import STAGE
from armsflow.imports.cells import code_of, iso_date
from armsflow.imports.firearm import (
    FIREARM_JOIN,
    FIREARM_STAGING,
    FirearmImporter,
    firearm_columns,
    firearm_stage,
)
from armsflow.imports.refs import (
    MAKER_OR_IMPORTER,
    check_licensees,
    check_purchasers,
    parse_licence_ref,
)
from armsflow.imports.source import Chunk
from armsflow.imports.spec import Column, KindSpec

EVENT_KEY_MAX = 80

COLUMNS = (
    *firearm_columns(country=True, importer=True),
    Column("from_license", parse_licence_ref, "FFL number or RDS key", "Licensee the gun "
           "leaves: full FFL number or RDS key (region-district-sequence).",
           "5-74-013-07-5A-00042"),
    Column("to_license", parse_licence_ref, "FFL number or RDS key", "Licensee the gun goes "
           "to; empty for a retail sale.", "5-74-12345", nullable=True),
    Column("to_purchaser_id", code_of(64), "text", "Purchaser id (as imported with the "
           "purchasers kind) of a retail sale; empty for a transfer between licensees.",
           "P-000123", nullable=True),
    Column("transfer_date", iso_date, "date", "Date of the transfer: YYYY-MM-DD (or "
           "MM/DD/YYYY); not in the future.", "2023-04-17"),
)


def event_key(frm: str, to: str | None, purchaser: str | None, day: str) -> str:
    """from key|to key|purchaser ref|date; hashed when longer than the column allows."""
    key = f"{frm}|{to or ''}|{purchaser or ''}|{day}"
    if len(key) <= EVENT_KEY_MAX:
        return key
    return "#" + hashlib.sha256(key.encode()).hexdigest()[:60]


class TransferImporter(FirearmImporter):
    staging = (
        *FIREARM_STAGING,
        ("from_key", "TEXT"), ("to_key", "TEXT"), ("purchaser_ref", "TEXT"),
        ("transfer_date", "DATE"), ("event_key", "TEXT"),
    )
    indexes = ("mkey, serial_norm, transfer_date, row_no",)

    def build(
        self, chunk: Chunk, values: dict[str, list[Any]], ok: bytearray
    ) -> dict[str, list[Any]]:
        frm, to = values["from_license"], values["to_license"]
        buyer, day = values["to_purchaser_id"], values["transfer_date"]
        for i in range(len(ok)):
            if not ok[i]:
                continue
            if to[i] is None and buyer[i] is None:
                self.fail(chunk, ok, i, None, "to_purchaser_id and to_license are both "
                          "empty: a row goes to a licensee or to a purchaser")
            elif to[i] is not None and buyer[i] is not None:
                self.fail(chunk, ok, i, "to_purchaser_id", "to_license is set too: a retail "
                          "sale has to_purchaser_id and no to_license")
            elif frm[i] == to[i]:
                self.fail(chunk, ok, i, "to_license", "the same licensee as from_license")
        staged = firearm_stage(chunk, values)
        staged.update(
            from_key=frm, to_key=to, purchaser_ref=buyer, transfer_date=day,
            event_key=[
                event_key(a, b, c, d) if k else None
                for a, b, c, d, k in zip(frm, to, buyer, day, ok, strict=True)
            ],
        )
        return staged

    def check(self, conn: Connection) -> None:
        check_licensees(self, conn, "from_key", "from_license")
        check_licensees(self, conn, "to_key", "to_license")
        check_purchasers(self, conn, "purchaser_ref", "to_purchaser_id")
        self._check_chain_start(conn)

    def _check_chain_start(self, conn: Connection) -> None:
        """The earliest row of each gun must leave a maker or importer, unless the registry
        already held transfers of that gun (this file's own rows, already stored chunk by
        chunk, do not count). Guns with a rejected row are not judged (no cascade)."""
        types = ", ".join(f"'{t}'" for t in MAKER_OR_IMPORTER)
        self.flag(
            conn,
            "s.ok = 1 AND EXISTS (SELECT 1 FROM licensees l WHERE l.license_key = s.from_key "
            f"AND l.license_type NOT IN ({types})) "
            f"AND NOT EXISTS (SELECT 1 FROM {STAGE} e WHERE e.mkey = s.mkey "
            "AND e.serial_norm = s.serial_norm AND (e.ok = 0 OR e.transfer_date < "
            "s.transfer_date OR (e.transfer_date = s.transfer_date AND e.row_no < s.row_no))) "
            "AND NOT EXISTS (SELECT 1 FROM manufacturers m JOIN firearms f "
            "ON f.manufacturer_id = m.id JOIN transfers t ON t.firearm_id = f.id "
            "WHERE m.key = s.mkey AND f.serial_norm = s.serial_norm "
            "AND t.batch_id IS DISTINCT FROM :batch)",
            "from_license",
            lambda typ: f"this licensee holds licence type {typ}, but this row is the "
            "firearm's first transfer (earliest in the file, none in the registry) and a "
            "chain starts at the manufacturer or importer (licence type 07, 08, 10 or 11)",
            value="s.from_key",
            extra="(SELECT l.license_type FROM licensees l WHERE l.license_key = s.from_key)",
            params={"batch": self.ctx.batch_id},
        )

    def insert(self, conn: Connection, source: str) -> int:
        return conn.execute(
            text(
                "INSERT INTO transfers (firearm_id, from_licensee_id, to_licensee_id, "
                "to_purchaser_id, transfer_date, event_key, batch_id) "
                "SELECT f.id, lf.id, lt.id, p.id, s.transfer_date, s.event_key, :batch "
                f"FROM {source} s {FIREARM_JOIN} "
                "JOIN licensees lf ON lf.license_key = s.from_key "
                "LEFT JOIN licensees lt ON lt.license_key = s.to_key "
                "LEFT JOIN purchasers p ON p.purchaser_ref = s.purchaser_ref "
                "WHERE NOT EXISTS (SELECT 1 FROM transfers t "
                "WHERE t.firearm_id = f.id AND t.event_key = s.event_key) "
                "ON CONFLICT DO NOTHING"
            ),
            {"batch": self.ctx.batch_id},
        ).rowcount


SPEC = KindSpec(
    name="transfers",
    summary="One row per movement of one firearm: licensee to licensee, or a retail sale.",
    columns=COLUMNS,
    importer=TransferImporter,
)
