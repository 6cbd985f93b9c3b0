"""``armsflow cases ...``: import, list, show, escalate. Thin: the same services as the API.

The CLI is the operator's: ``list`` and ``show`` act for one agency (``--agency``), which
sees its own cases and those shared with it, exactly as its users do; reads are audited.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import or_, select

from armsflow.audit.service import Actor, record
from armsflow.cli.context import console, err_console, transaction
from armsflow.settings import get_settings

app = typer.Typer(help="Interagency cases and target deconfliction.", no_args_is_help=True)


def register(root: typer.Typer) -> None:
    """Add this feature's commands to the top-level CLI."""
    root.add_typer(app, name="cases")


def _deliver() -> None:
    from armsflow.cli.context import engine
    from armsflow.db.session import make_sessionmaker
    from armsflow.notify.service import deliver_pending

    eng = engine()
    try:
        sent = deliver_pending(make_sessionmaker(eng), get_settings())
    finally:
        eng.dispose()
    if sent:
        console.print(f"{sent} e-mail sent")


def _agency_id(db, ori: str) -> int:  # type: ignore[no-untyped-def]
    from armsflow.auth.models import Agency

    found = db.scalar(select(Agency.id).where(Agency.ori == ori.strip().upper()))
    if found is None:
        err_console.print(f"[red]error:[/red] no agency with ORI {ori}")
        raise typer.Exit(2)
    return int(found)


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False,
                                         help="CSV or JSON (docs/cases.md)")],
    agency: Annotated[str, typer.Option(help="ORI of the agency the cases belong to")],
    agent: Annotated[str | None, typer.Option(
        help="Default case agent (username in that agency) for rows that name none")] = None,
) -> None:
    """Register cases and identifiers from another case system: all rows or none; every bad
    row is reported with its row, column and reason. Hits are raised at once."""
    from armsflow.auth.models import User
    from armsflow.cases.importer import import_cases
    from armsflow.cases.service import HitRules

    with transaction() as db:
        agency_id = _agency_id(db, agency)
        default_agent = None
        if agent:
            default_agent = db.scalar(select(User.id).where(User.username == agent,
                                                            User.agency_id == agency_id))
            if default_agent is None:
                err_console.print(f"[red]error:[/red] {agent!r} is not a user of {agency}")
                raise typer.Exit(2)
        actor = Actor(user_id=None, username="cli", agency_ori=agency.upper())
        report = import_cases(db, file, agency_id=agency_id, actor=actor,
                              default_agent_id=default_agent,
                              rules=HitRules.from_settings(get_settings()))
        if not report.ok:
            db.rollback()
            for e in report.errors[:200]:
                err_console.print(str(e))
            if len(report.errors) > 200:
                err_console.print(f"... and {len(report.errors) - 200} more")
            err_console.print(f"{len(report.errors)} error(s); nothing was imported")
            raise typer.Exit(2)
    console.print(f"{report.cases} cases, {report.identifiers} identifiers imported; "
                  f"{report.hits} deconfliction hits raised")
    _deliver()


@app.command("list")
def list_(
    agency: Annotated[str, typer.Option(help="ORI: its own cases and those shared with it")],
    status: Annotated[str | None, typer.Option(help="open, suspended or closed")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines")] = False,
) -> None:
    """List the cases an agency sees (no identifiers)."""
    from armsflow.cases.models import Case, CaseShare

    with transaction() as db:
        agency_id = _agency_id(db, agency)
        shared = select(CaseShare.case_id).where(CaseShare.agency_id == agency_id)
        stmt = select(Case).where(or_(Case.agency_id == agency_id, Case.id.in_(shared)))
        if status:
            stmt = stmt.where(Case.status == status)
        for c in db.scalars(stmt.order_by(Case.id)):
            row = {"id": c.id, "case_number": c.case_number, "title": c.title,
                   "lead_agency": c.lead_agency, "status": c.status,
                   "international": c.international, "own": c.agency_id == agency_id}
            if as_json:
                console.print_json(json.dumps(row))
            else:
                console.print(f"{c.id}\t{c.case_number}\t{c.status}\t{c.lead_agency}\t"
                              f"{'own' if row['own'] else 'shared'}\t{c.title}")


@app.command("show")
def show(
    case_id: Annotated[int, typer.Argument(help="Case id (see cases list)")],
    agency: Annotated[str, typer.Option(help="ORI of the agency reading it")],
) -> None:
    """A case with its identifiers, sharing and hits, if the agency may read it (audited)."""
    from armsflow.cases.models import Case, HitParty

    with transaction() as db:
        agency_id = _agency_id(db, agency)
        case = db.get(Case, case_id)
        visible = case is not None and (
            case.agency_id == agency_id or agency_id in {s.agency_id for s in case.shares})
        if case is None or not visible:
            err_console.print(f"[red]error:[/red] no case {case_id} visible to {agency}")
            raise typer.Exit(2)
        record(db, actor=Actor(None, "cli", agency.upper()), action="case.read",
               object_type="case", object_id=case.id)
        console.print(f"[bold]{case.case_number}[/bold] {case.title}")
        console.print(f"lead {case.lead_agency}, {case.status}, "
                      f"{'international, ' if case.international else ''}{case.offense}")
        console.print(f"point of contact: {case.poc_name} {case.poc_phone or ''} "
                      f"{case.poc_email or ''}")
        for i in case.identifiers:
            console.print(f"  {i.kind:<9} {i.display}  [{i.key}]")
        hits = db.scalars(select(HitParty).where(HitParty.case_id == case.id)).all()
        for p in hits:
            console.print(f"  hit {p.hit_id}: {p.hit.kind} {p.hit.match} {p.hit.status}")


@app.command("escalate")
def escalate() -> None:
    """Escalate overdue deconfliction hits to the supervisors of both agencies and send
    queued e-mail (run it from a scheduler, e.g. every 15 minutes)."""
    from armsflow.cases.service import escalate_overdue

    with transaction() as db:
        done = escalate_overdue(db)
    console.print(f"{len(done)} hits escalated")
    _deliver()
