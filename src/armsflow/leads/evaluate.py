"""Scoring leads against the simulator's ground truth (truth/schemes.csv,
truth/scheme_members.csv), beside a baseline that flags every purchaser (or dealer) with a
trace under 3 years' time-to-crime. Pure apart from reading the truth files.

Categories: ``straw_rings`` (straw purchasers of straw-purchasing rings), ``corrupt_dealers``
(dealers selling off the books) and ``other_schemes`` (traffickers and unlicensed dealers
of the other schemes). For each: precision and recall of high-priority leads, precision at
k of the ranked list, and the baseline's precision at equal recall. docs/leads.md explains
every choice (which members count, which leads count against a category)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from armsflow.leads.signals import Priority, Subject

TTC_BASELINE_DAYS = 3 * 365
KS = (10, 50)


@dataclass(frozen=True)
class Truth:
    straw: frozenset[str]  # purchaser refs
    corrupt: frozenset[str]  # licence numbers
    other: frozenset[str]  # purchaser refs

    def category(self, name: str) -> tuple[frozenset[str], frozenset[str]]:
        """Members of the category and members of the others (which count neither way)."""
        if name == "straw_rings":
            return self.straw, self.other
        if name == "corrupt_dealers":
            return self.corrupt, frozenset()
        return self.other, self.straw


CATEGORIES = (("straw_rings", Subject.PURCHASER), ("corrupt_dealers", Subject.DEALER),
              ("other_schemes", Subject.PURCHASER))


def read_truth(folder: Path) -> Truth:
    """Read truth/ (or the folder holding it); raise ValueError naming a missing file."""
    base = folder / "truth" if (folder / "truth").is_dir() else folder
    paths = {n: base / f"{n}.csv" for n in ("schemes", "scheme_members")}
    for path in paths.values():
        if not path.exists():
            raise ValueError(f"{path}: not found (give the simulator's output folder or its "
                             "truth/ folder)")
    with paths["schemes"].open(encoding="utf-8") as fh:
        kind = {r["scheme_id"]: r["kind"] for r in csv.DictReader(fh)}
    straw, corrupt, other = set(), set(), set()
    with paths["scheme_members"].open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            k, role = kind.get(r["scheme_id"], ""), r["role"]
            if role == "corrupt_dealer":
                corrupt.add(r["member_ref"])
            elif r["member_kind"] == "purchaser" and k == "straw_ring":
                straw.add(r["member_ref"])
            elif r["member_kind"] == "purchaser":
                other.add(r["member_ref"])
    return Truth(frozenset(straw), frozenset(corrupt), frozenset(other - straw))


@dataclass(frozen=True)
class Scored:
    """What evaluation needs of a lead: its subject's reference, score and priority."""

    kind: Subject
    ref: str
    score: float
    priority: Priority


@dataclass(frozen=True)
class Row:
    category: str
    members: int  # all members of the category in the truth
    reachable: int  # members that some completed trace reaches
    flagged: int  # high-priority leads counted for the category
    precision: float | None
    recall: float | None  # of reachable members
    recall_all: float | None  # of all members
    p_at: dict[int, float | None]
    baseline_flagged: int
    baseline_precision: float | None
    baseline_recall: float | None
    precision_at_baseline_recall: float | None

    @property
    def lift(self) -> float | None:
        if self.precision_at_baseline_recall is None or not self.baseline_precision:
            return None
        return self.precision_at_baseline_recall / self.baseline_precision


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def evaluate_category(name: str, leads: Sequence[Scored], members: frozenset[str],
                      ignore: frozenset[str], reachable: frozenset[str],
                      baseline: frozenset[str]) -> Row:
    reach = members & reachable
    ranked = [x.ref for x in sorted(leads, key=lambda x: (-x.score, x.ref))
              if x.ref not in ignore]
    high = {x.ref for x in leads if x.priority == Priority.HIGH} - ignore
    tp = len(high & reach)
    base = baseline - ignore
    b_recall = _ratio(len(base & reach), len(reach))
    return Row(
        category=name, members=len(members), reachable=len(reach), flagged=len(high),
        precision=_ratio(tp, len(high)), recall=_ratio(tp, len(reach)),
        recall_all=_ratio(len(high & members), len(members)),
        p_at={k: _ratio(len(set(ranked[:k]) & members), min(k, len(ranked))) for k in KS},
        baseline_flagged=len(base), baseline_precision=_ratio(len(base & members), len(base)),
        baseline_recall=b_recall,
        precision_at_baseline_recall=_precision_at_recall(ranked, reach, b_recall))


def _precision_at_recall(ranked: list[str], reach: frozenset[str],
                         recall: float | None) -> float | None:
    """Precision of the shortest prefix of the ranking that reaches ``recall`` (or the
    ranking's own best recall, if lower); the baseline has no order, so its precision is
    the same at any recall up to its own."""
    if not reach or recall is None or recall == 0:
        return None
    best = len(set(ranked) & reach) / len(reach)
    want = min(recall, best)
    if want == 0:
        return None
    found = 0
    for i, ref in enumerate(ranked, start=1):
        found += ref in reach
        if found / len(reach) >= want - 1e-12:
            return found / i
    return None


def evaluate(leads: Sequence[Scored], truth: Truth, reachable: dict[Subject, frozenset[str]],
             baseline: dict[Subject, frozenset[str]]) -> list[Row]:
    rows = []
    for name, subject in CATEGORIES:
        members, ignore = truth.category(name)
        mine = [x for x in leads if x.kind == subject]
        rows.append(evaluate_category(name, mine, members, ignore, reachable[subject],
                                      baseline[subject]))
    return rows


@dataclass(frozen=True)
class Targets:
    precision: float = 0.8
    recall: float = 0.9
    lift: float = 2.0
    categories: tuple[str, ...] = ("straw_rings", "corrupt_dealers")


def misses(rows: Sequence[Row], targets: Targets = Targets()) -> list[str]:
    """Targets missed (issue 6); a category with no reachable member cannot be judged and
    is reported as such (a miss too: the world is too small to show anything)."""
    out = []
    for row in rows:
        if row.category not in targets.categories:
            continue
        if not row.reachable:
            out.append(f"{row.category}: no member reachable by any trace in this world")
            continue
        if row.precision is None or row.precision < targets.precision:
            out.append(f"{row.category}: precision {_fmt(row.precision)} < {targets.precision}")
        if row.recall is None or row.recall < targets.recall:
            out.append(f"{row.category}: recall {_fmt(row.recall)} < {targets.recall}")
        if row.lift is None or row.lift < targets.lift:
            out.append(f"{row.category}: precision at the baseline's recall is "
                       f"{_fmt(row.lift)} times the baseline's (< {targets.lift})")
    return out


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.2f}"


def table(rows: Sequence[Row]) -> list[list[str]]:
    """Rows for printing: header first."""
    head = ["category", "members", "reachable", "high leads", "precision", "recall",
            "recall (all)", *(f"P@{k}" for k in KS), "baseline flagged", "baseline precision",
            "baseline recall", "precision at baseline recall", "lift"]
    out = [head]
    for r in rows:
        out.append([r.category, str(r.members), str(r.reachable), str(r.flagged),
                    _fmt(r.precision), _fmt(r.recall), _fmt(r.recall_all),
                    *(_fmt(r.p_at[k]) for k in KS), str(r.baseline_flagged),
                    _fmt(r.baseline_precision), _fmt(r.baseline_recall),
                    _fmt(r.precision_at_baseline_recall), _fmt(r.lift)])
    return out
