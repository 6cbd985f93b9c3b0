"""Small-cell suppression with complementary suppression for two-way tables with margins.

A release publishes, for each table, every row total, every column total and the grand
total, and every interior cell except the suppressed ones. Zeros are published (a zero
discloses nobody); a count from 1 to ``k - 1`` is a *primary* suppression.

Disclosure model: the reader knows the margins, the published cells and that every
suppressed cell is a whole number of at least 1. A suppressed cell can be recomputed
exactly unless the suppressed cells admit another solution that changes it. Changes that
keep every margin are sums of alternating cycles in the bipartite graph rows x columns
whose edges are the suppressed cells (+1, -1, +1, -1 ... around the cycle). So a cell is
*protected* when some simple alternating cycle through it can be applied without taking
any cell below 1: either the cell goes up and every cell at an odd step is at least 2, or
the cell goes down (it must be at least 2) and every other cell at an even step is too.
``protected`` decides this exactly with a breadth-first search.

Margins below ``k`` would themselves disclose small groups, so rows and columns whose total
is below ``k`` are pooled into an ``OTHER`` row or column first (``pool``).

Complementary suppression: while a suppressed cell is unprotected, suppress the published
rectangle (the cell's row, another row; its column, another column) that creates an
applicable cycle through it at the least total count. When no rectangle exists (a cell's
row or column has nothing else to pair with), every interior cell of the table, zeros
included, is withheld and only the margins are published: the reader then cannot tell
zeros apart, and every non-zero cell lies on a cycle of the complete table. A table with a
single non-empty row or column keeps only its grand total. The loop ends because cells only
get suppressed.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field

OTHER = "OTHER"
Key = tuple[Hashable, Hashable]


@dataclass
class Suppressed:
    """A table after suppression: ``cells`` (every row x column, zeros included),
    ``hidden`` (the suppressed cells), the margins, and which cells were primary."""

    cells: dict[Key, int]
    hidden: set[Key] = field(default_factory=set)
    primary: set[Key] = field(default_factory=set)
    row_totals: dict[Hashable, int] = field(default_factory=dict)
    col_totals: dict[Hashable, int] = field(default_factory=dict)
    total: int = 0
    withheld: bool = False
    """The whole table is withheld: its grand total is below the threshold (nothing is
    published) or it has a single non-empty row or column (only the grand total is)."""
    interior_withheld: bool = False
    """No cell could be protected by suppressing cells alone: every interior cell, zeros
    included, is withheld and only the margins are published."""


def pool(cells: Mapping[Key, int], k: int) -> dict[Key, int]:
    """Rows, then columns, whose total is from 1 to ``k - 1`` merged into ``OTHER`` (and the
    smallest further ones merged into it while ``OTHER`` itself is below ``k``)."""
    out = dict(cells)
    for axis in (0, 1):
        totals: dict[Hashable, int] = {}
        for key, n in out.items():
            totals[key[axis]] = totals.get(key[axis], 0) + n
        small = {label for label, t in totals.items() if 0 < t < k}
        if not small:
            continue
        pooled_total = sum(totals[s] for s in small)
        rest = sorted((t, str(label), label) for label, t in totals.items() if label not in small)
        while pooled_total < k and rest:
            t, _name, label = rest.pop(0)
            small.add(label)
            pooled_total += t
        merged: dict[Key, int] = {}
        for key, n in out.items():
            label = OTHER if key[axis] in small else key[axis]
            new = (label, key[1]) if axis == 0 else (key[0], label)
            merged[new] = merged.get(new, 0) + n
        out = merged
    return out


def _graph(hidden: set[Key]) -> tuple[dict[Hashable, list[Key]], dict[Hashable, list[Key]]]:
    by_row: dict[Hashable, list[Key]] = {}
    by_col: dict[Hashable, list[Key]] = {}
    for key in hidden:
        by_row.setdefault(key[0], []).append(key)
        by_col.setdefault(key[1], []).append(key)
    return by_row, by_col


def _cycle(cells: Mapping[Key, int], hidden: set[Key], e: Key, first_minus: bool,
           graph: tuple[dict[Hashable, list[Key]], dict[Hashable, list[Key]]]) -> bool:
    """Is there a simple alternating cycle through ``e`` whose minus cells stay >= 1?

    ``first_minus``: e goes up, so the step leaving row r is a minus step; otherwise e goes
    down and the step leaving row r is a plus step. Steps alternate row->col, col->row.
    """
    by_row, by_col = graph
    r0, c0 = e
    # state: (node, is_row); from a row we take a row-step, from a column a col-step.
    # Row-steps have sign `row_sign`, column-steps the other sign.
    row_minus = first_minus
    seen_rows, seen_cols = {r0}, set()
    queue: deque[Hashable] = deque([r0])
    while queue:
        r = queue.popleft()
        for cell in by_row.get(r, ()):
            if cell == e or (row_minus and cells[cell] < 2):
                continue
            c = cell[1]
            if c == c0:
                return True
            if c in seen_cols:
                continue
            seen_cols.add(c)
            for back in by_col.get(c, ()):
                if back == e or (not row_minus and cells[back] < 2):
                    continue
                if back[0] not in seen_rows:
                    seen_rows.add(back[0])
                    queue.append(back[0])
    return False


def protected(cells: Mapping[Key, int], hidden: set[Key], e: Key,
              graph: tuple[dict[Hashable, list[Key]], dict[Hashable, list[Key]]] | None = None
              ) -> bool:
    """True when suppressed cell ``e`` cannot be recomputed from margins and published cells."""
    graph = graph or _graph(hidden)
    if _cycle(cells, hidden, e, True, graph):
        return True
    return cells[e] >= 2 and _cycle(cells, hidden, e, False, graph)


def _best_rectangle(cells: Mapping[Key, int], hidden: set[Key], e: Key,
                    rows: list[Hashable], cols: list[Hashable]) -> list[Key] | None:
    r, c = e
    best: tuple[int, list[Key]] | None = None
    for c2 in cols:
        if c2 == c or cells.get((r, c2), 0) < 2:
            continue
        for r2 in rows:
            if r2 == r or cells.get((r2, c), 0) < 2 or cells.get((r2, c2), 0) < 1:
                continue
            new = [k for k in ((r, c2), (r2, c), (r2, c2)) if k not in hidden]
            cost = sum(cells[k] for k in new)
            if best is None or cost < best[0]:
                best = (cost, new)
    return None if best is None else best[1]


def suppress(cells: Mapping[Key, int], k: int) -> Suppressed:
    """Apply primary and complementary suppression with threshold ``k`` to a two-way table
    (``cells``: (row, column) -> count; missing cells are zeros). Pools small rows and
    columns first; withholds the whole table when its total is below ``k``."""
    pooled = pool(cells, k) if k > 1 else dict(cells)
    rows = sorted({key[0] for key in pooled}, key=str)
    cols = sorted({key[1] for key in pooled}, key=str)
    full = {(r, c): pooled.get((r, c), 0) for r in rows for c in cols}
    out = Suppressed(cells=full)
    for (r, c), n in full.items():
        out.row_totals[r] = out.row_totals.get(r, 0) + n
        out.col_totals[c] = out.col_totals.get(c, 0) + n
    out.total = sum(full.values())
    if 0 < out.total < k:
        out.withheld = True
        out.hidden = {key for key, n in full.items() if n}
        return out
    out.primary = {key for key, n in full.items() if 0 < n < k}
    out.hidden = set(out.primary)
    while True:
        graph = _graph(out.hidden)
        weak = sorted((key for key in out.hidden
                       if not protected(full, out.hidden, key, graph)),
                      key=lambda key: (str(key[0]), str(key[1])))
        if not weak:
            return out
        extra = _best_rectangle(full, out.hidden, weak[0], rows, cols)
        if not extra:
            return _withhold_interior(out)
        out.hidden.update(extra)


def _withhold_interior(out: Suppressed) -> Suppressed:
    """Hide every interior cell, zeros too, so the reader no longer knows which are zero;
    a table with one non-empty row or column then still discloses its cells through the
    other margin, so it keeps only its grand total."""
    out.interior_withheld = True
    out.hidden = set(out.cells)
    if (sum(1 for t in out.row_totals.values() if t) < 2
            or sum(1 for t in out.col_totals.values() if t) < 2):
        out.withheld = True
    return out
