"""``simulate_command`` as Typer runs it: options, progress, files, the report."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.testing import CliRunner

from armsflow.simulate import FILES
from armsflow.simulate.cli import simulate_command


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("simulate")(simulate_command)
    app.command("noop")(lambda: None)  # two commands, so "simulate" is a subcommand
    return app


def test_writes_every_file_and_reports(tmp_path: Path) -> None:
    result = CliRunner().invoke(_app(), ["simulate", "--firearms", "3000", "--seed", "9",
                                         "--out", str(tmp_path), "--report"],
                                env={"COLUMNS": "200"})
    assert result.exit_code in (0, 1), result.output  # 1: rows fail at this tiny scale
    assert "Calibration" in result.output and "Mexico recoveries: US-sourced" in result.output
    for name in FILES:
        assert (tmp_path / f"{name}.csv").exists(), name


def test_parquet_and_bad_year(tmp_path: Path) -> None:
    ok = CliRunner().invoke(_app(), ["simulate", "--firearms", "2000", "--format", "parquet",
                                     "--out", str(tmp_path)])
    assert ok.exit_code == 0, ok.output
    assert (tmp_path / "transfers.parquet").exists()
    bad = CliRunner().invoke(_app(), ["simulate", "--year", "1900", "--out", str(tmp_path)])
    assert bad.exit_code == 2 and "year" in bad.output
