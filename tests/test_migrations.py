"""Migrations build exactly the schema the models describe, on every backend."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from armsflow.models import Base


def test_models_match_migrations(engine: Engine) -> None:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": False})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []


def test_audit_table_refuses_update_and_delete(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO audit_events (at, username, action, object_type) "
                "VALUES (CURRENT_TIMESTAMP, 'u', 'test', 'thing')"
            )
        )
    for stmt in ("UPDATE audit_events SET username = 'x'", "DELETE FROM audit_events"):
        with (
            pytest.raises(DBAPIError, match="audit records cannot be changed"),
            engine.begin() as conn,
        ):
            conn.execute(text(stmt))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT username FROM audit_events")).scalar_one() == "u"
