"""Why two records were (or were not) linked: the match weight of each comparison, in
plain words. The pair is prepared and scored by the very model of the run (kept with it),
so the explanation is the computation, not a paraphrase of it, with one difference: the
run also weighs how rare a name is among all records, which two records alone cannot say,
so here each level counts with its average weight."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa
from splink import DuckDBAPI, Linker

from armsflow.entities.model import without_term_frequencies
from armsflow.entities.prepare import prepare
from armsflow.entities.resolution import RAW_COLUMNS


@dataclass(frozen=True)
class Evidence:
    comparison: str  # e.g. "date of birth"
    level: str  # e.g. "day and month swapped"
    weight: float  # log2 Bayes factor: + for the same person, - against, 0 no evidence
    m: float | None
    u: float | None


@dataclass(frozen=True)
class PairExplanation:
    prior_weight: float
    evidence: list[Evidence]
    match_weight: float
    match_probability: float


def _levels(model: dict[str, Any]) -> dict[str, dict[int, dict[str, Any]]]:
    """Comparison output name -> levels by gamma value (-1 null, then k-1 .. 0)."""
    out: dict[str, dict[int, dict[str, Any]]] = {}
    for comparison in model["comparisons"]:
        levels = comparison["comparison_levels"]
        values: dict[int, dict[str, Any]] = {}
        k = sum(1 for lv in levels if not lv.get("is_null_level"))
        for lv in levels:
            if lv.get("is_null_level") and not values.get(-1):
                values[-1] = lv
            elif not lv.get("is_null_level"):
                k -= 1
                values[k] = lv
        out[comparison["output_column_name"]] = values
    return out


def explain(model: dict[str, Any], left: dict[str, Any], right: dict[str, Any]
            ) -> PairExplanation:
    """Explain the pair ``left``/``right`` (raw record fields) under ``model``."""
    rows = [{"unique_id": i, **{c: _text(rec.get(c)) for c in RAW_COLUMNS}}
            for i, rec in enumerate((left, right))]
    con = duckdb.connect()
    prepared = prepare(con, pa.Table.from_pylist(rows)).sort_by("unique_id").to_pylist()
    settings = {**without_term_frequencies(model),
                "retain_intermediate_calculation_columns": True,
                "retain_matching_columns": True}
    api = DuckDBAPI(con)
    frame = api.register(pa.Table.from_pylist(prepared), table_name="pair_records")
    linker = Linker(frame, settings, log_level=40)
    scored = linker.inference.score_pair(prepared[0], prepared[1]).as_record_list()[0]
    levels = _levels(model)
    evidence = []
    for comparison in model["comparisons"]:
        name = comparison["output_column_name"]
        gamma = int(scored[f"gamma_{name}"])
        level = levels[name].get(gamma, {})
        weight = float(scored.get(f"mw_{name}") or 0.0)
        weight += float(scored.get(f"mw_tf_adj_{name}") or 0.0)
        evidence.append(Evidence(
            COMPARISONS.get(name, name),
            "missing" if gamma == -1 else _label(level),
            0.0 if gamma == -1 else weight,
            level.get("m_probability"), level.get("u_probability")))
    lam = float(model["probability_two_random_records_match"])
    return PairExplanation(math.log2(lam / (1 - lam)), evidence,
                           float(scored["match_weight"]), float(scored["match_probability"]))


COMPARISONS = {"surname": "surname", "forename": "first name", "dob": "date of birth",
               "contact": "address and phone", "sex": "sex",
               "middle_initial": "middle initial"}
"""Plain names of the model's comparisons (translated on the page)."""


def _label(level: dict[str, Any]) -> str:
    label = str(level.get("label_for_charts") or "")
    if label.startswith("Exact match"):
        return "the same"
    if label.startswith("Jaro-Winkler"):
        return "spelt alike"
    if label.startswith("All other"):
        return "different"
    return label or "?"


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
