"""Communities and central nodes (pure: arrays in, arrays out).

Licensees and their phones touch thousands of firearms each: left in, they would glue the
whole country into one community. So communities are found on the projection without them
(and without any other node above ``hub_degree`` links): connected components (rustworkx),
and components larger than ``max_size`` are split by modularity (Louvain, networkx; fast
label propagation above ``louvain_limit`` nodes). What is left is the people, addresses,
firearms, recoveries and traces that hang together. Licensees stay outside communities;
their weight shows as degree.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

import networkx as nx  # type: ignore[import-untyped]
import numpy as np
import rustworkx as rx

from armsflow.graph.ids import Kind
from armsflow.graph.model import I32, U8, Bools, Ints

HUB_KINDS = (Kind.LICENSEE, Kind.PHONE)


@dataclass(frozen=True)
class Options:
    hub_degree: int = 500
    max_size: int = 1000
    louvain_limit: int = 20_000
    seed: int = 2016


def degrees(n: int, src: Ints | I32, dst: Ints | I32) -> Ints:
    return (np.bincount(src, minlength=n) + np.bincount(dst, minlength=n)).astype(np.int64)


def detect(n: int, src: Ints | I32, dst: Ints | I32, kind: U8, opts: Options = Options()
           ) -> I32:
    """Community number of every node (1 = largest), -1 for hubs and lone nodes."""
    deg = degrees(n, src, dst)
    inside: Bools = ~np.isin(kind, [int(k) for k in HUB_KINDS]) & (deg <= opts.hub_degree)
    keep = inside[src] & inside[dst]
    a, b = np.asarray(src[keep], np.int64), np.asarray(dst[keep], np.int64)
    comp = components(n, a, b)
    comp = _split_large(comp, a, b, opts)
    return _number(comp)


def components(n: int, a: Ints, b: Ints) -> Ints:
    """Connected component label of every node (its smallest member's index)."""
    g = rx.PyGraph(multigraph=False)
    g.add_nodes_from(range(n))
    g.extend_from_edge_list(list(zip(a.tolist(), b.tolist(), strict=True)))
    comps = [c for c in rx.connected_components(g) if len(c) > 1]
    label = np.arange(n, dtype=np.int64)
    if not comps:
        return label
    sizes = np.fromiter((len(c) for c in comps), np.int64, len(comps))
    members = np.fromiter(chain.from_iterable(comps), np.int64, int(sizes.sum()))
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    smallest = np.minimum.reduceat(members, starts)
    label[members] = np.repeat(smallest, sizes)
    return label


def _split_large(comp: Ints, a: Ints, b: Ints, opts: Options) -> Ints:
    sizes = np.bincount(comp, minlength=len(comp))
    large = np.flatnonzero(sizes > opts.max_size)
    if len(large) == 0:
        return comp
    comp = comp.copy()
    big_edge = np.isin(comp[a], large)
    ea, eb = a[big_edge], b[big_edge]
    order = np.argsort(comp[ea], kind="stable")
    ea, eb = ea[order], eb[order]
    bounds = np.searchsorted(comp[ea], large)
    bounds = np.append(bounds, len(ea))
    for i in range(len(large)):
        g = nx.Graph()
        g.add_edges_from(zip(ea[bounds[i]:bounds[i + 1]].tolist(),
                             eb[bounds[i]:bounds[i + 1]].tolist(), strict=True))
        if g.number_of_nodes() <= opts.louvain_limit:
            parts = nx.community.louvain_communities(g, seed=opts.seed)
        else:
            parts = nx.community.fast_label_propagation_communities(g, seed=opts.seed)
        for part in parts:
            idx = np.fromiter(part, np.int64, len(part))
            comp[idx] = idx.min()
    return comp


def _number(comp: Ints) -> I32:
    """Labels to community numbers 1..k by size (largest first, ties by smallest member);
    communities of one node get -1."""
    n = len(comp)
    sizes = np.bincount(comp, minlength=n)
    roots = np.flatnonzero(sizes > 1)
    order = roots[np.lexsort((roots, -sizes[roots]))]
    number = np.full(n, -1, np.int32)
    number[order] = np.arange(1, len(order) + 1, dtype=np.int32)
    return number[comp]


def betweenness(members: Ints, src: Ints | I32, dst: Ints | I32, limit: int = 3000
                ) -> dict[int, float] | None:
    """Normalised betweenness of each member inside the subgraph of ``members`` (None when
    the community is larger than ``limit``: exact betweenness would take too long)."""
    if len(members) > limit:
        return None
    inside = np.zeros(int(max(members.max(), src.max(initial=0), dst.max(initial=0))) + 1, bool)
    inside[members] = True
    keep = inside[src] & inside[dst]
    local = {int(m): i for i, m in enumerate(members.tolist())}
    g = rx.PyGraph(multigraph=False)
    g.add_nodes_from(range(len(members)))
    g.extend_from_edge_list([(local[int(x)], local[int(y)])
                             for x, y in zip(src[keep].tolist(), dst[keep].tolist(), strict=True)])
    scores = rx.graph_betweenness_centrality(g, normalized=True)
    return {int(members[i]): float(s) for i, s in scores.items()}
