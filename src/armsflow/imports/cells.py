"""Cell parsers and the column-at-a-time parsing loop.

A parser takes the stripped, non-empty text of one cell and returns the stored value or
raises :class:`InvalidValue` (or ``ValueError``) with a reason the user can act on.
Import files repeat the same few thousand dates, calibers, makers and licences across
millions of rows, so every column keeps a cache from raw text to result (errors
included) and a chunk is parsed one column at a time with a list comprehension: a dict
lookup per cell in the common case, the parser only for text not seen before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from armsflow.types.errors import InvalidValue

Parser = Callable[[str], Any]

CACHE_LIMIT = 50_000
"""A column's cache is emptied before it would hold more entries, so memory stays bounded
even for a column of unique values (serials); one chunk's distinct values always fit."""


class Bad:
    """A cell that did not parse; ``why`` is the reason without column or value."""

    __slots__ = ("why",)

    def __init__(self, why: str) -> None:
        self.why = why


def reason_of(exc: Exception) -> str:
    if isinstance(exc, InvalidValue):
        return exc.reason
    return str(exc)


def wrap(parser: Parser, nullable: bool) -> Callable[[str], Any]:
    """The parser with the rules shared by every cell: strip, empty -> NULL or "empty",
    NUL characters refused (PostgreSQL cannot store them)."""

    def parse(raw: str) -> Any:
        text = raw.strip()
        if not text:
            if nullable:
                return None
            return Bad("empty")
        if "\x00" in text:
            return Bad("contains a NUL character; the file is probably not a text table")
        try:
            return parser(text)
        except (InvalidValue, ValueError) as exc:
            return Bad(reason_of(exc))

    return parse


class ColumnParser:
    """One column's parser with its cache. ``parse_all`` returns one value per cell and
    the positions of the bad ones (their values replaced by None).

    The distinct new texts of a chunk are parsed first (set arithmetic in C), then every
    cell is a plain dict lookup (``map``), which keeps a million-row column to well under
    a second.
    """

    def __init__(self, name: str, parser: Parser, nullable: bool) -> None:
        self.name = name
        self._parse = wrap(parser, nullable)
        self._cache: dict[str, Any] = {}
        self._bad: set[str] = set()

    def parse_all(self, cells: Sequence[str]) -> tuple[list[Any], list[tuple[int, str]]]:
        cache = self._cache
        new = set(cells).difference(cache)
        if len(cache) + len(new) > CACHE_LIMIT:
            cache.clear()
            self._bad.clear()
            new = set(cells)
        parse = self._parse
        for raw in new:
            value = cache[raw] = parse(raw)
            if type(value) is Bad:
                self._bad.add(raw)
        values = list(map(cache.__getitem__, cells))
        bad: list[tuple[int, str]] = []
        if self._bad and not self._bad.isdisjoint(cells):
            for i, v in enumerate(values):
                if type(v) is Bad:
                    bad.append((i, v.why))
                    values[i] = None
        return values, bad


# --- parsers shared by several kinds -------------------------------------------------

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
EARLIEST = date(1900, 1, 1)


def parse_date(text: str) -> date:
    """YYYY-MM-DD, or MM/DD/YYYY (US order, four-digit year); nothing else is guessed."""
    m = _ISO.match(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _US.match(text)
        if not m:
            raise ValueError("not a date; write YYYY-MM-DD (or MM/DD/YYYY)")
        mo, d, y = (int(g) for g in m.groups())
    try:
        return date(y, mo, d)
    except ValueError:
        raise ValueError("not a valid date (YYYY-MM-DD)") from None


def iso_date(text: str) -> str:
    """A date from 1900 up to today, as YYYY-MM-DD text (what the staging table stores)."""
    value = parse_date(text)
    if value > date.today():
        raise ValueError("in the future")
    if value < EARLIEST:
        raise ValueError("before 1900")
    return value.isoformat()


def text_of(max_length: int) -> Parser:
    """Free text, inner whitespace collapsed, at most ``max_length`` characters."""

    def parse(text: str) -> str:
        cleaned = " ".join(text.split())
        if len(cleaned) > max_length:
            raise ValueError(f"{len(cleaned)} characters; at most {max_length}")
        return cleaned

    return parse


def code_of(max_length: int) -> Parser:
    """An identifier (report number, purchaser id): no inner spaces are removed, case kept."""

    def parse(text: str) -> str:
        if len(text) > max_length:
            raise ValueError(f"{len(text)} characters; at most {max_length}")
        if not text.isprintable():
            raise ValueError("contains control characters")
        return text

    return parse


def choice_of(values: dict[str, str]) -> Parser:
    """One of a closed list (case-insensitive; keys are folded spellings)."""
    shown = ", ".join(sorted(set(values.values())))

    def parse(text: str) -> str:
        found = values.get(" ".join(text.lower().replace("_", " ").split()))
        if found is None:
            raise ValueError(f"not one of {shown}")
        return found

    return parse


_ZIP = re.compile(r"^(\d{5})(?:-?(\d{4}))?$")


def parse_zip(text: str) -> str:
    """US ZIP code: 5 digits, or ZIP+4 (stored as 12345-6789)."""
    m = _ZIP.match(text)
    if not m:
        raise ValueError("not a ZIP code (5 digits or ZIP+4)")
    return m.group(1) + (f"-{m.group(2)}" if m.group(2) else "")


def parse_yes_no(text: str) -> bool:
    folded = text.strip().upper()
    if folded in ("Y", "YES", "TRUE", "1"):
        return True
    if folded in ("N", "NO", "FALSE", "0"):
        return False
    raise ValueError("not Y or N")


_NAME_DROP = re.compile(r"[^\w\s]", re.UNICODE)


def name_key(*parts: str | None) -> str:
    """Search key of a name: upper case, punctuation dropped, single spaces."""
    text = " ".join(p for p in parts if p)
    return " ".join(_NAME_DROP.sub(" ", text).upper().replace("_", " ").split())[:200]
