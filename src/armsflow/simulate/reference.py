"""The ATF source-state x recovery-state table the US flows follow, or a coarse fallback.

The table (../shared/data/atf/trace_source_by_recovery_state.csv, SOURCES.md) is read in
place at run time and never copied. Its ``n`` counts traces whose source state was
determined, for one recovery year. When the file is absent the simulator falls back to a
coarse built-in table (in-state share and a few known out-of-state sources) and says so.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

import armsflow
from armsflow.simulate.tables.places import STATES
from armsflow.vocab.places import us_state_code

ATF_TABLE = (
    Path(armsflow.__file__).parents[2].parent
    / "shared/data/atf/trace_source_by_recovery_state.csv"
)
STATE_CODES: tuple[str, ...] = tuple(s[0] for s in STATES)
STATE_INDEX: dict[str, int] = {code: i for i, code in enumerate(STATE_CODES)}

# Coarse fallback: share of a state's traced guns first sold in-state (approx.) and the
# states that supply most out-of-state crime guns (approx., the "iron pipeline" and the
# southern states that lead ATF's interstate tables).
FALLBACK_IN_STATE = 0.70
FALLBACK_EXPORTERS = {"GA": 6, "FL": 5, "TX": 5, "VA": 5, "NC": 4, "SC": 4, "PA": 4,
                      "OH": 3, "IN": 3, "AZ": 3, "TN": 3, "AL": 2, "MS": 2, "KY": 2}


@dataclass(frozen=True)
class Reference:
    """Counts ``flows[source, recovery]`` over :data:`STATE_CODES` for ``year``."""

    year: int
    origin: str  # "atf" or "builtin"
    path: str
    flows: npt.NDArray[np.float64]

    @property
    def recovery_weights(self) -> npt.NDArray[np.float64]:
        out: npt.NDArray[np.float64] = self.flows.sum(axis=0)
        return out

    def source_given_recovery(self) -> npt.NDArray[np.float64]:
        """Column-stochastic P(source | recovery); a state with no counts sources itself."""
        cols = self.flows.sum(axis=0)
        out = np.where(cols > 0, self.flows / np.where(cols > 0, cols, 1.0), 0.0)
        empty = np.flatnonzero(cols == 0)
        out[empty, empty] = 1.0
        return out


def atf_years(path: Path | None = None) -> list[int]:
    """Years present in the ATF table (empty when the file is absent)."""
    path = path or ATF_TABLE
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as fh:
        return sorted({int(row["year"]) for row in csv.DictReader(fh)})


def load_reference(year: int, path: Path | None = None) -> Reference:
    """The ATF flows for ``year`` (the nearest year the file has), else the fallback."""
    path = path or ATF_TABLE
    years = atf_years(path)
    if not years:
        return builtin_reference(year)
    chosen = min(years, key=lambda y: (abs(y - year), -y))
    flows = np.zeros((len(STATE_CODES), len(STATE_CODES)))
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if int(row["year"]) != chosen:
                continue
            src = STATE_INDEX.get(us_state_code(row["source_state"]))
            rec = STATE_INDEX.get(us_state_code(row["recovery_state"]))
            if src is not None and rec is not None:
                flows[src, rec] += float(row["n"])
    return Reference(chosen, "atf", str(path), flows)


def builtin_reference(year: int) -> Reference:
    """In-state share plus out-of-state sources weighted by FALLBACK_EXPORTERS and size."""
    size = np.array([s[1] for s in STATES])
    export = np.array([FALLBACK_EXPORTERS.get(code, 0.5) for code in STATE_CODES])
    flows = np.outer(export * size, size)
    np.fill_diagonal(flows, 0.0)
    flows *= (1 - FALLBACK_IN_STATE) / flows.sum(axis=0, keepdims=True)
    flows[np.diag_indices_from(flows)] = FALLBACK_IN_STATE
    return Reference(year, "builtin", "", flows * size[np.newaxis, :] * 100.0)
