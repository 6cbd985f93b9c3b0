"""``armsflow operations ...`` (planned operations, event deconfliction) and
``armsflow joint-ops ...`` (joint operations and their tallies). Thin: the same services
as the API; commands act as the user named with ``--user`` (their agency and role)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer

from armsflow.audit.service import SYSTEM
from armsflow.cli.context import err_console, transaction
from armsflow.errors import ArmsFlowError

ops_app = typer.Typer(help="Planned operations and event deconfliction.", no_args_is_help=True)
joint_app = typer.Typer(help="Joint operations (e.g. Project Deliverance) and their tallies.",
                        no_args_is_help=True)

User = Annotated[str, typer.Option("--user", help="Act as this user (their agency and role)")]


def _say(text: str) -> None:
    """Plain lines, never wrapped (the output is read by people and by scripts)."""
    typer.echo(text)


def _fail(exc: Exception) -> None:
    err_console.print(f"[red]error:[/red] {exc}", soft_wrap=True)
    raise typer.Exit(2)


def _principal(db, username: str):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from armsflow.auth.models import User as UserRow
    from armsflow.auth.service import principal_of

    user = db.scalar(select(UserRow).where(UserRow.username == username.strip().lower()))
    if user is None or not user.active:
        _fail(ValueError(f"no active user {username!r}"))
    return principal_of(user)


@ops_app.command("plan")
def plan(
    user: User,
    reference: Annotated[str, typer.Option(help="Your reference or code name")],
    kind: Annotated[str, typer.Option(help="search_warrant, controlled_buy, surveillance, "
                                           "arrest or other")],
    lat: Annotated[float, typer.Option(help="Latitude of the centre")],
    lon: Annotated[float, typer.Option(help="Longitude of the centre")],
    radius: Annotated[float, typer.Option(help="Radius in metres (at most 50,000)")],
    timezone: Annotated[str, typer.Option(help="IANA zone of the times, e.g. America/Chicago")],
    start: Annotated[str, typer.Option(help="Local start, e.g. 2025-06-03T06:00")],
    end: Annotated[str, typer.Option(help="Local end")],
    phone: Annotated[str, typer.Option(help="Point-of-contact phone")],
    contact: Annotated[str | None, typer.Option(help="Point of contact (default: the user)")]
    = None,
    email: Annotated[str | None, typer.Option(help="Point-of-contact e-mail")] = None,
    address: Annotated[str | None, typer.Option(help="Street address (a note)")] = None,
) -> None:
    """Plan an operation and report any conflict with other agencies' operations."""
    from pydantic import ValidationError

    from armsflow.operations import service
    from armsflow.operations.schemas import OperationCreate

    try:
        body = OperationCreate.model_validate({
            "reference": reference, "kind": kind, "lat": lat, "lon": lon, "radius_m": radius,
            "timezone": timezone, "starts_at": start, "ends_at": end, "contact_phone": phone,
            "contact_name": contact, "contact_email": email, "address": address})
        with transaction() as db:
            planned = service.plan(db, _principal(db, user), body)
            op_id, found = planned.operation.id, len(planned.conflicts)
            views = [service.view(db, _principal(db, user), c) for c in planned.conflicts]
    except (ValidationError, ArmsFlowError) as exc:
        _fail(exc)
        return
    _deliver()
    _say(f"operation {op_id} planned; {found} conflict(s)")
    for v in views:
        p = v.other_party
        _say(f"  conflict {v.id}: call {p.contact_name} ({p.agency_name}, "
                      f"{p.agency_ori}) {p.contact_phone} {p.contact_email or ''}")


def _deliver() -> None:
    """Send the conflict e-mail queued by the command (when SMTP is configured)."""
    from armsflow.cli.context import engine
    from armsflow.db.session import make_sessionmaker
    from armsflow.notify.service import deliver_pending
    from armsflow.settings import get_settings

    eng = engine()
    try:
        deliver_pending(make_sessionmaker(eng), get_settings())
    finally:
        eng.dispose()


@ops_app.command("list")
def list_(user: User) -> None:
    """List the operations of the user's agency."""
    from armsflow.operations import service

    with transaction() as db:
        for o in service.list_operations(db, _principal(db, user)):
            _say(f"{o.id}\t{o.reference}\t{o.kind}\t{o.status}\t{o.starts_local}\t"
                          f"{o.ends_local}\t{o.lat:.5f},{o.lon:.5f}±{o.radius_m:.0f}m\t"
                          f"conflicts:{o.open_conflicts}")


