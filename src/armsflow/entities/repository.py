"""All SQL of the entities feature."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

import pyarrow as pa
from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.orm import Session

from armsflow.db.dialect import bulk_load
from armsflow.entities.models import EntityJudgement, EntityMember, EntityRecord, EntityRun

RECORD_FIELDS = ("last_name", "first_name", "middle_name", "dob", "sex", "street", "city",
                 "state", "zip", "phone")

_COLLECT = {
    "purchaser": """
        INSERT INTO entity_records (source, source_ref, last_name, first_name, middle_name,
            dob, sex, street, city, state, zip, loaded_at)
        SELECT 'purchaser', p.purchaser_ref, p.last_name, p.first_name, p.middle_name, p.dob,
            p.sex, p.street, p.city, p.state, p.zip, :now
        FROM purchasers p
        WHERE NOT EXISTS (SELECT 1 FROM entity_records e
                          WHERE e.source = 'purchaser' AND e.source_ref = p.purchaser_ref)
    """,
    "possessor": """
        INSERT INTO entity_records (source, source_ref, last_name, first_name, dob, loaded_at)
        SELECT 'possessor', CAST(t.id AS VARCHAR(64)), t.possessor_last_name,
            t.possessor_first_name, t.possessor_dob, :now
        FROM traces t
        WHERE (t.possessor_last_name IS NOT NULL OR t.possessor_first_name IS NOT NULL)
          AND NOT EXISTS (SELECT 1 FROM entity_records e
                          WHERE e.source = 'possessor'
                            AND e.source_ref = CAST(t.id AS VARCHAR(64)))
    """,
}


def collect(db: Session, now: datetime) -> dict[str, int]:
    """Copy registry purchasers and trace possessors not yet in ``entity_records``."""
    out = {}
    for source, sql in _COLLECT.items():
        result = db.execute(text(sql), {"now": now})
        out[source] = int(result.rowcount or 0)  # type: ignore[attr-defined]
    return out


def load_records(db: Session, rows: Sequence[dict[str, Any]], now: datetime) -> int:
    """Insert records of any source; existing (source, source_ref) pairs are left alone."""
    existing = {(a, b) for a, b in db.execute(select(EntityRecord.source, EntityRecord.source_ref))}
    fresh = [r for r in rows if (r["source"], r["source_ref"]) not in existing]
    if not fresh:
        return 0
    columns = ("source", "source_ref", *RECORD_FIELDS, "loaded_at")
    conn = db.connection()
    bulk_load(conn, "entity_records", columns,
              ((*(r.get(c) for c in columns[:-1]), now) for r in fresh))
    return len(fresh)


def all_records(db: Session) -> pa.Table:
    """Every record as Arrow, raw fields plus ``record_id``."""
    return all_records_of(db, None)


def all_records_of(db: Session, ids: Sequence[int] | None) -> pa.Table:
    """Records (all, or those of ``ids``) as Arrow, raw fields plus ``record_id``."""
    cols = [EntityRecord.id, *(getattr(EntityRecord, f) for f in RECORD_FIELDS)]
    query = select(*cols).order_by(EntityRecord.id)
    if ids is not None:
        query = query.where(EntityRecord.id.in_(list(ids)))
    rows = db.execute(query).all()
    names = ("record_id", *RECORD_FIELDS)
    data: dict[str, list[Any]] = {n: [] for n in names}
    for row in rows:
        for name, value in zip(names, row, strict=True):
            data[name].append(value.isoformat() if isinstance(value, date) else value)
    return pa.table({n: pa.array(v, type=pa.int64() if n == "record_id" else pa.string())
                     for n, v in data.items()})


def record_by_key(db: Session, source: str, source_ref: str) -> EntityRecord | None:
    return db.execute(select(EntityRecord).where(
        EntityRecord.source == source, EntityRecord.source_ref == source_ref)).scalar_one_or_none()


def entity_of_record(db: Session, record_id: int) -> int | None:
    return db.execute(select(EntityMember.entity_id).where(
        EntityMember.record_id == record_id)).scalar_one_or_none()


def members(db: Session, entity_id: int) -> list[tuple[EntityRecord, float, str | None]]:
    rows = db.execute(
        select(EntityRecord, EntityMember.match_probability, EntityMember.placed_by)
        .join(EntityMember, EntityMember.record_id == EntityRecord.id)
        .where(EntityMember.entity_id == entity_id)
        .order_by(EntityRecord.id))
    return [(rec, float(p), how) for rec, p, how in rows]


def records_by_ids(db: Session, ids: Iterable[int]) -> list[EntityRecord]:
    return list(db.execute(select(EntityRecord).where(EntityRecord.id.in_(list(ids)))
                           .order_by(EntityRecord.id)).scalars())


def judgements_in_force(db: Session) -> list[EntityJudgement]:
    """The latest judgement on each pair (pairs stored smallest id first)."""
    latest = (select(func.max(EntityJudgement.id))
              .group_by(EntityJudgement.record_a_id, EntityJudgement.record_b_id))
    return list(db.execute(select(EntityJudgement).where(EntityJudgement.id.in_(latest))
                           .order_by(EntityJudgement.id)).scalars())


def judgements_about(db: Session, record_ids: Sequence[int]) -> list[EntityJudgement]:
    return list(db.execute(select(EntityJudgement).where(
        EntityJudgement.record_a_id.in_(record_ids) | EntityJudgement.record_b_id.in_(record_ids)
    ).order_by(EntityJudgement.id.desc())).scalars())


def replace_members(db: Session, record_ids: Sequence[int], entity_ids: Sequence[int],
                    probabilities: Sequence[float], placed_by: Sequence[str],
                    run_id: int | None, everything: bool) -> None:
    """Write the membership of ``record_ids`` (or of every record, ``everything``)."""
    if everything:
        db.execute(delete(EntityMember))
    else:
        db.execute(delete(EntityMember).where(EntityMember.record_id.in_(list(record_ids))))
    db.flush()
    bulk_load(db.connection(), "entity_members",
              ("record_id", "entity_id", "match_probability", "placed_by", "run_id"),
              ((int(r), int(e), float(p), str(h), run_id)
               for r, e, p, h in zip(record_ids, entity_ids, probabilities, placed_by,
                                     strict=True)))


def latest_run(db: Session) -> EntityRun | None:
    return db.execute(select(EntityRun).where(EntityRun.finished_at.is_not(None))
                      .order_by(EntityRun.id.desc()).limit(1)).scalar_one_or_none()


def add_run(db: Session, **values: Any) -> EntityRun:
    run = EntityRun(**values)
    db.add(run)
    db.flush()
    return run


def add_judgement(db: Session, **values: Any) -> EntityJudgement:
    db.execute(insert(EntityJudgement).values(**values))
    db.flush()
    return db.execute(select(EntityJudgement).order_by(EntityJudgement.id.desc())
                      .limit(1)).scalar_one()
