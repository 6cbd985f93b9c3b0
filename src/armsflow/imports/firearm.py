"""The firearm part of a row, shared by every kind that names a gun.

Transfers, multiple sales, thefts, imports and NFA registrations all describe the gun the
same way (serial, maker, model, caliber, type, country, importer, item kind) and all
create it when the registry does not have it yet. This module is the one place that
parses those cells, stages them and inserts manufacturers and firearms.
"""
# ruff: noqa: S608 - SQL is assembled from constant identifiers only; values are bound.

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import Connection, text

from armsflow.imports.base import STAGE, KindImporter, Stored
from armsflow.imports.cells import choice_of, text_of
from armsflow.imports.source import Chunk
from armsflow.imports.spec import Column
from armsflow.types.serial import is_placeholder_serial, normalize_serial
from armsflow.vocab.firearms import (
    ItemKind,
    MakerName,
    normalize_manufacturer,
    parse_caliber,
    parse_ncic_type,
)
from armsflow.vocab.places import country_code

MAX_SERIAL_RAW = 60


def parse_serial(raw: str) -> str:
    """The serial's match key; placeholders ("NONE", "OBLITERATED") are refused, since the
    registry keeps guns by serial."""
    if len(raw) > MAX_SERIAL_RAW:
        raise ValueError(f"{len(raw)} characters; at most {MAX_SERIAL_RAW}")
    if is_placeholder_serial(raw):
        raise ValueError(
            "a placeholder, not a serial number; registry records are kept by serial, "
            "so rows without a usable serial cannot be imported"
        )
    return normalize_serial(raw)


def parse_maker(raw: str) -> MakerName:
    maker = normalize_manufacturer(raw)
    if len(maker.key) > 120 or len(maker.name) > 200:
        raise ValueError("longer than 120 characters")
    return maker


ITEM_KINDS = {k.value.replace("_", " "): k.value for k in ItemKind}


def firearm_columns(
    *, country: bool = False, country_value: bool = False, importer: bool = False
) -> tuple[Column, ...]:
    """The firearm columns; ``country`` / ``importer``: whether the header must name them;
    ``country_value``: whether a country must be given on every row."""
    return (
        Column("serial_number", parse_serial, "text", "Serial number as marked on the frame "
               "or receiver; stored as written and as a match key (A-Z, 0-9).", "ABC-12345"),
        Column("manufacturer", parse_maker, "text", "Maker, any common spelling; grouped "
               "through the manufacturer vocabulary.", "Smith & Wesson"),
        Column("model", text_of(100), "text", "Model name.", "M&P9 Shield"),
        Column("caliber", parse_caliber, "caliber", "Caliber or gauge, any common spelling; "
               "stored in canonical form.", "9mm Luger"),
        Column("firearm_type", parse_ncic_type, "NCIC type", "NCIC gun type code (PI, PR, "
               "RI, SP, ...) or words (pistol, revolver, rifle).", "PI"),
        Column("country_of_manufacture", country_code, "country", "Country of manufacture: "
               "ISO code or name.", "US", required=country or country_value,
               nullable=not country_value),
        Column("importer", text_of(200), "text", "Importer named in the import marks, if "
               "imported.", "Century Arms", required=importer, nullable=True),
        Column("item_kind", choice_of(ITEM_KINDS), "item kind", "firearm (default), "
               "frame_or_receiver, privately_made, parts_kit or conversion_device.",
               "firearm", required=False, nullable=True),
    )


FIREARM_STAGING: tuple[tuple[str, str], ...] = (
    ("serial_raw", "TEXT"), ("serial_norm", "TEXT"), ("mkey", "TEXT"), ("mname", "TEXT"),
    ("mcountry", "TEXT"), ("mknown", "BOOLEAN"), ("model", "TEXT"), ("caliber", "TEXT"),
    ("ncic_type", "TEXT"), ("country", "TEXT"), ("importer", "TEXT"), ("item_kind", "TEXT"),
)
FIREARM_INDEX = "mkey, serial_norm, row_no"


