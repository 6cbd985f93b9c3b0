"""Communities on planted structures, checked against networkx; the arrays' neighbour
index against brute force (Hypothesis)."""

from __future__ import annotations

import networkx as nx  # type: ignore[import-untyped]
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from armsflow.graph import communities
from armsflow.graph.ids import Kind
from armsflow.graph.model import EdgeKind, EdgeList, NodeTable, assemble

PERSON, FIREARM, LICENSEE = int(Kind.PERSON), int(Kind.FIREARM), int(Kind.LICENSEE)


def _clique(nodes: range) -> list[tuple[int, int]]:
    return [(a, b) for a in nodes for b in nodes if a < b]


def test_planted_rings_are_found_and_the_dealer_between_them_is_left_out() -> None:
    """Three rings of 8 people (dense inside), each joined to one dealer node; the rings
    are also joined by a single person-person link between ring 0 and ring 1, and the
    whole thing is one component. Rings must come back as communities."""
    rings = [range(0, 8), range(8, 16), range(16, 24)]
    dealer = 24
    edges = [e for r in rings for e in _clique(r)] + [(r[0], dealer) for r in rings] + [(7, 8)]
    src = np.array([a for a, _ in edges])
    dst = np.array([b for _, b in edges])
    kind = np.full(25, PERSON, np.uint8)
    kind[dealer] = LICENSEE
    labels = communities.detect(25, src, dst, kind, communities.Options(max_size=10))
    assert labels[dealer] == -1
    found = [set(np.flatnonzero(labels == c).tolist()) for c in range(1, labels.max() + 1)]
    assert sorted(map(sorted, found)) == [list(r) for r in rings]


def test_small_groups_are_components_and_lone_nodes_have_none() -> None:
    src = np.array([0, 1, 3])
    dst = np.array([1, 2, 4])
    kind = np.full(6, FIREARM, np.uint8)
    labels = communities.detect(6, src, dst, kind)
    assert labels.tolist() == [1, 1, 1, 2, 2, -1]


def test_hubs_by_degree_are_left_out() -> None:
    star = [(0, i) for i in range(1, 12)]
    src = np.array([a for a, _ in star])
    dst = np.array([b for _, b in star])
    kind = np.full(12, PERSON, np.uint8)
    labels = communities.detect(12, src, dst, kind, communities.Options(hub_degree=10))
    assert (labels == -1).all()


edge_lists = st.lists(st.tuples(st.integers(0, 29), st.integers(0, 29)), max_size=60)


@settings(max_examples=60, deadline=None)
@given(edge_lists)
def test_communities_below_max_size_are_exactly_networkx_components(edges: list) -> None:  # type: ignore[type-arg]
    edges = [(a, b) for a, b in edges if a != b]
    src = np.array([a for a, _ in edges], np.int64)
    dst = np.array([b for _, b in edges], np.int64)
    labels = communities.detect(30, src, dst, np.full(30, FIREARM, np.uint8),
                                communities.Options(max_size=1000))
    g = nx.Graph()
    g.add_nodes_from(range(30))
    g.add_edges_from(edges)
    expected = {frozenset(c) for c in nx.connected_components(g) if len(c) > 1}
    got = {frozenset(np.flatnonzero(labels == c).tolist()) for c in range(1, labels.max() + 1)}
    assert got == expected
    sizes = [len(np.flatnonzero(labels == c)) for c in range(1, labels.max() + 1)]
    assert sizes == sorted(sizes, reverse=True)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 12), st.integers(1, 12)), max_size=50))
def test_neighbour_index_matches_brute_force(pairs: list) -> None:  # type: ignore[type-arg]
    """Firearm-person edges (some repeated) assembled into the graph: each node's edges in
    the CSR index are exactly the distinct pairs touching it."""
    keys = np.arange(1, 13)
    el = EdgeList()
    el.add(Kind.FIREARM, np.array([a for a, _ in pairs], np.int64), Kind.PERSON,
           np.array([b for _, b in pairs], np.int64), EdgeKind.SALE)
    g = assemble({Kind.FIREARM: NodeTable(keys), Kind.PERSON: NodeTable(keys)}, el)
    distinct = set(pairs)
    assert g.n_edges == len(distinct)
    for fa in range(1, 13):
        i = g.find(Kind.FIREARM, fa)
        assert i is not None
        others = {int(g.key[o]) for o in g.other(g.edges_of(i), i)}
        assert others == {b for a, b in distinct if a == fa}


def test_betweenness_is_highest_on_the_bridge() -> None:
    edges = _clique(range(0, 5)) + _clique(range(5, 10)) + [(4, 10), (10, 5)]
    src = np.array([a for a, _ in edges])
    dst = np.array([b for _, b in edges])
    scores = communities.betweenness(np.arange(11), src, dst)
    assert scores is not None
    assert max(scores, key=lambda k: scores[k]) == 10


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 10), st.integers(1, 10)), max_size=60),
       st.sets(st.integers(0, 19), max_size=12), st.integers(1, 4))
def test_links_among_shown_nodes_match_brute_force(pairs: list, chosen: set,  # type: ignore[type-arg]
                                                   hub: int) -> None:
    """``present.induced`` skips scanning busy nodes; it must still find every link."""
    from armsflow.graph import present
    from armsflow.graph.store import ViewState

    keys = np.arange(1, 11)
    el = EdgeList()
    el.add(Kind.FIREARM, np.array([a for a, _ in pairs], np.int64), Kind.PERSON,
           np.array([b for _, b in pairs], np.int64), EdgeKind.SALE)
    el.add(Kind.PERSON, np.array([a for a, _ in pairs], np.int64), Kind.ADDRESS,
           np.array([b for _, b in pairs], np.int64), EdgeKind.LIVES_AT)
    g = assemble({Kind.FIREARM: NodeTable(keys), Kind.PERSON: NodeTable(keys),
                  Kind.ADDRESS: NodeTable(keys)}, el)
    state = ViewState(node=np.ones(g.n_nodes, bool), edge=np.ones(g.n_edges, bool),
                      degree=communities.degrees(g.n_nodes, g.src, g.dst))
    members = [i for i in chosen if i < g.n_nodes]
    old = present.HUB
    present.HUB = hub
    try:
        got = set(present.induced(g, state, members).tolist())
    finally:
        present.HUB = old
    inside = set(members)
    want = {e for e in range(g.n_edges) if g.src[e] in inside and g.dst[e] in inside}
    assert got == want
