"""Fixtures of the analytics tests: a simulated world traced into the database and exported,
and one Spark session per test run.

Spark tests are marked ``spark``. They skip, saying why, when Java is absent, and fail
instead when ``ARMSFLOW_REQUIRE_SPARK=1`` (CI sets it)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from armsflow.simulate import SimConfig, simulate

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tracing"))

WORLD = SimConfig(firearms=20_000, seed=1)
"""Seed 1: no trace falls in tracing's documented too_old ambiguity (docs/tracing.md), so
reports and ground truth agree exactly."""
REQUIRE_SPARK = os.environ.get("ARMSFLOW_REQUIRE_SPARK") == "1"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "spark: needs Java and PySpark (local mode)")


@pytest.fixture(scope="session")
def analytics_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("analyticsworld")
    simulate(WORLD, out)
    return out


def _java_problem() -> str | None:
    java = shutil.which("java")
    if java is None and not os.environ.get("JAVA_HOME"):
        return "no java on PATH and JAVA_HOME unset"
    try:
        subprocess.run([java or "java", "-version"], capture_output=True, check=True,  # noqa: S603
                       timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"java does not run: {exc}"
    return None


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One local[2] Spark session for the whole run (SPARK_LOCAL_IP=127.0.0.1)."""
    problem = _java_problem()
    if problem:
        if REQUIRE_SPARK:
            pytest.fail(f"Spark is required (ARMSFLOW_REQUIRE_SPARK=1): {problem}")
        pytest.skip(f"Spark tests skipped: {problem}")
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    from armsflow.analytics.engines import spark_session

    session = spark_session("local[2]")
    yield session
    session.stop()
