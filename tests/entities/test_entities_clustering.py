"""Constrained clustering: an oracle (networkx connected components) without judgements, and
Hypothesis properties with them: every judgement holds, whatever the scores."""

from __future__ import annotations

import networkx as nx
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from armsflow.entities.clustering import cluster, consistent, date_conflicts

N = 12
pairs = st.lists(st.tuples(st.integers(0, N - 1), st.integers(0, N - 1))
                 .filter(lambda p: p[0] != p[1]), max_size=30)
probabilities = st.lists(st.floats(0.0, 1.0), min_size=30, max_size=30)


def _arrays(edges: list[tuple[int, int]], probs: list[float]
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    a = np.array([e[0] for e in edges], dtype=np.int64)
    b = np.array([e[1] for e in edges], dtype=np.int64)
    return a, b, np.array(probs[: len(edges)], dtype=np.float64)


@settings(max_examples=200, deadline=None)
@given(pairs, probabilities, st.floats(0.5, 0.99))
def test_without_judgements_entities_are_connected_components(
        edges: list[tuple[int, int]], probs: list[float], threshold: float) -> None:
    a, b, p = _arrays(edges, probs)
    got = cluster(N, a, b, p, threshold).label
    graph = nx.Graph()
    graph.add_nodes_from(range(N))
    graph.add_edges_from((int(x), int(y)) for x, y, q in zip(a, b, p, strict=True)
                         if q >= threshold)
    for component in nx.connected_components(graph):
        assert {int(got[i]) for i in component} == {min(component)}


@settings(max_examples=300, deadline=None)
@given(pairs, probabilities, pairs, pairs)
def test_judgements_always_hold(edges: list[tuple[int, int]], probs: list[float],
                                same: list[tuple[int, int]],
                                different: list[tuple[int, int]]) -> None:
    # keep only judgements that agree with each other, as judge() guarantees
    kept_same: list[tuple[int, int]] = []
    for pair in same:
        if consistent([*kept_same, pair], different) is None:
            kept_same.append(pair)
    if consistent(kept_same, different) is not None:
        different = [d for d in different if consistent(kept_same, [d]) is None]
    a, b, p = _arrays(edges, probs)
    result = cluster(N, a, b, p, 0.5, kept_same, different)
    label = result.label
    for x, y in kept_same:
        assert label[x] == label[y]
    for x, y in different:
        assert label[x] != label[y]
    for i in range(N):  # the entity id is its smallest record
        assert label[i] == min(j for j in range(N) if label[j] == label[i])
    # never links what no scored pair or must-link connects
    graph = nx.Graph()
    graph.add_nodes_from(range(N))
    graph.add_edges_from((int(x), int(y)) for x, y, q in zip(a, b, p, strict=True) if q >= 0.5)
    graph.add_edges_from(kept_same)
    comp = {i: min(c) for c in nx.connected_components(graph) for i in c}
    for i in range(N):
        assert comp[i] == comp[int(label[i])]


def test_cannot_link_splits_a_chain_at_its_weakest_link() -> None:
    # 0-1 (0.99), 1-2 (0.95), 2-3 (0.91); 0 and 3 judged different
    a, b = np.array([0, 1, 2]), np.array([1, 2, 3])
    p = np.array([0.99, 0.95, 0.91])
    result = cluster(4, a, b, p, 0.9, different=[(0, 3)])
    assert result.label.tolist() == [0, 0, 0, 3]
    assert result.probability.tolist() == [0.99, 0.99, 0.95, 0.0]


def test_contradiction_is_found() -> None:
    assert consistent([(1, 2), (2, 3)], [(1, 3)]) == (1, 3)
    assert consistent([(1, 2)], [(2, 3)]) is None


years_strategy = st.lists(st.integers(-1, 6), min_size=N, max_size=N)


@settings(max_examples=300, deadline=None)
@given(pairs, probabilities, pairs, years_strategy)
def test_dates_years_apart_never_share_an_entity_unless_judged(
        edges: list[tuple[int, int]], probs: list[float], same: list[tuple[int, int]],
        years: list[int]) -> None:
    a, b, p = _arrays(edges, probs)
    yrs = np.array([1970 + 2 * y if y >= 0 else -1 for y in years], dtype=np.int64)
    result = cluster(N, a, b, p, 0.5, same[:2], years=yrs)
    label = result.label
    for x, y in same[:2]:
        assert label[x] == label[y]
    judged_years = {(int(yrs[x]), int(yrs[y])) for x, y in same[:2]}
    if not same[:2] or all(abs(u - v) < 2 for u, v in judged_years if u >= 0 and v >= 0):
        # no must-link spans two dates: records of one entity are within a year
        # (or judged the same), whatever bridged them
        group = cluster(N, np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0), 0.5,
                        same[:2]).label
        for i in range(N):
            for j in range(N):
                if label[i] == label[j] and yrs[i] >= 0 and yrs[j] >= 0 and group[i] != group[j]:
                    assert abs(yrs[i] - yrs[j]) < 2


def test_father_and_son_bridged_by_a_dateless_record_are_split() -> None:
    # 0: father (1960), 1: son (1988), 2: same name and address, no date; 3: father again
    a, b = np.array([0, 1, 0]), np.array([2, 2, 3])
    p = np.array([0.95, 0.97, 0.99])
    years = np.array([1960, 1988, -1, 1961])
    result = cluster(4, a, b, p, 0.9, years=years)
    assert result.label[0] == result.label[3] != result.label[1]
    assert result.label[2] == result.label[1]  # the stronger link wins
    assert cluster(4, a, b, p, 0.9).label.tolist() == [0, 0, 0, 0]  # without dates: one


def test_a_must_link_across_dates_switches_date_conflicts_off_in_its_component() -> None:
    a, b = np.array([0, 1]), np.array([2, 2])
    p = np.array([0.95, 0.97])
    years = np.array([1960, 1988, -1, 1990])
    # 1 and 3 judged the same although born two years apart: dates no longer separate
    result = cluster(4, a, b, p, 0.9, same=[(1, 3)], years=years)
    assert len(set(result.label.tolist())) == 1


def test_date_conflicts_lists_pairs_inside_components_only() -> None:
    label = np.array([0, 0, 0, 3, 3], dtype=np.int64)
    years = np.array([1950, 1951, 1980, 1950, 1990], dtype=np.int64)
    assert sorted(date_conflicts(label, years)) == [(0, 2), (1, 2), (3, 4)]
    assert date_conflicts(label, np.full(5, -1, dtype=np.int64)) == []
