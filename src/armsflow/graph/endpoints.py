"""REST API of the graph feature: neighbours and subgraph around a node, one node,
communities, export. Node ids: docs/graph.md. Same disclosure and audit as the pages."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import StreamingResponse

from armsflow.graph import export as exporter
from armsflow.graph import service
from armsflow.graph.ids import parse_kinds
from armsflow.graph.present import Words
from armsflow.graph.schemas import (
    CommunityPage,
    CommunityRead,
    GraphSummary,
    NodeRead,
    SubgraphRead,
)
from armsflow.web.api_errors import COMMON_ERRORS, ErrorBody
from armsflow.web.deps import CurrentUser, Db
from armsflow.web.i18n import translations

router = APIRouter(prefix="/api/v1", tags=["graph"], responses={
    **COMMON_ERRORS,
    503: {"model": ErrorBody, "description": "The graph is being built (large registries, "
                                             "after a restart); try again shortly"}})

NodeId = Annotated[str, Path(min_length=3, max_length=60,
                             description="Node id, e.g. firearm:12 or person:42.")]
Reason = Annotated[str | None, Query(max_length=500, description=(
    "Why you need names and addresses (audited). Without it people and addresses are "
    "shown by reference only."))]
Kinds = Annotated[str | None, Query(max_length=120, description=(
    "Comma-separated node kinds to return: person, address, phone, licensee, firearm, "
    "recovery, trace (default: all)."))]
Since = Annotated[date | None, Query(description="Only links dated on or after this day.")]
Until = Annotated[date | None, Query(description="Only links dated on or before this day.")]
Limit = Annotated[int, Query(ge=1, le=1000, description="Most nodes returned.")]


def _tr(request: Request) -> Words:
    """Label words in the caller's language (the page's cookie or the user's preference)."""
    return translations(str(getattr(request.state, "lang", "en"))).gettext


def _filters(kinds: str | None, since: date | None, until: date | None) -> service.Filters:
    return service.Filters(kinds=parse_kinds(kinds), since=since, until=until)


@router.get("/graph", response_model=GraphSummary)
def graph_summary(db: Db, user: CurrentUser) -> GraphSummary:
    """How many nodes and links you may see, by kind."""
    return service.summary(db, user)


@router.get("/graph/nodes/{node_id}", response_model=NodeRead)
def get_node(request: Request, db: Db, user: CurrentUser, node_id: NodeId,
             reason: Reason = None) -> NodeRead:
    """One node: label, degree (links you may see), community, record page."""
    return service.node(db, user, node_id, reason=reason, tr=_tr(request))


@router.get("/graph/nodes/{node_id}/neighbors", response_model=SubgraphRead)
def get_neighbors(request: Request, db: Db, user: CurrentUser, node_id: NodeId, kinds: Kinds = None,
                  since: Since = None, until: Until = None, limit: Limit = 200,
                  reason: Reason = None) -> SubgraphRead:
    """A node and its neighbours (the best-connected ``limit``), with the links among them;
    ``truncated`` says whether more exist."""
    return service.neighbors(db, user, node_id, filters=_filters(kinds, since, until),
                             limit=limit, reason=reason, tr=_tr(request))


@router.get("/graph/nodes/{node_id}/subgraph", response_model=SubgraphRead)
def get_subgraph(request: Request, db: Db, user: CurrentUser, node_id: NodeId,
                 depth: Annotated[int, Query(ge=1, le=3)] = 2, kinds: Kinds = None,
                 since: Since = None, until: Until = None, limit: Limit = 200,
                 reason: Reason = None) -> SubgraphRead:
    """Everything within ``depth`` links of a node, up to ``limit`` nodes."""
    return service.subgraph(db, user, node_id, depth=depth,
                            filters=_filters(kinds, since, until), limit=limit, reason=reason,
                            tr=_tr(request))


@router.get("/graph/communities", response_model=CommunityPage)
def get_communities(request: Request, db: Db, user: CurrentUser,
                    limit: Annotated[int, Query(ge=1, le=200)] = 20,
                    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
                    top: Annotated[int, Query(ge=1, le=50)] = 5,
                    min_size: Annotated[int, Query(ge=2, le=100_000)] = 2,
                    reason: Reason = None) -> CommunityPage:
    """Communities of what you may see, largest first, with their best-connected nodes."""
    return service.list_communities(db, user, limit=limit, offset=offset, top=top,
                                    min_size=min_size, reason=reason, tr=_tr(request))


@router.get("/graph/communities/{community_id}", response_model=CommunityRead)
def get_community(request: Request, db: Db, user: CurrentUser,
                  community_id: Annotated[int, Path(ge=1, le=100_000_000)],
                  top: Annotated[int, Query(ge=1, le=200)] = 25,
                  reason: Reason = None) -> CommunityRead:
    """One community: its central nodes by degree, with betweenness inside it."""
    return service.get_community(db, user, community_id, top=top, reason=reason,
                                 tr=_tr(request))


@router.get("/graph/export", response_class=StreamingResponse,
            responses={200: {"content": {"application/graphml+xml": {},
                                         "application/json": {}}}})
def get_export(db: Db, user: CurrentUser,
               format: Annotated[Literal["graphml", "json"], Query()] = "graphml",
               focus: Annotated[str | None, Query(max_length=60)] = None,
               depth: Annotated[int, Query(ge=1, le=3)] = 2,
               community: Annotated[int | None, Query(ge=1, le=100_000_000)] = None,
               limit: Annotated[int, Query(ge=1, le=100_000)] = 100_000) -> StreamingResponse:
    """What you may see, as GraphML or JSON: around a node (``focus``), one community, or
    everything (up to ``limit`` nodes). People and addresses appear by id only; an export
    holding them is audited."""
    chunks = list(exporter.export(db, user, user.actor, format, focus=focus, depth=depth,
                                  community=community, limit=limit))
    media = "application/graphml+xml" if format == "graphml" else "application/json"
    return StreamingResponse(iter(chunks), media_type=media, headers={
        "Content-Disposition": f'attachment; filename="armsflow-graph.{format}"'})
