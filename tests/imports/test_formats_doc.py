"""docs/formats.md documents exactly the columns :data:`armsflow.imports.KINDS` declares."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from armsflow.imports import KINDS

DOC = Path(__file__).resolve().parents[2] / "docs" / "formats.md"


def _sections(text: str, level: str) -> dict[str, str]:
    parts = re.split(rf"^{level} (.+)$", text, flags=re.M)
    return {title.strip(): body for title, body in zip(parts[1::2], parts[2::2], strict=True)}


def _table_rows(body: str, first_header: str) -> list[list[str]]:
    """Rows of the tables in ``body`` whose header starts with ``first_header``."""
    rows: list[list[str]] = []
    inside = False
    for line in body.splitlines():
        if not line.startswith("|"):
            inside = False
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        if cells and cells[0] == first_header:
            inside = True
        elif inside and not set(cells[0]) <= set("-: "):
            rows.append(cells)
    return rows


def documented_kinds() -> dict[str, dict[str, tuple[str, tuple[str, ...]]]]:
    """kind -> column -> (required label, aliases) as docs/formats.md states them."""
    kinds_section = _sections(DOC.read_text(), "##")["Kinds"]
    found: dict[str, dict[str, tuple[str, tuple[str, ...]]]] = {}
    for kind, body in _sections(kinds_section, "###").items():
        columns = {}
        for cells in _table_rows(body, "column"):
            names = re.findall(r"`([^`]+)`", cells[0])
            columns[names[0]] = (cells[1], tuple(names[1:]))
        found[kind] = columns
    return found


def test_every_kind_is_documented() -> None:
    assert set(documented_kinds()) == set(KINDS)


@pytest.mark.parametrize("kind", list(KINDS))
def test_columns_match_the_declaration(kind: str) -> None:
    documented = documented_kinds()[kind]
    declared = {c.name: (c.required_label, c.aliases) for c in KINDS[kind].columns}
    assert set(declared) - set(documented) == set(), "columns missing from docs/formats.md"
    assert set(documented) - set(declared) == set(), "docs/formats.md names unknown columns"
    assert documented == declared, "required label or aliases differ"


def test_reduced_licensee_layout_names_known_columns() -> None:
    layouts = _sections(DOC.read_text(), "##")["Licensee list layouts"]
    names = {re.findall(r"`([^`]+)`", cells[0])[0]
             for cells in _table_rows(layouts, "column")}
    known = {n for c in KINDS["licensees"].columns for n in c.names}
    assert names and names <= known
