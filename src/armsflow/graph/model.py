"""The graph as arrays (pure): nodes laid out kind by kind with sorted integer keys, edges as
parallel arrays, a CSR index for neighbours. Built once from the database
(``repository.load_facts`` -> ``assemble``) and shared by every caller; what one caller may
see of it is a mask (``visibility``).

Keys per kind: person = canonical purchaser id, or minus the trace id for a possessor known
only from a trace; address = the 48-bit address hash; phone = its digits; licensee, firearm,
trace = the row id; recovery = the id of the recovery's first trace.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

import numpy as np
import numpy.typing as npt

from armsflow.graph.ids import Kind

Ints = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]
U8 = npt.NDArray[np.uint8]
Bools = npt.NDArray[np.bool_]
NO_DAY = np.int32(-(2**31))
EPOCH_ORDINAL = 719163  # date(1970, 1, 1).toordinal()


class EdgeKind(IntEnum):
    TRANSFER = 0       # licensee - firearm (the licensee held or moved the gun)
    SALE = 1           # firearm - person (retail sale, Form 4473)
    MULTIPLE_SALE = 2  # firearm - person (Form 3310.4 / 3310.12)
    THEFT = 3          # licensee - firearm (Form 3310.11)
    LIVES_AT = 4       # person - address
    PHONE = 5          # licensee - phone
    RECOVERED = 6      # recovery - firearm
    POSSESSED = 7      # recovery - person (possessor named in the trace)
    TRACED = 8         # trace - recovery
    PURCHASER = 9      # trace - person (the trace's first purchaser)
    SOURCE = 10        # trace - licensee (the dealer the trace ended at)

    @property
    def label(self) -> str:
        return self.name.lower()


class Guard(IntEnum):
    """Which rule decides whether a caller may see an edge (armsflow.graph.visibility)."""

    REGISTRY = 0         # registry records: READ_REGISTRY
    PERSONAL = 1         # registry personal data: READ_PERSONAL_DATA
    TRACE = 2            # a trace's result: may_read_trace for the trace's agency
    TRACE_PERSONAL = 3   # a trace's personal data: READ_PERSONAL_DATA and
                         # may_read_trace_personal_data for the trace's agency


EDGE_GUARD = {
    EdgeKind.TRANSFER: Guard.REGISTRY, EdgeKind.THEFT: Guard.REGISTRY,
    EdgeKind.PHONE: Guard.REGISTRY, EdgeKind.SALE: Guard.PERSONAL,
    EdgeKind.MULTIPLE_SALE: Guard.PERSONAL, EdgeKind.LIVES_AT: Guard.PERSONAL,
    EdgeKind.RECOVERED: Guard.TRACE, EdgeKind.TRACED: Guard.TRACE, EdgeKind.SOURCE: Guard.TRACE,
    EdgeKind.POSSESSED: Guard.TRACE_PERSONAL, EdgeKind.PURCHASER: Guard.TRACE_PERSONAL,
}


@dataclass
class EdgeList:
    """Edges named by (kind, key) at both ends, before they get node indices."""

    a_kind: list[Kind] = field(default_factory=list)
    a_key: list[Ints] = field(default_factory=list)
    b_kind: list[Kind] = field(default_factory=list)
    b_key: list[Ints] = field(default_factory=list)
    kind: list[EdgeKind] = field(default_factory=list)
    day: list[I32] = field(default_factory=list)
    agency: list[I32] = field(default_factory=list)

    def add(self, a: Kind, a_key: Ints, b: Kind, b_key: Ints, kind: EdgeKind,
            day: I32 | None = None, agency: I32 | None = None) -> None:
        n = len(a_key)
        self.a_kind.append(a)
        self.a_key.append(np.asarray(a_key, dtype=np.int64))
        self.b_kind.append(b)
        self.b_key.append(np.asarray(b_key, dtype=np.int64))
        self.kind.append(kind)
        self.day.append(np.full(n, NO_DAY, np.int32) if day is None
                        else np.asarray(day, dtype=np.int32))
        self.agency.append(np.full(n, -1, np.int32) if agency is None
                           else np.asarray(agency, dtype=np.int32))


@dataclass
class Graph:
    """Nodes and edges as arrays. ``offsets[k]`` is the first index of kind ``k``; within a
    kind, ``key`` is sorted, so a node is found by binary search."""

    kind: U8
    key: Ints
    day: I32          # recovery date for recoveries and traces, else NO_DAY
    agency: I32       # requesting agency of a trace (and of a recovery's first trace), else -1
    has_record: Bools # person: backed by a registry purchaser record
    record: Ints      # row behind the node (licensee id, a purchaser of an address...), else -1
    offsets: Ints     # len(Kind) + 1
    src: I32
    dst: I32
    ekind: U8
    eday: I32
    eagency: I32
    indptr: Ints      # CSR: edges of node i are eorder[indptr[i]:indptr[i+1]]
    eorder: Ints
    nbr: Ints         # the other end of each eorder entry, sorted within each node
    aliases: dict[tuple[Kind, int], int] = field(default_factory=dict)
    version: tuple[object, ...] = ()

    @property
    def n_nodes(self) -> int:
        return len(self.kind)

    @property
    def n_edges(self) -> int:
        return len(self.src)

    def find(self, kind: Kind, key: int) -> int | None:
        """Index of the node (kind, key), following aliases (merged people); None if absent."""
        key = self.aliases.get((kind, key), key)
        lo, hi = int(self.offsets[kind]), int(self.offsets[kind + 1])
        pos = lo + int(np.searchsorted(self.key[lo:hi], key))
        return pos if pos < hi and self.key[pos] == key else None

    def edges_of(self, node: int) -> Ints:
        return self.eorder[self.indptr[node]:self.indptr[node + 1]]

    def neighbours_of(self, node: int) -> Ints:
        """The other ends of ``edges_of(node)``, in the same order (sorted)."""
        return self.nbr[self.indptr[node]:self.indptr[node + 1]]

    def edges_between(self, node: int, others: Ints) -> Ints:
        """Edges from ``node`` to any of ``others`` (sorted), by binary search: cheap even
        for a node with hundreds of thousands of links."""
        lo, hi = int(self.indptr[node]), int(self.indptr[node + 1])
        seg = self.nbr[lo:hi]
        left = np.searchsorted(seg, others, side="left")
        right = np.searchsorted(seg, others, side="right")
        spans = [np.arange(a, b) for a, b in zip(left.tolist(), right.tolist(), strict=True)
                 if b > a]
        if not spans:
            return np.zeros(0, np.int64)
        found: Ints = self.eorder[lo + np.concatenate(spans)]
        return found

    def other(self, edges: Ints, node: int) -> Ints:
        return (self.src[edges].astype(np.int64) + self.dst[edges] - node).astype(np.int64)


def locate(offsets: Ints, sorted_keys: Ints, kind: Kind, keys: Ints) -> Ints:
    """Indices of ``keys`` of one kind (-1 where absent)."""
    lo, hi = int(offsets[kind]), int(offsets[kind + 1])
    block = sorted_keys[lo:hi]
    if hi == lo or len(keys) == 0:
        return np.full(len(keys), -1, np.int64)
    pos = np.searchsorted(block, keys)
    pos_c = np.minimum(pos, hi - lo - 1)
    found = block[pos_c] == keys
    return np.where(found, lo + pos_c, -1).astype(np.int64)


@dataclass
class NodeTable:
    """Nodes of one kind before layout: keys (unique after assembly) and attributes."""

    key: Ints
    day: I32 | None = None
    agency: I32 | None = None
    has_record: Bools | None = None
    record: Ints | None = None


def assemble(nodes: dict[Kind, NodeTable], edges: EdgeList,
             aliases: dict[tuple[Kind, int], int] | None = None,
             version: tuple[object, ...] = ()) -> Graph:
    """Lay nodes out kind by kind (keys sorted, duplicates dropped), resolve edge ends to
    indices (edges to unknown nodes are dropped), drop duplicate edges, index neighbours."""
    kinds, keys, days, agencies, has, recs, sizes = [], [], [], [], [], [], []
    for k in Kind:
        t = nodes.get(k, NodeTable(np.zeros(0, np.int64)))
        uniq, first = np.unique(np.asarray(t.key, np.int64), return_index=True)
        n = len(uniq)
        sizes.append(n)
        kinds.append(np.full(n, int(k), np.uint8))
        keys.append(uniq)
        days.append(np.full(n, NO_DAY, np.int32) if t.day is None else t.day[first])
        agencies.append(np.full(n, -1, np.int32) if t.agency is None else t.agency[first])
        has.append(np.zeros(n, bool) if t.has_record is None else t.has_record[first])
        recs.append(np.full(n, -1, np.int64) if t.record is None else t.record[first])
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    key = np.concatenate(keys)
    src_l, dst_l = [], []
    for a, ak, b, bk in zip(edges.a_kind, edges.a_key, edges.b_kind, edges.b_key, strict=True):
        src_l.append(locate(offsets, key, a, _aliased(aliases, a, ak)))
        dst_l.append(locate(offsets, key, b, _aliased(aliases, b, bk)))
    src = np.concatenate(src_l) if src_l else np.zeros(0, np.int64)
    dst = np.concatenate(dst_l) if dst_l else np.zeros(0, np.int64)
    ekind = np.concatenate([np.full(len(x), int(k), np.uint8)
                            for x, k in zip(edges.a_key, edges.kind, strict=True)]
                           ) if edges.kind else np.zeros(0, np.uint8)
    eday = np.concatenate(edges.day) if edges.day else np.zeros(0, np.int32)
    eagency = np.concatenate(edges.agency) if edges.agency else np.zeros(0, np.int32)
    keep = (src >= 0) & (dst >= 0) & (src != dst)
    src, dst, ekind, eday, eagency = src[keep], dst[keep], ekind[keep], eday[keep], eagency[keep]
    src, dst, ekind, eday, eagency = _dedupe(src, dst, ekind, eday, eagency)
    n = int(offsets[-1])
    indptr, eorder, nbr = csr(n, src, dst)
    return Graph(kind=np.concatenate(kinds), key=key, day=np.concatenate(days),
                 agency=np.concatenate(agencies), has_record=np.concatenate(has),
                 record=np.concatenate(recs), offsets=offsets,
                 src=src.astype(np.int32), dst=dst.astype(np.int32), ekind=ekind,
                 eday=eday, eagency=eagency, indptr=indptr, eorder=eorder, nbr=nbr,
                 aliases=dict(aliases or {}), version=version)


def _aliased(aliases: dict[tuple[Kind, int], int] | None, kind: Kind, keys: Ints) -> Ints:
    """Member keys of merged nodes replaced by their node's key."""
    if not aliases:
        return keys
    pairs = [(k, v) for (kk, k), v in aliases.items() if kk == kind]
    if not pairs:
        return keys
    table = np.array(sorted(pairs), dtype=np.int64)
    pos = np.minimum(np.searchsorted(table[:, 0], keys), len(table) - 1)
    hit = table[pos, 0] == keys
    return np.where(hit, table[pos, 1], keys)


