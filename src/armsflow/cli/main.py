"""Entry point: ``armsflow --help``."""

from __future__ import annotations

from typing import Annotated

import typer

from armsflow.audit.service import SYSTEM
from armsflow.auth import service as auth
from armsflow.auth.roles import AgencyKind, Role
from armsflow.cli.context import console, engine, err_console, transaction
from armsflow.errors import ArmsFlowError
from armsflow.types.errors import InvalidValue

app = typer.Typer(help="ArmsFlow: trace crime guns and the trafficking behind them.",
                  no_args_is_help=True, pretty_exceptions_enable=False)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
agencies_app = typer.Typer(help="Agencies (law-enforcement bodies with an ORI).",
                           no_args_is_help=True)
users_app = typer.Typer(help="User accounts and API tokens.", no_args_is_help=True)
demo_app = typer.Typer(help="The demonstration world.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(agencies_app, name="agencies")
app.add_typer(users_app, name="users")
app.add_typer(demo_app, name="demo")


def _fail(exc: Exception) -> None:
    err_console.print(f"[red]error:[/red] {exc}")
    raise typer.Exit(2)


@db_app.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Create or migrate the database to the latest schema."""
    from armsflow.db.migrate import current, upgrade

    eng = engine()
    upgrade(eng, revision)
    console.print(f"database at revision {current(eng)} ({eng.url.render_as_string()})")
    eng.dispose()


@agencies_app.command("create")
def agencies_create(
    ori: Annotated[str, typer.Option(help="9-character NCIC ORI, e.g. TX0570000")],
    name: Annotated[str, typer.Option(help="Agency name")],
    kind: Annotated[AgencyKind, typer.Option(help="Kind of agency")],
    country: Annotated[str, typer.Option(help="ISO country code, e.g. US or MX")],
    state: Annotated[str | None, typer.Option(help="State or Mexican state code")] = None,
) -> None:
    """Register an agency."""
    try:
        with transaction() as db:
            agency = auth.create_agency(db, actor=SYSTEM, ori=ori, name=name, kind=kind.value,
                                        country=country, state=state)
            console.print(f"agency {agency.ori} created: {agency.name} ({agency.kind})")
    except (ArmsFlowError, InvalidValue) as exc:
        _fail(exc)


@agencies_app.command("list")
def agencies_list() -> None:
    """List agencies."""
    with transaction() as db:
        for a in auth.list_agencies(db):
            console.print(f"{a.ori}\t{a.kind}\t{a.country}\t{a.name}")


@users_app.command("create")
def users_create(
    username: Annotated[str, typer.Option(help="Login name")],
    agency: Annotated[str, typer.Option(help="ORI of the user's agency")],
    role: Annotated[list[Role], typer.Option(help="Role; repeat for several")],
    full_name: Annotated[str, typer.Option(help="Full name")] = "",
    email: Annotated[str | None, typer.Option(help="E-mail")] = None,
    language: Annotated[str, typer.Option(help="en or es")] = "en",
    password: Annotated[str, typer.Option(prompt=True, hide_input=True,
                                          confirmation_prompt=True,
                                          envvar="ARMSFLOW_NEW_USER_PASSWORD",
                                          help="Asked for if not given")] = "",
) -> None:
    """Create a user with one or more roles."""
    try:
        with transaction() as db:
            user = auth.create_user(db, actor=SYSTEM, username=username, password=password,
                                    full_name=full_name or username, agency_ori=agency,
                                    roles=[r.value for r in role], email=email,
                                    language=language)
            console.print(f"user {user.username} created in {agency} "
                          f"with roles {', '.join(sorted(user.roles))}")
    except (ArmsFlowError, InvalidValue) as exc:
        _fail(exc)


@users_app.command("token")
def users_token(
    username: Annotated[str, typer.Argument(help="Whose token")],
    name: Annotated[str, typer.Option(help="What the token is for")] = "cli",
    days: Annotated[int, typer.Option(help="Days until it expires")] = 90,
) -> None:
    """Create an API token for a user; it is printed once."""
    from sqlalchemy import select

    from armsflow.auth.models import User

    with transaction() as db:
        user = db.scalar(select(User).where(User.username == username.lower()))
        if user is None:
            _fail(ArmsFlowError(f"no user {username}"))
            return
        _tok, clear = auth.create_api_token(db, actor=SYSTEM, user_id=user.id, name=name,
                                            days=days)
    console.print(clear)


@app.command("serve")
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on")] = None,
    port: Annotated[int | None, typer.Option(help="Port")] = None,
) -> None:
    """Serve the web UI and API."""
    import uvicorn

    from armsflow.settings import get_settings
    from armsflow.web.app import create_app

    settings = get_settings()
    uvicorn.run(create_app(settings), host=host or settings.host, port=port or settings.port,
                log_level=settings.log_level.lower())


@demo_app.command("load")
def demo_load() -> None:
    """Load the demo world (synthetic people only) and print the demo logins."""
    from armsflow.demo.load import load_demo

    load_demo(console)


def _register_import() -> None:
    from armsflow.imports.cli import import_command

    app.command("import", help="Import a file of records: KIND is licensees, transfers, "
                "purchasers, multiple-sales, thefts, imports or nfa.")(import_command)


_register_import()


def _register_simulate() -> None:
    from armsflow.simulate.cli import simulate_command

    app.command("simulate", help="Write a synthetic firearms world with ground truth "
                "(registry files, trace requests, truth/); --report checks calibration.")(
        simulate_command)


_register_simulate()


def _register_trace() -> None:
    from armsflow.tracing.cli import app as trace_app

    app.add_typer(trace_app, name="trace")


_register_trace()


def _register_features() -> None:
    from importlib import import_module

    for feature in ("analytics", "entities", "leads", "graph", "cases", "operations",
                    "monitoring"):
        import_module(f"armsflow.{feature}.cli").register(app)


_register_features()