def firearm_stage(chunk: Chunk, values: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """Staging columns of the firearm part of a chunk."""
    makers: list[MakerName | None] = values["manufacturer"]
    return {
        "serial_raw": [c.strip() if key else None
                       for c, key in zip(chunk.columns["serial_number"],
                                         values["serial_number"], strict=True)],
        "serial_norm": values["serial_number"],
        "mkey": [m.key if m else None for m in makers],
        "mname": [m.name if m else None for m in makers],
        "mcountry": [m.country if m else None for m in makers],
        "mknown": [m.known if m else None for m in makers],
        "model": values["model"],
        "caliber": values["caliber"],
        "ncic_type": values["firearm_type"],
        "country": values["country_of_manufacture"],
        "importer": values["importer"],
        "item_kind": [k or "firearm" for k in values["item_kind"]],
    }


FIREARM_JOIN = (
    "JOIN manufacturers m ON m.key = s.mkey "
    "JOIN firearms f ON f.manufacturer_id = m.id AND f.serial_norm = s.serial_norm"
)
"""Join a staged row (alias ``s``) to its firearm (alias ``f``) once stored."""


def store_firearms(conn: Connection, source: str, batch_id: int) -> Stored:
    """Insert the makers and firearms the registry lacks (counts: manufacturers,
    firearms). When a file describes the same gun on several rows, its first row does."""
    makers = conn.execute(
        text(
            "INSERT INTO manufacturers (key, name, country, known) "
            "SELECT s.mkey, MIN(s.mname), MIN(s.mcountry), "
            "CASE WHEN MAX(CASE WHEN s.mknown THEN 1 ELSE 0 END) = 1 THEN TRUE ELSE FALSE END "
            f"FROM {source} s WHERE NOT EXISTS "
            "(SELECT 1 FROM manufacturers m WHERE m.key = s.mkey) "
            "GROUP BY s.mkey ON CONFLICT DO NOTHING"
        )
    ).rowcount
    firearms = conn.execute(
        text(
            "INSERT INTO firearms (serial_raw, serial_norm, manufacturer_id, model, caliber, "
            "ncic_type, country_of_manufacture, importer, item_kind, batch_id) "
            "SELECT s.serial_raw, s.serial_norm, m.id, s.model, s.caliber, s.ncic_type, "
            "s.country, s.importer, s.item_kind, :batch "
            f"FROM {source} s JOIN manufacturers m ON m.key = s.mkey "
            f"WHERE s.row_no IN (SELECT MIN(g.row_no) FROM {source} g "
            "GROUP BY g.mkey, g.serial_norm) "
            "AND NOT EXISTS (SELECT 1 FROM firearms f "
            "WHERE f.manufacturer_id = m.id AND f.serial_norm = s.serial_norm) "
            "ON CONFLICT DO NOTHING"
        ),
        {"batch": batch_id},
    ).rowcount
    return Stored(0, Counter(manufacturers=makers, firearms=firearms))


def firearm_notes(conn: Connection, stored: Stored) -> list[str]:
    """What the firearm part added, and the makers the vocabulary does not know."""
    notes = [f"{stored.counts['firearms']} new firearms, "
             f"{stored.counts['manufacturers']} new manufacturers"]
    unknown = conn.execute(
        text(
            f"SELECT s.mkey, COUNT(*) FROM {STAGE} s WHERE NOT s.mknown "
            "GROUP BY s.mkey ORDER BY COUNT(*) DESC, s.mkey LIMIT 10"
        )
    ).all()
    if unknown:
        names = ", ".join(f"{key} ({n} rows)" for key, n in unknown)
        notes.append(
            "manufacturers not in the vocabulary (stored as written, grouped by a cleaned "
            f"key; check their spelling): {names}"
        )
    return notes


class FirearmImporter(KindImporter):
    """A kind whose rows name a firearm: streams, creates missing makers and firearms,
    then inserts its own rows (:meth:`insert`)."""

    streaming = True

    def store(self, conn: Connection, source: str) -> Stored:
        stored = store_firearms(conn, source, self.ctx.batch_id)
        stored.rows = self.insert(conn, source)
        return stored

    def insert(self, conn: Connection, source: str) -> int:
        """Insert the kind's rows from ``source`` (alias ``s``); return how many."""
        raise NotImplementedError

    def notes(self, conn: Connection, stored: Stored) -> list[str]:
        return firearm_notes(conn, stored)
