"""The graph never reveals a record the caller may not see: not as a node, a link, a label,
a degree, a count or a community. A matrix of accounts over the tiny registry of
graph_world.py, through the API (every read endpoint) and the pages."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from armsflow.audit.models import AuditEvent
from armsflow.graph.ids import address_key

ADDR_A = f"address:{address_key('1 Synthetic Way', 'Phoenix', 'AZ', '85001')}"
ADDR_B = f"address:{address_key('9 Other Road', 'Phoenix', 'AZ', '85001')}"
REGISTRY = {"licensee:5-74-00001", "licensee:9-86-00002", "licensee:9-86-00003",
            "phone:5551000001", "phone:5552000002"}


def universe(t: dict[str, int]) -> dict[str, str]:
    """Every node of the tiny graph, by a short name."""
    out = {f"G{i}": f"firearm:{t[f'G{i}']}" for i in range(1, 5)}
    out.update({f"P{i}": f"person:{t[f'P{i}']}" for i in range(1, 4)})
    out.update({f"T{i}": f"trace:{t[f'T{i}']}" for i in range(1, 4)})
    out.update({"R1": f"recovery:{t['T1']}", "R2": f"recovery:{t['T2']}",
                "Roe": f"person:t{t['T1']}", "Doe": f"person:t{t['T2']}",
                "A": ADDR_A, "B": ADDR_B})
    return out


BASE = {"G1", "G2", "G3", "G4"}
PEOPLE = {"P1", "P2", "P3", "A", "B"}
# account -> the short names it may see (besides REGISTRY); None = no access at all
EXPECTED: dict[str, set[str] | None] = {
    "analyst": BASE | PEOPLE | {"T1", "T2", "T3", "R1", "R2"},
    "investigator": BASE | PEOPLE | {"T1", "T2", "T3", "R1", "R2"},
    "chief": BASE | PEOPLE | {"T1", "T2", "T3", "R1", "R2"},
    "local_analyst": BASE | PEOPLE | {"T1", "T2", "T3", "R1", "R2", "Roe"},
    "requester": BASE | {"T1", "T3", "R1"},
    "fgr_investigator": BASE | {"T2", "R2"},
    "admin": set(BASE),
    "exporter": set(BASE),
    "stockpile": None,
}
# account -> link kinds from traces' personal data it may see, as (trace, other end)
PERSONAL_LINKS: dict[str, set[tuple[str, str]]] = {
    "local_analyst": {("T1", "P1"), ("T3", "P1"), ("R1", "Roe")},
}


def _visible(t: dict[str, int], account: str) -> set[str]:
    names = EXPECTED[account] or set()
    u = universe(t)
    return {u[n] for n in names} | (REGISTRY if EXPECTED[account] is not None else set())


@pytest.fixture
def api(client: TestClient, token_for: Any, tiny: dict[str, int]):  # type: ignore[no-untyped-def]
    tokens: dict[str, str] = {}

    def get(account: str, path: str, **params: Any) -> Any:
        if account not in tokens:
            tokens[account] = token_for(account)
        return client.get(path, params=params,
                          headers={"Authorization": f"Bearer {tokens[account]}"})
    return get


ACCOUNTS = sorted(EXPECTED)


@pytest.mark.parametrize("account", ACCOUNTS)
def test_nodes_links_and_counts_follow_the_policy(api: Any, tiny: dict[str, int],
                                                  account: str) -> None:
    visible = _visible(tiny, account)
    u = universe(tiny)
    summary = api(account, "/api/v1/graph")
    if EXPECTED[account] is None:
        assert summary.status_code == 403
        assert api(account, f"/api/v1/graph/nodes/{u['G1']}/neighbors").status_code == 403
        return
    assert summary.status_code == 200
    assert summary.json()["nodes"] == len(visible)
    absent = api(account, "/api/v1/graph/nodes/firearm:999999").json()["error"]["message"]
    seen_edges: set[tuple[str, str, str]] = set()
    for node in sorted(set(u.values()) | REGISTRY):
        r = api(account, f"/api/v1/graph/nodes/{node}/neighbors", limit=1000)
        if node not in visible:
            assert r.status_code == 404, node
            # the same answer as for a node that does not exist
            assert r.json()["error"]["message"] == absent.replace("firearm:999999", node)
            continue
        body = r.json()
        ids = {n["id"] for n in body["nodes"]}
        assert ids <= visible, (node, ids - visible)
        focus_links = [e for e in body["edges"] if node in (e["source"], e["target"])]
        degree = next(n["degree"] for n in body["nodes"] if n["id"] == node)
        assert degree == len(focus_links), node
        for e in body["edges"]:
            assert {e["source"], e["target"]} <= visible
            seen_edges.add((e["kind"], e["source"], e["target"]))
    personal = {(k, s, t) for k, s, t in seen_edges if k in ("purchaser", "possessed")}
    want = {tuple(sorted((u[a], u[b]))) for a, b in PERSONAL_LINKS.get(account, set())}
    assert {tuple(sorted((s, t))) for _k, s, t in personal} == want
    total_links = summary.json()["edges"]
    assert total_links == len(seen_edges)


@pytest.mark.parametrize("account", ["analyst", "local_analyst", "requester",
                                     "fgr_investigator", "admin"])
def test_export_and_communities_hold_only_visible_nodes(api: Any, tiny: dict[str, int],
                                                        account: str) -> None:
    visible = _visible(tiny, account)
    r = api(account, "/api/v1/graph/export", format="json")
    assert r.status_code == 200
    data = json.loads(r.text)
    assert {n["id"] for n in data["nodes"]} == visible
    assert all({e["source"], e["target"]} <= visible for e in data["edges"])
    graphml = api(account, "/api/v1/graph/export", format="graphml").text
    assert graphml.count("<node ") == len(visible)
    page = api(account, "/api/v1/graph/communities", limit=200, top=50).json()
    members = 0
    for c in page["items"]:
        assert {n["id"] for n in c["central"]} <= visible
        members += c["size"]
        one = api(account, f"/api/v1/graph/communities/{c['id']}", top=200).json()
        assert {n["id"] for n in one["central"]} <= visible
        assert one["size"] == c["size"] == len(one["central"])
    assert members <= len(visible)
    assert api(account, f"/api/v1/graph/communities/{page['total'] + 1}").status_code == 404


def test_names_need_personal_data_and_a_reason_and_are_audited(
        api: Any, tiny: dict[str, int], session_factory: sessionmaker[Session]) -> None:
    u = universe(tiny)
    plain = api("analyst", f"/api/v1/graph/nodes/{u['G1']}/neighbors").text
    assert "Quintero" not in plain and "Purchaser P-1" in plain
    named = api("analyst", f"/api/v1/graph/nodes/{u['G1']}/neighbors",
                reason="case 2024-118 straw purchase")
    assert named.status_code == 200 and "Quintero, Ana" in named.text
    assert api("analyst", f"/api/v1/graph/nodes/{u['G1']}/neighbors",
               reason="abc").status_code == 422
    # the possessor's name is trace personal data: Houston's analyst, not the NTC analyst
    r1 = api("analyst", f"/api/v1/graph/nodes/{u['R1']}/neighbors", reason="case 2024-118")
    assert "Roe" not in r1.text
    r1 = api("local_analyst", f"/api/v1/graph/nodes/{u['R1']}/neighbors",
             reason="case 2024-118")
    assert "Roe, Rick" in r1.text
    for account in ("requester", "fgr_investigator", "admin"):
        r = api(account, f"/api/v1/graph/nodes/{u['G1']}/neighbors", reason="case 2024-118")
        assert r.status_code == 403, account
    with session_factory() as db:
        events = db.scalars(select(AuditEvent).where(AuditEvent.object_type == "graph")).all()
    by_reason = [e for e in events if e.reason == "case 2024-118 straw purchase"]
    assert by_reason and by_reason[0].username == "analyst"
    assert u["P1"] in (by_reason[0].detail or "")
    assert any(e.reason is None and e.username == "analyst" for e in events)
    assert not any(e.username in ("requester", "fgr_investigator", "admin") for e in events)


@pytest.mark.parametrize("account", ["analyst", "requester", "fgr_investigator"])
def test_pages_follow_the_same_rules(client: TestClient, tiny: dict[str, int],
                                     account: str) -> None:
    r = client.post("/login", data={"username": account, "password": "correct-horse-42"},
                    follow_redirects=False)
    assert r.status_code in (302, 303)
    u = universe(tiny)
    assert client.get("/graph", params={"focus": u["G1"]}).status_code == 200
    visible = _visible(tiny, account)
    for name in ("P1", "T2", "R1", "Roe", "G1"):
        panel = client.get("/graph/panel", params={"node": u[name]})
        assert panel.status_code == 200
        if u[name] in visible:
            assert f'data-node-id>{u[name]}<' in panel.text
        else:
            assert "no such node that you may see" in panel.text
            assert "data-node-id" not in panel.text
    listing = client.get("/graph/communities")
    assert listing.status_code == 200 and "graph-community-list" in listing.text
    hidden = set(u.values()) - visible
    linked = {x.replace("%3A", ":") for x in
              re.findall(r'focus=([^"]+)"', listing.text)}
    assert linked and linked <= visible and not linked & hidden
