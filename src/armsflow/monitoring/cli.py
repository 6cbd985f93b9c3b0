"""``armsflow monitoring ...``: record the ATF-ICE monitoring activities, print the
compliance figures and gaps, write the gaps report as PDF. Thin: the same services as
the API; run by an operator (recorded as the system in the audit trail)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer

from armsflow.audit.service import SYSTEM
from armsflow.cli.context import err_console, transaction
from armsflow.errors import ArmsFlowError

app = typer.Typer(help="Monitoring of the ATF-ICE agreement (six activities, compliance).",
                  no_args_is_help=True)


def _say(text: str) -> None:
    """Plain lines, never wrapped (the output is read by people and by scripts)."""
    typer.echo(text)


def _fail(exc: Exception) -> None:
    err_console.print(f"[red]error:[/red] {exc}", soft_wrap=True)
    raise typer.Exit(2)


@app.command("record")
def record(
    kind: Annotated[str, typer.Option(help="tecs_check, cms_check, mou_training, "
                                           "midlevel_meeting, foreign_post_meeting or "
                                           "executive_meeting")],
    held_on: Annotated[str, typer.Option("--date", help="Day held, YYYY-MM-DD")],
    title: Annotated[str, typer.Option(help="Title")],
    participant: Annotated[list[str] | None, typer.Option(
        help='"Name,AGENCY" or "Name,AGENCY,absent"; repeat')] = None,
    investigation: Annotated[list[str] | None, typer.Option(
        help='"CASE,AGENCY,coordinated(yes/no),shared(yes/no)"; repeat')] = None,
    location: Annotated[str | None, typer.Option(help="Where")] = None,
) -> None:
    """Record one activity held."""
    from pydantic import ValidationError

    from armsflow.monitoring import service
    from armsflow.monitoring.pages import parse_form

    fields = {"kind": kind, "held_on": held_on, "title": title, "location": location or "",
              "participants": "\n".join(participant or []),
              "investigations": "\n".join(investigation or [])}
    try:
        with transaction() as db:
            row = service.record_activity(db, SYSTEM, parse_form(fields))
            _say(f"activity {row.id} recorded: {row.kind} on {row.held_on}")
    except (ValidationError, ArmsFlowError) as exc:
        _fail(exc)


@app.command("report")
def report(
    since: Annotated[str | None, typer.Option(help="First day (default 1 Jan this year)")]
    = None,
    until: Annotated[str | None, typer.Option(help="Day after the last")] = None,
    pdf: Annotated[Path | None, typer.Option(help="Also write the gaps report PDF here")]
    = None,
    lang: Annotated[str, typer.Option(help="en or es (PDF)")] = "en",
) -> None:
    """Print activities held on schedule vs due, deconfliction figures and gaps."""
    from armsflow.monitoring import labels, service
    from armsflow.monitoring import pdf as pdf_report
    from armsflow.monitoring.endpoints import window
    from armsflow.settings import get_settings

    try:
        start, end = window(date.fromisoformat(since) if since else None,
                            date.fromisoformat(until) if until else None)
        with transaction() as db:
            board = service.build(db, start, end, today=datetime.now(UTC).date(),
                                  schedule_text=get_settings().monitoring_schedule)
    except (ArmsFlowError, ValueError) as exc:
        _fail(exc)
        return
    _say(f"{start} - {end}: activities held on schedule {board.held} of {board.due}")
    for a in board.activities:
        _say(f"  {a.kind} ({a.every}): held {len(a.held)} of {a.due}"
                      + (f"; missed {', '.join(a.missed)}" if a.missed else ""))
    c = board.conflicts
    _say(f"event conflicts: {c.detected} detected, {c.unresolved} unresolved")
    if board.hits:
        h = board.hits
        _say(f"target hits: {h.raised} raised, {h.acknowledged_in_time} acknowledged "
                      f"in time, {h.late} late, {h.unresolved} unresolved")
    i = board.investigations
    _say(f"international investigations: {i.found} found, {i.coordinated} "
                  f"coordinated, {i.shared} with information shared")
    for code, detail in board.gaps:
        _say(f"gap: {labels.gap_text(lambda m: m, code, detail)}")
    if pdf:
        pdf.write_bytes(pdf_report.gaps_pdf(board, lang=lang))
        _say(f"written {pdf}")


def register(root: typer.Typer) -> None:
    """Add this feature's commands to the top-level CLI."""
    root.add_typer(app, name="monitoring")
