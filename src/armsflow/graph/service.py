"""Graph reads: neighbours and subgraph around a node, communities, one node, export.

Every function takes the caller, checks READ_REGISTRY, and works only on the caller's view
(``visibility``): a node the caller may not see is answered exactly like a node that does
not exist. Names and addresses are shown only with a stated reason, and every answer that
contains people or addresses is written to the audit log (who, which nodes, why).
Services never commit; the request's unit of work does."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from sqlalchemy.orm import Session

from armsflow.audit.service import record
from armsflow.auth.policy import Permission, allowed, require
from armsflow.auth.principal import Principal
from armsflow.errors import InvalidInput, NotFound
from armsflow.graph import communities, present, repository, store
from armsflow.graph.ids import Kind, parse
from armsflow.graph.model import EPOCH_ORDINAL, Graph, Ints
from armsflow.graph.present import Words, same
from armsflow.graph.schemas import (
    CentralNode,
    CommunityPage,
    CommunityRead,
    GraphSummary,
    NodeRead,
    SubgraphRead,
)
from armsflow.graph.store import Built, ViewState
from armsflow.graph.visibility import view_of
from armsflow.registry.service import MIN_REASON
from armsflow.settings import get_settings
from armsflow.types.errors import InvalidValue
from armsflow.types.ffl import FFLNumber
from armsflow.types.text import clean_text

RDS = re.compile(r"\d-\d{2}-\d{5}|X-[A-Za-z0-9-]+")


@dataclass(frozen=True)
class Filters:
    """Which neighbours to return: node kinds, and a date window on the links."""

    kinds: frozenset[Kind] = field(default_factory=lambda: frozenset(Kind))
    since: date | None = None
    until: date | None = None

    def days(self) -> tuple[int | None, int | None]:
        return (None if self.since is None else self.since.toordinal() - EPOCH_ORDINAL,
                None if self.until is None else self.until.toordinal() - EPOCH_ORDINAL)


def options() -> communities.Options:
    s = get_settings()
    return communities.Options(hub_degree=s.graph_hub_degree,
                               max_size=s.graph_community_max_size)


def context(db: Session, principal: Principal) -> tuple[Built, ViewState]:
    """The graph and the caller's view of it."""
    require(principal, Permission.READ_REGISTRY)
    built = store.current(db)
    view = view_of(principal, repository.agency_ids(db), repository.agency_partners(db))
    return built, built.view(view)


def names_wanted(principal: Principal, reason: str | None) -> str | None:
    """The checked reason when the caller asked for names and addresses, else None."""
    if reason is None or not reason.strip():
        return None
    require(principal, Permission.READ_PERSONAL_DATA)
    try:
        why = clean_text(reason, "reason", max_length=500)
    except InvalidValue as exc:
        raise InvalidInput(str(exc), field="reason") from None
    if len(why) < MIN_REASON:
        raise InvalidInput(f"reason: state why you need names and addresses (a case number "
                           f"or purpose, at least {MIN_REASON} characters)", field="reason")
    return why


def locate(db: Session, built: Built, state: ViewState, text: str) -> int:
    """The index of a node the caller may see; NotFound otherwise (same answer for absent
    and hidden nodes)."""
    kind, key_text = parse(text)
    g = built.graph
    idx = g.find(kind, _key(db, kind, key_text))
    if idx is None or not state.node[idx]:
        raise NotFound(f"node {text.strip()[:60]}: no such node that you may see")
    return idx


def _key(db: Session, kind: Kind, text: str) -> int:
    bad = InvalidInput(f"node: {kind.label}:{text[:40]} has a malformed key", field="node")
    if kind == Kind.LICENSEE:
        if text.startswith("#") and text[1:].isdigit():
            return int(text[1:])
        if text.isdigit():
            return int(text)
        rds = text if RDS.fullmatch(text) else None
        if rds is None:
            try:
                rds = FFLNumber.parse(text).rds_key
            except InvalidValue:
                raise bad from None
        found = repository.licensee_by_key(db, rds)
        return -1 if found is None else found
    if kind == Kind.ADDRESS:
        if not re.fullmatch(r"[0-9a-f]{12}", text):
            raise bad
        return int(text, 16)
    if kind == Kind.PERSON and text[:1] == "t" and text[1:].isdigit():
        return -int(text[1:])
    if not text.isdigit():
        raise bad
    return int(text)