@ops_app.command("conflicts")
def conflicts(user: User, open_only: Annotated[bool, typer.Option("--open")] = False) -> None:
    """Conflicts involving the user's agency, with the other party's point of contact."""
    from armsflow.operations import service

    with transaction() as db:
        for c in service.conflicts(db, _principal(db, user), open_only=open_only):
            p = c.other_party
            _say(f"{c.id}\t{c.status}\t{c.resolution or ''}\t"
                          f"{c.my_operation_reference}\t{p.agency_ori}\t{p.contact_name}\t"
                          f"{p.contact_phone}\t{p.contact_email or ''}")


@ops_app.command("cancel")
def cancel(user: User, operation_id: Annotated[int, typer.Argument()]) -> None:
    """Cancel an operation of the user's agency (its open conflicts are resolved)."""
    from armsflow.operations import service

    try:
        with transaction() as db:
            service.cancel(db, _principal(db, user), operation_id)
    except ArmsFlowError as exc:
        _fail(exc)
    _say(f"operation {operation_id} cancelled")


# ------------------------------------------------------------------------------ joint ops


def _date(text: str | None) -> date | None:
    return datetime.strptime(text, "%Y-%m-%d").date() if text else None


@joint_app.command("import")
def joint_import(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False)],
    name: Annotated[str, typer.Option(help="Name of the joint operation")],
    lead: Annotated[str, typer.Option(help="Lead agency")],
    agency: Annotated[list[str] | None, typer.Option(help="Participating agency; repeat")]
    = None,
    started: Annotated[str | None, typer.Option(help="First day, YYYY-MM-DD")] = None,
    ended: Annotated[str | None, typer.Option(help="Last day, YYYY-MM-DD")] = None,
    source: Annotated[str | None, typer.Option(help="Where the figures come from")] = None,
) -> None:
    """Create or update a joint operation and load its tally file (docs/operations.md):
    all rows or none; loading the same file again changes nothing."""
    from armsflow.operations import joint_store

    try:
        with transaction() as db:
            op = joint_store.upsert_operation(db, actor=SYSTEM, name=name, lead_agency=lead,
                                              agencies=agency or [], started_on=_date(started),
                                              ended_on=_date(ended), source=source)
            r = joint_store.load_file(db, op, file, actor=SYSTEM)
    except (ArmsFlowError, ValueError) as exc:
        _fail(exc)
        return
    _say(f"{name}: {r.stored} figures stored, {r.changed} changed, "
                  f"{r.unchanged} unchanged")


@joint_app.command("load-deliverance")
def joint_deliverance() -> None:
    """Load Project Deliverance's published tallies (DOMAIN.md §4)."""
    from armsflow.operations import joint_store

    with transaction() as db:
        r = joint_store.load_project_deliverance(db, actor=SYSTEM)
    _say(f"Project Deliverance: {r.stored} figures stored, {r.unchanged} unchanged")


@joint_app.command("summary")
def joint_summary(name: Annotated[str, typer.Argument(help="Joint operation name")]) -> None:
    """Cumulative figures as reported, and the days recorded."""
    from armsflow.operations import joint, joint_store

    try:
        with transaction() as db:
            op = joint_store.by_name(db, name)
            s = joint_store.summary(db, op)
            agencies = joint_store.agencies(db, op)
    except ArmsFlowError as exc:
        _fail(exc)
        return
    _say(f"{name} (lead {op.lead_agency}; {', '.join(agencies)})")
    _say(f"cumulative as of {s.cumulative_as_of or '-'}:")
    for key in s.keys:
        if key in s.cumulative:
            _say(f"  {key}: {joint.display(key, s.cumulative[key])}")
    for day, figs in s.days.items():
        _say(f"day {day}: " + ", ".join(f"{k} {joint.display(k, v)}"
                                                 for k, v in figs.items()))


@joint_app.command("export")
def joint_export(
    name: Annotated[str, typer.Argument(help="Joint operation name")],
    out: Annotated[Path, typer.Option(help="File to write (.csv or .xlsx)")],
) -> None:
    """Export the figures as CSV or XLSX (by the file's suffix)."""
    from armsflow.operations import joint_store

    with transaction() as db:
        op = joint_store.by_name(db, name)
        if out.suffix.lower() == ".xlsx":
            out.write_bytes(joint_store.export_xlsx(db, op))
        else:
            out.write_text(joint_store.export_csv(db, op), encoding="utf-8")
    _say(f"written {out}")


def register(app: typer.Typer) -> None:
    """Add this feature's commands to the top-level CLI."""
    app.add_typer(ops_app, name="operations")
    app.add_typer(joint_app, name="joint-ops")
