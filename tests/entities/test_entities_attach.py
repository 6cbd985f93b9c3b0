"""Placing records with no date of birth: by name when exactly one dated entity carries
it, by neighbour when their scored pairs reach exactly one; never across a cannot-link,
never when middle initials disagree, never when two people could be meant."""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa

from armsflow.entities.attach import ALONE, BY_NAME, BY_NEIGHBOUR, LINKED, place_dateless
from armsflow.entities.clustering import cluster
from armsflow.entities.prepare import prepare

ROWS = [  # first, last, middle, dob
    ("JOSE", "GARCIA", None, "1980-01-02"),      # 0 } one person
    ("Pepe", "García", None, "1980-01-02"),      # 1 }
    ("JOSE", "GARCIA", None, None),              # 2 -> 0 by name
    ("MARIA", "LOPEZ", None, "1970-05-05"),      # 3 one Maria Lopez
    ("MARIA", "LOPEZ", None, "1990-07-07"),      # 4 another
    ("MARIA", "LOPEZ", None, None),              # 5 which one? stays alone
    ("PEDRO", "RUIZ", "A", "1975-03-03"),        # 6
    ("PEDRO", "RUIZ", "B", None),                # 7 middle initial disagrees: alone
    ("ANA", "SOTO", None, "1966-06-06"),         # 8
    ("ANA", "SOTO", None, None),                 # 9 judged not 8: alone
    ("ROBERTO", "DIAZ", None, "1991-09-09"),     # 10
    ("ROBRETO", "DIAZ", None, None),             # 11 scored with 10 only -> neighbour
    ("LUIS", "MORA", None, "1955-05-05"),        # 12
    ("LUIS", "MORA", None, "1985-08-08"),        # 13
    ("LUISS", "MORA", None, None),               # 14 scored with 12 and 13: alone
]


def _prepared() -> pa.Table:
    raw = pa.table({
        "unique_id": pa.array(range(len(ROWS)), pa.int64()),
        "first_name": [r[0] for r in ROWS], "last_name": [r[1] for r in ROWS],
        "middle_name": [r[2] for r in ROWS], "dob": [r[3] for r in ROWS],
        **{c: pa.nulls(len(ROWS), pa.string())
           for c in ("sex", "street", "city", "state", "zip", "phone")},
    })
    return prepare(duckdb.connect(), raw).sort_by("unique_id")


PAIRS = (np.array([0, 10, 12, 13]), np.array([1, 11, 14, 14]),
         np.array([0.99, 0.7, 0.6, 0.6]))


def _placed(different: list[tuple[int, int]]) -> tuple[list[int], list[str], list[float]]:
    left, right, prob = PAIRS
    clusters = cluster(len(ROWS), left, right, prob, 0.9, different=different)
    placed = place_dateless(_prepared(), clusters.label, clusters.probability, PAIRS,
                            different)
    return placed.label.tolist(), placed.how.tolist(), placed.probability.tolist()


def test_dateless_records_are_placed_only_when_one_person_fits() -> None:
    label, how, probability = _placed([(8, 9)])
    assert label[2] == label[0] == label[1] and how[2] == BY_NAME
    assert probability[2] == 0.0  # no scored pair: placed by name alone, shown as such
    assert label[5] == 5 and how[5] == ALONE  # two Maria Lopez
    assert label[7] == 7 and how[7] == ALONE  # middle initials disagree
    assert label[9] == 9 and how[9] == ALONE  # judged different from 8
    assert label[11] == label[10] and how[11] == BY_NEIGHBOUR
    assert probability[11] == 0.7
    assert label[14] == 14 and how[14] == ALONE  # two neighbours
    assert how[0] == how[1] == LINKED
    # entity ids stay the smallest record of the entity
    for lab in label:
        assert lab == min(j for j, other in enumerate(label) if other == lab)


def test_without_the_judgement_the_name_places_the_record() -> None:
    label, how, _ = _placed([])
    assert label[9] == label[8] and how[9] == BY_NAME


def test_every_level_the_page_can_show_is_marked_for_translation() -> None:
    from armsflow.entities.explain import COMPARISONS, _label
    from armsflow.entities.model import default_model
    from armsflow.entities.pages import WORDS

    for comparison in default_model()["comparisons"]:
        assert COMPARISONS[comparison["output_column_name"]] in WORDS
        for level in comparison["comparison_levels"]:
            if not level.get("is_null_level"):
                assert _label(level) in WORDS, level.get("label_for_charts")


def test_two_dateless_records_judged_different_never_meet_in_one_person() -> None:
    # 2 and a second dateless "JOSE GARCIA" (15) both point to the one dated Jose Garcia
    rows = [*ROWS, ("JOSE", "GARCIA", None, None)]
    raw = pa.table({
        "unique_id": pa.array(range(len(rows)), pa.int64()),
        "first_name": [r[0] for r in rows], "last_name": [r[1] for r in rows],
        "middle_name": [r[2] for r in rows], "dob": [r[3] for r in rows],
        **{c: pa.nulls(len(rows), pa.string())
           for c in ("sex", "street", "city", "state", "zip", "phone")},
    })
    prepared = prepare(duckdb.connect(), raw).sort_by("unique_id")
    left, right, prob = PAIRS
    clusters = cluster(len(rows), left, right, prob, 0.9)
    together = place_dateless(prepared, clusters.label, clusters.probability, PAIRS)
    assert together.label[2] == together.label[15] == together.label[0]
    apart = place_dateless(prepared, clusters.label, clusters.probability, PAIRS, [(2, 15)])
    assert apart.label[2] != apart.label[15]
    assert apart.label[2] == 2 and apart.label[15] == 15  # ambiguous: neither is placed
