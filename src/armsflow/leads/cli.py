"""``armsflow leads ...``: compute (score and store leads) and evaluate (against the
simulator's ground truth). Thin: both call the same services as the app."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from armsflow.cli.context import console, err_console, transaction

app = typer.Typer(help="Trafficking leads: compute and evaluate.", no_args_is_help=True)

RulesOption = Annotated[Path | None, typer.Option(
    "--rules", exists=True, dir_okay=False,
    help="Rules file (TOML); default ARMSFLOW_LEADS_RULES or the packaged rules.toml")]


def _rules(path: Path | None):  # type: ignore[no-untyped-def]
    from armsflow.leads.rules import RulesError, load_rules
    from armsflow.leads.service import current_rules

    try:
        return load_rules(path) if path else current_rules()
    except RulesError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc


@app.command("compute")
def compute(
    rules: RulesOption = None,
    networks: Annotated[str, typer.Option(
        help="Group purchasers into networks by the leads' own links (own) or by the "
             "link-analysis graph's communities (graph)")] = "own",
) -> None:
    """Score purchasers, dealers and networks from traces, registry transfers,
    multiple-sale and theft reports, and store the leads (dispositions are kept)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

    from armsflow.leads.store import compute_and_store

    if networks not in ("own", "graph"):
        err_console.print(f"--networks: {networks!r} is not own or graph")
        raise typer.Exit(2)
    ruleset = _rules(rules)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=console) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(step, total=total)
            bar.update(tasks[step], completed=done, total=total)

        with transaction() as db:
            report = compute_and_store(db, ruleset, actor="cli", progress=progress,
                                       networks_from=networks)
    console.print(f"run {report.run_id}: {report.traces} traces read; "
                  f"{report.purchasers} purchaser, {report.dealers} dealer and "
                  f"{report.networks} network leads; {report.high} high priority")


@app.command("evaluate")
def evaluate(
    truth: Annotated[Path, typer.Option("--truth", exists=True, file_okay=False,
                                        help="Simulator output folder (or its truth/)")],
    rules: RulesOption = None,
    check: Annotated[bool, typer.Option(help="Exit 1 when the issue's targets are missed")]
    = False,
) -> None:
    """Precision, recall and precision at k of the leads against the simulator's truth
    (straw rings, corrupt dealers, other schemes), beside the 3-year time-to-crime
    baseline. Stored leads, or leads computed in memory with --rules."""
    from rich.table import Table

    from armsflow.leads import evaluate as ev
    from armsflow.leads.harness import evaluate_db

    ruleset = _rules(rules) if rules else None
    try:
        with transaction() as db:
            rows = evaluate_db(db, truth, ruleset)
    except ValueError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    lines = ev.table(rows)
    out = Table(title="Leads against the ground truth (high priority; baseline: any trace "
                      "under 3 years' time-to-crime)")
    out.add_column("")
    for line in lines[1:]:
        out.add_column(line[0], justify="right")
    for i, name in enumerate(lines[0][1:], start=1):
        out.add_row(name, *(line[i] for line in lines[1:]))
    console.print(out)
    missed = ev.misses(rows)
    for m in missed:
        console.print(f"target missed: {m}")
    if not missed:
        console.print("targets met: precision >= 0.8, recall >= 0.9, lift >= 2 "
                      "(straw rings, corrupt dealers)")
    if check and missed:
        raise typer.Exit(1)


def register(root: typer.Typer) -> None:
    """Add this feature's commands to the top-level CLI."""
    root.add_typer(app, name="leads")
