"""Tables of the graph feature (imported by armsflow.models so that Alembic sees them)."""

from __future__ import annotations
