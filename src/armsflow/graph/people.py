"""One node per person: the entities of ``armsflow.entities`` when a resolution has run,
else one node per purchaser record and one per possessor named in a trace.

The entity service answers one record at a time (``entity_of``); the graph needs every
membership at once, so it reads the resolution's two tables in one query here (read only).
"""

from __future__ import annotations

from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from armsflow.graph.repository import People
from armsflow.registry.models import Purchaser

_PRESENT: dict[int, bool] = {}


def _tables_present(db: Session) -> bool:
    """Whether the resolution's tables exist (asked once per engine)."""
    bind = db.get_bind()
    if id(bind) not in _PRESENT:
        names = set(inspect(bind).get_table_names())
        _PRESENT[id(bind)] = {"entity_records", "entity_members", "entity_runs",
                              "entity_judgements"} <= names
    return _PRESENT[id(bind)]


def version(db: Session) -> object:
    """Changes when the resolution changes (a run or a judgement)."""
    if not _tables_present(db):
        return None
    try:
        from armsflow.entities.models import EntityJudgement, EntityRun
    except ImportError:
        return None
    return (db.execute(select(func.max(EntityRun.id))).scalar(),
            db.execute(select(func.max(EntityJudgement.id))).scalar())


def people(db: Session) -> People:
    """Person-node keys from the current resolution (empty maps when there is none)."""
    if not _tables_present(db):
        return People()
    try:
        from armsflow.entities.models import EntityMember, EntityRecord
    except ImportError:
        return People()
    buyers = db.execute(
        select(Purchaser.id, EntityMember.entity_id)
        .join(EntityRecord, (EntityRecord.source == "purchaser")
              & (EntityRecord.source_ref == Purchaser.purchaser_ref))
        .join(EntityMember, EntityMember.record_id == EntityRecord.id)).all()
    holders = db.execute(
        select(EntityRecord.source_ref, EntityMember.entity_id)
        .join(EntityMember, EntityMember.record_id == EntityRecord.id)
        .where(EntityRecord.source == "possessor")).all()
    return merge([(int(p), int(e)) for p, e in buyers],
                 [(int(t), int(e)) for t, e in holders if str(t).isdigit()])


def merge(purchasers: list[tuple[int, int]], possessors: list[tuple[int, int]]) -> People:
    """Pure: (purchaser id, entity) and (trace id, entity) pairs to node keys. An entity's
    key is its smallest purchaser id, else minus its smallest trace id."""
    best: dict[int, int] = {}
    for pid, ent in purchasers:
        best[ent] = min(best.get(ent, pid), pid)
    first_trace: dict[int, int] = {}
    for tid, ent in possessors:
        first_trace[ent] = min(first_trace.get(ent, tid), tid)

    def key(ent: int) -> int:
        return best[ent] if ent in best else -first_trace[ent]

    return People(purchaser={pid: key(ent) for pid, ent in purchasers if key(ent) != pid},
                  possessor={tid: key(ent) for tid, ent in possessors})