def _dedupe(src: Ints, dst: Ints, ekind: U8, eday: I32, eagency: I32
            ) -> tuple[Ints, Ints, U8, I32, I32]:
    """One edge per (ends, kind, agency), with the earliest date. Ends are stored with the
    smaller index first so both directions collapse."""
    lo, hi = np.minimum(src, dst), np.maximum(src, dst)
    if len(lo) == 0:
        return lo, hi, ekind, eday, eagency
    n = int(hi.max()) + 1
    key = (lo.astype(np.int64) * n + hi) * 16 + ekind
    order = np.lexsort((eagency, key))
    key, eagency_s = key[order], eagency[order]
    first = np.ones(len(key), bool)
    first[1:] = (key[1:] != key[:-1]) | (eagency_s[1:] != eagency_s[:-1])
    starts = np.flatnonzero(first)
    day = np.minimum.reduceat(eday[order], starts)
    pick = order[starts]
    return lo[pick], hi[pick], ekind[pick], day.astype(np.int32), eagency[pick]


def csr(n: int, src: Ints, dst: Ints) -> tuple[Ints, Ints, Ints]:
    """Neighbour index: for node i, the edge numbers incident to it and their other ends,
    sorted by the other end."""
    ends = np.concatenate([src, dst]).astype(np.int64)
    others = np.concatenate([dst, src]).astype(np.int64)
    edge_no = np.concatenate([np.arange(len(src)), np.arange(len(src))]).astype(np.int64)
    order = np.lexsort((others, ends))
    counts = np.bincount(ends, minlength=n)
    indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    return indptr, edge_no[order], others[order]
