"""Target deconfliction: find what a case's identifiers match in other agencies' open cases
and in traces. Reads only; raising hits is ``armsflow.cases.service``'s job.

Every lookup is set-wise, one query per identifier kind, on the ``(kind, key)`` index;
persons are also compared by name similarity among records with the same date of birth
(the blocking key), with rapidfuzz. Person matching sits behind :func:`match_persons` so that
entity resolution (``armsflow.entities``) can replace it without touching the callers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import and_, bindparam, or_, select
from sqlalchemy.orm import Session

from armsflow.cases.identifiers import person_name_key
from armsflow.cases.models import Case, CaseIdentifier
from armsflow.tracing.models import Trace


@dataclass(frozen=True, slots=True)
class Probe:
    """An identifier of the case being checked."""

    id: int
    kind: str
    key: str
    qualifier: str
    block: str | None


@dataclass(frozen=True, slots=True)
class OtherCase:
    """The other side of a case-to-case match, read with the match (no second query)."""

    case_id: int
    agency_id: int
    case_number: str
    agent_user_id: int
    poc_name: str
    poc_phone: str | None
    poc_email: str | None
    identifier_id: int
    identifier_text: str


@dataclass(frozen=True, slots=True)
class Match:
    identifier_id: int
    kind: str
    match: str  # exact | fuzzy | trace
    score: int
    other: OtherCase | None = None
    trace_id: int | None = None

    @property
    def other_identifier_id(self) -> int | None:
        return self.other.identifier_id if self.other else None


def _other(row: Any) -> OtherCase:
    return OtherCase(row.case_id, row.agency_id, row.case_number, row.case_agent_id,
                     row.poc_name, row.poc_phone, row.poc_email, row.id,
                     f"{row.kind}: {row.display}")


def _in(column: Any, values: Sequence[Any]) -> Any:
    """``column IN (...)`` with the values rendered into the SQL text (escaped by the
    column's type) rather than bound. PostgreSQL (psycopg) prepares a statement run five
    times with the same text and may then use a generic plan that ignores the values: for
    these OR-ed index ranges that plan scanned the table (88 ms instead of 5 ms at 300k
    identifiers). A text that changes with the values is planned for them every time."""
    return column.in_(bindparam(None, list(values), type_=column.type, expanding=True,
                                literal_execute=True))


_OTHER = (CaseIdentifier.id, CaseIdentifier.kind, CaseIdentifier.key,
          CaseIdentifier.qualifier, CaseIdentifier.block, CaseIdentifier.case_id,
          CaseIdentifier.display, Case.agency_id, Case.case_number, Case.case_agent_id,
          Case.poc_name, Case.poc_phone, Case.poc_email)


def _candidates(db: Session, agency_id: int, probes: Sequence[Probe],
                with_blocks: bool) -> list[Any]:
    """In ONE query (one round trip): identifiers of other agencies' open cases with the
    same kind and key as a probe, and (``with_blocks``) persons with a probe's blocking key.
    Each branch of the OR is an index range on ``(kind, key)`` or ``(kind, block)``."""
    keys: dict[str, set[str]] = defaultdict(set)
    for p in probes:
        keys[p.kind].add(p.key)
    terms = [and_(CaseIdentifier.kind == kind, _in(CaseIdentifier.key, sorted(ks)))
             for kind, ks in sorted(keys.items())]
    blocks = sorted({p.block for p in probes if p.kind == "person" and p.block})
    if with_blocks and blocks:
        terms.append(and_(CaseIdentifier.kind == "person", _in(CaseIdentifier.block, blocks)))
    if not terms:
        return []
    stmt = select(*_OTHER).join(Case, Case.id == CaseIdentifier.case_id).where(
        Case.status == "open", Case.agency_id != agency_id, or_(*terms))
    return list(db.execute(stmt).all())


def exact_matches(db: Session, agency_id: int, probes: Sequence[Probe],
                  rows: Sequence[Any] | None = None) -> list[Match]:
    """Identifiers with the same kind and key (and, for firearms, the same maker) in open
    cases of other agencies."""
    if rows is None:
        rows = _candidates(db, agency_id, probes, with_blocks=False)
    found = defaultdict(list)
    for row in rows:
        found[(row.kind, row.key)].append(row)
    out: list[Match] = []
    for p in probes:
        for row in found.get((p.kind, p.key), ()):
            if p.kind == "firearm" and row.qualifier != p.qualifier:
                continue
            out.append(Match(p.id, p.kind, "exact", 100, _other(row)))
    return out


def _name_score(a: str, b: str) -> int:
    return round(fuzz.token_sort_ratio(a, b))


def match_persons(db: Session, agency_id: int, probes: Sequence[Probe], threshold: int,
                  rows: Sequence[Any] | None = None) -> list[Match]:
    """Persons in other agencies' open cases with the same date of birth and a similar
    name (not the same key: those are exact matches). THE place person matching happens:
    swap in entity resolution here."""
    persons = [p for p in probes if p.kind == "person" and p.block]
    if not persons:
        return []
    if rows is None:
        rows = _candidates(db, agency_id, persons, with_blocks=True)
    by_block = defaultdict(list)
    for row in rows:
        if row.kind == "person" and row.block:
            by_block[row.block].append(row)
    out = []
    for p in persons:
        name = p.key.split("|", 1)[0]
        for row in by_block.get(p.block, ()):
            if row.key == p.key:
                continue
            score = _name_score(name, row.key.split("|", 1)[0])
            if score >= threshold:
                out.append(Match(p.id, "person", "fuzzy", score, _other(row)))
    return out


def trace_matches(db: Session, agency_id: int, probes: Sequence[Probe],
                  threshold: int) -> list[Match]:
    """Traces of other agencies (one query): the same serial and maker, or a possessor
    with the same date of birth and a similar name."""
    serials = sorted({p.key for p in probes if p.kind == "firearm"})
    persons = [p for p in probes if p.kind == "person" and p.block]
    dobs = sorted({date.fromisoformat(p.block) for p in persons if p.block})
    terms = []
    if serials:
        terms.append(_in(Trace.serial_norm, serials))
    if dobs:
        terms.append(_in(Trace.possessor_dob, dobs))
    if not terms:
        return []
    rows = db.execute(select(Trace.id, Trace.serial_norm, Trace.maker_key, Trace.possessor_dob,
                             Trace.possessor_first_name, Trace.possessor_last_name).where(
        or_(*terms), Trace.agency_id != agency_id, Trace.duplicate_of_id.is_(None))).all()
    guns = defaultdict(list)
    by_dob = defaultdict(list)
    for row in rows:
        guns[(row.serial_norm, row.maker_key)].append(row.id)
        if row.possessor_dob is not None:
            by_dob[row.possessor_dob.isoformat()].append(row)
    out: list[Match] = []
    for p in probes:
        if p.kind == "firearm":
            out.extend(Match(p.id, "firearm", "trace", 100, trace_id=tid)
                       for tid in guns.get((p.key, p.qualifier), ()))
    for p in persons:
        name = p.key.split("|", 1)[0]
        for person in by_dob.get(p.block or "", ()):
            other = person_name_key(f"{person.possessor_first_name or ''} "
                                    f"{person.possessor_last_name or ''}")
            score = _name_score(name, other)
            if score >= threshold:
                out.append(Match(p.id, "person", "trace", score, trace_id=person.id))
    return out


def find_matches(db: Session, agency_id: int, probes: Sequence[Probe],
                 threshold: int) -> list[Match]:
    """Everything the probes of one agency's case match elsewhere."""
    if not probes:
        return []
    rows = _candidates(db, agency_id, probes, with_blocks=True)
    return [*exact_matches(db, agency_id, probes, rows),
            *match_persons(db, agency_id, probes, threshold, rows),
            *trace_matches(db, agency_id, probes, threshold)]
