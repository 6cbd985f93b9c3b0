"""All SQL of the graph feature: the facts the graph is built from (set-wise, column by
column, never one ORM object per row), the data version, and the few rows behind the nodes
a caller is shown (labels)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import String, case, cast, func, select
from sqlalchemy.orm import Session

from armsflow.auth.models import Agency
from armsflow.graph.ids import Kind, address_key, phone_key
from armsflow.graph.model import I32, NO_DAY, EdgeKind, EdgeList, Ints, NodeTable
from armsflow.registry.models import (
    Firearm,
    Licensee,
    Manufacturer,
    MultipleSaleReport,
    Purchaser,
    TheftReport,
    Transfer,
)
from armsflow.tracing.models import SharingAgreement, Trace, TraceEvent


@dataclass
class People:
    """How person records become person nodes. ``purchaser`` maps a purchaser id to its
    node's key when it is not its own (merged entities); ``possessor`` maps a trace id whose
    possessor belongs to a resolved entity to that entity's key. Unmapped possessors get a
    node of their own (key = minus the trace id)."""

    purchaser: dict[int, int] = field(default_factory=dict)
    possessor: dict[int, int] = field(default_factory=dict)


def version(db: Session) -> tuple[object, ...]:
    """Changes whenever a record the graph reads is added or a trace changes state."""
    cols = (func.max(Transfer.id), func.max(Purchaser.id), func.max(Firearm.id),
            func.max(Licensee.id), func.max(Licensee.updated_at),
            func.max(MultipleSaleReport.id), func.max(TheftReport.id), func.max(Trace.id),
            func.max(TraceEvent.id), func.max(Agency.id), func.count(SharingAgreement.id),
            func.max(SharingAgreement.id))
    return tuple(db.execute(select(c)).scalar() for c in cols)


def size_hint(db: Session) -> int:
    """About how many nodes the graph will have (cheap: two max(id) lookups)."""
    guns = db.execute(select(func.max(Firearm.id))).scalar() or 0
    people = db.execute(select(func.max(Purchaser.id))).scalar() or 0
    return int(guns) + 2 * int(people)


def _plain_rows(db: Session, stmt: Any) -> list[tuple[Any, ...]]:
    """Plain tuples from the driver's cursor: millions of rows without a Row object each.
    The statement has no user input (literal binds are the constants written here)."""
    conn = db.connection()
    sql = str(stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def _columns(db: Session, ints: tuple[Any, ...], dates: tuple[Any, ...] = (),
             where: Any = None) -> tuple[list[Ints], list[I32]]:
    """Integer columns (NULL as -1) and date columns (days since 1970, NO_DAY for NULL) of
    one query, so that their rows line up. Dates are read as ISO text on both databases and
    parsed by numpy, far faster than one date object per row."""
    stmt = select(*[func.coalesce(c, -1) for c in ints], *[cast(c, String) for c in dates])
    if where is not None:
        stmt = stmt.where(where)
    rows = _plain_rows(db, stmt)
    if not rows:
        return ([np.zeros(0, np.int64) for _ in ints], [np.zeros(0, np.int32) for _ in dates])
    columns = list(zip(*rows, strict=True))
    out_ints = [np.fromiter(columns[j], np.int64, len(rows)) for j in range(len(ints))]
    out_days = []
    for j in range(len(ints), len(ints) + len(dates)):
        d = np.array([t[:10] if t else "NaT" for t in columns[j]], dtype="datetime64[D]")
        out_days.append(np.where(np.isnat(d), NO_DAY, d.astype(np.int64)).astype(np.int32))
    return out_ints, out_days


def load(db: Session, people: People) -> tuple[dict[Kind, NodeTable], EdgeList,
                                              dict[tuple[Kind, int], int]]:
    """Every node and edge, as arrays."""
    nodes: dict[Kind, NodeTable] = {}
    edges = EdgeList()
    _licensees(db, nodes, edges)
    _purchasers(db, nodes, edges, people)
    nodes[Kind.FIREARM] = NodeTable(_columns(db, (Firearm.id,))[0][0])
    _transfers(db, edges)
    _reports(db, edges)
    _traces(db, nodes, edges, people)
    aliases = {(Kind.PERSON, k): v for k, v in people.purchaser.items() if k != v}
    aliases.update({(Kind.PERSON, -t): v for t, v in people.possessor.items() if -t != v})
    return nodes, edges, aliases


def _licensees(db: Session, nodes: dict[Kind, NodeTable], edges: EdgeList) -> None:
    rows = db.connection().execute(select(Licensee.id, Licensee.phone)).all()
    ids = np.array([r[0] for r in rows], np.int64)
    nodes[Kind.LICENSEE] = NodeTable(ids, record=ids)
    with_phone = [(r[0], int(p)) for r in rows if (p := phone_key(r[1]))]
    lic = np.array([i for i, _ in with_phone], np.int64)
    keys = np.array([p for _, p in with_phone], np.int64)
    nodes[Kind.PHONE] = NodeTable(keys, record=lic)
    edges.add(Kind.LICENSEE, lic, Kind.PHONE, keys, EdgeKind.PHONE)


def _purchasers(db: Session, nodes: dict[Kind, NodeTable], edges: EdgeList,
                people: People) -> None:
    rows = db.connection().execute(select(Purchaser.id, Purchaser.street, Purchaser.city,
                                          Purchaser.state, Purchaser.zip)).all()
    ids = np.array([r[0] for r in rows], np.int64)
    canonical = ids if not people.purchaser else np.fromiter(
        (people.purchaser.get(int(i), int(i)) for i in ids), np.int64, len(ids))
    own = canonical == ids
    nodes[Kind.PERSON] = NodeTable(ids[own], has_record=np.ones(int(own.sum()), bool),
                                   record=ids[own])
    with_addr = [(r[0], int(a, 16)) for r in rows if (a := address_key(r[1], r[2], r[3], r[4]))]
    who = np.array([i for i, _ in with_addr], np.int64)
    keys = np.array([a for _, a in with_addr], np.int64)
    order = np.argsort(who, kind="stable")  # the address's record: its first resident
    nodes[Kind.ADDRESS] = NodeTable(keys[order], record=who[order])
    edges.add(Kind.PERSON, who, Kind.ADDRESS, keys, EdgeKind.LIVES_AT)


def _transfers(db: Session, edges: EdgeList) -> None:
    (gun, src, to_lic, to_person), (day,) = _columns(
        db, (Transfer.firearm_id, Transfer.from_licensee_id, Transfer.to_licensee_id,
             Transfer.to_purchaser_id), (Transfer.transfer_date,))
    edges.add(Kind.LICENSEE, src, Kind.FIREARM, gun, EdgeKind.TRANSFER, day)
    m = to_lic >= 0
    edges.add(Kind.LICENSEE, to_lic[m], Kind.FIREARM, gun[m], EdgeKind.TRANSFER, day[m])
    m = to_person >= 0
    edges.add(Kind.FIREARM, gun[m], Kind.PERSON, to_person[m], EdgeKind.SALE, day[m])


def _reports(db: Session, edges: EdgeList) -> None:
    (gun, buyer), (day,) = _columns(
        db, (MultipleSaleReport.firearm_id, MultipleSaleReport.purchaser_id),
        (MultipleSaleReport.sale_date,))
    edges.add(Kind.FIREARM, gun, Kind.PERSON, buyer, EdgeKind.MULTIPLE_SALE, day)
    (lic, gun), (day,) = _columns(db, (TheftReport.licensee_id, TheftReport.firearm_id),
                                  (TheftReport.incident_date,),
                                  where=TheftReport.licensee_id.is_not(None))
    edges.add(Kind.LICENSEE, lic, Kind.FIREARM, gun, EdgeKind.THEFT, day)


def _traces(db: Session, nodes: dict[Kind, NodeTable], edges: EdgeList,
            people: People) -> None:
    named = case((Trace.possessor_last_name.is_not(None), 1), else_=0)
    (tid, agency64, dup, gun, buyer, source, possessor), (day,) = _columns(
        db, (Trace.id, Trace.agency_id, Trace.duplicate_of_id, Trace.firearm_id,
             Trace.purchaser_id, Trace.source_licensee_id, named), (Trace.recovery_date,))
    agency = agency64.astype(np.int32)
    root = np.where(dup >= 0, dup, tid)
    has_possessor = possessor == 1
    nodes[Kind.TRACE] = NodeTable(tid, day=day, agency=agency, record=tid)
    is_root = root == tid
    nodes[Kind.RECOVERY] = NodeTable(tid[is_root], day=day[is_root], agency=agency[is_root],
                                     record=tid[is_root])
    edges.add(Kind.TRACE, tid, Kind.RECOVERY, root, EdgeKind.TRACED, day, agency)
    m = gun >= 0
    edges.add(Kind.RECOVERY, root[m], Kind.FIREARM, gun[m], EdgeKind.RECOVERED, day[m], agency[m])
    m = source >= 0
    edges.add(Kind.TRACE, tid[m], Kind.LICENSEE, source[m], EdgeKind.SOURCE, day[m], agency[m])
    m = buyer >= 0
    edges.add(Kind.TRACE, tid[m], Kind.PERSON, buyer[m], EdgeKind.PURCHASER, day[m], agency[m])
    pos_key = -tid[has_possessor]
    own = np.fromiter((people.possessor.get(-int(k), int(k)) == int(k) for k in pos_key), bool,
                      len(pos_key))
    person = nodes[Kind.PERSON]
    nodes[Kind.PERSON] = NodeTable(
        np.concatenate([person.key, pos_key[own]]),
        has_record=np.concatenate([_bools(person.has_record), np.zeros(int(own.sum()), bool)]),
        record=np.concatenate([_int_array(person.record), tid[has_possessor][own]]))
    edges.add(Kind.RECOVERY, root[has_possessor], Kind.PERSON, pos_key, EdgeKind.POSSESSED,
              day[has_possessor], agency[has_possessor])


def _bools(a: Any) -> Any:
    return a if a is not None else np.zeros(0, bool)


def _int_array(a: Any) -> Any:
    return a if a is not None else np.zeros(0, np.int64)


# ----------------------------------------------------------------- rows behind shown nodes

CHUNK = 5000


def _by_id(db: Session, stmt: Any, column: Any, ids: Iterable[int]) -> dict[int, Any]:
    """Rows keyed by their first column, fetched ``CHUNK`` ids at a time."""
    wanted = sorted(set(ids))
    out: dict[int, Any] = {}
    for start in range(0, len(wanted), CHUNK):
        out.update({r[0]: r for r in db.execute(
            stmt.where(column.in_(wanted[start:start + CHUNK])))})
    return out


def firearm_rows(db: Session, ids: Iterable[int]) -> dict[int, Any]:
    stmt = (select(Firearm.id, Firearm.serial_raw, Firearm.model, Firearm.caliber,
                   Manufacturer.name)
            .join(Manufacturer, Manufacturer.id == Firearm.manufacturer_id))
    return _by_id(db, stmt, Firearm.id, ids)


def licensee_rows(db: Session, ids: Iterable[int]) -> dict[int, Any]:
    stmt = select(Licensee.id, Licensee.license_key, Licensee.ffl, Licensee.license_name,
                  Licensee.business_name, Licensee.premise_city, Licensee.premise_state,
                  Licensee.phone)
    return _by_id(db, stmt, Licensee.id, ids)


def licensee_by_key(db: Session, license_key: str) -> int | None:
    return db.execute(select(Licensee.id).where(Licensee.license_key == license_key)).scalar()


def trace_rows(db: Session, ids: Iterable[int]) -> dict[int, Any]:
    stmt = (select(Trace.id, Trace.request_ref, Agency.ori, Trace.recovery_date,
                   Trace.recovery_city, Trace.recovery_state, Trace.recovery_country,
                   Trace.status, Trace.outcome, Trace.possessor_last_name,
                   Trace.possessor_first_name, Trace.possessor_dob)
            .join(Agency, Agency.id == Trace.agency_id))
    return _by_id(db, stmt, Trace.id, ids)


def purchaser_rows(db: Session, ids: Iterable[int]) -> dict[int, Any]:
    stmt = select(Purchaser.id, Purchaser.purchaser_ref, Purchaser.last_name,
                  Purchaser.first_name, Purchaser.dob, Purchaser.street, Purchaser.city,
                  Purchaser.state, Purchaser.zip)
    return _by_id(db, stmt, Purchaser.id, ids)


def agency_partners(db: Session) -> dict[int, frozenset[int]]:
    """Every agency's mutual collective-data-sharing partners (both directions on file)."""
    pairs = set(db.execute(select(SharingAgreement.agency_id, SharingAgreement.partner_id)))
    out: dict[int, set[int]] = {}
    for a, b in pairs:
        if (b, a) in pairs:
            out.setdefault(a, set()).add(b)
    return {a: frozenset(p) for a, p in out.items()}


def agency_ids(db: Session) -> list[int]:
    return list(db.execute(select(Agency.id)).scalars())
