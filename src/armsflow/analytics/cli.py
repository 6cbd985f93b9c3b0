"""Command line of the analytics feature: ``armsflow report``, ``armsflow export-parquet``,
``armsflow release`` and ``armsflow national import``. Thin: the same services as the API."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from armsflow.cli.context import console, engine, err_console, transaction
from armsflow.errors import ArmsFlowError
from armsflow.settings import get_settings

national_app = typer.Typer(help="Published national aggregate tables.", no_args_is_help=True)


def _fail(exc: ArmsFlowError) -> None:
    err_console.print(f"error: {exc.message}")
    raise typer.Exit(2)


def _agency_ids(oris: list[str]) -> list[int]:
    from sqlalchemy import select

    from armsflow.auth.models import Agency

    if not oris:
        return []
    with transaction() as db:
        found = dict(db.execute(select(Agency.ori, Agency.id).where(Agency.ori.in_(oris))).all())
    missing = [o for o in oris if o not in found]
    if missing:
        err_console.print(f"error: unknown agency ORI {', '.join(missing)}")
        raise typer.Exit(2)
    return [found[o] for o in oris]


def report(
    name: Annotated[str, typer.Argument(help="Report name (see docs/analytics.md)")],
    year: Annotated[list[int] | None, typer.Option(help="Recovery year (repeatable)")] = None,
    country: Annotated[list[str] | None, typer.Option(help="Recovery country, ISO alpha-2")
                       ] = None,
    state: Annotated[list[str] | None, typer.Option(help="Recovery state code")] = None,
    agency: Annotated[list[str] | None, typer.Option(help="Requesting agency ORI")] = None,
    firearm_type: Annotated[list[str] | None, typer.Option(
        "--type", help="ATF firearm type: pistol, revolver, rifle, shotgun, derringer, "
        "machine gun, other")] = None,
    format: Annotated[str, typer.Option("--format", help="table, csv or json")] = "table",
    engine_name: Annotated[str | None, typer.Option(
        "--engine", help="duckdb, postgres or spark (default: ARMSFLOW_ANALYTICS_ENGINE)")
    ] = None,
) -> None:
    """Run a report over completed traces (duplicates excluded, by year of recovery)."""
    from armsflow.analytics.reports import REPORTS, Filters, get_report, run_report
    from armsflow.analytics.service import fresh_engine
    from armsflow.db.session import make_sessionmaker

    if format not in ("table", "csv", "json"):
        err_console.print("error: --format must be table, csv or json")
        raise typer.Exit(2)
    if name not in REPORTS:
        err_console.print(f"error: no report {name!r}; reports: {', '.join(REPORTS)}")
        raise typer.Exit(2)
    settings = get_settings()
    try:
        filters = Filters.of(years=year, countries=country, states=state,
                             agency_ids=_agency_ids(agency or []), firearm_types=firearm_type)
        eng = engine()
        try:
            chosen = fresh_engine(make_sessionmaker(eng), settings, engine_name)
            table = run_report(name, filters, chosen)
        finally:
            eng.dispose()
    except ArmsFlowError as exc:
        _fail(exc)
        return
    except ValueError as exc:
        err_console.print(f"error: {exc}")
        raise typer.Exit(2) from None
    rep = get_report(name)
    rows = table.to_pylist()
    if format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(rep.column_names)
        writer.writerows([["" if r[c] is None else r[c] for c in rep.column_names] for r in rows])
        err_console.print(rep.caveat)
    elif format == "json":
        sys.stdout.write(json.dumps({"report": name, "title": rep.title, "caveat": rep.caveat,
                                     "columns": rep.column_names, "rows": rows},
                                    default=str) + "\n")
    else:
        from rich.table import Table

        out = Table(title=rep.title, caption=rep.caveat)
        for c in rep.columns:
            out.add_column(c.name, justify="left" if str(c.type) == "string" else "right")
        for r in rows:
            out.add_row(*("" if r[c] is None else str(r[c]) for c in rep.column_names))
        console.print(out)


def export_parquet_cmd(
    out: Annotated[Path, typer.Argument(help="Output folder (created)")],
    full: Annotated[bool, typer.Option(help="Rewrite everything, not only changed years")
                    ] = False,
) -> None:
    """Export trace facts and national tables to Parquet for DuckDB and Spark
    (incremental: only years with new or re-resolved traces are rewritten)."""
    from armsflow.analytics.export import export_parquet
    from armsflow.db.session import make_sessionmaker

    eng = engine()
    try:
        rep = export_parquet(make_sessionmaker(eng), out, full=full)
    finally:
        eng.dispose()
    kind = "full" if rep.full else "incremental"
    years = ", ".join(map(str, rep.years_written)) or "none"
    console.print(f"{kind} export to {out}: {rep.rows_written} trace rows, years rewritten: "
                  f"{years}" + (f"; national rows: {rep.national_rows}"
                                if rep.national_rows is not None else ""))


def release(
    out: Annotated[Path, typer.Option("--out", help="Output folder (created)")],
    min_cell: Annotated[int | None, typer.Option(
        help="Suppression threshold (default: ARMSFLOW_RELEASE_MIN_CELL)")] = None,
    year: Annotated[list[int] | None, typer.Option(help="Recovery year (repeatable)")] = None,
    engine_name: Annotated[str | None, typer.Option("--engine", help="duckdb, postgres, spark")
                           ] = None,
) -> None:
    """Write public aggregate tables with small-cell and complementary suppression."""
    from armsflow.analytics.release import write_release
    from armsflow.analytics.reports import Filters
    from armsflow.analytics.service import fresh_engine
    from armsflow.db.session import make_sessionmaker

    settings = get_settings()
    k = min_cell or settings.release_min_cell
    if k < 1:
        err_console.print("error: --min-cell must be at least 1")
        raise typer.Exit(2)
    eng = engine()
    try:
        chosen = fresh_engine(make_sessionmaker(eng), settings, engine_name)
        summary = write_release(out, chosen, k, Filters.of(years=year))
    except ArmsFlowError as exc:
        _fail(exc)
        return
    finally:
        eng.dispose()
    for name, c in summary.items():
        console.print(f"{name}: {c['published']} cells published, {c['primary']} suppressed "
                      f"(small), {c['complementary']} complementary")


@national_app.command("import")
def national_import(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False,
                                         help="CSV: source_state,recovery_state,year,n")],
    source: Annotated[str, typer.Option(help="Name of the publication")] = "atf",
) -> None:
    """Import a published source-state x recovery-state x year table (replaces the source)."""
    from armsflow.analytics.national import import_table

    try:
        with transaction() as db:
            rep = import_table(db, file, source=source)
    except ArmsFlowError as exc:
        _fail(exc)
        return
    console.print(f"{rep.rows} cells imported as {source!r}")


def register(app: typer.Typer) -> None:
    """Add this feature's commands to the top-level CLI."""
    app.command("report")(report)
    app.command("export-parquet")(export_parquet_cmd)
    app.command("release")(release)
    app.add_typer(national_app, name="national")
