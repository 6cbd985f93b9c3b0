"""Neighbour filters (node kinds, link dates, limit), subgraph depth, bad node ids."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

DEALER = "licensee:9-86-00002"


def _get(client: TestClient, token: str, path: str, **params: Any) -> Any:
    return client.get(path, params=params, headers={"Authorization": f"Bearer {token}"})


def test_kinds_dates_limit_and_depth(client: TestClient, token_for: Any,
                                     tiny: dict[str, int]) -> None:
    tok = token_for("local_analyst")
    every = _get(client, tok, f"/api/v1/graph/nodes/{DEALER}/neighbors").json()
    kinds = {n["kind"] for n in every["nodes"] if n["id"] != DEALER}
    assert kinds == {"firearm", "phone", "trace"}
    only = _get(client, tok, f"/api/v1/graph/nodes/{DEALER}/neighbors", kinds="trace").json()
    assert {n["id"] for n in only["nodes"]} == {
        DEALER, *(f"trace:{tiny[t]}" for t in ("T1", "T2", "T3"))}
    # traces' source links are dated 2023: a window ending in 2022 leaves them out
    before = _get(client, tok, f"/api/v1/graph/nodes/{DEALER}/neighbors",
                  until="2022-12-31").json()
    assert not any(n["kind"] == "trace" for n in before["nodes"])
    assert all(e["date"] is None or e["date"] <= "2022-12-31" for e in before["edges"])
    after = _get(client, tok, f"/api/v1/graph/nodes/{DEALER}/neighbors",
                 since="2023-03-01").json()
    assert {n["id"] for n in after["nodes"] if n["kind"] == "trace"} == {f"trace:{tiny['T2']}"}
    one = _get(client, tok, f"/api/v1/graph/nodes/{DEALER}/neighbors", limit=2).json()
    assert len(one["nodes"]) == 3 and one["truncated"] is True
    assert every["truncated"] is False
    near = _get(client, tok, f"/api/v1/graph/nodes/firearm:{tiny['G4']}/subgraph",
                depth=1).json()
    far = _get(client, tok, f"/api/v1/graph/nodes/firearm:{tiny['G4']}/subgraph",
               depth=3).json()
    assert {n["id"] for n in near["nodes"]} < {n["id"] for n in far["nodes"]}
    assert f"firearm:{tiny['G1']}" in {n["id"] for n in far["nodes"]}


def test_bad_input_is_named(client: TestClient, token_for: Any, tiny: dict[str, int]) -> None:
    tok = token_for("analyst")
    r = _get(client, tok, "/api/v1/graph/nodes/gun:12/neighbors")
    assert r.status_code == 422 and r.json()["error"]["field"] == "node"
    r = _get(client, tok, "/api/v1/graph/nodes/address:XYZ/neighbors")
    assert r.status_code == 422 and "malformed key" in r.json()["error"]["message"]
    r = _get(client, tok, f"/api/v1/graph/nodes/{DEALER}/neighbors", kinds="firearm,boat")
    assert r.status_code == 422 and r.json()["error"]["field"] == "kinds"
    # the same licensee by full FFL number and by row id
    by_ffl = _get(client, tok, "/api/v1/graph/nodes/licensee:9-86-013-01-7F-00002")
    by_id = _get(client, tok, f"/api/v1/graph/nodes/licensee:{tiny['D']}")
    assert by_ffl.json()["id"] == by_id.json()["id"] == DEALER
