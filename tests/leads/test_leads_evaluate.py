"""Evaluation metrics, pure: hand-computed cases, members of other schemes neither right nor
wrong, the baseline at equal recall, the target check, and reading truth files."""

from __future__ import annotations

from pathlib import Path

import pytest

from armsflow.leads import evaluate as ev
from armsflow.leads.signals import Priority, Subject

P = Subject.PURCHASER


def _lead(ref: str, score: float, priority: Priority = Priority.HIGH) -> ev.Scored:
    return ev.Scored(P, ref, score, priority)


def test_precision_recall_and_ranking_by_hand() -> None:
    members = frozenset({"a", "b", "c", "d"})
    reach = frozenset({"a", "b", "c", "x", "y", "z", "o"})
    leads = [_lead("a", 90), _lead("x", 80), _lead("b", 70), _lead("o", 75),
             _lead("c", 30, Priority.LOW)]
    base = frozenset({"a", "b", "c", "x", "y", "z", "o"})
    row = ev.evaluate_category("straw_rings", leads, members, frozenset({"o"}), reach, base)
    assert (row.members, row.reachable, row.flagged) == (4, 3, 3)  # o is ignored
    assert row.precision == pytest.approx(2 / 3)
    assert row.recall == pytest.approx(2 / 3) and row.recall_all == pytest.approx(2 / 4)
    assert row.baseline_precision == pytest.approx(3 / 6)
    assert row.baseline_recall == 1.0
    # ranking without "o": a, x, b, c -> all three reachable members after 4
    assert row.precision_at_baseline_recall == pytest.approx(3 / 4)
    assert row.lift == pytest.approx(1.5)
    assert row.p_at[10] == pytest.approx(3 / 4)


def test_targets() -> None:
    good = ev.Row("straw_rings", 10, 10, 10, 0.9, 1.0, 1.0, {}, 100, 0.1, 1.0, 0.9)
    bad = ev.Row("corrupt_dealers", 10, 10, 10, 0.5, 0.5, 0.5, {}, 100, 0.4, 1.0, 0.5)
    empty = ev.Row("corrupt_dealers", 0, 0, 0, None, None, None, {}, 0, None, None, None)
    assert ev.misses([good]) == []
    missed = ev.misses([good, bad])
    assert any("precision 0.50" in m for m in missed) and any("recall" in m for m in missed)
    assert any("times the baseline" in m for m in missed)
    assert ev.misses([empty]) == ["corrupt_dealers: no member reachable by any trace in this "
                                  "world"]


def test_reading_truth(tmp_path: Path) -> None:
    truth = tmp_path / "truth"
    truth.mkdir()
    (truth / "schemes.csv").write_text(
        "scheme_id,kind\nSCH-1,corrupt_dealer\nSCH-2,straw_ring\nSCH-3,interstate_trafficking\n")
    (truth / "scheme_members.csv").write_text(
        "scheme_id,member_kind,member_ref,manufacturer,serial_number,role\n"
        "SCH-1,dealer,1-54-1,,,corrupt_dealer\nSCH-2,purchaser,P1,,,straw_purchaser\n"
        "SCH-2,dealer,1-54-2,,,selling_dealer\nSCH-3,purchaser,P2,,,trafficker\n"
        "SCH-2,firearm,F1,Colt,123,recovered\n")
    t = ev.read_truth(tmp_path)
    assert (t.straw, t.corrupt, t.other) == ({"P1"}, {"1-54-1"}, {"P2"})
    with pytest.raises(ValueError, match=r"scheme_members\.csv: not found"):
        (truth / "scheme_members.csv").unlink()
        ev.read_truth(tmp_path)
