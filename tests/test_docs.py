"""Documentation checked by tests: every setting and every CLI command is documented."""

from __future__ import annotations

import re
from pathlib import Path

from armsflow.settings import Settings

DOCS = Path(__file__).resolve().parents[1] / "docs"
README = Path(__file__).resolve().parents[1] / "README.md"


def _documented_settings() -> set[str]:
    text = (DOCS / "configuration.md").read_text()
    main = text.split("## Test and CI variables")[0]
    return set(re.findall(r"^\| `ARMSFLOW_([A-Z_]+)` \|", main, flags=re.M))


def test_every_setting_is_documented() -> None:
    fields = {name.upper() for name in Settings.model_fields}
    documented = _documented_settings()
    assert fields - documented == set(), "settings missing from docs/configuration.md"
    assert documented - fields == set(), "docs/configuration.md names unknown settings"


def test_readme_opens_with_the_two_commands() -> None:
    text = README.read_text()
    quick = text[: text.index("##", text.index("Quick start") + 1)]
    assert "make run" in quick and "make test" in quick


def _commands(app, prefix: str = "") -> set[str]:  # type: ignore[no-untyped-def]
    import typer.main

    click_cmd = typer.main.get_command(app)
    names: set[str] = set()

    def walk(cmd, path: str) -> None:  # type: ignore[no-untyped-def]
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in subs.items():
                walk(sub, f"{path} {name}".strip())
        else:
            names.add(path)

    walk(click_cmd, prefix)
    return names


def test_every_cli_command_is_documented() -> None:
    from armsflow.cli.main import app

    text = (DOCS / "cli.md").read_text()
    documented = set(re.findall(r"^\| `armsflow ([a-z -]+?)(?: [A-Z\[-]|`)", text, flags=re.M))
    documented = {d.strip() for d in documented}
    assert _commands(app) == documented


def test_every_cli_command_has_help() -> None:
    from typer.testing import CliRunner

    from armsflow.cli.main import app

    runner = CliRunner()
    for command in sorted(_commands(app)):
        result = runner.invoke(app, [*command.split(), "--help"])
        assert result.exit_code == 0, command
        assert "Usage" in result.output