def _audit(db: Session, principal: Principal, focus: str, g: Graph, idxs: Sequence[int],
           reason: str | None, what: str) -> None:
    people = [i for i in idxs if g.kind[i] in (Kind.PERSON, Kind.ADDRESS)]
    if not people:
        return
    ids = present.node_ids(db, g, people)
    record(db, actor=principal.actor, action="read_personal", object_type="graph",
           object_id=focus, reason=reason,
           detail={"what": what, "names": reason is not None, "nodes": sorted(ids.values())})


def _answer(db: Session, principal: Principal, built: Built, state: ViewState, focus: int,
            idxs: list[int], f: Filters, reason: str | None, truncated: bool, what: str,
            tr: Words) -> SubgraphRead:
    g = built.graph
    since, until = f.days()
    nodes = present.nodes(db, g, state, idxs, names=reason is not None, tr=tr)
    ids = {i: n.id for i, n in zip(idxs, nodes, strict=True)}
    edges = present.edges(g, ids, present.induced(g, state, idxs, since, until))
    _audit(db, principal, ids[focus], g, idxs, reason, what)
    return SubgraphRead(focus=ids[focus], nodes=nodes, edges=edges, truncated=truncated)


def _around(g: Graph, state: ViewState, idx: int, f: Filters) -> Ints:
    """Visible neighbours of ``idx`` through links inside the window, of the wanted kinds."""
    e, nb = g.edges_of(idx), g.neighbours_of(idx)
    keep = state.edge[e]
    since, until = f.days()
    keep &= present.window(g, e, since, until)
    others = nb[keep]  # sorted: drop repeats (several links to one neighbour) in one pass
    if len(others):
        others = others[np.concatenate([[True], others[1:] != others[:-1]])]
    if len(f.kinds) < len(Kind):
        others = others[np.isin(g.kind[others], [int(k) for k in f.kinds])]
    return others


def _strongest(state: ViewState, idxs: Ints, limit: int) -> Ints:
    """The ``limit`` best-connected of ``idxs`` (ties by index, so answers are stable)."""
    if len(idxs) <= limit:
        return idxs
    order = np.lexsort((idxs, -state.degree[idxs]))
    return np.sort(idxs[order[:limit]])


def neighbors(db: Session, principal: Principal, node: str, *, filters: Filters = Filters(),
              limit: int = 200, reason: str | None = None, tr: Words = same) -> SubgraphRead:
    """A node and its neighbours (the best-connected ``limit`` of them), with the links
    among them."""
    why = names_wanted(principal, reason)
    built, state = context(db, principal)
    idx = locate(db, built, state, node)
    others = _around(built.graph, state, idx, filters)
    picked = _strongest(state, others, limit)
    return _answer(db, principal, built, state, idx, [idx, *picked.tolist()], filters, why,
                   len(others) > len(picked), "neighbors", tr)


def subgraph(db: Session, principal: Principal, node: str, *, depth: int = 2,
             filters: Filters = Filters(), limit: int = 200, reason: str | None = None,
             tr: Words = same) -> SubgraphRead:
    """Everything within ``depth`` links of a node, breadth first, up to ``limit`` nodes."""
    why = names_wanted(principal, reason)
    built, state = context(db, principal)
    idx = locate(db, built, state, node)
    seen = {idx}
    frontier = [idx]
    truncated = False
    for _ in range(depth):
        nxt: list[int] = []
        for i in frontier:
            room = limit - len(seen)
            if room <= 0:
                truncated = True
                break
            around = [o for o in _around(built.graph, state, i, filters).tolist()
                      if o not in seen]
            chosen = _strongest(state, np.asarray(around, np.int64), room).tolist()
            truncated |= len(chosen) < len(around)
            seen.update(chosen)
            nxt.extend(chosen)
        frontier = nxt
    order = [idx, *sorted(seen - {idx})]
    return _answer(db, principal, built, state, idx, order, filters, why, truncated,
                   "subgraph", tr)


