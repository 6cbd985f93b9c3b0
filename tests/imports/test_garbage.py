"""Property: garbage in any cell never stores part of a file and never raises.

Each example takes a valid transfers file (three guns, nine rows, serials unique to the
example), replaces a few random cells with arbitrary text, and imports it. Either the file
is rejected with row-level errors and the registry is exactly as before, or every cell was
still valid and the file is stored whole. import_file itself must never raise.
"""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from import_fixtures import DEALER_VA, DISTRIBUTOR, MAKER, TRANSFER_HEADER, Registry

_example = itertools.count()
TABLES = ("transfers", "firearms", "manufacturers")

garbage = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=40),
    st.sampled_from(["", " ", "NONE", "OBLITERATED", "2023-02-30", "13/01/2023", "X-00",
                     "9-99-99999", "5-74-12345", "P-404", "\x00", '"', "'", "\n", "\r\n",
                     "|", "\t", ",,,", "1899-12-31", "9" * 300, "é" * 61]),
)


def _rows(tag: int) -> list[list[str]]:
    rows = []
    for g in range(3):
        gun = [f"H{tag}G{g}", "Heckler & Koch", "P30", "9mm", "PI", "DE", "HK Inc"]
        rows += [[*gun, MAKER, DISTRIBUTOR, "", "2022-01-03"],
                 [*gun, DISTRIBUTOR, DEALER_VA, "", "2022-02-03"],
                 [*gun, DEALER_VA, "", f"P-{g + 1}", "2022-03-03"]]
    return rows


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(edits=st.lists(st.tuples(st.integers(0, 8), st.integers(0, 10), garbage),
                      min_size=1, max_size=4))
def test_garbage_cells_store_all_or_nothing(
    loaded: Registry, edits: list[tuple[int, int, str]]
) -> None:
    rows = _rows(next(_example))
    for row, col, value in edits:
        rows[row][col] = value
    before = {t: loaded.count(t) for t in TABLES}
    report = loaded.run("transfers", loaded.transfers(rows, "garbage.csv"))
    after = {t: loaded.count(t) for t in TABLES}
    if report.status == "rejected":
        assert after == before
        assert report.errors and report.rows_stored == 0 and report.rows_rejected >= 1
        assert all(1 <= e.row <= 1 + 9 * 3 and e.reason for e in report.errors)
    else:
        assert after["transfers"] - before["transfers"] == report.rows_stored
        assert report.rows_stored + report.rows_unchanged == report.rows_total


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(content=st.binary(max_size=400), kind=st.sampled_from(
    ["licensees", "purchasers", "transfers", "multiple-sales", "thefts", "imports", "nfa"]))
def test_random_bytes_are_a_report_not_an_exception(
    registry: Registry, content: bytes, kind: str
) -> None:
    report = registry.run(kind, registry.files.text("noise.bin", content))
    assert report.status in ("rejected", "unchanged")
    if report.status == "rejected":
        assert report.errors
    assert registry.count("licensees") == 0 and registry.count("firearms") == 0


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(cells=st.lists(garbage, min_size=len(TRANSFER_HEADER), max_size=len(TRANSFER_HEADER)))
def test_a_row_of_garbage_under_a_good_header(loaded: Registry, cells: list[str]) -> None:
    report = loaded.run("transfers", loaded.transfers([cells], "row.csv"))
    assert report.status in ("rejected", "unchanged", "stored")
    if report.status == "rejected":
        assert loaded.count("transfers") == 0
