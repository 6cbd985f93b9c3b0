"""``armsflow trace ...``: submit, run, show, search, export, escalate, load-exports.
Thin: every command calls the same services as the API."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from armsflow.audit.service import SYSTEM
from armsflow.cli.context import console, err_console, transaction
from armsflow.settings import get_settings

app = typer.Typer(help="Firearm traces: submit, resolve, show, search, export.",
                  no_args_is_help=True)


def _errors(errors: list) -> None:  # type: ignore[type-arg]
    for e in errors[:50]:
        err_console.print(f"row {e.row}, {e.column or '-'}: {e.reason}")
    if len(errors) > 50:
        err_console.print(f"... and {len(errors) - 50} more")
    raise typer.Exit(2)


@app.command("submit")
def submit(file: Annotated[Path, typer.Argument(exists=True, dir_okay=False)]) -> None:
    """Submit a bulk file of trace requests (CSV, Parquet or JSON): all rows or none."""
    from armsflow.tracing import service
    from armsflow.tracing.bulk import read_file

    parsed = read_file(file)
    if parsed.errors:
        _errors(parsed.errors)
    with transaction() as db:
        report = service.submit(db, parsed.drafts, actor="cli")
        if not report.ok:
            db.rollback()
            _errors(report.errors)
    console.print(f"{report.stored} stored, {report.unchanged} unchanged, "
                  f"{report.duplicates} flagged as duplicates")


@app.command("run")
def run(
    workers: Annotated[int | None, typer.Option(
        min=1, help="Worker processes (default: 1 on SQLite, one per core up to 4 on "
        "PostgreSQL)")] = None,
    batch: Annotated[int, typer.Option(help="Traces claimed per transaction")] = 2000,
    lease_seconds: Annotated[int, typer.Option(help="Claim lease")] = 120,
) -> None:
    """Resolve every pending trace (resumes after a crash; overdue records requests are
    escalated first)."""
    from armsflow.tracing.worker import RunOptions, default_workers
    from armsflow.tracing.worker import run as run_all

    settings = get_settings()
    url = settings.resolved_database_url()
    done = run_all(url, workers=workers or default_workers(url),
                   options=RunOptions(batch=batch, secret=settings.resolved_secret_key(),
                                      lease_seconds=lease_seconds))
    console.print(f"{done} traces resolved")


@app.command("show")
def show(ref: Annotated[str, typer.Argument(help="request_ref (or trace id)")]) -> None:
    """Show one trace's result and custody chain (operator view, audited)."""
    from sqlalchemy import or_, select

    from armsflow.auth.models import Agency
    from armsflow.tracing.models import Trace
    from armsflow.tracing.reads import to_read

    with transaction() as db:
        cond = Trace.request_ref == ref
        if ref.isdigit():
            cond = or_(cond, Trace.id == int(ref))
        row = db.execute(select(Trace, Agency.ori).join(Agency, Agency.id == Trace.agency_id)
                         .where(cond)).first()
        if row is None:
            err_console.print(f"no trace {ref}")
            raise typer.Exit(1)
        from armsflow.audit.service import record

        record(db, actor=SYSTEM, action="read_personal", object_type="trace",
               object_id=row[0].id, reason="armsflow trace show")
        console.print_json(to_read(db, row[0], row[1], True).model_dump_json())


@app.command("search")
def search(
    serial: Annotated[str, typer.Option(help="Serial pattern: ? one unknown, * any run")],
    manufacturer: Annotated[str | None, typer.Option(help="Manufacturer")] = None,
    model: Annotated[str | None, typer.Option(help="Model")] = None,
    caliber: Annotated[str | None, typer.Option(help="Caliber")] = None,
) -> None:
    """Damaged-serial search: ranked candidates with the reason each matches."""
    from armsflow.tracing.reads import search_serial_unchecked

    with transaction() as db:
        for c in search_serial_unchecked(db, serial, manufacturer=manufacturer, model=model,
                                         caliber=caliber):
            console.print(f"{c.score:.2f}\t{c.serial}\t{c.manufacturer}\t{c.model or ''}\t"
                          f"{c.caliber or ''}\t{c.why}")


@app.command("export")
def export(
    format: Annotated[str, typer.Option("--format", help="csv or json")] = "csv",
    out: Annotated[Path | None, typer.Option(help="Output file (default: stdout)")] = None,
) -> None:
    """Export one row per request (audited)."""
    from armsflow.tracing.reads import EXPORT_COLUMNS, export_rows

    with transaction() as db:
        rows = export_rows(db, actor=SYSTEM)
    fh = out.open("w", newline="", encoding="utf-8") if out else sys.stdout
    try:
        if format == "json":
            json.dump(rows, fh, default=str, indent=1)
        else:
            writer = csv.DictWriter(fh, EXPORT_COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
    finally:
        if out:
            fh.close()


@app.command("escalate")
def escalate() -> None:
    """Escalate records requests past their deadline."""
    from armsflow.tracing.records import escalate_overdue

    with transaction() as db:
        console.print(f"{escalate_overdue(db)} records requests escalated")


@app.command("load-exports")
def load_exports_cmd(file: Annotated[Path, typer.Argument(exists=True, dir_okay=False)]
                     ) -> None:
    """Load licensed export records (exports layout) so diverted exports can be traced."""
    from armsflow.tracing.exports import load_exports

    with transaction() as db:
        n, errors = load_exports(db, file)
        if errors:
            db.rollback()
            _errors(errors)
    console.print(f"{n} export records read")
