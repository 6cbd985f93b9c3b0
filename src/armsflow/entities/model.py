"""The Splink model: comparisons, blocking rules, training. Backend-neutral: the settings
are the same for DuckDB and Spark; ``backends.py`` runs them.

Comparisons (each level has its own match weight, shown to analysts for a pair):

- surname: exact; one surname of a double surname shared (``GARCIA LOPEZ`` /
  ``GARCIA``); close spelling (Jaro-Winkler); written as the other's first name
  (transposed fields); else.
- first name: exact after nicknames (``PEPE`` = ``JOSE``, ``BILL`` = ``WILLIAM``); close
  spelling; transposed; an initial that agrees; else.
- date of birth: exact; day and month swapped; year, month or day one off; one character
  off; within a year; else
  (a strong sign of two people: fathers and sons share name and address).
- address: zip, house number and street, city; phone; sex; middle initial.

Blocking (a pair is scored when any rule holds): the date of birth with the initials of
the names (order-free, so transposed names still meet), with the first surname, or with
the first name; the day-month-swap key with the initials; a rare name (``name_block``);
the name key (first surname and first name in either order) with the birth year or the
zip; phone; zip and house number; birth year and month with the first surname; birth
year with the first name and initials.
"""

from __future__ import annotations

import json
from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

DEFAULT_THRESHOLD = 0.9


def custom(sql: str, label: str | None = None) -> cll.CustomLevel:
    """A level in SQL that DuckDB and Spark both read (or built for one dialect)."""
    return cll.CustomLevel(sql, label)

JARO_WINKLER = {"duckdb": "jaro_winkler_similarity", "spark": "jaro_winkler"}


def transposed(dialect: str) -> str:
    """First and last names swapped (each close to the other's), in ``dialect``'s SQL."""
    jw = JARO_WINKLER[dialect]
    return (f"{jw}(surname_canon_l, forename_canon_r) >= 0.88 "
            f"AND {jw}(forename_canon_l, surname_canon_r) >= 0.88")
YEAR_APART = "abs(CAST(dob_year_l AS INTEGER) - CAST(dob_year_r AS INTEGER)) <= 1"


def _part(start: int, length: int) -> str:
    return (f"abs(CAST(substr(dob_l, {start}, {length}) AS INTEGER) - "
            f"CAST(substr(dob_r, {start}, {length}) AS INTEGER)) = 1")


ONE_PART_OFF = (
    f"(substr(dob_l, 6, 5) = substr(dob_r, 6, 5) AND {_part(1, 4)}) "
    f"OR (substr(dob_l, 1, 5) = substr(dob_r, 1, 5) AND substr(dob_l, 9, 2) = "
    f"substr(dob_r, 9, 2) AND {_part(6, 2)}) "
    f"OR (substr(dob_l, 1, 8) = substr(dob_r, 1, 8) AND {_part(9, 2)})")
"""Year, month or day one more or one less, the rest equal: a slip of a key or of a
count (1995-01-19 and 1995-01-20 differ in two characters, not one)."""
FIXED_U = {"same address and phone": 2e-4, "same street address": 5e-4,
           "same phone": 2e-4, "first and last names transposed": 1e-5}
"""u of some levels, fixed. Contact levels: relatives share an address and a phone, so
among the pairs blocking brings together, different people agree on them far more often
than random sampling says. Transposed names: two different people agree on both names
(crosswise) about as rarely as on both names in place; random sampling almost never
meets such a pair, so its estimate is noise."""


def _surname(dialect: str) -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="surname",
        comparison_description="surname",
        comparison_levels=[
            cll.NullLevel("surname"),
            cll.ExactMatchLevel("surname", term_frequency_adjustments=True),
            cll.ExactMatchLevel("surname1", term_frequency_adjustments=True).configure(
                label_for_charts="first surname the same"),
            cll.ArrayIntersectLevel("surname_tokens", 1).configure(
                label_for_charts="one surname of a double surname shared"),
            cll.JaroWinklerLevel("surname", 0.92),
            cll.JaroWinklerLevel("surname1", 0.88).configure(
                label_for_charts="first surnames close"),
            custom(transposed(dialect), "first and last names transposed"),
            cll.JaroWinklerLevel("surname", 0.8),
            cll.ElseLevel(),
        ],
    )


