"""``armsflow graph ...``: build (sizes, timings, communities) and export (GraphML, JSON).
Thin: both call the same services as the API."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import select

from armsflow.audit.service import SYSTEM
from armsflow.cli.context import console, err_console, transaction
from armsflow.errors import ArmsFlowError

app = typer.Typer(help="Link analysis: build the graph, export it.", no_args_is_help=True)


@app.command("build")
def build() -> None:
    """Build the graph and detect communities; print sizes and timings."""
    from armsflow.graph import service, store
    from armsflow.graph.export import everything

    with transaction() as db:
        started = time.perf_counter()
        built = store.build(db)
        state = built.view(everything(db))
        found = time.perf_counter()
        comm = state.community(built.graph, service.options())
        done = time.perf_counter()
    g = built.graph
    console.print(f"{g.n_nodes} nodes, {g.n_edges} links; built in {found - started:.1f} s, "
                  f"{int(comm.max(initial=0))} communities in {done - found:.1f} s")


@app.command("export")
def export_cmd(
    format: Annotated[str, typer.Option("--format", help="graphml or json")] = "graphml",
    out: Annotated[Path | None, typer.Option(help="File to write (default: stdout)")] = None,
    user: Annotated[str | None, typer.Option(
        help="Export what this user may see (default: every record, as the operator)")] = None,
    focus: Annotated[str | None, typer.Option(help="Only around this node (needs --user)")
                     ] = None,
    depth: Annotated[int, typer.Option(help="Links from --focus", min=1, max=3)] = 2,
    community: Annotated[int | None, typer.Option(help="Only this community", min=1)] = None,
    limit: Annotated[int, typer.Option(help="Refuse selections larger than this", min=1)
                     ] = 5_000_000,
) -> None:
    """Export the graph as GraphML or JSON (people and addresses by id only; audited)."""
    from armsflow.auth import service as auth
    from armsflow.auth.models import User
    from armsflow.graph import export

    if format not in ("graphml", "json"):
        err_console.print(f"--format: {format!r} is not graphml or json")
        raise typer.Exit(2)
    with transaction() as db:
        principal = None
        if user is not None:
            found = db.scalars(select(User).where(User.username == user)).first()
            if found is None:
                err_console.print(f"--user: no user {user!r}")
                raise typer.Exit(2)
            principal = auth.principal_of(found)
        try:
            chunks = export.export(db, principal, principal.actor if principal else SYSTEM,
                                   format, focus=focus, depth=depth,  # type: ignore[arg-type]
                                   community=community, limit=limit)
            sink = out.open("w", encoding="utf-8") if out else sys.stdout
            try:
                for chunk in chunks:
                    sink.write(chunk)
            finally:
                if out:
                    sink.close()
        except ArmsFlowError as exc:
            err_console.print(exc.message)
            raise typer.Exit(2) from None
    if out:
        console.print(f"wrote {out}")


def register(root: typer.Typer) -> None:
    """Add ``armsflow graph ...`` to the top-level CLI."""
    root.add_typer(app, name="graph")
