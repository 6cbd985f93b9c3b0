"""Licensees: ATF's monthly Federal Firearms Licensee list, full or reduced.

Full layout: LIC_REGN LIC_DIST LIC_CNTY LIC_TYPE LIC_XPRDTE LIC_SEQN LICENSE_NAME
BUSINESS_NAME PREMISE_* MAIL_* VOICE_PHONE (tab, pipe or comma). Each licensee is keyed
by its RDS key (region-district-sequence), which survives renewals; a new month's list
updates the licensees it already has (expiry, address, status) and adds the new ones.

Reduced layout (as the public Virginia extract): ``type, county_code, license_name,
business_name, premise_street, premise_city, premise_zip_code, business_type``: no
region, district, expiry, sequence or state. Those stay NULL (premise_state is set only
from ``default_state``), and the key is derived from what is there (see
:func:`derived_key`), so the same list imports idempotently. Such licensees cannot be
matched to transfers by licence number.
"""
# ruff: noqa: S608 - SQL is assembled from constant identifiers only; values are bound.

from __future__ import annotations

import hashlib
from collections import Counter
from typing import Any

from sqlalchemy import Connection, bindparam, text

from armsflow.db.base import UTCDateTime, utcnow
from armsflow.imports.base import STAGE, KindImporter, Stored
from armsflow.imports.cells import name_key
from armsflow.imports.licensee_columns import COLUMNS, SEGMENTS
from armsflow.imports.source import Chunk
from armsflow.imports.spec import KindSpec
from armsflow.types.errors import InvalidValue
from armsflow.types.ffl import FFLNumber

FULL_REQUIRED = ("lic_regn", "lic_dist", "lic_cnty", "lic_type", "lic_xprdte", "lic_seqn",
                 "license_name", "premise_street", "premise_city", "premise_state",
                 "premise_zip_code")
REDUCED_REQUIRED = ("lic_type", "lic_cnty", "license_name")
SEGMENT_COLUMNS = {"region": "lic_regn", "district": "lic_dist", "county": "lic_cnty",
                   "license_type": "lic_type", "expiry": "lic_xprdte", "sequence": "lic_seqn"}
MAIL = ("mail_street", "mail_city", "mail_state", "mail_zip_code", "voice_phone")
# staging/licensees column -> file column it comes from
SOURCES = {
    "license_name": "license_name", "business_name": "business_name",
    "premise_street": "premise_street", "premise_city": "premise_city",
    "premise_state": "premise_state", "premise_zip": "premise_zip_code",
    "mail_street": "mail_street", "mail_city": "mail_city", "mail_state": "mail_state",
    "mail_zip": "mail_zip_code", "phone": "voice_phone", "business_type": "business_type",
}


def derived_key(values: tuple[str | None, ...]) -> str:
    """``X-`` + 10 hex digits of a hash of type, county, licence name, business name,
    street and ZIP, upper-cased with whitespace collapsed. Punctuation is kept and the
    business name is included because the real Virginia list holds licences that differ
    only there ("All Shooters Tactical Inc" / "All Shooters Tactical, Inc"; one name with
    and without a trade name)."""
    folded = "|".join(" ".join(v.upper().split()) if v else "" for v in values)
    return "X-" + hashlib.sha256(folded.encode()).hexdigest()[:10].upper()


