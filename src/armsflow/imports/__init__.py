"""Bulk import of registry records: streaming, validated, all-or-nothing, idempotent.

Kinds: licensees, purchasers, transfers, multiple-sales, thefts, imports, nfa (see
:data:`KINDS` and docs/formats.md). Formats: CSV (comma, tab or pipe; UTF-8 with or
without BOM, else latin-1) and Parquet.
"""

from armsflow.imports.kinds import KINDS
from armsflow.imports.report import ImportReport, RowError
from armsflow.imports.service import FORMAT_VERSION, import_file
from armsflow.imports.spec import Column, KindSpec

__all__ = ["FORMAT_VERSION", "KINDS", "Column", "ImportReport", "KindSpec", "RowError",
           "import_file"]
