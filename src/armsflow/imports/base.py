"""What every kind shares: header resolution, chunk parsing, the staging table and
set-based checks that report rows.

A kind subclasses :class:`KindImporter` and supplies ``build`` (cells -> staging columns,
with its cross-column rules), ``check`` (set-based checks against the registry) and
``store`` (set-based inserts). Every staged row carries its row number and an ``ok`` flag,
so a check can report the rows it rejects and the count of rejected rows stays exact.

Kinds with ``streaming = True`` (the high-volume, firearm-bearing ones) store each chunk
as soon as it is staged (reading it back by row number), while the next is parsed; their
checks run over the whole staging table afterwards and a single bad row still rolls the
whole transaction back. The others store once, from the whole staging table.
"""
# ruff: noqa: S608 - SQL is assembled from constant identifiers only; values are bound.

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from sqlalchemy import Connection, text

from armsflow.db import dialect
from armsflow.imports.cells import ColumnParser
from armsflow.imports.report import ErrorLog
from armsflow.imports.source import Chunk
from armsflow.imports.spec import KindSpec
from armsflow.settings import Settings

STAGE = "import_stage"
"""The temporary staging table (one per connection; dropped at the end of the import)."""


@dataclass
class RunContext:
    """One import run: its kind, settings, options and the errors found so far."""

    spec: KindSpec
    settings: Settings
    errors: ErrorLog
    default_state: str | None = None
    batch_id: int = 0
    notes: list[str] = field(default_factory=list)
    rows_rejected: int = 0


@dataclass
class Stored:
    """What the set-based inserts did: rows of the kind's table, and other counts
    (``firearms``, ``manufacturers``, ``updated`` ...)."""

    rows: int = 0
    counts: Counter[str] = field(default_factory=Counter)

    def add(self, other: Stored) -> None:
        self.rows += other.rows
        self.counts.update(other.counts)


def header_key(name: str) -> str:
    """Header names compare case-insensitively; spaces and hyphens count as underscores."""
    cleaned = name.strip().lstrip("\ufeff").removeprefix("\u00ef\u00bb\u00bf").lower()
    return re.sub(r"[\s\-]+", "_", cleaned)


