"""What lead scoring reads from the database, as plain values (the I/O edge of scoring).

Only completed, non-duplicate traces count (a recovery traced twice is one recovery).
Registry figures (retail sales, multiple-sale reports, thefts) are counted with GROUP BY
queries; per-person figures only for the people that traces reach."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from armsflow.registry.models import Licensee, MultipleSaleReport, Purchaser, TheftReport, Transfer
from armsflow.tracing.models import Trace
from armsflow.tracing.vocab import TraceStatus

CHUNK = 5000
T = TypeVar("T")


@dataclass(frozen=True)
class TraceFact:
    trace_id: int
    request_ref: str
    recovery_date: date
    recovery_country: str
    recovery_state: str | None
    recovery_city: str | None
    outcome: str | None
    reason: str | None
    source_licensee_id: int | None
    source_state: str | None
    purchaser_id: int | None
    ttc_days: int | None
    indicators: frozenset[str]


@dataclass(frozen=True)
class PurchaserInfo:
    id: int
    ref: str
    state: str | None
    address: str | None  # normalised street, city, state, zip


@dataclass(frozen=True)
class DealerInfo:
    id: int
    ffl: str | None
    name: str
    state: str | None


@dataclass
class Facts:
    traces: list[TraceFact]
    purchasers: dict[int, PurchaserInfo] = field(default_factory=dict)
    dealers: dict[int, DealerInfo] = field(default_factory=dict)
    retail_purchases: dict[int, int] = field(default_factory=dict)
    purchaser_ms_reports: dict[int, list[str]] = field(default_factory=dict)
    dealer_sales: dict[int, int] = field(default_factory=dict)
    dealer_ms_guns: dict[int, int] = field(default_factory=dict)
    dealer_thefts: dict[int, list[str]] = field(default_factory=dict)
    linked: dict[int, list[int]] = field(default_factory=dict)  # entity resolution
    purchases: dict[int, list[tuple[date, int]]] = field(default_factory=dict)  # date, dealer


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def load_traces(db: Session) -> list[TraceFact]:
    q = (select(Trace.id, Trace.request_ref, Trace.recovery_date, Trace.recovery_country,
                Trace.recovery_state, Trace.recovery_city, Trace.outcome, Trace.reason,
                Trace.source_licensee_id, Trace.source_state, Trace.purchaser_id,
                Trace.ttc_days, Trace.indicators)
         .where(Trace.status == TraceStatus.COMPLETED, Trace.duplicate_of_id.is_(None))
         .order_by(Trace.id))
    out = []
    for r in db.execute(q):
        out.append(TraceFact(
            trace_id=r[0], request_ref=r[1], recovery_date=r[2], recovery_country=r[3],
            recovery_state=r[4], recovery_city=r[5], outcome=r[6], reason=r[7],
            source_licensee_id=r[8], source_state=r[9], purchaser_id=r[10], ttc_days=r[11],
            indicators=frozenset(filter(None, (r[12] or "").split(",")))))
    return out


def _address(p: Purchaser) -> str | None:
    if not p.street:
        return None
    parts = (p.street, p.city or "", p.state or "", (p.zip or "")[:5])
    return "|".join(" ".join(x.upper().split()) for x in parts)


def load_purchasers(db: Session, ids: Iterable[int]) -> dict[int, PurchaserInfo]:
    out: dict[int, PurchaserInfo] = {}
    for part in chunks(sorted(set(ids))):
        for p in db.scalars(select(Purchaser).where(Purchaser.id.in_(part))):
            out[p.id] = PurchaserInfo(p.id, p.purchaser_ref, p.state, _address(p))
    return out


def load_dealers(db: Session, ids: Iterable[int]) -> dict[int, DealerInfo]:
    out: dict[int, DealerInfo] = {}
    for part in chunks(sorted(set(ids))):
        for lic in db.scalars(select(Licensee).where(Licensee.id.in_(part))):
            out[lic.id] = DealerInfo(lic.id, lic.ffl, lic.business_name or lic.license_name,
                                     lic.premise_state)
    return out


def count_purchases(db: Session, ids: Iterable[int]) -> dict[int, int]:
    out: dict[int, int] = {}
    for part in chunks(sorted(set(ids))):
        q = (select(Transfer.to_purchaser_id, func.count())
             .where(Transfer.to_purchaser_id.in_(part)).group_by(Transfer.to_purchaser_id))
        out.update({int(k or 0): int(n) for k, n in db.execute(q)})
    return out


def purchaser_reports(db: Session, ids: Iterable[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for part in chunks(sorted(set(ids))):
        q = (select(MultipleSaleReport.purchaser_id, MultipleSaleReport.report_ref)
             .where(MultipleSaleReport.purchaser_id.in_(part)).distinct()
             .order_by(MultipleSaleReport.purchaser_id, MultipleSaleReport.report_ref))
        for pid, ref in db.execute(q):
            out.setdefault(int(pid), []).append(ref)
    return out


def dealer_figures(db: Session) -> tuple[dict[int, int], dict[int, int], dict[int, list[str]]]:
    """Retail sales, guns in multiple-sale reports and theft reports, per licensee."""
    sales = {int(k): int(n) for k, n in db.execute(
        select(Transfer.from_licensee_id, func.count())
        .where(Transfer.to_purchaser_id.is_not(None)).group_by(Transfer.from_licensee_id))}
    ms = {int(k): int(n) for k, n in db.execute(
        select(MultipleSaleReport.licensee_id, func.count())
        .group_by(MultipleSaleReport.licensee_id))}
    thefts: dict[int, list[str]] = {}
    for lic, ref in db.execute(select(TheftReport.licensee_id, TheftReport.report_ref)
                               .where(TheftReport.licensee_id.is_not(None)).distinct()
                               .order_by(TheftReport.licensee_id, TheftReport.report_ref)):
        thefts.setdefault(int(lic or 0), []).append(ref)
    return sales, ms, thefts


def purchases_of(db: Session, ids: Iterable[int]) -> list[tuple[int, int, date]]:
    """(purchaser, selling licensee, date) of every retail sale to these purchasers."""
    out: list[tuple[int, int, date]] = []
    for part in chunks(sorted(set(ids))):
        q = (select(Transfer.to_purchaser_id, Transfer.from_licensee_id, Transfer.transfer_date)
             .where(Transfer.to_purchaser_id.in_(part)))
        out.extend((int(p or 0), int(lic), d) for p, lic, d in db.execute(q))
    return out


def linked_people(db: Session, refs: dict[int, str]) -> dict[int, list[int]]:
    """Other purchaser records resolved to the same person by the entities feature
    (``entity_records`` / ``entity_members``, source ``purchaser``); {} until resolution
    has run, or without that feature (each purchaser record then stands alone)."""
    try:
        from armsflow.entities.models import EntityMember, EntityRecord
    except ImportError:  # pragma: no cover - the feature ships with the app
        return {}
    entity_of: dict[str, int] = {}
    for names in chunks(sorted(set(refs.values()))):
        q1 = (select(EntityRecord.source_ref, EntityMember.entity_id)
              .join(EntityMember, EntityMember.record_id == EntityRecord.id)
              .where(EntityRecord.source == "purchaser", EntityRecord.source_ref.in_(names)))
        entity_of.update({str(a): int(b) for a, b in db.execute(q1)})
    members: dict[int, list[str]] = {}
    for ents in chunks(sorted(set(entity_of.values()))):
        q2 = (select(EntityMember.entity_id, EntityRecord.source_ref)
              .join(EntityRecord, EntityMember.record_id == EntityRecord.id)
              .where(EntityRecord.source == "purchaser", EntityMember.entity_id.in_(ents)))
        for ent, name in db.execute(q2):
            members.setdefault(int(ent), []).append(str(name))
    others = {r for refs_ in members.values() if len(refs_) > 1 for r in refs_}
    pid_of: dict[str, int] = {}
    for names in chunks(sorted(others)):
        pid_of.update({str(r): int(i) for i, r in db.execute(
            select(Purchaser.id, Purchaser.purchaser_ref)
            .where(Purchaser.purchaser_ref.in_(names)))})
    out: dict[int, list[int]] = {}
    for pid, own in refs.items():
        group = members.get(entity_of.get(own, -1), [])
        linked = sorted(pid_of[r] for r in group if r != own and r in pid_of)
        if linked:
            out[pid] = linked
    return out


def load_facts(db: Session) -> Facts:
    traces = load_traces(db)
    pids = {t.purchaser_id for t in traces if t.purchaser_id is not None}
    lids = {t.source_licensee_id for t in traces if t.source_licensee_id is not None}
    sales, ms, thefts = dealer_figures(db)
    facts = Facts(traces=traces, purchasers=load_purchasers(db, pids),
                  dealers=load_dealers(db, lids | set(thefts)),
                  retail_purchases={},
                  purchaser_ms_reports=purchaser_reports(db, pids),
                  dealer_sales=sales, dealer_ms_guns=ms, dealer_thefts=thefts)
    facts.linked = linked_people(db, {p: i.ref for p, i in facts.purchasers.items()})
    for pid, lic, day in purchases_of(db, pids):
        facts.purchases.setdefault(pid, []).append((day, lic))
    for pid, bought in facts.purchases.items():
        bought.sort()
        facts.retail_purchases[pid] = len(bought)
    return facts
