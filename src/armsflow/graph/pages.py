"""Web pages of the graph feature: the network view (``/graph?focus=<node id>``) and the
node panel it loads with HTMX (``/graph/panel?node=<node id>``). Thin: both call
``armsflow.graph.service``, which applies the same disclosure rules as the API."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from armsflow.auth.policy import Permission, allowed, require
from armsflow.errors import ArmsFlowError
from armsflow.graph import service
from armsflow.graph.ids import KINDS
from armsflow.graph.labels import COLOURS, EDGE_LABELS, KIND_LABELS, KIND_SINGULAR
from armsflow.web.deps import CurrentUser, Db
from armsflow.web.i18n import translations
from armsflow.web.render import page

router = APIRouter(include_in_schema=False)



def _text(request: Request) -> dict[str, Any]:
    """Strings the page's script shows, in the page's language."""
    tr = translations(str(getattr(request.state, "lang", "en")))
    return {"counts": tr.gettext("%(nodes)s nodes and %(edges)s links shown"),
            "truncated": tr.gettext("Only part of the neighbourhood is shown: open the node's "
                                    "record or narrow the filters to see the rest."),
            "edges": {k: tr.gettext(v) for k, v in EDGE_LABELS.items()}}


@router.get("/graph")
def graph_page(request: Request, user: CurrentUser, focus: str | None = None) -> Response:
    require(user, Permission.READ_REGISTRY)
    return page(request, "graph/index.html", focus=(focus or "").strip()[:60],
                kinds=[(k, KIND_LABELS[k], COLOURS[k]) for k in KINDS], colours=COLOURS,
                text=_text(request),
                personal=allowed(user, Permission.READ_PERSONAL_DATA))


@router.get("/graph/panel")
def graph_panel(request: Request, db: Db, user: CurrentUser, node: str = "",
                reason: str | None = None) -> Response:
    """The side panel of one node (HTMX): what it is, its links, its community, and the
    way to its record."""
    try:
        found = service.node(db, user, node, reason=reason or None,
                             tr=translations(str(getattr(request.state, "lang", "en"))).gettext)
    except ArmsFlowError as exc:
        return page(request, "graph/_panel.html", error=exc.message)
    purchaser = None
    if found.kind == "person" and not found.id.startswith("person:t"):
        purchaser = int(found.id.split(":", 1)[1])
    return page(request, "graph/_panel.html", n=found, purchaser=purchaser,
                kind_label=KIND_SINGULAR[found.kind],
                personal=allowed(user, Permission.READ_PERSONAL_DATA))


@router.get("/graph/communities")
def graph_communities(request: Request, db: Db, user: CurrentUser, offset: int = 0) -> Response:
    """The largest communities with their best-connected nodes (HTMX fragment)."""
    try:
        found = service.list_communities(
            db, user, limit=10, offset=max(0, min(offset, 10_000_000)), top=5,
            tr=translations(str(getattr(request.state, "lang", "en"))).gettext)
    except ArmsFlowError as exc:
        return page(request, "graph/_communities.html", error=exc.message)
    return page(request, "graph/_communities.html", found=found, offset=offset,
                kind_labels=KIND_LABELS)
