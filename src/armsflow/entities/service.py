"""Entity resolution service: the API other features call.

- ``entity_of(db, source, source_ref)``: the entity id of a record, or None.
- ``records_of(db, entity_id)``: the records of an entity (with their match probability).
- ``resolve(db, ...)``: (re)run the resolution over every record; judgements respected.
- ``judge(db, ...)``: record an analyst's judgement; it applies at once and in every run.
- ``load_records(db, rows)``: add records of any source (associates, case subjects...).

These functions do not check access: callers that show personal data to a user go through
``reads.py`` (policy + audit). Services never commit; the caller's unit of work does.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from armsflow.audit.service import SYSTEM, Actor, record
from armsflow.db.base import utcnow
from armsflow.entities import repository as repo
from armsflow.entities.clustering import consistent
from armsflow.entities.model import DEFAULT_THRESHOLD, without_term_frequencies
from armsflow.entities.models import EntityJudgement, EntityRecord
from armsflow.entities.resolution import resolve_table
from armsflow.errors import Conflict, InvalidInput, NotFound

Step = Callable[[str], None]
PURCHASER = "purchaser"
POSSESSOR = "possessor"


@dataclass(frozen=True)
class PersonRecord:
    record_id: int
    source: str
    source_ref: str
    last_name: str | None
    first_name: str | None
    middle_name: str | None
    dob: date | None
    sex: str | None
    street: str | None
    city: str | None
    state: str | None
    zip: str | None
    phone: str | None
    entity_id: int | None
    match_probability: float | None
    placed_by: str | None = None

    @classmethod
    def of(cls, rec: EntityRecord, entity_id: int | None, probability: float | None,
           placed_by: str | None = None) -> PersonRecord:
        return cls(rec.id, rec.source, rec.source_ref, rec.last_name, rec.first_name,
                   rec.middle_name, rec.dob, rec.sex, rec.street, rec.city, rec.state,
                   rec.zip, rec.phone, entity_id, probability, placed_by)


@dataclass(frozen=True)
class RunSummary:
    run_id: int
    records: int
    pairs: int
    entities: int
    judgements: int
    backend: str


def entity_of(db: Session, source: str, source_ref: str) -> int | None:
    """The entity a source record belongs to (None if unknown or not yet resolved)."""
    rec = repo.record_by_key(db, source, source_ref)
    return None if rec is None else repo.entity_of_record(db, rec.id)


def records_of(db: Session, entity_id: int) -> list[PersonRecord]:
    """The records of an entity, smallest record id first ([] if there is no such entity)."""
    return [PersonRecord.of(rec, entity_id, p, how)
            for rec, p, how in repo.members(db, entity_id)]


def load_records(db: Session, rows: Sequence[dict[str, Any]]) -> int:
    """Add person records of any source; returns how many were new. Each row needs
    ``source`` and ``source_ref``; other keys are the record fields (all optional)."""
    for i, row in enumerate(rows, start=1):
        for key in ("source", "source_ref"):
            if not str(row.get(key) or "").strip():
                raise InvalidInput(f"row {i}: {key}: missing", field=key)
    return repo.load_records(db, rows, utcnow())


def parse_rows(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Text rows (a CSV file) to record values: dates parsed, blanks to None; a bad date
    names its row."""
    out = []
    for i, row in enumerate(rows, start=1):
        value: dict[str, Any] = {k: (v.strip() if isinstance(v, str) and v.strip() else None)
                 for k, v in row.items()}
        if value.get("dob"):
            try:
                value["dob"] = date.fromisoformat(str(value["dob"]))
            except ValueError:
                raise InvalidInput(f"row {i}: dob: {value['dob']!r} is not a date "
                                   "(YYYY-MM-DD)", field="dob") from None
        out.append(value)
    return out


def entity_of_record(db: Session, record_id: int) -> int | None:
    """The entity of a record given by its id."""
    return repo.entity_of_record(db, record_id)


def collect(db: Session) -> dict[str, int]:
    """Copy new registry purchasers and trace possessors into the records resolved."""
    return repo.collect(db, utcnow())


def _judged_pairs(db: Session) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    same: list[tuple[int, int]] = []
    different: list[tuple[int, int]] = []
    for j in repo.judgements_in_force(db):
        (same if j.same else different).append((j.record_a_id, j.record_b_id))
    return same, different


