"""Spearman rank correlation with average ranks for ties (no SciPy needed)."""

from __future__ import annotations

import numpy as np

from armsflow.simulate.arrays import Floats


def average_ranks(values: Floats) -> Floats:
    """Ranks from 1, ties sharing the mean of the ranks they span."""
    _, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    ends = np.cumsum(counts)
    starts = ends - counts
    return ((starts + ends + 1) / 2.0)[inverse]


def spearman(a: Floats, b: Floats) -> float:
    """Pearson correlation of the average ranks; nan when either side is constant."""
    ra, rb = average_ranks(np.asarray(a, dtype=np.float64)), average_ranks(
        np.asarray(b, dtype=np.float64))
    if ra.std() == 0 or rb.std() == 0:
        return float("nan")
    return float(np.corrcoef(ra, rb)[0, 1])
