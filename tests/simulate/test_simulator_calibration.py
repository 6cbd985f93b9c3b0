"""At a moderate scale the defaults reproduce every published figure within tolerance."""

from __future__ import annotations

from pathlib import Path

import pytest

from armsflow.simulate import OutputFormat, SimConfig, calibration_rows, simulate
from armsflow.simulate.reference import ATF_TABLE

ROWS = {
    "mexico_us_sourced", "mexico_foreign_sourced", "mexico_undetermined", "mexico_long_guns",
    "mexico_top_source_states", "mexico_texas_share", "mexico_foreign_countries",
    "us_ttc_under_1y", "us_ttc_3y_or_less", "us_mean_ttc", "mexico_mean_ttc",
    "us_flows_spearman",
}


@pytest.fixture(scope="module")
def moderate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """800,000 firearms: about 16,000 US and 3,800 Mexico recoveries (a few seconds)."""
    out = tmp_path_factory.mktemp("moderate")
    simulate(SimConfig(firearms=800_000, format=OutputFormat.PARQUET), out)
    return out


def test_every_calibration_row_passes(moderate: Path) -> None:
    rows = calibration_rows(moderate)
    assert {r.key for r in rows} == ROWS
    failed = [(r.figure, r.published, r.simulated, r.tolerance) for r in rows if not r.passed]
    assert not failed
    flows = next(r for r in rows if r.key == "us_flows_spearman")
    assert flows.tolerance == "at least 0.80" and flows.value >= 0.80


def test_small_worlds_are_held_to_the_sampling_floor_only() -> None:
    import numpy as np

    from armsflow.simulate.calibration import flow_threshold

    ref = np.array([500.0, 300, 120, 80, 60, 40, 30, 20, 10, 5])
    pairs = np.arange(len(ref))
    assert flow_threshold(ref, pairs, 100_000) == 0.80
    assert flow_threshold(ref, pairs, 30) < 0.80


def test_flows_follow_the_atf_table_when_it_is_there(moderate: Path) -> None:
    row = next(r for r in calibration_rows(moderate) if r.key == "us_flows_spearman")
    assert ("ATF" in row.figure) == ATF_TABLE.exists()
    assert "2022" in row.figure


def test_without_the_atf_file_a_built_in_table_is_used_and_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from armsflow.simulate import reference

    monkeypatch.setattr(reference, "ATF_TABLE", tmp_path / "absent.csv")
    result = simulate(SimConfig(firearms=20_000), tmp_path / "world")
    assert result.reference_origin == "builtin"
    row = next(r for r in calibration_rows(tmp_path / "world") if r.key == "us_flows_spearman")
    assert "built-in" in row.figure
