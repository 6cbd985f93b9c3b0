"""docs/simulator.md documents every output file and column and every parameter."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from armsflow.simulate import FILES
from armsflow.simulate.config import DefectRates, SchemeRates, SimConfig, WorldRates

DOC = (Path(__file__).resolve().parents[2] / "docs" / "simulator.md").read_text()


def test_every_file_and_column_is_documented() -> None:
    for name, (columns, _quoted) in FILES.items():
        assert f"`{name}`" in DOC, name
        missing = [c for c in columns if f"`{c}`" not in DOC]
        assert not missing, (name, missing)


def test_every_parameter_is_documented() -> None:
    for cls in (SimConfig, WorldRates, SchemeRates, DefectRates):
        missing = [f.name for f in fields(cls) if f"`{f.name}`" not in DOC]
        assert not missing, (cls.__name__, missing)