class KindImporter:
    """Base of the per-kind importers."""

    staging: ClassVar[tuple[tuple[str, str], ...]]
    """Staging columns after ``row_no`` and ``ok``: (name, SQL type)."""
    indexes: ClassVar[tuple[str, ...]] = ()
    """Column lists to index on the staging table once loaded (for the joins)."""
    streaming: ClassVar[bool] = False
    """Store chunk by chunk while parsing (see the module docstring)."""

    def __init__(self, ctx: RunContext) -> None:
        self.ctx = ctx
        self.present: dict[str, int] = {}
        self._parsers: dict[str, ColumnParser] = {}
        self.stored = Stored()

    # --- header -----------------------------------------------------------------------

    def required_columns(self, present: set[str]) -> list[str]:
        return list(self.ctx.spec.required)

    def layout_notes(self, present: set[str]) -> list[str]:
        return []

    def resolve_header(self, header: Sequence[str]) -> str | None:
        """Map the header onto the kind's columns; an error message when unusable."""
        keys = [header_key(h) for h in header]
        by_alias = {alias: col.name for col in self.ctx.spec.columns for alias in col.names}
        canonical = [by_alias.get(k, k) for k in keys]
        dupes = sorted({k for k in canonical if k and canonical.count(k) > 1})
        if dupes:
            return "the header names these columns more than once: " + ", ".join(dupes)
        for i, key in enumerate(keys):
            if key in by_alias:
                self.present[by_alias[key]] = i
        missing = [c for c in self.required_columns(set(self.present)) if c not in self.present]
        if missing:
            found = ", ".join(k for k in keys if k) or "nothing"
            return f"missing required columns: {', '.join(missing)} (the header has: {found})"
        extra = [h.strip() for h, k in zip(header, keys, strict=True) if k not in by_alias]
        if any(extra):
            self.ctx.notes.append("columns ignored (not part of the format): " + ", ".join(extra))
        self.ctx.notes.extend(self.layout_notes(set(self.present)))
        for name in self.present:
            col = self.ctx.spec.column(name)
            self._parsers[name] = ColumnParser(name, col.parser, col.nullable)
        return None

    # --- rows -------------------------------------------------------------------------

    def normalise(self, chunk: Chunk) -> list[tuple[Any, ...]]:
        """Parse one chunk column by column, then let the kind build its staging rows."""
        errors = self.ctx.errors
        for row, why in chunk.bad_rows:
            errors.add(row, None, None, f"row {row}: {why}")
        self.ctx.rows_rejected += len(chunk.bad_rows)
        n = len(chunk.rows)
        ok = bytearray(b"\x01") * n
        values: dict[str, list[Any]] = {}
        for col in self.ctx.spec.columns:
            if col.name not in self._parsers:
                values[col.name] = [None] * n
                continue
            cells = chunk.columns[col.name]
            parsed, bad = self._parsers[col.name].parse_all(cells)
            for i, why in bad:
                ok[i] = 0
                errors.add(chunk.rows[i], col.name, cells[i], why)
            values[col.name] = parsed
        staged = self.build(chunk, values, ok)
        self.ctx.rows_rejected += ok.count(0)
        names = [name for name, _ in self.staging]
        return list(zip(chunk.rows, ok, *(staged[name] for name in names), strict=True))

    def fail(self, chunk: Chunk, ok: bytearray, i: int, column: str | None, why: str) -> None:
        """A row-level (cross-column) error found while building staging rows. Kinds run
        their cross-column rules only on rows whose cells all parsed (``ok[i]``)."""
        value = chunk.columns[column][i] if column and column in chunk.columns else None
        self.ctx.errors.add(chunk.rows[i], column, value, why)
        ok[i] = 0

    def build(
        self, chunk: Chunk, values: dict[str, list[Any]], ok: bytearray
    ) -> dict[str, list[Any]]:
        raise NotImplementedError

    # --- staging table ----------------------------------------------------------------

    def create_stage(self, conn: Connection) -> None:
        dialect.create_staging_table(conn, STAGE, self._stage_columns())

    def _stage_columns(self) -> list[tuple[str, str]]:
        # The primary key lets a streaming kind read back the chunk it just loaded (on
        # SQLite it is the rowid itself).
        return [("row_no", "INTEGER PRIMARY KEY"), ("ok", "INTEGER"), *self.staging]

    def load(self, conn: Connection, rows: Sequence[tuple[Any, ...]]) -> None:
        """Stage one chunk; for a streaming kind with no error so far, store it too."""
        if not rows:
            return
        names = [name for name, _ in self._stage_columns()]
        dialect.bulk_load(conn, STAGE, names, rows)
        if self.streaming and self.ctx.errors.total == 0:
            first, last = int(rows[0][0]), int(rows[-1][0])
            chunk = f"(SELECT * FROM {STAGE} WHERE row_no BETWEEN {first} AND {last})"
            self.stored.add(self.store(conn, chunk))

    def index_stage(self, conn: Connection) -> None:
        for i, cols in enumerate(self.indexes):
            conn.execute(text(f"CREATE INDEX {STAGE}_ix{i} ON {STAGE} ({cols})"))
        conn.execute(text(f"ANALYZE {STAGE}"))

    def check(self, conn: Connection) -> None:
        """Set-based checks against the registry; report through :meth:`flag`."""

    def finish(self, conn: Connection) -> Stored:
        """After the checks passed: store (non-streaming kinds) and return the totals."""
        if not self.streaming:
            self.stored.add(self.store(conn, STAGE))
        return self.stored

    def store(self, conn: Connection, source: str) -> Stored:
        """Set-based inserts from ``source``: the staging table, or a subquery of it
        selecting the current chunk (use it as ``FROM {source} s``)."""
        raise NotImplementedError

    def notes(self, conn: Connection, stored: Stored) -> list[str]:
        """What the report should say about what was stored."""
        return []

    def flag(
        self,
        conn: Connection,
        where: str,
        column: str | None,
        why: str | Callable[[Any], str],
        *,
        value: str = "NULL",
        extra: str = "NULL",
        params: dict[str, Any] | None = None,
    ) -> int:
        """Report the staged rows matching ``where`` (alias ``s``), mark them not ok.

        ``value`` is the SQL of the cell value to quote, ``extra`` any SQL value ``why``
        (a callable) needs. Returns how many rows matched.
        """
        limit = self.ctx.settings.import_max_reported_errors
        params = {**(params or {}), "limit": limit}
        found = conn.execute(
            text(
                f"SELECT s.row_no, {value}, {extra} FROM {STAGE} s WHERE {where} "
                "ORDER BY s.row_no LIMIT :limit"
            ),
            params,
        ).all()
        if not found:
            return 0
        errors = self.ctx.errors
        errors.new_source()
        for row_no, cell, more in found:
            reason = why(more) if callable(why) else why
            errors.add(int(row_no), column, None if cell is None else str(cell), reason)
        total = len(found)
        if total == limit:
            total = int(
                conn.execute(
                    text(f"SELECT COUNT(*) FROM {STAGE} s WHERE {where}"), params
                ).scalar_one()
            )
            errors.total += total - limit
        marked = conn.execute(
            text(
                f"UPDATE {STAGE} SET ok = 0 WHERE ok = 1 AND row_no IN "
                f"(SELECT s.row_no FROM {STAGE} s WHERE {where})"
            ),
            params,
        )
        self.ctx.rows_rejected += marked.rowcount
        return total

    def check_repeats(
        self, conn: Connection, key: str, fields: Sequence[str], column: str, why: str
    ) -> None:
        """Rows repeating an earlier row's ``key`` with different ``fields``."""
        differs = " OR ".join(f"a.{f} IS DISTINCT FROM s.{f}" for f in fields)
        self.flag(
            conn,
            f"EXISTS (SELECT 1 FROM {STAGE} a WHERE a.{key} = s.{key} "
            f"AND a.row_no < s.row_no AND ({differs}))",
            column,
            why,
            value=f"s.{key}",
        )

    def drop_stage(self, conn: Connection) -> None:
        conn.execute(text(f"DROP TABLE IF EXISTS {STAGE}"))
