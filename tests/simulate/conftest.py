"""A small simulated world, written once per session and shared by the read-only tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from armsflow.simulate import SimConfig, simulate

SMALL = SimConfig(firearms=40_000, seed=11, chunk_firearms=15_000)
"""Three chunks, so everything that must be unique across chunks is checked."""


@pytest.fixture(scope="session")
def small_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("world")
    simulate(SMALL, out)
    return out
