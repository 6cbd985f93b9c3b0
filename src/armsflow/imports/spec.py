"""The declaration of an import kind: its columns, what each means and how it is parsed.

:data:`armsflow.imports.KINDS` holds one :class:`KindSpec` per kind. docs/formats.md
documents the same columns, and tests/imports/test_formats_doc.py fails when the two
disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from armsflow.imports.cells import Parser

if TYPE_CHECKING:
    from armsflow.imports.base import KindImporter, RunContext


@dataclass(frozen=True)
class Column:
    """One column of an exchange file.

    ``required``: the header must name it. ``nullable``: its cells may be empty (NULL).
    ``aliases``: other header names accepted for it (e.g. the reduced licensee list's
    ``type`` for ``lic_type``).
    """

    name: str
    parser: Parser
    type: str
    description: str
    example: str = ""
    required: bool = True
    nullable: bool = False
    aliases: tuple[str, ...] = ()

    @property
    def required_label(self) -> str:
        """How docs/formats.md states it: yes / yes, may be empty / no."""
        if not self.required:
            return "no"
        return "yes, may be empty" if self.nullable else "yes"

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class KindSpec:
    """One import kind: ``name`` as the CLI and API spell it, its columns and its importer."""

    name: str
    summary: str
    columns: tuple[Column, ...]
    importer: Callable[[RunContext], KindImporter]

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)
