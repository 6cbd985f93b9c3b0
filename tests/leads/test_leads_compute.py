"""Leads computed from a small simulated world on both databases: the stored leads carry
their evidence and explanation, recomputing keeps ids and dispositions, and the CLI's
compute and evaluate commands work against the same database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from leads_world import load_and_trace  # type: ignore[import-not-found]
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from armsflow.leads import models
from armsflow.leads.rules import load_rules
from armsflow.leads.store import compute_and_store
from armsflow.tracing.models import Trace


def test_compute_store_and_recompute(session_factory: sessionmaker[Session],
                                     small_world: Path) -> None:
    assert load_and_trace(session_factory, small_world) > 100
    rules = load_rules()
    steps: list[str] = []
    with session_factory() as db:
        report = compute_and_store(db, rules, actor="test",
                                   progress=lambda step, done, total: steps.append(step))
        db.commit()
    assert report.purchasers > 0 and report.dealers > 0 and report.high > 0
    assert "storing leads" in steps
    with session_factory() as db:
        leads = db.scalars(select(models.Lead)).all()
        assert len(leads) == report.purchasers + report.dealers + report.networks
        high = [x for x in leads if x.priority == "high" and x.kind == "purchaser"]
        assert high
        for lead in high:
            hits = json.loads(lead.hits_json)
            assert sum(h["points"] for h in hits) == pytest.approx(lead.score)
            assert lead.score >= rules.priorities.high
            refs = [t["trace_id"] for t in json.loads(lead.evidence_json)["traces"]]
            traced = db.scalars(select(Trace.purchaser_id).where(Trace.id.in_(refs))).all()
            assert set(traced) == {int(lead.subject_key)}
        first = {(x.kind, x.subject_key): x.id for x in leads}
        leads[0].status = "dismissed"
        db.commit()
    with session_factory() as db:
        again = compute_and_store(db, rules, actor="test")
        db.commit()
        assert again.run_id != report.run_id
        assert {(x.kind, x.subject_key): x.id for x in db.scalars(select(models.Lead))} == first
        assert db.scalar(select(func.count()).select_from(models.Lead)
                         .where(models.Lead.status == "dismissed")) == 1


def test_cli_compute_and_evaluate(engine: Engine, session_factory: sessionmaker[Session],
                                  small_world: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from armsflow.cli.main import app
    from armsflow.settings import get_settings

    load_and_trace(session_factory, small_world)
    monkeypatch.setenv("ARMSFLOW_DATABASE_URL",
                       engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        early = runner.invoke(app, ["leads", "evaluate", "--truth", str(small_world)])
        assert early.exit_code == 2 and "no leads stored" in early.output
        done = runner.invoke(app, ["leads", "compute"])
        assert done.exit_code == 0, done.output
        assert "high priority" in " ".join(done.output.split())
        table = runner.invoke(app, ["leads", "evaluate", "--truth", str(small_world)])
        assert table.exit_code == 0, table.output
        assert "straw_rings" in table.output and "baseline precision" in table.output
        checked = runner.invoke(app, ["leads", "evaluate", "--truth", str(small_world),
                                      "--check"])  # this world has no corrupt dealer
        assert checked.exit_code == 1
        assert "corrupt_dealers: no member" in " ".join(checked.output.split())
        bad = small_world / "bad-rules.toml"
        bad.write_text("version = 1\n[priorities]\nhigh = 1\nmedium = 2\nlow = 3\n"
                       "[[purchaser]]\nid = \"x\"\nsignal = \"guns_recovered\"\nmin = 1\n"
                       "weight = 1\n")
        refused = runner.invoke(app, ["leads", "compute", "--rules", str(bad)])
        assert refused.exit_code == 2
        assert "high > medium > low" in " ".join(refused.output.split())
    finally:
        get_settings.cache_clear()
