"""Reading a bulk trace-request file (CSV, Parquet or JSON) into drafts and row errors.

CSV and Parquet go through the importer's reader (``imports.source``: encoding detection,
delimiter sniffing, chunks of columns) and header rules (``imports.base.header_key``); a
JSON file is a list of objects with the same keys. Nothing is stored here: the service
stores every row or none.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from armsflow.imports.base import header_key
from armsflow.imports.source import SourceError, open_table, scan_file
from armsflow.tracing.intake import FIELD_NAMES, REQUIRED, RowError, parse_columns, parsers

CHUNK_ROWS = 50_000
MAX_ERRORS = 1_000


@dataclass
class ParsedFile:
    drafts: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sha256: str = ""


def _header(header: Sequence[str], out: ParsedFile) -> dict[str, int] | None:
    keys = [header_key(h) for h in header]
    wanted = {k: i for i, k in enumerate(keys) if k in FIELD_NAMES}
    missing = [c for c in REQUIRED if c not in wanted]
    if missing:
        out.errors.append(RowError(1, missing[0], "missing required columns: "
                                   + ", ".join(missing)))
        return None
    extra = [h for h, k in zip(header, keys, strict=True) if k not in FIELD_NAMES and k]
    if extra:
        out.notes.append("columns ignored (not part of the format): " + ", ".join(extra))
    return wanted


def read_table(path: Path) -> ParsedFile:
    """A CSV or Parquet file of trace requests."""
    out = ParsedFile()
    scan = scan_file(path)
    out.sha256 = scan.sha256
    try:
        table = open_table(path, scan, None)
    except SourceError as exc:
        out.errors.append(RowError(1, "", str(exc)))
        return out
    try:
        wanted = _header(table.header, out)
        if wanted is None:
            return out
        cols = parsers()
        for chunk in table.chunks(wanted, CHUNK_ROWS):
            out.errors.extend(RowError(r, "", why) for r, why in chunk.bad_rows)
            drafts, errors = parse_columns(chunk.columns, chunk.rows, cols)
            out.drafts.extend(drafts)
            out.errors.extend(errors)
    except SourceError as exc:
        out.errors.append(RowError(1, "", str(exc)))
    finally:
        table.close()
    return out


def read_json(data: bytes) -> ParsedFile:
    """A JSON list of objects (or ``{"requests": [...]}``) with the CSV column names."""
    out = ParsedFile()
    try:
        items = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        out.errors.append(RowError(1, "", f"not valid JSON: {exc}"))
        return out
    if isinstance(items, dict):
        items = items.get("requests")
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        out.errors.append(RowError(1, "", "expected a list of request objects"))
        return out
    keys = {header_key(k) for item in items for k in item}
    missing = [c for c in REQUIRED if c not in keys]
    if missing:
        out.errors.append(RowError(1, missing[0], "missing required fields: "
                                   + ", ".join(missing)))
        return out
    columns = {name: [_text(_get(item, name)) for item in items] for name in FIELD_NAMES
               if name in keys}
    rows = list(range(1, len(items) + 1))
    out.drafts, out.errors = parse_columns(columns, rows, parsers())
    return out


def _get(item: dict[str, Any], name: str) -> Any:
    for k, v in item.items():
        if header_key(k) == name:
            return v
    return None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Y" if value else "N"
    return str(value)


def read_file(path: Path) -> ParsedFile:
    if path.suffix.lower() == ".json":
        out = read_json(path.read_bytes())
        out.sha256 = scan_file(path).sha256
        return out
    return read_table(path)
