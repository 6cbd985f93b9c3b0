"""``armsflow entities ...``: load, resolve, judge, show. Thin: the same services as the API."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from armsflow.audit.service import Actor
from armsflow.cli.context import console, err_console, transaction
from armsflow.entities import service
from armsflow.entities.model import DEFAULT_THRESHOLD
from armsflow.errors import ArmsFlowError

app = typer.Typer(help="Entity resolution: the same person across sources.",
                  no_args_is_help=True)
FIELDS = ("source", "source_ref", "last_name", "first_name", "middle_name", "dob", "sex",
          "street", "city", "state", "zip", "phone")


def _operator(username: str) -> Actor:
    return Actor(user_id=None, username=username, agency_ori=None)


@app.command("load")
def load(file: Annotated[Path, typer.Argument(exists=True, dir_okay=False,
                                              help="persons.csv layout (docs/entities.md)")]
         ) -> None:
    """Load person records of any source (e.g. the simulator's persons.csv)."""
    with file.open(newline="") as fh:
        reader = csv.DictReader(fh)
        missing = {"source", "source_ref"} - set(reader.fieldnames or ())
        if missing:
            err_console.print(f"{file}: missing columns {', '.join(sorted(missing))}")
            raise typer.Exit(2)
        rows = [{k: (row.get(k) or None) for k in FIELDS} for row in reader]
    try:
        with transaction() as db:
            added = service.load_records(db, service.parse_rows(rows))
    except ArmsFlowError as exc:
        err_console.print(str(exc))
        raise typer.Exit(2) from None
    console.print(f"{added:,} new person records ({len(rows) - added:,} already there)")


@app.command("resolve")
def resolve(
    backend: Annotated[str, typer.Option(help="duckdb (default) or spark")] = "duckdb",
    threshold: Annotated[float, typer.Option(
        min=0.5, max=1.0, help="match probability that links two records")] = DEFAULT_THRESHOLD,
    by: Annotated[str, typer.Option(help="who runs it (audit)")] = "operator",
) -> None:
    """(Re)run entity resolution over every person record; judgements are respected."""
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=console) as bar, transaction() as db:
        task = bar.add_task("starting", total=None)
        summary = service.resolve(db, actor=_operator(by), backend=backend,
                                  threshold=threshold,
                                  step=lambda msg: bar.update(task, description=msg))
        bar.update(task, description="done")
    console.print(f"run {summary.run_id}: {summary.records:,} records, {summary.pairs:,} "
                  f"linked pairs, {summary.entities:,} entities, {summary.judgements} "
                  f"judgements applied ({summary.backend})")


@app.command("judge")
def judge(
    record_a: Annotated[str, typer.Argument(help="SOURCE:REF or a record id")],
    record_b: Annotated[str, typer.Argument(help="SOURCE:REF or a record id")],
    same: Annotated[bool, typer.Option("--same/--different",
                                       help="the same person, or not")],
    reason: Annotated[str, typer.Option(help="why (recorded with the judgement)")],
    by: Annotated[str, typer.Option(help="who judges (audit)")] = "operator",
) -> None:
    """Record that two records are (or are not) the same person; applied at once and in
    every later run."""
    try:
        with transaction() as db:
            j = service.judge(db, actor=_operator(by), a=_key(record_a), b=_key(record_b),
                              same=same, reason=reason)
            console.print(f"judgement {j.id}: records {j.record_a_id} and {j.record_b_id} "
                          f"{'are' if j.same else 'are not'} the same person")
    except ArmsFlowError as exc:
        err_console.print(str(exc))
        raise typer.Exit(2) from None


@app.command("show")
def show(record: Annotated[str, typer.Argument(help="SOURCE:REF or a record id")]) -> None:
    """The entity of a record and its records (personal data: operators only)."""
    with transaction() as db:
        key = _key(record)
        entity = (service.entity_of(db, *key) if isinstance(key, tuple)
                  else service.entity_of_record(db, key))
        if entity is None:
            err_console.print("no entity: unknown record or not resolved yet")
            raise typer.Exit(1)
        console.print(f"entity {entity}")
        for r in service.records_of(db, entity):
            console.print(f"  {r.record_id}  {r.source}:{r.source_ref}  {r.last_name}, "
                          f"{r.first_name}  {r.dob or '-'}  {r.street or '-'} {r.zip or ''}"
                          f"  p={r.match_probability:.3f} ({r.placed_by or 'link'})")


def _key(text: str) -> int | tuple[str, str]:
    if text.isdigit():
        return int(text)
    source, sep, ref = text.partition(":")
    if not sep or not source or not ref:
        raise typer.BadParameter(f"{text!r}: give SOURCE:REF (e.g. purchaser:P000000012) "
                                 "or a record id")
    return source, ref


def register(root: typer.Typer) -> None:
    """Add this feature's commands to the top-level CLI."""
    root.add_typer(app, name="entities")
