"""What every command needs: settings, an engine, a unit of work, and a console."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from armsflow.db.session import make_engine, make_sessionmaker, unit_of_work
from armsflow.settings import get_settings

console = Console()
err_console = Console(stderr=True)


def engine() -> Engine:
    return make_engine(get_settings().resolved_database_url())


@contextmanager
def transaction() -> Iterator[Session]:
    eng = engine()
    try:
        with unit_of_work(make_sessionmaker(eng)) as db:
            yield db
    finally:
        eng.dispose()
