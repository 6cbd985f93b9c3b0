"""The import kinds, in the order a registry is best loaded."""

from __future__ import annotations

from armsflow.imports import imports_nfa, licensees, purchasers, sales_thefts, transfers
from armsflow.imports.spec import KindSpec

KINDS: dict[str, KindSpec] = {
    spec.name: spec
    for spec in (
        licensees.SPEC,
        purchasers.SPEC,
        transfers.SPEC,
        sales_thefts.MULTIPLE_SALES,
        sales_thefts.THEFTS,
        imports_nfa.IMPORTS,
        imports_nfa.NFA,
    )
}
"""Every kind's one declaration of its columns (docs/formats.md is checked against it)."""
