"""The calibration table as a Rich table (the CLI prints it; tests read the rows)."""

from __future__ import annotations

from rich.table import Table

from armsflow.simulate.calibration import CalibrationRow


def calibration_table(rows: list[CalibrationRow], title: str) -> Table:
    table = Table(title=title)
    for name, justify in (("figure", "left"), ("published", "right"),
                          ("simulated", "right"), ("tolerance", "right"), ("", "center")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for row in rows:
        verdict = "[green]pass[/green]" if row.passed else "[red]FAIL[/red]"
        table.add_row(row.figure, row.published, row.simulated, row.tolerance, verdict)
    return table
