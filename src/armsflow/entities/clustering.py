"""Clustering scored pairs into entities while respecting analysts' judgements. Pure.

Records are dense indices 0..n-1. Pairs at or above the threshold link records; a
must-link (judged the same) links them whatever the score; a cannot-link (judged not the
same) is never broken: two records judged different never end in one entity, even through
a chain of other links. Components without a cannot-link pair inside them are plain
connected components; the others are rebuilt greedily, strongest evidence first
(must-links, then pairs by falling probability), refusing any merge that would join two
records judged different.

Dates of birth add cannot-links of their own (``years``): two records whose years of birth
are more than a year apart are two people, so a component that joins them (a father and
a son with one name and address, bridged by a record with no date) is rebuilt the same
way. An analyst's must-link overrides such a conflict (and a must-link between dates
years apart switches them off for its whole component); an analyst's cannot-link never
yields.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import rustworkx as rx

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Pair = tuple[int, int]


@dataclass(frozen=True)
class Clusters:
    """``label[i]``: the smallest record index of i's entity; ``probability[i]``: the
    strongest link that placed i in its entity (1.0 for a must-link, 0.0 when alone)."""

    label: Ints
    probability: Floats


YEARS_APART = 2
"""Years of birth this far apart (or more) make two records two people."""
MAX_COMPONENT = 500
"""Components larger than this are not searched for date conflicts (the pairs would be
too many); none this large forms at the default threshold."""


def cluster(n: int, left: Ints, right: Ints, probability: Floats, threshold: float,
            same: Sequence[Pair] = (), different: Sequence[Pair] = (),
            years: Ints | None = None) -> Clusters:
    """Entities of ``n`` records from scored pairs (``left[k]``, ``right[k]``,
    ``probability[k]``) and judgements (``same``: must-link, ``different``: cannot-link).
    ``years[i]``: record i's year of birth, or a negative number when it has none."""
    keep = probability >= threshold
    a, b, p = left[keep], right[keep], probability[keep]
    judged = np.zeros(len(a), dtype=np.bool_)
    if same:
        sa, sb = (np.array(x, dtype=np.int64) for x in zip(*same, strict=True))
        a, b = np.concatenate([a, sa]), np.concatenate([b, sb])
        p = np.concatenate([p, np.ones(len(sa))])
        judged = np.concatenate([judged, np.ones(len(sa), dtype=np.bool_)])
    label = _components(n, a, b)
    best = np.zeros(n)
    np.maximum.at(best, a, p)
    np.maximum.at(best, b, p)
    if years is not None:
        auto = _allowed(date_conflicts(label, years), label, years, same)
        different = [*different, *auto]
    if different:
        _split_conflicts(label, best, (a, b, p, judged), different)
    return Clusters(label, best)


def date_conflicts(label: Ints, years: Ints) -> list[Pair]:
    """Pairs of records in one component whose years of birth are ``YEARS_APART`` or more
    apart."""
    dated = np.flatnonzero(years >= 0)
    if len(dated) < 2:
        return []
    order = dated[np.lexsort((years[dated], label[dated]))]
    lab, yr = label[order], years[order]
    starts = np.flatnonzero(np.r_[True, lab[1:] != lab[:-1]])
    ends = np.r_[starts[1:], len(order)]
    spread = yr[ends - 1] - yr[starts]
    out: list[Pair] = []
    for s, e in zip(starts[spread >= YEARS_APART].tolist(),
                    ends[spread >= YEARS_APART].tolist(), strict=True):
        if e - s > MAX_COMPONENT:
            continue
        members, ys = order[s:e], yr[s:e]
        for i in range(e - s):
            far = members[i + 1:][ys[i + 1:] - ys[i] >= YEARS_APART]
            out.extend((int(members[i]), int(j)) for j in far.tolist())
    return out


