"""The Splink model: comparisons, blocking rules, training. Backend-neutral: the settings
are the same for DuckDB and Spark; ``backends.py`` runs them.

Comparisons (each level has its own match weight, shown to analysts for a pair):

- surname: exact; one surname of a double surname shared (``GARCIA LOPEZ`` /
  ``GARCIA``); close spelling (Jaro-Winkler); written as the other's first name
  (transposed fields); else.
- first name: exact after nicknames (``PEPE`` = ``JOSE``, ``BILL`` = ``WILLIAM``); close
  spelling; transposed; an initial that agrees; else.
- date of birth: exact; day and month swapped; one character off; same year; else.
- address: zip, house number and street, city; phone; sex; middle initial.

Blocking (a pair is scored when any rule holds): date of birth with the initials of the
names (order-free, so transposed names still meet); the day-month-swap key with the
initials; first surname and first name with the year, or with the zip; phone; zip with
house number; year and month with the first surname.
"""

from __future__ import annotations

from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

DEFAULT_THRESHOLD = 0.9


def _surname() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="surname",
        comparison_description="surname",
        comparison_levels=[
            cll.NullLevel("surname"),
            cll.ExactMatchLevel("surname"),
            cll.CustomLevel(
                "len(list_intersect(surname_tokens_l, surname_tokens_r)) > 0",
                "one surname of a double surname shared"),
            cll.JaroWinklerLevel("surname", 0.92),
            cll.CustomLevel("surname1_l = forename_canon_r OR forename_canon_l = surname1_r",
                            "written as the other's first name"),
            cll.JaroWinklerLevel("surname", 0.8),
            cll.ElseLevel(),
        ],
    )


def _forename() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="forename",
        comparison_description="first name",
        comparison_levels=[
            cll.NullLevel("forename_canon"),
            cll.ExactMatchLevel("forename"),
            cll.ExactMatchLevel("forename_canon").configure(label_for_charts="nickname"),
            cll.JaroWinklerLevel("forename_canon", 0.9),
            cll.CustomLevel("surname1_l = forename_canon_r OR forename_canon_l = surname1_r",
                            "written as the other's surname"),
            cll.CustomLevel(
                "(len(forename_l) = 1 OR len(forename_r) = 1) "
                "AND left(forename_canon_l, 1) = left(forename_canon_r, 1)",
                "initial agrees"),
            cll.ElseLevel(),
        ],
    )


def _dob() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="dob",
        comparison_description="date of birth",
        comparison_levels=[
            cll.NullLevel("dob"),
            cll.ExactMatchLevel("dob"),
            cll.CustomLevel("dob_swap_l = dob_swap_r", "day and month swapped"),
            cll.DamerauLevenshteinLevel("dob", 1).configure(
                label_for_charts="one character off"),
            cll.ExactMatchLevel("dob_year").configure(label_for_charts="same year"),
            cll.ElseLevel(),
        ],
    )


def _address() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="address",
        comparison_description="address",
        comparison_levels=[
            cll.CustomLevel("(street_l IS NULL OR street_r IS NULL) "
                            "AND (zip_l IS NULL OR zip_r IS NULL)").configure(
                is_null_level=True),
            cll.CustomLevel("zip_l = zip_r AND house_l = house_r AND street_l = street_r",
                            "same street address"),
            cll.CustomLevel("zip_l = zip_r AND house_l = house_r "
                            "AND jaro_winkler_similarity(street_l, street_r) >= 0.88",
                            "same address, spelt differently"),
            cll.ExactMatchLevel("zip").configure(label_for_charts="same zip code"),
            cll.ExactMatchLevel("city").configure(label_for_charts="same city"),
            cll.ElseLevel(),
        ],
    )


def settings() -> SettingsCreator:
    """The model, untrained."""
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        probability_two_random_records_match=1e-6,
        comparisons=[
            _surname(),
            _forename(),
            _dob(),
            _address(),
            cl.ExactMatch("phone"),
            cl.ExactMatch("sex"),
            cl.ExactMatch("middle_initial"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("dob", "name_initials"),
            block_on("dob_swap", "name_initials"),
            block_on("surname1", "forename_canon", "dob_year"),
            block_on("surname1", "forename_canon", "zip"),
            block_on("phone"),
            block_on("zip", "house", "name_initials"),
            block_on("substr(dob, 1, 7)", "surname1"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


PRIORS: dict[str, list[tuple[float, float]]] = {
    # (m, u) of each level below the null level, in order; used as they are for small
    # record sets (too few pairs to train) and as starting values for training.
    "surname": [(0.7, 0.002), (0.12, 0.001), (0.08, 0.002), (0.03, 0.0005), (0.03, 0.02),
                (0.04, 0.9745)],
    "forename": [(0.75, 0.01), (0.06, 0.001), (0.06, 0.005), (0.03, 0.0005), (0.04, 0.02),
                 (0.06, 0.9635)],
    "dob": [(0.88, 0.00005), (0.03, 0.00002), (0.05, 0.002), (0.01, 0.02), (0.03, 0.97793)],
    "address": [(0.6, 0.0005), (0.1, 0.0002), (0.05, 0.01), (0.05, 0.02), (0.2, 0.9693)],
    "phone": [(0.85, 0.0001), (0.15, 0.9999)],
    "sex": [(0.98, 0.5), (0.02, 0.5)],
    "middle_initial": [(0.85, 0.05), (0.15, 0.95)],
}
MIN_TRAINING_RECORDS = 10_000
"""Below this, the model is used with its prior parameters: too few pairs to train."""


def default_model() -> dict[str, Any]:
    """The model as a settings dictionary, with prior m and u values on every level."""
    model: dict[str, Any] = settings().get_settings("duckdb").as_dict()  # type: ignore[no-untyped-call]
    for comparison in model["comparisons"]:
        priors = iter(PRIORS[comparison["output_column_name"]])
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            level["m_probability"], level["u_probability"] = next(priors)
    return model


TRAINING_BLOCKS = (("dob",), ("surname1", "forename_canon"))
"""EM sessions: one blocks on the date of birth (trains the name and address levels),
the other on the names (trains the date levels)."""

DETERMINISTIC = (("surname", "forename_canon", "dob"), ("phone", "dob"))


def train(linker: Any, records: int, seed: int = 1) -> None:
    """Estimate the model's parameters from the records themselves (no labels)."""
    linker.training.estimate_probability_two_random_records_match(
        [block_on(*cols) for cols in DETERMINISTIC], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
    proportion = min(1.0, 200_000 / max(records, 1))
    for cols in TRAINING_BLOCKS:
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on(*cols), record_sample_proportion=proportion,
            estimate_without_term_frequencies=True)
