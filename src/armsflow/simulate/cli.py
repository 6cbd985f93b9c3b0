"""``armsflow simulate``: a Typer-ready command around :func:`simulate`.

Registered in the CLI as ``app.command("simulate")(simulate_command)``; thin on purpose:
options in, progress bar, files out, optional calibration report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from armsflow.simulate import reference
from armsflow.simulate.calibration import calibration_rows
from armsflow.simulate.config import (
    DEFAULT_FIREARMS,
    DEFAULT_SEED,
    DEFAULT_YEAR,
    OutputFormat,
    SimConfig,
)
from armsflow.simulate.engine import simulate
from armsflow.simulate.report import calibration_table


def simulate_command(
    firearms: Annotated[int, typer.Option(
        "--firearms", min=1, help="Firearms in the world (30,000,000 gives about 100 "
        "million transfer rows).")] = DEFAULT_FIREARMS,
    seed: Annotated[int, typer.Option(
        "--seed", help="Random seed; the same seed gives byte-identical files.")] = DEFAULT_SEED,
    year: Annotated[int, typer.Option(
        "--year", help="Recovery year; records run to its end. US flows follow the ATF "
        "table for this year (or the nearest year it has).")] = DEFAULT_YEAR,
    out: Annotated[Path, typer.Option(
        "--out", help="Output folder (created); truth/ goes inside it.")] = Path("var/simulated"),
    fmt: Annotated[OutputFormat, typer.Option(
        "--format", help="csv or parquet.")] = OutputFormat.CSV,
    person_records: Annotated[int | None, typer.Option(
        "--person-records", min=0, help="Person records in persons.csv (entity resolution); "
        "default one per four firearms.")] = None,
    report: Annotated[bool, typer.Option(
        "--report", help="Print the calibration table; exit 1 if a row fails.")] = False,
) -> None:
    """Simulate a firearms world (commerce, trafficking, recoveries) with ground truth."""
    console = Console()
    try:
        config = SimConfig(firearms=firearms, seed=seed, year=year, format=fmt,
                           person_records=person_records)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    if not reference.ATF_TABLE.exists():
        console.print(f"[yellow]ATF table not found at {reference.ATF_TABLE}: US flows follow "
                      "a coarse built-in table instead.[/yellow]")
    columns = (TextColumn("simulating"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console) as bar:
        task = bar.add_task("firearms", total=firearms)
        result = simulate(config, out,
                          lambda done, total: bar.update(task, completed=done, total=total))
    for name, rows in result.rows.items():
        console.print(f"  {name}: {rows:,} rows")
    console.print(f"Written to {out} (US flows: {result.reference_origin} table, "
                  f"{result.reference_year}).")
    if report:
        table = calibration_rows(out)
        title = f"Calibration (seed {seed}, {firearms:,} firearms, year {year})"
        console.print(calibration_table(table, title))
        if not all(r.passed for r in table):
            raise typer.Exit(1)