def _forename(dialect: str) -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="forename",
        comparison_description="first name",
        comparison_levels=[
            cll.NullLevel("forename_canon"),
            cll.ExactMatchLevel("forename", term_frequency_adjustments=True),
            cll.ExactMatchLevel("forename_canon").configure(label_for_charts="nickname"),
            cll.JaroWinklerLevel("forename_canon", 0.9),
            custom(transposed(dialect), "transposed (counted under surname)").configure(
                is_null_level=True),
            custom(
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
            custom("dob_swap_l = dob_swap_r", "day and month swapped"),
            custom(f"({ONE_PART_OFF})", "year, month or day one off"),
            cll.And(cll.DamerauLevenshteinLevel("dob", 1), custom(YEAR_APART)
                    ).configure(label_for_charts="one character off"),
            custom(YEAR_APART, "within a year"),
            cll.ElseLevel(),
        ],
    )


def _contact() -> cl.CustomComparison:
    """Address and phone in one comparison: a household shares both, so counting them as
    two independent agreements would make relatives look like one person."""
    no_address = "(street_l IS NULL OR street_r IS NULL) AND (zip_l IS NULL OR zip_r IS NULL)"
    same_address = "zip_l = zip_r AND house_l = house_r AND street_l = street_r"
    return cl.CustomComparison(
        output_column_name="contact",
        comparison_description="address and phone",
        comparison_levels=[
            custom(f"({no_address}) AND (phone_l IS NULL OR phone_r IS NULL)"
                            ).configure(is_null_level=True),
            custom(f"{same_address} AND phone_l = phone_r",
                            "same address and phone"),
            custom(same_address, "same street address"),
            custom("phone_l = phone_r", "same phone"),
            cll.ExactMatchLevel("zip").configure(label_for_charts="same zip code"),
            cll.ExactMatchLevel("city").configure(label_for_charts="same city"),
            cll.ElseLevel(),
        ],
    )


