"""Pairwise precision and recall counted from cluster sizes agree with listing the pairs."""

from __future__ import annotations

from itertools import combinations

from hypothesis import given
from hypothesis import strategies as st

from armsflow.entities.evaluate import pair_scores

labels = st.lists(st.integers(0, 5), min_size=0, max_size=25)


@given(labels, st.data())
def test_counts_agree_with_brute_force(predicted: list[int], data: st.DataObject) -> None:
    truth = data.draw(st.lists(st.integers(0, 5), min_size=len(predicted),
                               max_size=len(predicted)))
    pred_pairs = {(i, j) for i, j in combinations(range(len(predicted)), 2)
                  if predicted[i] == predicted[j]}
    true_pairs = {(i, j) for i, j in combinations(range(len(truth)), 2) if truth[i] == truth[j]}
    scores = pair_scores(predicted, truth)
    assert scores.predicted_pairs == len(pred_pairs)
    assert scores.true_pairs == len(true_pairs)
    assert scores.correct_pairs == len(pred_pairs & true_pairs)


def test_perfect_and_empty() -> None:
    perfect = pair_scores(["a", "a", "b"], [1, 1, 2])
    assert (perfect.precision, perfect.recall, perfect.f1) == (1.0, 1.0, 1.0)
    merged = pair_scores([0, 0, 0, 0], [1, 1, 2, 2])
    assert merged.precision == 2 / 6 and merged.recall == 1.0
