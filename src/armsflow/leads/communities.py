"""Networks from the link-analysis graph (armsflow.graph): purchasers with leads grouped by
the graph's communities (people linked through addresses, firearms, recoveries and traces,
busy licensees left out), as an alternative to the leads feature's own grouping
(``armsflow leads compute --networks graph``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy.orm import Session


def graph_communities(db: Session, purchaser_ids: Iterable[int]) -> list[list[int]]:
    """Lead purchasers grouped by their person node's community in the whole graph (the
    operator's view: every record); purchasers outside any community stand alone."""
    from armsflow.graph import service, store
    from armsflow.graph.export import everything
    from armsflow.graph.ids import Kind

    built = store.build(db)
    g = built.graph
    comm = built.view(everything(db)).community(g, service.options())
    groups: dict[int, list[int]] = defaultdict(list)
    for pid in sorted(set(purchaser_ids)):
        node = g.find(Kind.PERSON, pid)
        if node is not None and int(comm[node]) > 0:
            groups[int(comm[node])].append(pid)
    return [members for _, members in sorted(groups.items())]
