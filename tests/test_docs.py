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
