"""The built graph, kept in memory per database and rebuilt when the data changes; the
per-caller views on it (masks, degrees, communities) cached beside it.

A build reads every fact once (``repository.load``) and assembles arrays; the version check
on each request is a handful of ``max(id)`` lookups, so new imports, traces and entity
resolutions show without a restart.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from armsflow.errors import ArmsFlowError
from armsflow.graph import communities, people, repository
from armsflow.graph.model import I32, Bools, Graph, Ints, assemble
from armsflow.graph.visibility import View, masks

MAX_VIEWS = 32
log = logging.getLogger(__name__)


@dataclass
class ViewState:
    node: Bools
    edge: Bools
    degree: Ints
    _community: I32 | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def community(self, g: Graph, opts: communities.Options) -> I32:
        with self._lock:
            if self._community is None:
                src, dst = g.src[self.edge], g.dst[self.edge]
                self._community = communities.detect(g.n_nodes, src, dst, g.kind, opts)
            return self._community

    def community_if_ready(self, g: Graph, opts: communities.Options) -> I32 | None:
        """The communities when computed; on large graphs, None while they are computed in
        the background (a node's panel must not wait for them)."""
        if self._community is not None or g.n_nodes < BACKGROUND_FROM:
            return self.community(g, opts)
        if not self._lock.locked():
            threading.Thread(target=self.community, args=(g, opts), daemon=True,
                             name="graph-communities").start()
        return None


@dataclass
class Built:
    graph: Graph
    seconds: float
    views: OrderedDict[View, ViewState] = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def view(self, view: View) -> ViewState:
        with self.lock:
            state = self.views.get(view)
            if state is not None:
                self.views.move_to_end(view)
                return state
        node, edge = masks(self.graph, view)
        g = self.graph
        deg = communities.degrees(g.n_nodes, g.src[edge], g.dst[edge])
        state = ViewState(node=node, edge=edge, degree=deg)
        with self.lock:
            self.views[view] = state
            while len(self.views) > MAX_VIEWS:
                self.views.popitem(last=False)
        return state


_BUILT: OrderedDict[int, Built] = OrderedDict()
_REBUILDING: set[int] = set()
_LOCK = threading.Lock()
_BUILD_LOCK = threading.Lock()
BACKGROUND_FROM = 200_000
"""Graphs with at least this many nodes are rebuilt in the background after a change: the
previous graph answers meanwhile (its records, masked by the current policy)."""


def data_version(db: Session) -> tuple[object, ...]:
    return (*repository.version(db), people.version(db))


def build(db: Session) -> Built:
    """Read the database and assemble the graph (no caching)."""
    started = time.perf_counter()
    ver = data_version(db)
    nodes, edges, aliases = repository.load(db, people.people(db))
    g = assemble(nodes, edges, aliases, version=ver)
    return Built(graph=g, seconds=time.perf_counter() - started)


def _rebuild(bind: Engine | Connection, key: int) -> None:
    try:
        with _BUILD_LOCK, Session(bind) as db:
            built = build(db)
        with _LOCK:
            _BUILT[key] = built
    except Exception:
        log.exception("graph rebuild failed; the previous graph stays in use")
    finally:
        with _LOCK:
            _REBUILDING.discard(key)


class GraphBuilding(ArmsFlowError):
    """The first build of a large graph runs in the background; ask again shortly."""

    status_code = 503


def current(db: Session) -> Built:
    """The graph of this session's database, rebuilt when its data version changed (large
    graphs in the background, small ones at once). The first build of a large graph also
    runs in the background: until it is ready, GraphBuilding (503)."""
    bind = db.get_bind()
    key = id(bind)
    ver = data_version(db)
    with _LOCK:
        built = _BUILT.get(key)
        if built is not None and built.graph.version == ver:
            return built
        large = (built.graph.n_nodes if built is not None
                 else repository.size_hint(db)) >= BACKGROUND_FROM
        if large:
            if key not in _REBUILDING:
                _REBUILDING.add(key)
                threading.Thread(target=_rebuild, args=(bind, key), daemon=True,
                                 name="graph-rebuild").start()
            if built is None:
                raise GraphBuilding("the link-analysis graph is being built from the "
                                    "registry (about a minute for a million records); "
                                    "try again shortly")
            return built
    with _BUILD_LOCK:
        with _LOCK:
            built = _BUILT.get(key)
            if built is not None and built.graph.version == ver:
                return built
        built = build(db)
        with _LOCK:
            _BUILT[key] = built
            while len(_BUILT) > 4:
                _BUILT.popitem(last=False)
        return built


def forget() -> None:
    """Drop every cached graph (tests, after bulk changes)."""
    with _LOCK:
        _BUILT.clear()


def visible_nodes(state: ViewState) -> Ints:
    return np.flatnonzero(state.node)
