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

from rapidfuzz import fuzz
from sqlalchemy import select
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
class Match:
    identifier_id: int
    kind: str
    match: str  # exact | fuzzy | trace
    score: int
    other_identifier_id: int | None = None
    other_case_id: int | None = None
    other_agency_id: int | None = None
    trace_id: int | None = None


_OTHER = (CaseIdentifier.id, CaseIdentifier.key, CaseIdentifier.qualifier,
          CaseIdentifier.case_id, Case.agency_id)


def _open_elsewhere(agency_id: int):  # type: ignore[no-untyped-def]
    return select(*_OTHER).join(Case, Case.id == CaseIdentifier.case_id).where(
        Case.status == "open", Case.agency_id != agency_id)


def exact_matches(db: Session, agency_id: int, probes: Sequence[Probe]) -> list[Match]:
    """Identifiers with the same kind and key (and, for firearms, the same maker) in open
    cases of other agencies."""
    by_kind: dict[str, list[Probe]] = defaultdict(list)
    for p in probes:
        by_kind[p.kind].append(p)
    out: list[Match] = []
    for kind, group in by_kind.items():
        keys = sorted({p.key for p in group})
        rows = db.execute(_open_elsewhere(agency_id).where(
            CaseIdentifier.kind == kind, CaseIdentifier.key.in_(keys))).all()
        found = defaultdict(list)
        for row in rows:
            found[row.key].append(row)
        for p in group:
            for row in found.get(p.key, ()):
                if kind == "firearm" and row.qualifier != p.qualifier:
                    continue
                out.append(Match(p.id, kind, "exact", 100, row.id, row.case_id, row.agency_id))
    return out


def _name_score(a: str, b: str) -> int:
    return round(fuzz.token_sort_ratio(a, b))


def match_persons(db: Session, agency_id: int, probes: Sequence[Probe],
                  threshold: int) -> list[Match]:
    """Persons in other agencies' open cases with the same date of birth and a similar
    name (not the same key: those are exact matches). THE place person matching happens:
    swap in entity resolution here."""
    persons = [p for p in probes if p.kind == "person" and p.block]
    if not persons:
        return []
    blocks = sorted({p.block for p in persons if p.block})
    rows = db.execute(_open_elsewhere(agency_id).add_columns(CaseIdentifier.block).where(
        CaseIdentifier.kind == "person", CaseIdentifier.block.in_(blocks))).all()
    by_block = defaultdict(list)
    for row in rows:
        by_block[row.block].append(row)
    out = []
    for p in persons:
        name = p.key.split("|", 1)[0]
        for row in by_block.get(p.block, ()):
            if row.key == p.key:
                continue
            score = _name_score(name, row.key.split("|", 1)[0])
            if score >= threshold:
                out.append(Match(p.id, "person", "fuzzy", score, row.id, row.case_id,
                                 row.agency_id))
    return out


def trace_matches(db: Session, agency_id: int, probes: Sequence[Probe],
                  threshold: int) -> list[Match]:
    """Traces of other agencies: the same serial and maker, or a possessor with the same
    date of birth and a similar name."""
    out: list[Match] = []
    guns = [p for p in probes if p.kind == "firearm"]
    if guns:
        rows = db.execute(select(Trace.id, Trace.serial_norm, Trace.maker_key).where(
            Trace.serial_norm.in_(sorted({p.key for p in guns})),
            Trace.agency_id != agency_id, Trace.duplicate_of_id.is_(None))).all()
        index = defaultdict(list)
        for row in rows:
            index[(row.serial_norm, row.maker_key)].append(row.id)
        for p in guns:
            out.extend(Match(p.id, "firearm", "trace", 100, trace_id=tid)
                       for tid in index.get((p.key, p.qualifier), ()))
    persons = [p for p in probes if p.kind == "person" and p.block]
    if persons:
        dobs = sorted({date.fromisoformat(p.block) for p in persons if p.block})
        people = db.execute(select(Trace.id, Trace.possessor_dob, Trace.possessor_first_name,
                                   Trace.possessor_last_name).where(
            Trace.possessor_dob.in_(dobs), Trace.agency_id != agency_id,
            Trace.duplicate_of_id.is_(None))).all()
        by_dob = defaultdict(list)
        for person in people:
            if person.possessor_dob is not None:
                by_dob[person.possessor_dob.isoformat()].append(person)
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
    return [*exact_matches(db, agency_id, probes),
            *match_persons(db, agency_id, probes, threshold),
            *trace_matches(db, agency_id, probes, threshold)]
