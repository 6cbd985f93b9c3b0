"""Public release: small cells suppressed, complementary suppression, and an attacker who
knows every published margin and cell cannot recompute any suppressed cell, neither by
solving the linear system nor by interval bounds. The same attacks do recover cells when
only the small cells are suppressed (so the attacks are real)."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from armsflow.analytics.engines import DuckDBEngine
from armsflow.analytics.release import TOTAL, csv_rows, write_release
from armsflow.analytics.suppression import Suppressed, suppress
from armsflow.analytics.synthetic import facts_table

Block = dict[str, object]


def _blocks(rows: list[list[object]]) -> list[Block]:
    """Published CSV rows -> per year: known cells, suppressed cells, margins."""
    out: dict[object, Block] = defaultdict(lambda: {"known": {}, "hidden": [], "rows": {},
                                                    "cols": {}, "lo": 1})
    withheld: list[tuple[object, object, object]] = []
    for year, r, c, n, status in rows:
        b = out[str(year)]
        if r == TOTAL and c == TOTAL:
            continue
        if status == "withheld":  # unknown, may be zero
            b["lo"] = 0
            withheld.append((str(year), r, c))
            continue
        if c == TOTAL:
            b["rows"][r] = int(n)  # type: ignore[index]
        elif r == TOTAL:
            b["cols"][c] = int(n)  # type: ignore[index]
        elif status == "suppressed":
            b["hidden"].append((r, c))  # type: ignore[attr-defined]
        else:
            b["known"][(r, c)] = int(n)  # type: ignore[index]
    for year, r, c in withheld:  # a zero margin tells the reader its cells are zero
        b = out[year]
        if b["rows"].get(r) == 0 or b["cols"].get(c) == 0:  # type: ignore[attr-defined]
            b["known"][(r, c)] = 0  # type: ignore[index]
        else:
            b["hidden"].append((r, c))  # type: ignore[attr-defined]
    return list(out.values())


def _constraints(b: Block) -> tuple[np.ndarray, np.ndarray, list[tuple[object, object]]]:
    hidden: list[tuple[object, object]] = b["hidden"]  # type: ignore[assignment]
    eqs, rhs = [], []
    for axis, margins in ((0, b["rows"]), (1, b["cols"])):
        for label, total in margins.items():  # type: ignore[attr-defined]
            coeffs = [1.0 if h[axis] == label else 0.0 for h in hidden]
            if any(coeffs):
                known = sum(n for k, n in b["known"].items() if k[axis] == label)  # type: ignore[attr-defined]
                eqs.append(coeffs)
                rhs.append(total - known)
    return np.array(eqs), np.array(rhs, dtype=float), hidden


def recovered_by_algebra(b: Block) -> list[tuple[object, object]]:
    """Suppressed cells fixed by the margins alone (unit vector in the row space)."""
    a, _rhs, hidden = _constraints(b)
    if not hidden:
        return []
    rank = np.linalg.matrix_rank(a)
    out = []
    for j, h in enumerate(hidden):
        unit = np.zeros(len(hidden))
        unit[j] = 1
        if np.linalg.matrix_rank(np.vstack([a, unit])) == rank:
            out.append(h)
    return out


def recovered_by_bounds(b: Block) -> list[tuple[object, object]]:
    """Suppressed cells pinned by interval propagation (each at least 1 where zeros are
    published, at least 0 where cells are withheld)."""
    a, rhs, hidden = _constraints(b)
    if not hidden:
        return []
    lo = np.full(len(hidden), float(b["lo"]))  # type: ignore[arg-type]
    hi = np.full(len(hidden), rhs.max() if len(rhs) else 0.0)
    for _ in range(200):
        before = (lo.copy(), hi.copy())
        for coeffs, total in zip(a, rhs, strict=True):
            members = np.flatnonzero(coeffs)
            for j in members:
                others = members[members != j]
                lo[j] = max(lo[j], total - hi[others].sum())
                hi[j] = min(hi[j], total - lo[others].sum())
        if np.array_equal(before[0], lo) and np.array_equal(before[1], hi):
            break
    return [h for j, h in enumerate(hidden) if lo[j] == hi[j]]


def _primary_only(s: Suppressed) -> Suppressed:
    return Suppressed(cells=s.cells, hidden=set(s.primary), primary=set(s.primary),
                      row_totals=s.row_totals, col_totals=s.col_totals, total=s.total)


def test_release_resists_both_attacks(tmp_path: Path) -> None:
    facts = facts_table(4_000, seed=11)
    summary = write_release(tmp_path, DuckDBEngine.from_tables(facts), 10)
    assert sum(c["primary"] for c in summary.values()) > 20
    assert sum(c["complementary"] for c in summary.values()) > 0
    attacked = 0
    for name in summary:
        with (tmp_path / f"{name}.csv").open(encoding="utf-8") as fh:
            rows = [[r["year"], r["row"], r["column"], r["n"], r["status"]]
                    for r in csv.DictReader(fh)]
        assert not [r for r in rows if r[4] == "published" and r[2] != TOTAL and r[1] != TOTAL
                    and r[3] != "" and 0 < int(str(r[3])) < 10]
        for b in _blocks(rows):
            attacked += len(b["hidden"])  # type: ignore[arg-type]
            assert recovered_by_algebra(b) == []
            assert recovered_by_bounds(b) == []
    assert attacked > 20
    text = (tmp_path / "README.txt").read_text()
    assert "not a random sample" in text


def test_the_attacks_work_on_primary_suppression_alone() -> None:
    facts = facts_table(4_000, seed=11)
    engine = DuckDBEngine.from_tables(facts)
    from armsflow.analytics.release import TABLES, blocks
    from armsflow.analytics.reports import Filters, run_report

    recovered = 0
    for table in TABLES:
        for year, cells in blocks(table, run_report(table.report, Filters(), engine)).items():
            weak = _primary_only(suppress(cells, 10))
            for b in _blocks(csv_rows(year, weak)):
                recovered += len(recovered_by_algebra(b)) + len(recovered_by_bounds(b))
    assert recovered > 0


tables = st.dictionaries(
    st.tuples(st.sampled_from("ABCDE"), st.sampled_from("vwxyz")),
    st.one_of(st.just(0), st.integers(1, 6), st.integers(7, 60)),
    min_size=1, max_size=25)


@settings(max_examples=150, deadline=None)
@given(tables, st.integers(2, 8))
def test_no_suppressed_cell_of_any_table_is_recoverable(cells: dict[tuple[str, str], int],
                                                        k: int) -> None:
    s = suppress(cells, k)
    rows = csv_rows(2022, s)
    published = {(r[1], r[2]): r[3] for r in rows}
    if s.withheld:
        assert len(rows) == 1 and rows[0][:3] == [2022, TOTAL, TOTAL]
        return
    for key, n in s.cells.items():
        if 0 < n < k:
            assert key in s.hidden
        if key not in s.hidden:
            assert published[key] == n
        elif not s.interior_withheld:
            assert n > 0  # zeros are published unless the whole interior is withheld
    for r, total in s.row_totals.items():
        assert total == 0 or total >= k or r == "OTHER"
    for b in _blocks(rows):
        assert recovered_by_algebra(b) == []
        assert recovered_by_bounds(b) == []


def test_threshold_one_suppresses_nothing_and_small_tables_are_withheld() -> None:
    cells = {("A", "x"): 1, ("A", "y"): 2, ("B", "x"): 3}
    s = suppress(cells, 1)
    assert s.hidden == set() and s.total == 6
    withheld = suppress(cells, 10)
    assert withheld.withheld
    assert csv_rows(2022, withheld) == [[2022, TOTAL, TOTAL, "", "withheld"]]
    # a small cell alone in its column of the pooled table cannot be protected by cells:
    # the interior is withheld and only margins are published
    stuck = suppress({("A", "z"): 41, ("B", "z"): 35, ("C", "y"): 46, ("D", "w"): 34,
                      ("D", "y"): 1}, 6)
    assert stuck.interior_withheld and not stuck.withheld
    assert {r[4] for r in csv_rows(2022, stuck) if TOTAL not in r[1:3]} == {"withheld"}
