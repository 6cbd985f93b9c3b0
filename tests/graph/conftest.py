"""Fixtures of the graph tests: the tiny hand-built registry of graph_world.py."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

sys.path.insert(0, str(Path(__file__).resolve().parent))

import graph_world


@pytest.fixture(autouse=True)
def _fresh_graph_cache() -> Iterator[None]:
    from armsflow.graph import store

    store.forget()
    yield
    store.forget()


@pytest.fixture
def tiny(session_factory: sessionmaker[Session], accounts: dict[str, int]) -> dict[str, int]:
    return graph_world.build(session_factory)
