"""World simulator: firearms commerce, trafficking schemes and recoveries with ground truth.

``simulate(SimConfig(...), out)`` writes the registry files in exchange format 1.0 (so
``armsflow import KIND FILE`` takes them as they are), trace requests, agencies, licensed
exports and ``truth/``; ``calibration_rows(out)`` compares a run with the published
figures. See docs/simulator.md.
"""

from armsflow.simulate.calibration import CalibrationRow, calibration_rows
from armsflow.simulate.config import OutputFormat, SimConfig
from armsflow.simulate.engine import SimulationResult, simulate
from armsflow.simulate.layout import FILES, REGISTRY_ORDER

__all__ = [
    "FILES",
    "REGISTRY_ORDER",
    "CalibrationRow",
    "OutputFormat",
    "SimConfig",
    "SimulationResult",
    "calibration_rows",
    "simulate",
]
