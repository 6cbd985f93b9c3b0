"""``armsflow graph build`` and ``armsflow graph export`` (GraphML read back by networkx,
JSON, audited), and the merge of people through the entity-resolution tables."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import networkx as nx  # type: ignore[import-untyped]
import pytest
import typer
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from armsflow.audit.models import AuditEvent
from armsflow.graph import store
from armsflow.graph.cli import register
from armsflow.settings import get_settings


@pytest.fixture
def cli(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[typer.Typer]:
    monkeypatch.setenv("ARMSFLOW_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    app = typer.Typer()

    @app.callback()
    def root() -> None:
        """armsflow"""

    register(app)
    yield app
    get_settings.cache_clear()


def test_build_prints_sizes(cli: typer.Typer, tiny: dict[str, int]) -> None:
    out = CliRunner().invoke(cli, ["graph", "build"])
    assert out.exit_code == 0, out.output
    assert "21 nodes, 33 links" in out.output


def test_export_graphml_and_json_hold_every_node_and_are_audited(
        cli: typer.Typer, tiny: dict[str, int], tmp_path: Path,
        session_factory: sessionmaker[Session]) -> None:
    path = tmp_path / "g.graphml"
    out = CliRunner().invoke(cli, ["graph", "export", "--format", "graphml", "--out", str(path)])
    assert out.exit_code == 0, out.output
    g = nx.read_graphml(path)
    assert g.number_of_nodes() == 21
    assert g.nodes[f"firearm:{tiny['G1']}"]["kind"] == "firearm"
    assert "Quintero" not in path.read_text()  # people by id only
    out = CliRunner().invoke(cli, ["graph", "export", "--format", "json", "--user", "requester"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    ids = {n["id"] for n in data["nodes"]}
    assert f"trace:{tiny['T1']}" in ids and f"trace:{tiny['T2']}" not in ids
    assert not any(i.startswith(("person:", "address:")) for i in ids)
    bad = CliRunner().invoke(cli, ["graph", "export", "--format", "xml"])
    assert bad.exit_code == 2 and "graphml or json" in bad.output
    with session_factory() as db:
        events = db.scalars(select(AuditEvent).where(AuditEvent.object_type == "graph_export"))
        assert [e.username for e in events] == ["system"]  # the requester's held no people


def test_entities_merge_people_into_one_node(session_factory: sessionmaker[Session],
                                             tiny: dict[str, int]) -> None:
    from armsflow.entities.models import EntityMember, EntityRecord, EntityRun
    from armsflow.graph.export import everything
    from armsflow.graph.ids import Kind

    with session_factory() as db:
        before = store.current(db)
        recs = [EntityRecord(source="purchaser", source_ref="P-1", last_name="Quintero"),
                EntityRecord(source="purchaser", source_ref="P-2", last_name="Quintero"),
                EntityRecord(source="possessor", source_ref=str(tiny["T1"]), last_name="Roe")]
        db.add_all(recs)
        db.flush()
        db.add_all(EntityMember(record_id=r.id, entity_id=recs[0].id, match_probability=0.99)
                   for r in recs)
        db.add(EntityRun(started_by="test", backend="duckdb", threshold=0.9))
        db.commit()
        after = store.current(db)  # the resolution changed: rebuilt
        assert after is not before
        g = after.graph
        one = g.find(Kind.PERSON, tiny["P1"])
        assert one is not None
        assert g.find(Kind.PERSON, tiny["P2"]) == one == g.find(Kind.PERSON, -tiny["T1"])
        state = after.view(everything(db))
        assert int((g.kind[state.node] == Kind.PERSON).sum()) == 3  # {P1,P2,Roe}, P3, Doe
