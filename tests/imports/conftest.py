"""Fixtures for import tests (data and helpers live in import_fixtures.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_fixtures import Files, Registry
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from armsflow.settings import Settings


@pytest.fixture
def files(tmp_path: Path) -> Files:
    return Files(tmp_path)


@pytest.fixture
def registry(
    session_factory: sessionmaker[Session], engine: Engine, files: Files, tmp_path: Path
) -> Registry:
    """An empty migrated registry on each backend."""
    settings = Settings(data_dir=tmp_path, import_chunk_rows=100)
    return Registry(session_factory, engine, files, settings)


@pytest.fixture
def loaded(registry: Registry) -> Registry:
    """The registry with the fixture licensees and purchasers imported."""
    registry.load_licensees()
    registry.load_purchasers()
    return registry
