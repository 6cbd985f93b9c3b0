"""Networks from the link-analysis graph's communities (``--networks graph``): purchasers at
one address fall in one community and become one network lead; on both databases. Uses the
graph feature's hand-built world (tests/graph/graph_world.py)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from armsflow.leads.communities import graph_communities
from armsflow.leads.facts import Facts, PurchaserInfo, TraceFact
from armsflow.leads.networks import score_networks
from armsflow.leads.rules import load_rules
from armsflow.leads.scoring import score_purchasers
from armsflow.leads.signals import Subject

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "graph"))


def test_graph_communities_group_people_sharing_an_address(
        session_factory: sessionmaker[Session], accounts: dict[str, int]) -> None:
    import graph_world

    from armsflow.graph import store as graph_store

    graph_store.forget()
    ids = graph_world.build(session_factory)
    with session_factory() as db:
        groups = graph_communities(db, [ids["P1"], ids["P2"], ids["P3"]])
    together = [g for g in groups if ids["P1"] in g]
    assert together and ids["P2"] in together[0] and ids["P3"] not in together[0]
    # scored as a network when both have leads
    traces = [TraceFact(i, f"T{i}", date(2023, 1, 1), "MX", "SON", "Nogales",
                        "completed_purchaser", "", 1, "AZ", p, 200, frozenset())
              for i, p in enumerate((ids["P1"], ids["P2"]), start=1)]
    facts = Facts(traces=traces, purchasers={p: PurchaserInfo(p, f"P{p}", "AZ", None)
                                             for p in (ids["P1"], ids["P2"])})
    rules = load_rules()
    buyers = score_purchasers(facts, rules)
    nets = score_networks(facts, buyers, rules, communities=groups)
    assert [n.kind for n in nets] == [Subject.NETWORK]
    assert {m["purchaser_id"] for m in nets[0].evidence["members"]} == {ids["P1"], ids["P2"]}