class LicenseeImporter(KindImporter):
    staging = (
        ("license_key", "TEXT"), ("ffl", "TEXT"), ("region", "TEXT"), ("district", "TEXT"),
        ("county", "TEXT"), ("license_type", "TEXT"), ("expiry", "TEXT"), ("sequence", "TEXT"),
        *((name, "TEXT") for name in SOURCES),
        ("status", "TEXT"), ("records_on_file", "BOOLEAN"), ("name_key", "TEXT"),
    )
    indexes = ("license_key, row_no",)

    @property
    def full(self) -> bool:
        return any(c in self.present for c in SEGMENTS)

    def required_columns(self, present: set[str]) -> list[str]:
        full = any(c in present for c in SEGMENTS)
        return list(FULL_REQUIRED if full else REDUCED_REQUIRED)

    def layout_notes(self, present: set[str]) -> list[str]:
        notes: list[str] = []
        if not self.full:
            notes.append(
                "reduced list layout: no LIC_REGN, LIC_DIST, LIC_XPRDTE, LIC_SEQN: full "
                "license numbers unknown; these licensees cannot be matched to transfers by "
                "license number; each gets a derived key (X- and a hash of type, county, "
                "names, street and ZIP) so that re-importing the list changes nothing"
            )
        if "premise_state" not in present:
            state = self.ctx.default_state
            notes.append(
                f"no PREMISE_STATE: premise_state set to {state} as given (--state)"
                if state else "no PREMISE_STATE: premise_state left empty (give --state "
                "to set it); the licensees cannot be filtered by state"
            )
        elif self.ctx.default_state:
            notes.append("--state ignored: the file has a PREMISE_STATE column")
        missing = [c.upper() for c in MAIL if c not in present]
        if missing:
            notes.append(f"no {', '.join(missing)}: mailing address and phone left empty")
        if "status" not in present:
            notes.append("no STATUS: new licensees stored as active, existing ones keep "
                         "their status")
        return notes

    def build(
        self, chunk: Chunk, values: dict[str, list[Any]], ok: bytearray
    ) -> dict[str, list[Any]]:
        n = len(ok)
        staged = {name: values[source] for name, source in SOURCES.items()}
        for seg, col in SEGMENT_COLUMNS.items():
            staged[seg] = values[col]
        staged["status"] = values["status"]
        staged["records_on_file"] = values["records_on_file"]
        if "premise_state" not in self.present:
            staged["premise_state"] = [self.ctx.default_state] * n
        staged["name_key"] = [name_key(v) for v in values["license_name"]]
        if self.full:
            staged["license_key"], staged["ffl"] = self._full_keys(chunk, values, ok)
        else:
            keys = zip(values["lic_type"], values["lic_cnty"], values["license_name"],
                       values["business_name"], values["premise_street"],
                       values["premise_zip_code"], strict=True)
            staged["license_key"] = [derived_key(k) for k in keys]
            staged["ffl"] = [None] * n
        return staged

    def _full_keys(
        self, chunk: Chunk, values: dict[str, list[Any]], ok: bytearray
    ) -> tuple[list[str | None], list[str | None]]:
        """RDS keys and full numbers, checking the segments together and the district
        against the premise state."""
        keys: list[str | None] = [None] * len(ok)
        ffls: list[str | None] = [None] * len(ok)
        segments = [values[c] for c in SEGMENT_COLUMNS.values()]
        states = values["premise_state"]
        for i, parts in enumerate(zip(*segments, strict=True)):
            if not ok[i]:
                continue
            try:
                number = _from_segments(parts)
            except InvalidValue as exc:
                column = SEGMENT_COLUMNS.get(exc.field.removeprefix("ffl."), "lic_regn")
                self.fail(chunk, ok, i, column, exc.reason)
                continue
            if states[i] is not None and states[i] not in number.states:
                self.fail(chunk, ok, i, "lic_dist", f"district {number.district} covers "
                          f"{'/'.join(number.states)}, but premise_state is {states[i]}")
                continue
            keys[i], ffls[i] = number.rds_key, str(number)
        return keys, ffls

    def check(self, conn: Connection) -> None:
        fields = [name for name, _ in self.staging if name != "license_key"]
        differs = " OR ".join(f"a.{f} IS DISTINCT FROM s.{f}" for f in fields)
        self.flag(
            conn,
            f"EXISTS (SELECT 1 FROM {STAGE} a WHERE a.license_key = s.license_key "
            f"AND a.row_no < s.row_no AND ({differs}))",
            None,
            lambda key: f"licence {key} is on an earlier row with different details; a "
            "list names each licence once",
            extra="s.license_key",
        )

    def _fields(self) -> list[str]:
        """Licensee columns the file supplies (so an update never blanks the others)."""
        fields = ["ffl", "region", "district", "county", "license_type", "expiry",
                  "sequence", "name_key"]
        fields += [name for name, source in SOURCES.items() if source in self.present]
        if "premise_state" not in self.present and self.ctx.default_state:
            fields.append("premise_state")
        return fields

    def store(self, conn: Connection, source: str) -> Stored:
        fields = self._fields()
        keep = ("status", "records_on_file")
        sets = ", ".join([f"{f} = s.{f}" for f in fields]
                         + [f"{f} = COALESCE(s.{f}, licensees.{f})" for f in keep])
        differs = " OR ".join([f"licensees.{f} IS DISTINCT FROM s.{f}" for f in fields]
                              + [f"licensees.{f} IS DISTINCT FROM COALESCE(s.{f}, "
                                 f"licensees.{f})" for f in keep])
        now = bindparam("now", utcnow(), type_=UTCDateTime())
        updated = conn.execute(
            text(f"UPDATE licensees SET {sets}, updated_at = :now, batch_id = :batch "
                 f"FROM {source} s WHERE licensees.license_key = s.license_key "
                 f"AND ({differs})").bindparams(now),
            {"batch": self.ctx.batch_id},
        ).rowcount
        cols = ["license_key", *fields, "status", "records_on_file", "updated_at", "batch_id"]
        picks = [f"s.{f}" for f in ["license_key", *fields]] + [
            "COALESCE(s.status, 'active')", "COALESCE(s.records_on_file, TRUE)", ":now",
            ":batch"]
        added = conn.execute(
            text(f"INSERT INTO licensees ({', '.join(cols)}) SELECT {', '.join(picks)} "
                 f"FROM {source} s WHERE NOT EXISTS (SELECT 1 FROM licensees l "
                 "WHERE l.license_key = s.license_key) ON CONFLICT DO NOTHING").bindparams(now),
            {"batch": self.ctx.batch_id},
        ).rowcount
        return Stored(added + updated, Counter(added=added, updated=updated))

    def notes(self, conn: Connection, stored: Stored) -> list[str]:
        return [f"{stored.counts['added']} licensees added, {stored.counts['updated']} "
                "updated (changed expiry, name, address or status)"]


def _from_segments(parts: tuple[Any, ...]) -> FFLNumber:
    return FFLNumber.from_segments(*parts)


SPEC = KindSpec(
    name="licensees",
    summary="ATF's Federal Firearms Licensee list (monthly layout, or the reduced layout).",
    columns=COLUMNS,
    importer=LicenseeImporter,
)