def node(db: Session, principal: Principal, node_id: str, *, reason: str | None = None,
         tr: Words = same) -> NodeRead:
    """One node with its community."""
    why = names_wanted(principal, reason)
    built, state = context(db, principal)
    idx = locate(db, built, state, node_id)
    comm = state.community_if_ready(built.graph, options())
    out = present.nodes(db, built.graph, state, [idx], names=why is not None, community=comm,
                        tr=tr)
    _audit(db, principal, out[0].id, built.graph, [idx], why, "node")
    return out[0]


def _members(state: ViewState, comm: np.ndarray, cid: int) -> Ints:
    found: Ints = np.flatnonzero((comm == cid) & state.node)
    return found


def _community(db: Session, built: Built, state: ViewState, comm: np.ndarray, cid: int,
               top: int, names: bool, with_betweenness: bool, tr: Words) -> CommunityRead:
    g = built.graph
    members = _members(state, comm, cid)
    kinds = np.bincount(g.kind[members], minlength=len(Kind))
    central = _strongest(state, members, top)
    central = central[np.lexsort((central, -state.degree[central]))]
    between = None
    if with_betweenness:
        between = communities.betweenness(members, g.src[state.edge], g.dst[state.edge])
    shown = present.nodes(db, g, state, central.tolist(), names=names, community=comm, tr=tr)
    return CommunityRead(
        id=cid, size=len(members), kinds={k.label: int(kinds[k]) for k in Kind if kinds[k]},
        central=[CentralNode(**n.model_dump(), betweenness=None if between is None
                             else round(between.get(int(i), 0.0), 6))
                 for i, n in zip(central.tolist(), shown, strict=True)])


def list_communities(db: Session, principal: Principal, *, limit: int = 20, offset: int = 0,
                     top: int = 5, min_size: int = 2, reason: str | None = None,
                     tr: Words = same) -> CommunityPage:
    """Communities of what the caller may see, largest first, each with its best-connected
    nodes."""
    why = names_wanted(principal, reason)
    built, state = context(db, principal)
    comm = state.community(built.graph, options())
    sizes = np.bincount(np.where(state.node & (comm > 0), comm, 0))
    ids = [c for c in range(1, len(sizes)) if sizes[c] >= min_size]
    page = ids[offset:offset + limit]
    items = [_community(db, built, state, comm, c, top, why is not None, False, tr)
             for c in page]
    shown = [int(i) for c in page for i in _strongest(state, _members(state, comm, c), top)]
    _audit(db, principal, "communities", built.graph, shown, why, "communities")
    return CommunityPage(items=items, total=len(ids))


def get_community(db: Session, principal: Principal, cid: int, *, top: int = 25,
                  reason: str | None = None, tr: Words = same) -> CommunityRead:
    """One community with its central nodes (degree, and betweenness inside it)."""
    why = names_wanted(principal, reason)
    built, state = context(db, principal)
    comm = state.community(built.graph, options())
    if cid < 1 or len(_members(state, comm, cid)) == 0:
        raise NotFound(f"community {cid}: no such community")
    out = _community(db, built, state, comm, cid, top, why is not None, True, tr)
    shown = [int(i) for i in _strongest(state, _members(state, comm, cid), top)]
    _audit(db, principal, f"community:{cid}", built.graph, shown, why, "community")
    return out


def summary(db: Session, principal: Principal) -> GraphSummary:
    """Sizes of what the caller may see."""
    built, state = context(db, principal)
    kinds = np.bincount(built.graph.kind[state.node], minlength=len(Kind))
    return GraphSummary(nodes=int(state.node.sum()), edges=int(state.edge.sum()),
                        kinds={k.label: int(kinds[k]) for k in Kind},
                        built_seconds=round(built.seconds, 3))


def is_entitled(principal: Principal) -> bool:
    return allowed(principal, Permission.READ_PERSONAL_DATA)
