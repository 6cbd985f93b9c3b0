"""Pure parts of the importer: cell parsers, column caches, delimiter sniffing, references."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from armsflow.imports.base import header_key
from armsflow.imports.cells import ColumnParser, iso_date, name_key, parse_date, parse_zip
from armsflow.imports.licensees import derived_key
from armsflow.imports.pipeline import ChunkWriter
from armsflow.imports.refs import parse_licence_ref
from armsflow.imports.report import ErrorLog
from armsflow.imports.source import scan_file, sniff_delimiter
from armsflow.imports.transfers import event_key
from armsflow.types.errors import InvalidValue


@pytest.mark.parametrize(("text", "expected"), [
    ("2023-01-05", date(2023, 1, 5)), ("2023-1-5", date(2023, 1, 5)),
    ("01/05/2023", date(2023, 1, 5)), ("1/5/2023", date(2023, 1, 5)),
])
def test_dates(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(("text", "reason"), [
    ("2023-02-30", "not a valid date (YYYY-MM-DD)"),
    ("13/01/2023", "not a valid date (YYYY-MM-DD)"),
    ("05.01.2023", "not a date; write YYYY-MM-DD (or MM/DD/YYYY)"),
    ("23-01-05", "not a date; write YYYY-MM-DD (or MM/DD/YYYY)"),
])
def test_bad_dates(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        parse_date(text)


def test_date_range() -> None:
    assert iso_date("1900-01-01") == "1900-01-01"
    with pytest.raises(ValueError, match="in the future"):
        iso_date((date.today() + timedelta(days=1)).isoformat())


def test_column_parser_caches_and_reports_bad_cells() -> None:
    calls: list[str] = []

    def parser(text: str) -> str:
        calls.append(text)
        if text == "bad":
            raise InvalidValue("x", "is bad")
        return text.upper()

    col = ColumnParser("x", parser, nullable=False)
    values, bad = col.parse_all(["a", "a", " a", "bad", "", "b", "bad"])
    assert values == ["A", "A", "A", None, None, "B", None]
    assert bad == [(3, "is bad"), (4, "empty"), (6, "is bad")]
    assert sorted(calls) == ["a", "a", "b", "bad"]  # "a" and " a" are distinct raw texts
    values, bad = col.parse_all(["a", "bad"])
    assert (values, bad) == (["A", None], [(1, "is bad")])
    assert len(calls) == 4  # both were cached


@given(st.lists(st.text(max_size=4), max_size=60))
def test_column_parser_matches_uncached(cells: list[str]) -> None:
    def parser(text: str) -> str:
        if len(text) > 2:
            raise ValueError("long")
        return text[::-1]

    col = ColumnParser("x", parser, nullable=True)
    values, bad = col.parse_all(cells)
    for i, cell in enumerate(cells):
        stripped = cell.strip()
        if not stripped:
            assert values[i] is None
        elif "\x00" in stripped or len(stripped) > 2:
            assert values[i] is None and i in dict(bad)
        else:
            assert values[i] == stripped[::-1]


def test_sniff_and_header_keys() -> None:
    assert sniff_delimiter("LIC_REGN\tLIC_DIST\tLICENSE_NAME\n") == "\t"
    assert sniff_delimiter("a|b|c,d") == "|"
    assert sniff_delimiter("serial_number,manufacturer") == ","
    assert sniff_delimiter("single") == ","
    assert header_key("\ufeffSerial Number ") == "serial_number"
    assert header_key("LIC-REGN") == "lic_regn"


def test_scan_detects_encoding_and_parquet(tmp_path: Path) -> None:
    utf8 = tmp_path / "a.csv"
    utf8.write_bytes("a,b\né,1\n".encode())
    bom = tmp_path / "b.csv"
    bom.write_bytes(b"\xef\xbb\xbfa,b\n1,2\n")
    latin = tmp_path / "c.csv"
    latin.write_bytes("a,b\né,1\n".encode("latin-1"))
    assert scan_file(utf8).encoding == "utf-8"
    assert scan_file(bom).encoding == "utf-8-sig"
    assert scan_file(latin).encoding == "latin-1"
    assert len(scan_file(latin).sha256) == 64


@pytest.mark.parametrize(("text", "key"), [
    ("5-74-013-07-5A-00042", "5-74-00042"), ("5 74 013 07 5A 00042", "5-74-00042"),
    ("574013075A00042", "5-74-00042"),
    ("5-74-00042", "5-74-00042"), ("x-0123456789", "X-0123456789"),
])
def test_licence_references(text: str, key: str) -> None:
    assert parse_licence_ref(text) == key


@pytest.mark.parametrize("text", ["5-54-00042", "2-74-00042", "5-74-013-04-5A-00042", "abc"])
def test_bad_licence_references(text: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        parse_licence_ref(text)
    if text == "abc":
        assert raised.value.reason.startswith("not a licence number: give the full FFL")


def test_keys() -> None:
    assert event_key("5-74-00042", None, "P-1", "2023-01-01") == "5-74-00042||P-1|2023-01-01"
    long = event_key("5-74-00042", None, "P" * 64, "2023-01-01")
    assert long.startswith("#") and len(long) <= 80
    assert long == event_key("5-74-00042", None, "P" * 64, "2023-01-01")
    a = derived_key(("01", "107", "Acme  Llc", None, "1 Main", "20105"))
    assert a == derived_key(("01", "107", "ACME LLC", None, "1 MAIN", "20105"))
    assert a != derived_key(("01", "107", "Acme, Llc", None, "1 Main", "20105"))
    assert name_key("O'Brien, Pat & Co.") == "O BRIEN PAT CO"
    assert parse_zip("221501234") == "22150-1234"


def test_error_log_merges_sources_in_row_order() -> None:
    log = ErrorLog(limit=3)
    log.add(5, "a", "x", "bad")
    log.add(9, "a", "y", "bad")
    log.new_source()
    log.add(2, "b", None, "missing")
    log.add(7, None, None, "row 7: whole row")
    assert [e.row for e in log.first()] == [2, 5, 7]
    assert log.total == 4 and log.truncated
    assert log.first()[0].reason == "b: missing"


def test_chunk_writer_hands_errors_back() -> None:
    seen: list[int] = []

    def write(rows: list[tuple[int]]) -> None:
        if rows[0][0] == 3:
            raise RuntimeError("disk full")
        seen.append(threading.get_ident())

    with pytest.raises(RuntimeError, match="disk full"), ChunkWriter(write) as writer:
        for i in range(10):
            writer.put([(i,)])
    assert seen and threading.get_ident() not in seen
