"""One resolution, from raw records to entities, with no database: prepare, score, cluster.

``resolve_table`` takes an Arrow table of raw records with ``record_id`` (any integers) and
the judgements in force as pairs of record ids; it returns, for every record, its entity
(the smallest record id in it) and the probability of the link that placed it there.
Used by the service (records from the database) and by the benchmark (records from a
file), so both measure the same thing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from armsflow.entities.attach import place_dateless
from armsflow.entities.backends import backend as make_backend
from armsflow.entities.clustering import cluster
from armsflow.entities.prepare import prepare

RAW_COLUMNS = ("last_name", "first_name", "middle_name", "dob", "sex", "street", "city",
               "state", "zip", "phone")
Step = Callable[[str], None]


@dataclass(frozen=True)
class Resolution:
    record_id: np.ndarray
    entity_id: np.ndarray
    probability: np.ndarray
    pairs: int
    model: str
    how: np.ndarray  # attach.LINKED, BY_NAME, BY_NEIGHBOUR or ALONE, per record

    @property
    def entities(self) -> int:
        return len(np.unique(self.entity_id))


def _years(prepared: pa.Table) -> np.ndarray:
    """Year of birth of each prepared record (in ``unique_id`` order), -1 when unknown."""
    years = pc.cast(prepared.column("dob_year"), pa.int64()).fill_null(-1)
    out: np.ndarray = years.to_numpy().astype(np.int64)
    return out


def resolve_table(raw: pa.Table, *, backend: str = "duckdb", threshold: float = 0.9,
                  same: Sequence[tuple[int, int]] = (),
                  different: Sequence[tuple[int, int]] = (),
                  model: dict[str, Any] | None = None, learn_u: bool = True,
                  step: Step | None = None) -> Resolution:
    """Entities of ``raw``; ``model``: a trained model to use as is (else trained here)."""
    say = step or (lambda _msg: None)
    raw = raw.sort_by("record_id")
    ids = raw.column("record_id").to_numpy().astype(np.int64)
    if len(ids) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Resolution(empty, empty, np.zeros(0), 0, "", np.zeros(0, dtype="<U9"))
    say("normalising names, dates and addresses")
    table = raw.select([c for c in RAW_COLUMNS if c in raw.column_names])
    table = table.append_column("unique_id", pa.array(np.arange(len(ids)), pa.int64()))
    for column in RAW_COLUMNS:
        if column not in table.column_names:
            table = table.append_column(column, pa.nulls(len(ids), pa.string()))
        elif column == "dob":
            table = table.set_column(table.column_names.index("dob"), "dob",
                                     pc.cast(table.column("dob"), pa.string()))
    prepared = prepare(duckdb.connect(), table).sort_by("unique_id")
    scored = make_backend(backend).score(prepared, model=model, step=say,
                                            learn_u=learn_u)
    say("clustering")
    index = {int(r): i for i, r in enumerate(ids)} if (same or different) else {}
    must = [(index[a], index[b]) for a, b in same if a in index and b in index]
    cannot = [(index[a], index[b]) for a, b in different if a in index and b in index]
    clusters = cluster(len(ids), scored.left, scored.right, scored.probability, threshold,
                       must, cannot, years=_years(prepared))
    say("placing records with no date of birth")
    placed = place_dateless(prepared, clusters.label, clusters.probability,
                            (scored.left, scored.right, scored.probability), cannot)
    return Resolution(ids, ids[placed.label], placed.probability,
                      int(np.sum(scored.probability >= threshold)), scored.model, placed.how)