def _allowed(conflicts: list[Pair], label: Ints, years: Ints, same: Sequence[Pair]
             ) -> list[Pair]:
    """The date conflicts that analysts' must-links leave standing: none between records
    judged the same (taken transitively), and none at all in a component where a
    must-link itself joins two dates years apart (the analyst has said that this
    person's dates do not tell records apart)."""
    if not conflicts or not same:
        return conflicts
    sa, sb = (np.array(x, dtype=np.int64) for x in zip(*same, strict=True))
    group = _components(len(label), sa, sb)
    spans = (years[sa] >= 0) & (years[sb] >= 0) & (np.abs(years[sa] - years[sb]) >= YEARS_APART)
    exempt = set(label[sa[spans]].tolist())
    return [(x, y) for x, y in conflicts if group[x] != group[y] and label[x] not in exempt]


def _components(n: int, a: Ints, b: Ints) -> Ints:
    graph = rx.PyGraph(multigraph=False)
    graph.add_nodes_from(range(n))
    graph.add_edges_from_no_data(list(zip(a.tolist(), b.tolist(), strict=True)))
    label = np.arange(n, dtype=np.int64)
    for component in rx.connected_components(graph):
        members = np.fromiter(component, dtype=np.int64)
        label[members] = members.min()
    return label


def _split_conflicts(label: Ints, best: Floats,
                     links: tuple[Ints, Ints, Floats, npt.NDArray[np.bool_]],
                     different: Sequence[Pair]) -> None:
    """Rebuild, in place, every component that holds both records of a cannot-link."""
    a, b, p, judged = links
    bad = sorted({int(label[x]) for x, y in different if label[x] == label[y]})
    if not bad:
        return
    inside = np.isin(label[a], bad)
    ea, eb, ep, ej = a[inside], b[inside], p[inside], judged[inside]
    order = np.lexsort((eb, ea, -ep, ~ej))  # must-links, then strongest first
    members = np.flatnonzero(np.isin(label, bad))
    parent = {int(m): int(m) for m in members}
    group = {int(m): {int(m)} for m in members}
    forbid: dict[int, set[int]] = {int(m): set() for m in members}
    for x, y in different:
        if int(x) in forbid and int(y) in forbid:
            forbid[int(x)].add(int(y))
            forbid[int(y)].add(int(x))
    placed = {int(m): 0.0 for m in members}
    for k in order:
        x, y, prob = int(ea[k]), int(eb[k]), float(ep[k])
        rx_, ry = _find(parent, x), _find(parent, y)
        if rx_ == ry or forbid[rx_] & group[ry]:
            if rx_ == ry:
                placed[x], placed[y] = max(placed[x], prob), max(placed[y], prob)
            continue
        if len(group[rx_]) < len(group[ry]):
            rx_, ry = ry, rx_
        parent[ry] = rx_
        group[rx_] |= group.pop(ry)
        forbid[rx_] |= forbid.pop(ry)
        placed[x], placed[y] = max(placed[x], prob), max(placed[y], prob)
    for root, grp in group.items():
        if _find(parent, root) != root:
            continue
        ids = np.fromiter(grp, dtype=np.int64)
        label[ids] = ids.min()
        best[ids] = [placed[i] for i in ids.tolist()]


def _find(parent: dict[int, int], x: int) -> int:
    root = x
    while parent[root] != root:
        root = parent[root]
    while parent[x] != root:
        parent[x], x = root, parent[x]
    return root


def consistent(same: Sequence[Pair], different: Sequence[Pair]) -> Pair | None:
    """The first cannot-link that the must-links (taken transitively) contradict, if any."""
    parent: dict[int, int] = {}
    for x, y in same:
        parent.setdefault(x, x)
        parent.setdefault(y, y)
        rx_, ry = _find(parent, x), _find(parent, y)
        parent[ry] = rx_
    for x, y in different:
        if x == y:
            return (x, y)
        if x in parent and y in parent and _find(parent, x) == _find(parent, y):
            return (x, y)
    return None
