"""``armsflow operations|joint-ops|monitoring``: plan with a conflict, list, conflicts,
cancel; import, summary and export of joint operations; record and report activities."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from sqlalchemy import Engine
from typer.testing import CliRunner

from armsflow.settings import get_settings


@pytest.fixture
def cli(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[typer.Typer]:
    from armsflow.monitoring.cli import register as register_monitoring
    from armsflow.operations.cli import register as register_operations

    monkeypatch.setenv("ARMSFLOW_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    app = typer.Typer()
    register_operations(app)
    register_monitoring(app)
    yield app
    get_settings.cache_clear()


def _run(app: typer.Typer, *args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def _plan(app: typer.Typer, user: str, ref: str, phone: str) -> Any:
    return _run(app, "operations", "plan", "--user", user, "--reference", ref, "--kind",
                "surveillance", "--lat", "32.2226", "--lon", "-110.9747", "--radius", "800",
                "--timezone", "America/Phoenix", "--start", "2026-03-08T01:00",
                "--end", "2026-03-08T05:00", "--phone", phone)


def test_plan_conflict_list_cancel(cli: typer.Typer, ops_accounts: dict[str, int]) -> None:
    """Arizona keeps no daylight saving: the US spring-forward night changes nothing there."""
    first = _plan(cli, "investigator", "ATF-TUC-1", "+1 520 555 0101")
    assert first.exit_code == 0, first.output
    assert "0 conflict(s)" in first.output
    second = _plan(cli, "hsi_agent", "HSI-TUC-2", "+1 520 555 0202")
    assert "1 conflict(s)" in second.output and "+1 520 555 0101" in second.output
    listed = _run(cli, "operations", "list", "--user", "hsi_agent")
    assert "HSI-TUC-2" in listed.output and "ATF-TUC-1" not in listed.output
    assert "2026-03-08 01:00 MST" in listed.output
    conflicts = _run(cli, "operations", "conflicts", "--user", "investigator", "--open")
    assert "+1 520 555 0202" in conflicts.output and "HSI-TUC-2" not in conflicts.output
    op_id = listed.output.split("\t")[0].strip()
    assert _run(cli, "operations", "cancel", "--user", "hsi_agent", op_id).exit_code == 0
    assert _run(cli, "operations", "conflicts", "--user", "investigator",
                "--open").output.strip() == ""
    bad = _run(cli, "operations", "plan", "--user", "investigator", "--reference", "X",
               "--kind", "raid", "--lat", "0", "--lon", "0", "--radius", "1", "--timezone",
               "UTC", "--start", "2026-01-01T00:00", "--end", "2026-01-01T01:00",
               "--phone", "123")
    assert bad.exit_code == 2 and "kind" in bad.output
    assert _run(cli, "operations", "list", "--user", "nobody").exit_code == 2


def test_joint_ops_commands(cli: typer.Typer, engine: Engine, tmp_path: Path) -> None:
    assert _run(cli, "joint-ops", "load-deliverance").exit_code == 0
    summary = _run(cli, "joint-ops", "summary", "Project Deliverance")
    assert "arrests: 2,266" in summary.output and "day 2010-06-09: arrests 429" in summary.output
    out = tmp_path / "pd.xlsx"
    assert _run(cli, "joint-ops", "export", "Project Deliverance", "--out", str(out)).exit_code == 0
    assert out.read_bytes()[:2] == b"PK"
    tallies = tmp_path / "t.csv"
    tallies.write_text("period,date,state,metric,drug,quantity,unit\n"
                       "day,2024-05-01,NM,arrests,,3,\n")
    done = _run(cli, "joint-ops", "import", str(tallies), "--name", "Op Mesa", "--lead", "ATF",
                "--agency", "HSI", "--started", "2024-05-01")
    assert done.exit_code == 0 and "1 figures stored" in done.output
    tallies.write_text("period,date,state,metric,drug,quantity,unit\n"
                       "day,2024-05-01,Nowhere,arrests,,3,\n")
    bad = _run(cli, "joint-ops", "import", str(tallies), "--name", "Op Mesa", "--lead", "ATF")
    assert bad.exit_code == 2 and "row 2, state" in bad.output


def test_monitoring_record_and_report(cli: typer.Typer, tmp_path: Path) -> None:
    ok = _run(cli, "monitoring", "record", "--kind", "foreign_post_meeting", "--date",
              "2025-02-11", "--title", "Post meeting", "--participant", "Ann,ATF",
              "--participant", "Ian,HSI")
    assert ok.exit_code == 0, ok.output
    check = _run(cli, "monitoring", "record", "--kind", "tecs_check", "--date", "2025-02-12",
                 "--title", "TECS", "--investigation", "T-1,ICE,no,no")
    assert check.exit_code == 0, check.output
    report = _run(cli, "monitoring", "report", "--since", "2025-01-01", "--until",
                  "2026-01-01")
    assert report.exit_code == 0, report.output
    assert "foreign_post_meeting (quarterly): held 1 of 4" in report.output
    assert "International firearms investigation T-1 not coordinated" in report.output
    bad = _run(cli, "monitoring", "record", "--kind", "picnic", "--date", "2025-02-11",
               "--title", "x")
    assert bad.exit_code == 2
