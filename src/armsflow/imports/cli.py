"""``armsflow import KIND FILE [--state XX]``: a bulk import with a progress bar.

Exit codes: 0 stored or unchanged, 1 rejected (nothing stored; the first errors are
printed), 2 bad arguments (unknown kind or state).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from armsflow.audit.service import SYSTEM
from armsflow.db.session import make_engine, make_sessionmaker
from armsflow.errors import InvalidInput
from armsflow.imports.kinds import KINDS
from armsflow.imports.report import ImportReport
from armsflow.imports.service import import_file
from armsflow.settings import get_settings

SHOWN_ERRORS = 20


def import_command(
    kind: Annotated[str, typer.Argument(help="One of: " + ", ".join(KINDS) + ".")],
    file: Annotated[
        Path,
        typer.Argument(exists=True, dir_okay=False, readable=True,
                       help="CSV (comma, tab or pipe separated) or Parquet file."),
    ],
    state: Annotated[
        str | None,
        typer.Option("--state", help="Licensee lists without PREMISE_STATE: the state "
                     "their premises are in (e.g. VA)."),
    ] = None,
) -> None:
    """Import FILE as KIND records: every row is stored, or none (docs/formats.md)."""
    console = Console()
    try:
        report = _run(console, kind, file, state)
    except InvalidInput as exc:
        Console(stderr=True).print(f"[red]error:[/red] {exc.message}")
        raise typer.Exit(2) from None
    _print_report(console, report)
    if report.status == "rejected":
        raise typer.Exit(1)


def _run(console: Console, kind: str, file: Path, state: str | None) -> ImportReport:
    settings = get_settings()
    engine = make_engine(settings.resolved_database_url())
    columns = (TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
               TimeElapsedColumn())
    try:
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task(f"{kind}: {file.name}", total=None)

            def advance(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            return import_file(make_sessionmaker(engine), kind, file, actor=SYSTEM,
                               default_state=state, progress=advance, settings=settings)
    finally:
        engine.dispose()


def _print_report(console: Console, report: ImportReport) -> None:
    colour = {"stored": "green", "unchanged": "cyan", "rejected": "red"}[report.status]
    console.print(
        f"[{colour}]{report.status}[/{colour}] {report.filename} (batch {report.batch_id}): "
        f"stored {report.rows_stored} rows, unchanged {report.rows_unchanged}, "
        f"rejected {report.rows_rejected}"
    )
    for note in report.notes:
        console.print(f"  note: {note}")
    if not report.errors:
        return
    table = Table(title="First errors" + (" (more not shown)" if report.errors_truncated
                                          or len(report.errors) > SHOWN_ERRORS else ""))
    for name in ("row", "column", "value", "reason"):
        table.add_column(name, overflow="fold")
    for error in report.errors[:SHOWN_ERRORS]:
        table.add_row(str(error.row), error.column or "", error.value or "", error.reason)
    console.print(table)
