"""Placing records that carry no date of birth, after clustering.

A possessor record often has a name and nothing else: no date of birth, no address, no
phone. Scored pair by pair, such a record can never reach the threshold at scale (a
common name alone is weak evidence), yet an analyst would place it without hesitation
when exactly one person in the data carries its name. Two steps, each moving a whole
entity that has no date of birth anywhere in it (a "dateless" entity) into one that has:

1. **by name**: among the dated entities that carry a record's name key (first surname
   and first name, in either order, after nicknames), exactly one has no middle initial
   that disagrees with the record's; the dateless entity moves there when all its records
   that point anywhere point to that one entity.
2. **by neighbour**: the dateless entity's scored pairs (all above ``backends.FLOOR``,
   below the threshold) reach exactly one dated entity.

Nothing moves across an analyst's cannot-link. Moving whole entities keeps must-links.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import numpy as np
import numpy.typing as npt
import pyarrow as pa

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

LINKED, BY_NAME, BY_NEIGHBOUR, ALONE = "link", "name", "neighbour", "alone"
"""How a record came to be in its entity (``Placement.how``)."""


@dataclass(frozen=True)
class Placement:
    label: Ints
    probability: Floats
    how: npt.NDArray[np.str_]
    moved: int


def _tables(con: duckdb.DuckDBPyConnection, prepared: pa.Table, label: Ints) -> None:
    con.register("prepared_in", prepared.select(["unique_id", "name_key", "dob",
                                                 "middle_initial"]))
    con.register("labels_in", pa.table({"unique_id": np.arange(len(label)), "label": label}))
    con.execute("""CREATE OR REPLACE TEMP TABLE rec AS
        SELECT p.unique_id, l.label, p.name_key, p.dob IS NOT NULL AS dated, p.middle_initial
        FROM prepared_in p JOIN labels_in l USING (unique_id)""")
    con.execute("""CREATE OR REPLACE TEMP TABLE ent AS
        SELECT label, bool_or(dated) AS dated,
               list(DISTINCT middle_initial) FILTER (WHERE middle_initial IS NOT NULL) AS mis
        FROM rec GROUP BY label""")


BY_NAME_SQL = """
WITH candidates AS (
  SELECT r.unique_id, r.label AS src, d.label AS dst
  FROM rec r JOIN ent e USING (label)
  JOIN rec o ON o.name_key = r.name_key JOIN ent d ON d.label = o.label
  WHERE NOT e.dated AND d.dated
    AND (r.middle_initial IS NULL OR len(d.mis) = 0
         OR list_contains(d.mis, r.middle_initial))
  GROUP BY ALL
),
pointed AS (
  SELECT unique_id, src, min(dst) AS dst FROM candidates
  GROUP BY unique_id, src HAVING count(*) = 1
)
SELECT src, min(dst) AS dst FROM pointed GROUP BY src HAVING count(DISTINCT dst) = 1
"""


BY_NEIGHBOUR_SQL = """
WITH edges AS (
  SELECT a.label AS x, b.label AS y FROM pairs_in s
  JOIN rec a ON a.unique_id = s.l JOIN rec b ON b.unique_id = s.r
  WHERE a.label <> b.label
),
both_ways AS (SELECT x AS src, y AS dst FROM edges UNION SELECT y, x FROM edges)
SELECT w.src, min(w.dst) AS dst FROM both_ways w
JOIN ent s ON s.label = w.src JOIN ent d ON d.label = w.dst
WHERE NOT s.dated AND d.dated
GROUP BY w.src HAVING count(DISTINCT w.dst) = 1
"""


def _moves(con: duckdb.DuckDBPyConnection, sql: str) -> dict[int, int]:
    found = con.execute(sql).fetchnumpy()
    return dict(zip(found["src"].tolist(), found["dst"].tolist(), strict=True))


def _allowed(moves: dict[int, int], label: Ints, different: Sequence[tuple[int, int]]
             ) -> dict[int, int]:
    """Moves that would not put two records judged different in one entity: not into an
    entity holding the other record, and not two such records into one entity (then
    neither moves)."""
    if not different:
        return moves
    apart = {(int(label[x]), int(label[y])) for x, y in different}
    apart |= {(b, a) for a, b in apart}
    kept = {s: d for s, d in moves.items() if (s, d) not in apart}
    for x, y in apart:
        if x in kept and y in kept and kept[x] == kept[y]:
            del kept[x], kept[y]
    return kept


def _apply(label: Ints, moves: dict[int, int]) -> npt.NDArray[np.bool_]:
    if not moves:
        return np.zeros(len(label), dtype=np.bool_)
    src = np.fromiter(moves, dtype=np.int64)
    hit = np.isin(label, src)
    label[hit] = [moves[x] for x in label[hit].tolist()]
    return hit


def place_dateless(prepared: pa.Table, label: Ints, probability: Floats,
                   pairs: tuple[Ints, Ints, Floats],
                   different: Sequence[tuple[int, int]] = ()) -> Placement:
    """Entities after placing dateless ones (``prepared`` in ``unique_id`` order 0..n-1;
    ``pairs``: every scored pair; ``different``: analysts' cannot-links, as indices)."""
    label = label.copy()
    how = np.where(probability > 0, LINKED, ALONE).astype("<U9")
    con = duckdb.connect()
    _tables(con, prepared, label)
    by_name = _apply(label, _allowed(_moves(con, BY_NAME_SQL), label, different))
    how[by_name] = BY_NAME
    _tables(con, prepared, label)
    left, right, prob = pairs
    con.register("pairs_in", pa.table({"l": left, "r": right}))
    by_neighbour = _apply(label, _allowed(_moves(con, BY_NEIGHBOUR_SQL), label, different))
    how[by_neighbour] = BY_NEIGHBOUR
    moved = by_name | by_neighbour
    best = probability.copy()
    if moved.any():
        best[moved] = _best_link(label, moved, left, right, prob)
    canonical = _smallest_member(label)
    return Placement(canonical, best, how, int(moved.sum()))


def _best_link(label: Ints, moved: npt.NDArray[np.bool_], left: Ints, right: Ints,
               prob: Floats) -> Floats:
    """For each moved record, its strongest scored pair inside its new entity (0 if none)."""
    inside = (label[left] == label[right]) & (moved[left] | moved[right])
    best = np.zeros(len(label))
    np.maximum.at(best, left[inside], prob[inside])
    np.maximum.at(best, right[inside], prob[inside])
    out: Floats = best[moved]
    return out


def _smallest_member(label: Ints) -> Ints:
    """Labels renamed to the smallest record index of each entity (as clustering does)."""
    order = np.argsort(label, kind="stable")
    sorted_labels = label[order]
    starts = np.r_[True, sorted_labels[1:] != sorted_labels[:-1]]
    group = np.cumsum(starts) - 1
    smallest = np.minimum.reduceat(order, np.flatnonzero(starts))
    out = np.empty_like(label)
    out[order] = smallest[group]
    return out
