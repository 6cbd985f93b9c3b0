"""Turning node indices into what a caller is shown: ids, labels, record links (reads the
rows behind the nodes through the repository). Names and addresses appear only when the
caller asked for them with a reason (``names``); the service decides and audits that."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from armsflow.graph import repository as repo
from armsflow.graph.ids import Kind, node_id
from armsflow.graph.labels import N_
from armsflow.graph.model import NO_DAY, EdgeKind, Graph, Ints
from armsflow.graph.schemas import EdgeRead, NodeRead
from armsflow.graph.store import ViewState

EPOCH = date(1970, 1, 1)
Words = Callable[[str], str]


def same(message: str) -> str:
    """English: labels as written."""
    return message


def day_to_date(day: int) -> date | None:
    return None if day == NO_DAY else EPOCH + timedelta(days=int(day))


def node_ids(db: Session, g: Graph, idxs: Sequence[int]) -> dict[int, str]:
    """Node id strings (licensees need their RDS key from the database)."""
    out: dict[int, str] = {}
    lic = [i for i in idxs if g.kind[i] == Kind.LICENSEE]
    keys = repo.licensee_rows(db, [int(g.key[i]) for i in lic]) if lic else {}
    for i in idxs:
        kind, key = Kind(int(g.kind[i])), int(g.key[i])
        if kind == Kind.LICENSEE:
            out[i] = node_id(kind, keys[key][1] if key in keys else f"#{key}")
        elif kind == Kind.PERSON and key < 0:
            out[i] = node_id(kind, f"t{-key}")
        elif kind == Kind.ADDRESS:
            out[i] = node_id(kind, f"{key:012x}")
        else:
            out[i] = node_id(kind, key)
    return out


def _firearm(r: Any) -> str:
    return " ".join(x for x in (r[4], r[2], r[1]) if x)


def _licensee(r: Any) -> str:
    place = ", ".join(x for x in (r[5], r[6]) if x)
    name = r[4] or r[3]
    return f"{name} ({place})" if place else str(name)


def _recovery(r: Any) -> str:
    place = ", ".join(x for x in (r[4], r[5] or r[6]) if x)
    return f"{r[3]} {place}".strip()


def _phone(key: int) -> str:
    s = str(key)
    return f"({s[:3]}) {s[3:6]}-{s[6:]}" if len(s) == 10 else s


def _person(r: Any | None, names: bool, fallback: str, tr: Words) -> str:
    if r is None:
        return fallback
    if not names:
        return tr(N_("Purchaser %(ref)s")) % {"ref": r[1]}
    dob = f" ({r[4]})" if r[4] else ""
    return f"{r[2]}, {r[3]}{dob}"


def _possessor(t: Any | None, names: bool, tr: Words) -> str:
    if t is None:
        return tr(N_("Possessor"))
    if not names or not t[9]:
        return tr(N_("Possessor (trace %(ref)s)")) % {"ref": t[1]}
    dob = f" ({t[11]})" if t[11] else ""
    return f"{t[9]}, {t[10] or ''}{dob}"


def _address(r: Any | None, names: bool, key: int, tr: Words) -> str:
    if r is None or not names:
        return tr(N_("Address %(key)s")) % {"key": f"{key:012x}"}
    return ", ".join(x for x in (r[5], r[6], f"{r[7] or ''} {r[8] or ''}".strip()) if x)


def recovery_trace(g: Graph, state: ViewState, idx: int) -> int | None:
    """A trace the caller may read of this recovery (its page is the recovery's record)."""
    edges = g.edges_of(idx)
    edges = edges[state.edge[edges] & (g.ekind[edges] == EdgeKind.TRACED)]
    if len(edges) == 0:
        return None
    others = g.other(edges, idx)
    return int(g.key[int(others.min())])


def nodes(db: Session, g: Graph, state: ViewState, idxs: Sequence[int], *, names: bool,
          community: np.ndarray | None = None, tr: Words = same) -> list[NodeRead]:
    """Labelled nodes, in the order given."""
    by_kind: dict[Kind, list[int]] = {}
    for i in idxs:
        by_kind.setdefault(Kind(int(g.kind[i])), []).append(int(g.key[i]))
    guns = repo.firearm_rows(db, by_kind.get(Kind.FIREARM, []))
    lics = repo.licensee_rows(db, by_kind.get(Kind.LICENSEE, []))
    rec_traces = {i: recovery_trace(g, state, i) for i in idxs if g.kind[i] == Kind.RECOVERY}
    trace_ids = set(by_kind.get(Kind.TRACE, [])) | {t for t in rec_traces.values() if t}
    trace_ids |= {-k for k in by_kind.get(Kind.PERSON, []) if k < 0}
    traces = repo.trace_rows(db, trace_ids)
    buyers = [int(g.record[i]) for i in idxs
              if g.kind[i] in (Kind.PERSON, Kind.ADDRESS) and g.record[i] >= 0
              and not (g.kind[i] == Kind.PERSON and g.key[i] < 0)]
    people = repo.purchaser_rows(db, buyers)
    ids = node_ids(db, g, idxs)
    out = []
    for i in idxs:
        kind, key = Kind(int(g.kind[i])), int(g.key[i])
        label, url = _label(kind, key, i, g, (guns, lics, traces, people), rec_traces, names,
                            tr)
        out.append(NodeRead(
            id=ids[i], kind=kind.label, label=label, date=day_to_date(int(g.day[i])),
            degree=int(state.degree[i]), url=url,
            community=(int(community[i]) if community is not None and community[i] > 0
                       else None)))
    return out


def _label(kind: Kind, key: int, i: int, g: Graph, rows: tuple[dict[int, Any], ...],
           rec_traces: dict[int, int | None], names: bool, tr: Words) -> tuple[str, str | None]:
    guns, lics, traces, people = rows
    if kind == Kind.FIREARM:
        return (_firearm(guns[key]) if key in guns else str(key)), f"/firearms/{key}"
    if kind == Kind.LICENSEE:
        return (_licensee(lics[key]) if key in lics else str(key)), f"/licensees/{key}"
    if kind == Kind.PHONE:
        return _phone(key), None
    if kind == Kind.TRACE:
        t = traces.get(key)
        return (tr(N_("Trace %(ref)s (%(ori)s)")) % {"ref": t[1], "ori": t[2]} if t
                else str(key)), f"/traces/{key}"
    if kind == Kind.RECOVERY:
        tid = rec_traces.get(i)
        t = traces.get(tid) if tid else None
        label = tr(N_("Recovery %(what)s")) % {"what": _recovery(t)} if t else tr(N_("Recovery"))
        return label, (f"/traces/{tid}" if tid else None)
    if kind == Kind.PERSON:
        if key < 0:
            return _possessor(traces.get(-key), names, tr), f"/traces/{-key}"
        return _person(people.get(int(g.record[i])), names, str(key), tr), None
    return _address(people.get(int(g.record[i])), names, key, tr), None


def edges(g: Graph, ids: dict[int, str], edge_idx: Ints) -> list[EdgeRead]:
    out = []
    for e in edge_idx.tolist():
        a, b = int(g.src[e]), int(g.dst[e])
        kind = EdgeKind(int(g.ekind[e]))
        suffix = f"~{int(g.eagency[e])}" if g.eagency[e] >= 0 else ""
        out.append(EdgeRead(id=f"{ids[a]}~{kind.label}~{ids[b]}{suffix}", source=ids[a],
                            target=ids[b], kind=kind.label, date=day_to_date(int(g.eday[e]))))
    return out


def window(g: Graph, e: Ints, since: int | None, until: int | None) -> np.ndarray:
    """Which of the edges ``e`` fall in the date window (undated edges always do)."""
    d = g.eday[e]
    ok = np.ones(len(e), bool)
    if since is not None:
        ok &= (d == NO_DAY) | (d >= since)
    if until is not None:
        ok &= (d == NO_DAY) | (d <= until)
    return ok


HUB = 2000
"""Members with more links than this are not scanned: their links to the other members are
found by binary search in their sorted neighbour list."""


def induced(g: Graph, state: ViewState, idxs: Sequence[int], since: int | None = None,
            until: int | None = None) -> Ints:
    """Visible edges with both ends among ``idxs``, inside the date window."""
    members = np.asarray(sorted(set(idxs)), np.int64)
    if len(members) == 0:
        return np.zeros(0, np.int64)
    degree = g.indptr[members + 1] - g.indptr[members]
    parts = [g.edges_of(int(i)) if d <= HUB else g.edges_between(int(i), members)
             for i, d in zip(members.tolist(), degree.tolist(), strict=True)]
    cand = np.unique(np.concatenate(parts))
    ok = state.edge[cand] & np.isin(g.src[cand], members) & np.isin(g.dst[cand], members)
    ok &= window(g, cand, since, until)
    out: Ints = cand[ok]
    return out
