"""What one caller may see of the graph: a node mask and an edge mask, decided from the
caller's permissions by ``armsflow.auth.policy`` and nothing else.

- Firearms, licensees and licensee phones: READ_REGISTRY (every graph user).
- People and addresses: READ_PERSONAL_DATA (domestic investigators and analysts). A person
  known only as a trace's possessor is shown only through a trace whose personal data the
  caller may read (``may_read_trace_personal_data``). Foreign agencies never see people.
- Traces: ``may_read_trace`` for the trace's agency; a recovery only through such a trace.
- Every edge follows the rule of the record behind it (``model.Guard``) and is shown only
  when both its ends are shown. Degrees, counts and communities are computed on what is
  shown, so nothing hidden leaks as a number.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from armsflow.auth.policy import (
    Permission,
    allowed,
    may_read_trace,
    may_read_trace_personal_data,
)
from armsflow.auth.principal import Principal
from armsflow.graph.ids import Kind
from armsflow.graph.model import EDGE_GUARD, Bools, Graph, Guard


@dataclass(frozen=True)
class View:
    """Everything that decides what a caller sees; callers with equal views see the same."""

    registry: bool
    personal: bool
    trace_agencies: frozenset[int]
    personal_agencies: frozenset[int]


def view_of(principal: Principal, agencies: list[int],
            partners: dict[int, frozenset[int]]) -> View:
    """The caller's view: for every agency with traces, may the caller read them, and their
    personal data? (``partners``: each agency's mutual sharing partners.)"""
    personal = allowed(principal, Permission.READ_PERSONAL_DATA)
    readable = frozenset(a for a in agencies
                         if may_read_trace(principal, a, partners.get(a, frozenset())))
    with_data = frozenset(a for a in readable if personal and may_read_trace_personal_data(
        principal, a, partners.get(a, frozenset())))
    return View(registry=allowed(principal, Permission.READ_REGISTRY), personal=personal,
                trace_agencies=readable, personal_agencies=with_data)


def _agency_mask(values: np.ndarray, agencies: frozenset[int]) -> Bools:
    if not agencies:
        return np.zeros(len(values), bool)
    return np.isin(values, np.fromiter(agencies, np.int32, len(agencies)))


def edge_guard_mask(g: Graph, view: View) -> Bools:
    """Edges whose record the caller may see (before looking at their ends)."""
    guard = np.zeros(16, np.uint8)
    for ek, gd in EDGE_GUARD.items():
        guard[int(ek)] = int(gd)
    eg = guard[g.ekind]
    ok = np.zeros(g.n_edges, bool)
    if view.registry:
        ok |= eg == Guard.REGISTRY
        if view.personal:
            ok |= eg == Guard.PERSONAL
        is_trace = eg == Guard.TRACE
        ok |= is_trace & _agency_mask(g.eagency, view.trace_agencies)
        if view.personal:
            tp = eg == Guard.TRACE_PERSONAL
            ok |= tp & _agency_mask(g.eagency, view.personal_agencies)
    return ok


def masks(g: Graph, view: View) -> tuple[Bools, Bools]:
    """(node mask, edge mask) for the caller."""
    k = g.kind
    node = np.zeros(g.n_nodes, bool)
    if not view.registry:
        return node, np.zeros(g.n_edges, bool)
    ok_edge = edge_guard_mask(g, view)
    node |= (k == Kind.FIREARM) | (k == Kind.LICENSEE) | (k == Kind.PHONE)
    node |= (k == Kind.TRACE) & _agency_mask(g.agency, view.trace_agencies)
    if view.personal:
        node |= (k == Kind.ADDRESS) | ((k == Kind.PERSON) & g.has_record)
    # Recoveries, and people known only from traces, exist for the caller only through an
    # edge it may see.
    touched = np.zeros(g.n_nodes, bool)
    touched[g.src[ok_edge]] = True
    touched[g.dst[ok_edge]] = True
    derived = (k == Kind.RECOVERY) | ((k == Kind.PERSON) & ~g.has_record & view.personal)
    node |= derived & touched
    edge = ok_edge & node[g.src] & node[g.dst]
    return node, edge
