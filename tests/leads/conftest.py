"""Simulated worlds for the leads tests, written once per session (the simulator is
deterministic), and the helper that loads and traces one (leads_world.py)."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest

from armsflow.simulate import SimConfig, simulate
from armsflow.simulate.config import SchemeRates

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tracing"))

SMALL = SimConfig(firearms=20_000, seed=3)
# The harness world: the simulator's default size (100,000 firearms) with more corrupt
# dealers: at the default share (0.4% of dealers) a world this size has none or one, and a
# category without members cannot be scored; nothing else is changed. Seed 3: at this size
# straw-ring recall varies with the seed (0.89 to 0.95 over seeds 1, 2, 3 and 42;
# BENCHMARKS.md lists them all, including seed 42's 0.89).
HARNESS = dataclasses.replace(SimConfig(seed=3), schemes=SchemeRates(corrupt_dealer_share=0.03))


@pytest.fixture(scope="session")
def small_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("leadsworld")
    simulate(SMALL, out)
    return out


@pytest.fixture(scope="session")
def harness_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("harnessworld")
    simulate(HARNESS, out)
    return out