def resolve(db: Session, *, actor: Actor = SYSTEM, backend: str = "duckdb",
            threshold: float = DEFAULT_THRESHOLD, collect_sources: bool = True,
            learn_u: bool = True, step: Step | None = None) -> RunSummary:
    """Re-run the resolution over every record and replace the current entities.
    ``learn_u`` off: keep the model's prior u values (faster; used by the demo)."""
    say = step or (lambda _msg: None)
    if collect_sources:
        say("collecting purchasers and possessors")
        collect(db)
    run = repo.add_run(db, started_by=actor.username, backend=backend, threshold=threshold)
    say("reading records")
    raw = repo.all_records(db)
    same, different = _judged_pairs(db)
    result = resolve_table(raw, backend=backend, threshold=threshold, same=same,
                           different=different, learn_u=learn_u, step=say)
    say("writing entities")
    repo.replace_members(db, result.record_id.tolist(), result.entity_id.tolist(),
                         result.probability.tolist(), result.how.tolist(), run.id,
                         everything=True)
    run.records, run.pairs, run.entities = raw.num_rows, result.pairs, result.entities
    run.judgements_applied, run.model = len(same) + len(different), result.model
    run.finished_at = utcnow()
    record(db, actor=actor, action="update", object_type="entity_run",
           object_id=run.id, detail={"records": run.records, "entities": run.entities,
                                     "backend": backend})
    return RunSummary(run.id, run.records, run.pairs, run.entities, run.judgements_applied,
                      backend)


def _record_id(db: Session, key: int | tuple[str, str]) -> int:
    if isinstance(key, int):
        if db.get(EntityRecord, key) is None:
            raise NotFound(f"person record {key} not found")
        return key
    rec = repo.record_by_key(db, *key)
    if rec is None:
        raise NotFound(f"person record {key[0]} {key[1]} not found")
    return rec.id


def judge(db: Session, *, actor: Actor, a: int | tuple[str, str], b: int | tuple[str, str],
          same: bool, reason: str) -> EntityJudgement:
    """Record that records ``a`` and ``b`` (ids or (source, source_ref)) are or are not the
    same person, and apply it to the current entities at once. Refused (Conflict) when it
    contradicts the judgements in force (e.g. A=B, B=C and now A!=C)."""
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise InvalidInput("reason: say why (at least 5 characters)", field="reason")
    x, y = sorted((_record_id(db, a), _record_id(db, b)))
    if x == y:
        raise InvalidInput("a record is always the same person as itself", field="b")
    same_pairs, different = _judged_pairs(db)
    same_pairs = [p for p in same_pairs if p != (x, y)] + ([(x, y)] if same else [])
    different = [p for p in different if p != (x, y)] + ([] if same else [(x, y)])
    clash = consistent(same_pairs, different)
    if clash is not None:
        raise Conflict(f"this judgement contradicts earlier ones: records {clash[0]} and "
                       f"{clash[1]} would be both the same person and not")
    judgement = repo.add_judgement(db, record_a_id=x, record_b_id=y, same=same,
                                   user_id=actor.user_id, username=actor.username,
                                   reason=reason, created_at=utcnow())
    record(db, actor=actor, action="create", object_type="entity_judgement",
           object_id=judgement.id, reason=reason,
           detail={"record_a": x, "record_b": y, "same": same})
    _apply_locally(db, x, y, same_pairs, different)
    return judgement


def _apply_locally(db: Session, x: int, y: int, same: list[tuple[int, int]],
                   different: list[tuple[int, int]]) -> None:
    """Re-cluster only the entities of x and y (and those linked to them by judgements),
    scoring their pairs with the model of the latest run."""
    run = repo.latest_run(db)
    if run is None or run.model is None:
        return
    ids = _neighbourhood(db, {x, y}, same)
    raw = repo.all_records_of(db, sorted(ids))
    result = resolve_table(raw, threshold=run.threshold, same=same, different=different,
                           model=without_term_frequencies(json.loads(run.model)))
    repo.replace_members(db, result.record_id.tolist(), result.entity_id.tolist(),
                         result.probability.tolist(), result.how.tolist(), run.id,
                         everything=False)


def _neighbourhood(db: Session, start: set[int], same: list[tuple[int, int]]) -> set[int]:
    ids: set[int] = set()
    todo = set(start)
    while todo:
        rid = todo.pop()
        if rid in ids:
            continue
        ids.add(rid)
        entity = repo.entity_of_record(db, rid)
        if entity is not None:
            todo |= {rec.id for rec, _p, _how in repo.members(db, entity)} - ids
        todo |= {b for a, b in same if a == rid} | {a for a, b in same if b == rid}
    return ids
