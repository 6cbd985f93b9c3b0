"""A small simulated world, written once per session; tests/tracing/world.py loads it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from armsflow.simulate import SimConfig, simulate

sys.path.insert(0, str(Path(__file__).resolve().parent))

SMALL = SimConfig(firearms=20_000, seed=3)


@pytest.fixture(scope="session")
def sim_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("traceworld")
    simulate(SMALL, out)
    return out
