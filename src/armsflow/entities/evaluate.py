"""Pairwise precision, recall and F1 of a clustering against the truth. Pure.

A pair of records is predicted when both are in one entity, true when both belong to one
person. Counted from cluster sizes (never by listing pairs), so a million records cost a
sort.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True)
class PairScores:
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _pairs(*labels: npt.ArrayLike) -> int:
    stacked = np.stack([np.unique(np.asarray(x), return_inverse=True)[1] for x in labels])
    _, counts = np.unique(stacked, axis=1, return_counts=True)
    return int(np.sum(counts * (counts - 1) // 2))


def pair_scores(predicted: npt.ArrayLike, truth: npt.ArrayLike) -> PairScores:
    """Scores of ``predicted`` entity labels against ``truth`` person labels (same order)."""
    if len(np.asarray(predicted)) == 0:
        return PairScores(0, 0, 0)
    return PairScores(_pairs(truth), _pairs(predicted), _pairs(predicted, truth))
