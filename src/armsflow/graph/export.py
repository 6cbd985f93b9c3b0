"""Export of what a caller may see as GraphML or JSON (pure writers, plus the selection).

Exports carry ids, kinds, dates, degrees and communities, and labels when the selection
is small enough to label (``LABEL_LIMIT`` nodes); people and addresses are never named in
an export (their ids only). An export that contains people or addresses is audited."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal
from xml.sax.saxutils import escape, quoteattr

import numpy as np
from sqlalchemy.orm import Session

from armsflow.audit.service import Actor, record
from armsflow.auth.principal import Principal
from armsflow.errors import InvalidInput
from armsflow.graph import present, repository, service, store
from armsflow.graph.ids import Kind
from armsflow.graph.schemas import EdgeRead, NodeRead
from armsflow.graph.store import Built, ViewState
from armsflow.graph.visibility import View

Format = Literal["graphml", "json"]
LABEL_LIMIT = 20_000


def everything(db: Session) -> View:
    """The operator's view (CLI export without --user): every record."""
    agencies = frozenset(repository.agency_ids(db))
    return View(registry=True, personal=True, trace_agencies=agencies,
                personal_agencies=agencies)


def select(db: Session, principal: Principal | None, *, focus: str | None = None,
           depth: int = 2, community: int | None = None, limit: int = 100_000
           ) -> tuple[Built, ViewState, list[int], np.ndarray]:
    """The nodes to export: around ``focus``, one community, or all the caller may see."""
    if principal is None:
        built = store.current(db)
        state = built.view(everything(db))
    else:
        built, state = service.context(db, principal)
    if focus is not None:
        if principal is None:
            raise InvalidInput("focus: give --user to export around a node", field="focus")
        sub = service.subgraph(db, principal, focus, depth=depth, limit=limit)
        wanted = {n.id for n in sub.nodes}
        idxs = [service.locate(db, built, state, i) for i in sorted(wanted)]
    elif community is not None:
        comm = state.community(built.graph, service.options())
        idxs = np.flatnonzero((comm == community) & state.node).tolist()
    else:
        idxs = np.flatnonzero(state.node).tolist()
    if len(idxs) > limit:
        raise InvalidInput(f"the selection has {len(idxs)} nodes, more than {limit}: export "
                           f"around a node (focus) or one community", field="limit")
    comm = state.community(built.graph, service.options())
    return built, state, idxs, comm


def _nodes(db: Session, built: Built, state: ViewState, idxs: list[int], comm: np.ndarray
           ) -> list[NodeRead]:
    g = built.graph
    if len(idxs) <= LABEL_LIMIT:
        return present.nodes(db, g, state, idxs, names=False, community=comm)
    ids = present.node_ids(db, g, idxs)
    return [NodeRead(id=ids[i], kind=Kind(int(g.kind[i])).label, label="",
                     date=present.day_to_date(int(g.day[i])), degree=int(state.degree[i]),
                     community=int(comm[i]) if comm[i] > 0 else None) for i in idxs]


def export(db: Session, principal: Principal | None, actor: Actor, fmt: Format, *,
           focus: str | None = None, depth: int = 2, community: int | None = None,
           limit: int = 100_000) -> Iterator[str]:
    """The export as text chunks (audited when it holds people or addresses)."""
    built, state, idxs, comm = select(db, principal, focus=focus, depth=depth,
                                      community=community, limit=limit)
    nodes = _nodes(db, built, state, idxs, comm)
    ids = {i: n.id for i, n in zip(idxs, nodes, strict=True)}
    edges = present.edges(built.graph, ids, present.induced(built.graph, state, idxs))
    people = [n.id for n in nodes if n.kind in ("person", "address")]
    if people:
        record(db, actor=actor, action="read_personal", object_type="graph_export",
               object_id=focus or (f"community:{community}" if community else "all"),
               reason=f"graph export ({fmt})",
               detail={"nodes": len(nodes), "people_and_addresses": len(people)})
    return graphml(nodes, edges) if fmt == "graphml" else as_json(nodes, edges)


NODE_KEYS = (("kind", "string"), ("label", "string"), ("date", "string"), ("degree", "int"),
             ("community", "int"), ("url", "string"))
EDGE_KEYS = (("kind", "string"), ("date", "string"))


def graphml(nodes: list[NodeRead], edges: list[EdgeRead]) -> Iterator[str]:
    """GraphML 1.0 (undirected), one chunk per element."""
    yield ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n')
    for name, typ in NODE_KEYS:
        yield f'  <key id="n_{name}" for="node" attr.name="{name}" attr.type="{typ}"/>\n'
    for name, typ in EDGE_KEYS:
        yield f'  <key id="e_{name}" for="edge" attr.name="{name}" attr.type="{typ}"/>\n'
    yield '  <graph id="armsflow" edgedefault="undirected">\n'
    for n in nodes:
        data = "".join(f'<data key="n_{k}">{escape(str(v))}</data>'
                       for k, v in (("kind", n.kind), ("label", n.label), ("date", n.date),
                                    ("degree", n.degree), ("community", n.community),
                                    ("url", n.url)) if v is not None and v != "")
        yield f"    <node id={quoteattr(n.id)}>{data}</node>\n"
    for e in edges:
        data = f'<data key="e_kind">{escape(e.kind)}</data>'
        if e.date:
            data += f'<data key="e_date">{e.date}</data>'
        yield (f"    <edge id={quoteattr(e.id)} source={quoteattr(e.source)} "
               f"target={quoteattr(e.target)}>{data}</edge>\n")
    yield "  </graph>\n</graphml>\n"


def as_json(nodes: list[NodeRead], edges: list[EdgeRead]) -> Iterator[str]:
    """``{"nodes": [...], "edges": [...]}`` (the API's node and edge shapes)."""
    yield '{"nodes": ['
    for i, n in enumerate(nodes):
        yield ("," if i else "") + n.model_dump_json(exclude_none=True)
    yield '], "edges": ['
    for i, e in enumerate(edges):
        yield ("," if i else "") + e.model_dump_json(exclude_none=True)
    yield "]}\n"