def settings(dialect: str = "duckdb") -> SettingsCreator:
    """The model, untrained."""
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        probability_two_random_records_match=1e-6,
        comparisons=[
            _surname(dialect),
            _forename(dialect),
            _dob(),
            _contact(),
            cl.ExactMatch("sex"),
            cl.ExactMatch("middle_initial"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("dob", "name_initials"),
            block_on("dob", "initials_raw"),
            block_on("dob", "substr(surname1, 1, 1)"),
            block_on("dob", "substr(forename, 1, 1)"),
            block_on("name_key", "substr(dob, 6, 5)"),
            block_on("forename_canon", "substr(dob, 6, 5)", "substr(surname1, 1, 1)"),
            block_on("surname1", "substr(dob, 6, 5)", "substr(forename_canon, 1, 1)"),
            block_on("dob", "surname1"),
            block_on("dob", "forename_canon"),
            block_on("dob_swap", "name_initials"),
            block_on("name_block"),
            block_on("surname_block"),
            block_on("name_key", "dob_year"),
            block_on("name_key", "zip"),
            block_on("phone"),
            block_on("zip", "house"),
            block_on("substr(dob, 1, 7)", "surname1"),
            block_on("dob_year", "forename_canon", "name_initials"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


PRIORS: dict[str, list[tuple[float, float]]] = {
    # (m, u) of each level below the null level, in order. m: how often two records of one
    # person agree at that level (the sources' error rates; measured on simulated records
    # with known truth, seed 7, 100,000 records); u: how often two different people do
    # (re-estimated from the records at every run of 10,000 records or more).
    "surname": [(0.637, 0.0018), (0.1934, 0.0015), (0.0095, 0.0014), (0.0655, 0.0003),
                (0.0295, 0.0009),
                (0.0487, 0.00001), (0.0059, 0.0021), (0.0109, 0.99)],
    "forename": [(0.789, 0.0027), (0.0402, 0.0006), (0.0727, 0.0012), (0.0723, 0.0043),
                 (0.0255, 0.99)],
    "dob": [(0.901, 0.00007), (0.0245, 0.000014), (0.0668, 0.00026), (0.0005, 0.0006),
            (0.0075, 0.048), (0.0001, 0.95)],
    "contact": [(0.14, 0.000003), (0.546, 0.000017), (0.0994, 0.000005), (0.0724, 0.0092),
                (0.0005, 0.0003), (0.1425, 0.9904)],
    "sex": [(0.995, 0.706), (0.005, 0.294)],
    "middle_initial": [(0.958, 0.091), (0.042, 0.909)],
}
MIN_TRAINING_RECORDS = 10_000
"""Below this, the model is used with its prior parameters: too few pairs to train."""


def default_model(dialect: str = "duckdb") -> dict[str, Any]:
    """The model as a settings dictionary, with prior m and u values on every level."""
    model: dict[str, Any] = settings(dialect).get_settings(dialect).as_dict()  # type: ignore[no-untyped-call]
    for comparison in model["comparisons"]:
        priors = iter(PRIORS[comparison["output_column_name"]])
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            level["m_probability"], level["u_probability"] = next(priors)
            fixed = FIXED_U.get(level.get("label_for_charts", ""))
            if fixed is not None:
                level["u_probability"], level["fix_u_probability"] = fixed, True
    return model


TRAINING_BLOCKS = (("dob",), ("surname1", "forename_canon"))
"""EM sessions: one blocks on the date of birth (trains the name and address levels),
the other on the names (trains the date levels)."""

DETERMINISTIC = (("surname", "forename_canon", "dob"), ("phone", "dob"))


def deterministic_recall() -> float:
    """Share of one person's record pairs that the deterministic rules catch: all three of
    surname, first name and date of birth exact (from the model's own m values, taken as
    independent); the phone rule adds a little. Splink needs it to turn the pairs those
    rules find into the share of matching pairs; guessing it high makes every link weaker."""
    exact = PRIORS["surname"][0][0] * PRIORS["forename"][0][0] * PRIORS["dob"][0][0]
    return min(0.95, exact + 0.05)


def estimate_prior(linker: Any) -> None:
    """The share of matching pairs, from the pairs the deterministic rules find."""
    linker.training.estimate_probability_two_random_records_match(
        [block_on(*cols) for cols in DETERMINISTIC], recall=deterministic_recall())


MIN_PRIOR_RECORDS = 1_000
"""From this many records the share of matching pairs is estimated even when u is not."""


def train(linker: Any, records: int, seed: int = 1, em: bool = False) -> None:
    """Estimate u (how often unrelated people agree) and the share of matching pairs from
    the records themselves. The m values (how often one person's records agree) are the
    model's own (``PRIORS``): they describe the sources' error rates, which expectation
    maximisation estimates badly when households share surname, address and phone.
    ``em`` re-estimates them anyway (slow at scale)."""
    estimate_prior(linker)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
    if not em:
        return
    proportion = min(1.0, 200_000 / max(records, 1))
    for cols in TRAINING_BLOCKS:
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on(*cols), record_sample_proportion=proportion,
            estimate_without_term_frequencies=True)


def as_duckdb(model: dict[str, Any]) -> dict[str, Any]:
    """A trained model (any dialect) rendered for DuckDB with the same parameters, so a
    Spark run's pairs are explained and re-scored locally with exactly its weights."""
    out = default_model("duckdb")
    out["probability_two_random_records_match"] = model["probability_two_random_records_match"]
    for mine, theirs in zip(out["comparisons"], model["comparisons"], strict=True):
        for a, b in zip(mine["comparison_levels"], theirs["comparison_levels"], strict=True):
            for key in ("m_probability", "u_probability"):
                if key in b:
                    a[key] = b[key]
    return out


def without_term_frequencies(model: dict[str, Any]) -> dict[str, Any]:
    """The model with name-frequency adjustments off. For scoring a handful of records
    (a pair to explain, an entity re-clustered after a judgement): frequencies counted in
    two or three records would be meaningless, so the average u of each level is used."""
    out: dict[str, Any] = json.loads(json.dumps(model))
    for comparison in out["comparisons"]:
        for level in comparison["comparison_levels"]:
            level.pop("tf_adjustment_column", None)
            level.pop("tf_adjustment_weight", None)
    return out
