"""Command line of the entities feature: ``register(app)`` adds its commands to ``armsflow``."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this feature's commands to the top-level CLI."""
