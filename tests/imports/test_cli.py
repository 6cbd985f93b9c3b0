"""``armsflow import KIND FILE``: summary line, error table, exit codes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import typer
from import_fixtures import LIC_HEADER, LICENSEES, Files
from sqlalchemy import Engine
from typer.testing import CliRunner

from armsflow.imports.cli import import_command
from armsflow.settings import get_settings


@pytest.fixture
def cli(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[typer.Typer]:
    url = engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("ARMSFLOW_DATABASE_URL", url)
    get_settings.cache_clear()
    app = typer.Typer()
    app.command("import")(import_command)
    yield app
    get_settings.cache_clear()


def test_stored_then_unchanged(cli: typer.Typer, files: Files) -> None:
    path = files.csv("list.tsv", LIC_HEADER, LICENSEES, delimiter="\t")
    first = CliRunner().invoke(cli, ["licensees", str(path)])
    assert first.exit_code == 0, first.output
    assert "stored 6 rows, unchanged 0, rejected 0" in first.output
    second = CliRunner().invoke(cli, ["licensees", str(path)])
    assert second.exit_code == 0
    assert "unchanged" in second.output and "stored 0 rows, unchanged 6" in second.output


def test_rejected_prints_errors_and_exits_1(cli: typer.Typer, files: Files) -> None:
    rows = [list(r) for r in LICENSEES]
    rows[2][3] = "4"
    path = files.csv("list.tsv", LIC_HEADER, rows, delimiter="\t")
    result = CliRunner().invoke(cli, ["licensees", str(path)], terminal_width=200)
    assert result.exit_code == 1
    assert "stored 0 rows, unchanged 0, rejected 1" in result.output
    assert "First errors" in result.output and "lic_type 4: not a licence type" in result.output


def test_bad_arguments_exit_2(cli: typer.Typer, files: Files) -> None:
    path = files.text("x.csv", "type\n1\n")
    result = CliRunner().invoke(cli, ["weapons", str(path)])
    assert result.exit_code == 2
    result = CliRunner().invoke(cli, ["licensees", str(path), "--state", "Atlantis"])
    assert result.exit_code == 2
