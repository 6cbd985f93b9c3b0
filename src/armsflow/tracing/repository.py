"""All tracing SQL that loads facts for the engine: set-wise, one query per kind of fact for
a whole batch of traces (never one query per hop). Claiming and writing live in
``store.py``."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    String,
    any_,
    bindparam,
    func,
    literal_column,
    or_,
    select,
    tuple_,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from armsflow.registry.models import (
    Firearm,
    ImportRecord,
    Licensee,
    Manufacturer,
    MultipleSaleReport,
    NFARegistration,
    Purchaser,
    TheftReport,
    Transfer,
)
from armsflow.tracing.facts import (
    AnswerFact,
    BatchFacts,
    Candidate,
    ExportFact,
    FirearmFact,
    GunFacts,
    LicenseeFact,
    PurchaserFact,
    RequestFacts,
    TransferFact,
)
from armsflow.tracing.models import ExportRecord, RecordsRequest, Trace
from armsflow.tracing.serials import (
    SerialHit,
    anchors,
    expand,
    fewest_misreads,
    matches,
    misread_budget,
    misread_variants,
    one_off_variants,
    prefix_upper,
    to_glob,
    to_regex,
)

CHUNK = 900
T = TypeVar("T")


def chunks(values: Iterable[T], size: int = CHUNK) -> Iterable[list[T]]:
    batch: list[T] = []
    for v in values:
        batch.append(v)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# Statements are built once per dialect, with the keys of a batch passed as ONE parameter:
# a JSON array read with json_each on SQLite, an array compared with = ANY on PostgreSQL.
# An expanding IN list (one bound parameter per key) costs SQLAlchemy more per key than
# the index lookup it asks for, and building a statement more than running it for the
# one-trace batches of the API.
LOOKUP_CHUNK = 5_000
Cond = Callable[[Any], ColumnElement[bool]]


def _statements(of: Cond) -> dict[str, Any]:
    return {
        "by_serial": (select(Firearm.id, Manufacturer.key, Firearm.serial_norm, Firearm.model,
                             Firearm.caliber, Firearm.country_of_manufacture)
                      .join(Manufacturer, Manufacturer.id == Firearm.manufacturer_id)
                      .where(of(Firearm.serial_norm))),
        "exports": select(ExportRecord.export_license, ExportRecord.exporter_license,
                          ExportRecord.exporter_name, ExportRecord.destination_country,
                          ExportRecord.ship_date, ExportRecord.maker_key,
                          ExportRecord.serial_norm).where(of(ExportRecord.serial_norm)),
        "transfers": (select(Transfer.firearm_id, Transfer.transfer_date,
                             Transfer.from_licensee_id, Transfer.to_licensee_id,
                             Transfer.to_purchaser_id)
                      .where(of(Transfer.firearm_id))
                      .order_by(Transfer.transfer_date, Transfer.id)),
        "thefts": select(TheftReport.firearm_id, TheftReport.incident_date,
                         TheftReport.licensee_id).where(of(TheftReport.firearm_id)),
        "multiple": select(MultipleSaleReport.firearm_id, MultipleSaleReport.report_ref)
        .where(of(MultipleSaleReport.firearm_id)),
        "imports": select(ImportRecord.firearm_id, ImportRecord.import_date,
                          ImportRecord.importer_licensee_id,
                          ImportRecord.country_of_manufacture).where(of(ImportRecord.firearm_id)),
        "nfa": select(NFARegistration.firearm_id, NFARegistration.nfa_class)
        .where(of(NFARegistration.firearm_id)),
        "earlier": select(Trace.firearm_id, Trace.id).where(of(Trace.firearm_id),
                                                            Trace.duplicate_of_id.is_(None)),
        "licensees": select(Licensee.id, Licensee.ffl, Licensee.license_type,
                            Licensee.premise_state, Licensee.status, Licensee.records_on_file,
                            Licensee.license_name, Licensee.business_name)
        .where(of(Licensee.id)),
        "purchasers": select(Purchaser.id, Purchaser.purchaser_ref, Purchaser.name_key,
                             Purchaser.dob).where(of(Purchaser.id)),
        "answers": (select(RecordsRequest.trace_id, RecordsRequest.licensee_id,
                           RecordsRequest.answer, RecordsRequest.answer_date, Licensee.id,
                           RecordsRequest.answer_purchaser)
                    .outerjoin(Licensee, Licensee.ffl == RecordsRequest.answer_license)
                    .where(of(RecordsRequest.trace_id), RecordsRequest.answer.is_not(None))
                    .order_by(RecordsRequest.id)),
    }


def _json_each(col: Any) -> ColumnElement[bool]:
    keys: Any = select(literal_column("value")).select_from(
        func.json_each(bindparam("keys", type_=String)))
    return col.in_(keys.scalar_subquery())  # type: ignore[no-any-return]


def _any_array(col: Any) -> ColumnElement[bool]:
    return col == any_(bindparam("keys", type_=ARRAY(col.type)))  # type: ignore[no-any-return]


_STATEMENTS: dict[str, dict[str, Any]] = {}


def _rows(db: Session, name: str, keys: Iterable[Any]) -> list[Any]:
    """Statement ``name`` (above) for every key, in chunks, as Core rows (the ORM's result
    machinery is not needed here)."""
    conn = db.connection()
    dialect = conn.dialect.name
    stmts = _STATEMENTS.get(dialect)
    if stmts is None:
        stmts = _STATEMENTS[dialect] = _statements(
            _any_array if dialect == "postgresql" else _json_each)
    stmt = stmts[name]
    rows: list[Any] = []
    values = sorted(set(keys))
    for start in range(0, len(values), LOOKUP_CHUNK):
        part = values[start:start + LOOKUP_CHUNK]
        value: Any = part if dialect == "postgresql" else json.dumps(part)
        rows.extend(conn.execute(stmt, {"keys": value}).all())
    return rows


def _firearms_by_serial(db: Session, serials: set[str]) -> dict[str, list[FirearmFact]]:
    out: dict[str, list[FirearmFact]] = defaultdict(list)
    for row in _rows(db, "by_serial", serials):
        out[row[2]].append(FirearmFact(*row))
    return out


def _variants(serial: str) -> list[tuple[str, int]]:
    """Commonly misread characters (tier 1), then one digit off (tier 2; matching.choose
    asks more of those: same maker, model and caliber, and a single candidate)."""
    return ([(v, 1) for v in misread_variants(serial)]
            + [(v, 2) for v in one_off_variants(serial)])


_WHY = {1: "commonly misread character", 2: "one digit off"}


def load_candidates(db: Session, reqs: Sequence[RequestFacts]) -> dict[int, list[Candidate]]:
    """Exact serial matches first; for requests without any, misread variants."""
    wanted = {r.serial_norm for r in reqs if r.serial_norm}
    exact = _firearms_by_serial(db, wanted)
    out: dict[int, list[Candidate]] = {}
    misses = []
    for r in reqs:
        if not r.serial_norm:
            continue
        found = [Candidate(f, 0, "exact serial") for f in exact.get(r.serial_norm, [])]
        if any(c.firearm.maker_key == r.maker_key for c in found) or (found and
                                                                     not r.maker_known):
            out[r.trace_id] = found
        else:
            misses.append(r)
            out[r.trace_id] = found
    variants = {r.trace_id: _variants(r.serial_norm or "") for r in misses}
    fuzzy = _firearms_by_serial(db, {v for vs in variants.values() for v, _ in vs})
    for r in misses:
        for v, tier in variants[r.trace_id]:
            found_v = fuzzy.get(v)
            if found_v:
                why = f"serial read as {r.serial_norm}, {v} on record ({_WHY[tier]})"
                out[r.trace_id].extend(Candidate(f, tier, why) for f in found_v)
    return out


def load_exports(db: Session, reqs: Sequence[RequestFacts]) -> dict[int, list[ExportFact]]:
    """Export records whose serial is the request's or one misread character away (not a
    digit off: series neighbours would match); the
    engine decides which (if any) is the gun."""
    keys: dict[str, list[int]] = defaultdict(list)
    for r in reqs:
        if r.serial_norm:
            for s in {r.serial_norm, *misread_variants(r.serial_norm)}:
                keys[s].append(r.trace_id)
    out: dict[int, list[ExportFact]] = defaultdict(list)
    for row in _rows(db, "exports", keys):
        fact = ExportFact(*row)
        for tid in keys[fact.serial_norm]:
            out[tid].append(fact)
    return out


def load_guns(db: Session, firearms: dict[int, FirearmFact], batch_ids: Sequence[int]
              ) -> dict[int, GunFacts]:
    guns = {fid: GunFacts(f) for fid, f in firearms.items()}
    ids = list(guns)
    for r in _rows(db, "transfers", ids):
        guns[r[0]].transfers.append(TransferFact(r[1], r[2], r[3], r[4]))
    for r in _rows(db, "thefts", ids):
        guns[r[0]].thefts.append((r[1], r[2]))
    for r in _rows(db, "multiple", ids):
        guns[r[0]].multiple_sales.append(r[1])
    for r in _rows(db, "imports", ids):
        guns[r[0]].imports.append((r[1], r[2], r[3]))
    for r in _rows(db, "nfa", ids):
        guns[r[0]].nfa.append(r[1])
    batch = set(batch_ids)
    for r in _rows(db, "earlier", ids):
        if r[1] not in batch:
            guns[r[0]].earlier_traces += 1
    return guns


def load_licensees(db: Session, ids: Iterable[int]) -> dict[int, LicenseeFact]:
    out = {}
    for r in _rows(db, "licensees", ids):
        out[r[0]] = LicenseeFact(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[7] or r[6])
    return out


def load_purchasers(db: Session, ids: Iterable[int]) -> dict[int, PurchaserFact]:
    return {r[0]: PurchaserFact(r[0], r[1], r[2], r[3])
            for r in _rows(db, "purchasers", ids)}


def load_answers(db: Session, trace_ids: Sequence[int]) -> dict[int, list[AnswerFact]]:
    out: dict[int, list[AnswerFact]] = defaultdict(list)

    for trace_id, *answer in _rows(db, "answers", trace_ids):
        out[trace_id].append(AnswerFact(*answer))
    return out


def load_facts(db: Session, reqs: Sequence[RequestFacts]) -> BatchFacts:
    """Every fact the engine needs for ``reqs``, in a fixed number of set-wise queries."""
    db.flush()  # the loaders read through the session's connection, without autoflush
    facts = BatchFacts()
    facts.candidates = load_candidates(db, reqs)
    firearms = {c.firearm.id: c.firearm for cs in facts.candidates.values() for c in cs}
    trace_ids = [r.trace_id for r in reqs]
    facts.guns = load_guns(db, firearms, trace_ids)
    no_exact = [r for r in reqs if not any(c.tier == 0 and c.firearm.maker_key == r.maker_key
                                           for c in facts.candidates.get(r.trace_id, []))]
    facts.exports = load_exports(db, no_exact)
    facts.answers = load_answers(db, trace_ids)
    licensee_ids = {t.from_id for g in facts.guns.values() for t in g.transfers}
    licensee_ids |= {t.to_licensee_id for g in facts.guns.values() for t in g.transfers
                     if t.to_licensee_id}
    licensee_ids |= {i[1] for g in facts.guns.values() for i in g.imports}
    licensee_ids |= {a.to_licensee_id for answers in facts.answers.values()
                     for a in answers if a.to_licensee_id}
    facts.licensees = load_licensees(db, licensee_ids)
    buyers = {t.to_purchaser_id for g in facts.guns.values() for t in g.transfers
              if t.to_purchaser_id}
    facts.purchasers = load_purchasers(db, buyers)
    return facts


def request_facts(trace: Any, maker_known: bool) -> RequestFacts:
    """The engine's view of a trace row (ORM object or row with the same attributes)."""
    return RequestFacts(
        trace_id=trace.id, serial_norm=trace.serial_norm,
        obliterated=bool(trace.serial_obliterated), maker_key=trace.maker_key,
        maker_known=maker_known, model=trace.model, caliber=trace.caliber,
        country=trace.country_of_manufacture, importer=trace.importer,
        item_kind=trace.item_kind, recovery_date=trace.recovery_date,
        recovery_country=trace.recovery_country, recovery_state=trace.recovery_state,
        possessor_key=(f"{trace.possessor_last_name or ''} {trace.possessor_first_name or ''}"
                       .upper().strip() or None),
        possessor_dob=trace.possessor_dob,
    )


def known_makers(db: Session, keys: Iterable[str]) -> set[str]:
    """Maker keys the registry knows (a request naming one is not a misspelling)."""
    out: set[str] = set()
    for part in chunks(sorted(set(keys))):
        out.update(db.scalars(select(Manufacturer.key).where(Manufacturer.key.in_(part))))
    return out


def duplicates_of(db: Session, keys: Sequence[tuple[str, str, Any, str]]
                  ) -> dict[tuple[str, str, Any, str], int]:
    """The first trace of each recovery key (serial, maker, recovery date, country)."""
    out: dict[tuple[str, str, Any, str], int] = {}
    cols = (Trace.serial_norm, Trace.maker_key, Trace.recovery_date, Trace.recovery_country)
    for part in chunks(sorted(set(keys), key=str), 200):
        # serial_norm IN (...) as well: it lets SQLite use ix_traces_recovery_key for the
        # row-value IN, which it would otherwise scan whole
        stmt = (select(*cols, func.min(Trace.id))
                .where(Trace.serial_norm.in_(sorted({k[0] for k in part})),
                       tuple_(*cols).in_(part))
                .group_by(*cols))
        for row in db.execute(stmt):
            out[(row[0] or "", row[1] or "", row[2], row[3])] = row[4]
    return out


# ------------------------------------------------------------------ damaged-serial search


def _serial_shape(db: Session, pattern: str) -> ColumnElement[bool]:
    """A condition every match of ``pattern`` satisfies: GLOB on SQLite, a regular
    expression on PostgreSQL (exactly the matches when no misread is allowed)."""
    col = Firearm.serial_norm
    if db.get_bind().dialect.name == "sqlite":
        # on an expression, not the column: SQLite would otherwise turn the GLOB's literal
        # start into the index range it scans, instead of the prefix ranges
        return col.concat("").op("GLOB")(to_glob(pattern))
    return col.regexp_match(to_regex(pattern))


def _prefix_ranges(part: Sequence[str], backwards: bool = False) -> ColumnElement[bool]:
    """Serials starting with one of ``part`` (or, ``backwards``, ending with one of them
    read backwards: the reversed-serial index, ``ix_firearms_serial_rev``)."""
    col = func.reverse(Firearm.serial_norm) if backwards else Firearm.serial_norm
    return or_(*(col.between(p, prefix_upper(p)) for p in part))


def _growing(starts: list[str]) -> Iterator[list[str]]:
    """``starts`` in order, in chunks of 8, 16, 32 ... 256."""
    i, size = 0, 8
    while i < len(starts):
        yield starts[i:i + size]
        i, size = i + size, min(size * 2, 256)


def find_serials(db: Session, pattern: str, *, maker_key: str | None = None,
                 model: str | None = None, caliber: str | None = None, limit: int = 50
                 ) -> list[tuple[int, SerialHit]]:
    """Registry firearms whose serial matches the cleaned ``pattern`` (serials.matches),
    best first (score, serial, id), at most ``limit``. Few keys: exact lookups; else
    index ranges on the literal prefixes and a GLOB / regex, each row checked."""
    if not pattern:
        return []
    conds: list[ColumnElement[bool]] = []
    if maker_key is not None:
        maker_id = db.scalar(select(Manufacturer.id).where(Manufacturer.key == maker_key))
        if maker_id is None:
            return []
        conds.append(Firearm.manufacturer_id == maker_id)
    if model:
        conds.append(Firearm.model == model)
    if caliber:
        conds.append(Firearm.caliber == caliber)
    base = select(Firearm.id, Firearm.serial_norm).where(*conds)
    postgres = db.get_bind().dialect.name == "postgresql"
    conn = db.connection()
    if postgres:
        # these plans look costly (many keys or ranges) but run in milliseconds: compiling
        # them with JIT first (PostgreSQL's default above a cost of 100,000) takes longer
        conn.exec_driver_sql("SET LOCAL jit = off")
    found: list[tuple[int, SerialHit]] = []
    keys = expand(pattern)
    if keys is not None:
        stmt = base.where((_any_array if postgres else _json_each)(Firearm.serial_norm))
        for part in chunks(sorted(keys), LOOKUP_CHUNK):
            value: Any = part if postgres else json.dumps(part)
            found.extend((fid, keys[serial]) for fid, serial in conn.execute(stmt, {"keys": value}))
        found.sort(key=lambda f: (-f[1].score, f[1].serial_norm, f[0]))
        return found[:limit]
    stmt = base.where(_serial_shape(db, pattern))
    if misread_budget(pattern) == 0:
        # the shape is the predicate itself, and every match scores the same
        stmt = stmt.order_by(Firearm.serial_norm, Firearm.id).limit(limit)
    side, starts = anchors(pattern)
    fits: list[tuple[int, str, int]] = []
    batches: Iterable[Any]
    if side == "none":
        batches = [stmt]
    else:
        batches = (stmt.where(_prefix_ranges(part, backwards=side == "end"))
                   for part in _growing(starts))
    exact = 0
    for query in batches:
        for fid, serial in conn.execute(query):
            misread = fewest_misreads(pattern, serial)
            if misread is not None:
                fits.append((misread, serial, fid))
                exact += misread == 0
        # The prefixes share one length and come in order, so later ranges hold only
        # greater serials: once ``limit`` exact matches are in, the ranking is settled
        # (not so for ranges of reversed serials: those are all read).
        if exact >= limit and side == "start":
            break
    fits.sort()  # fewer misreads first (the score), then serial and id
    # the explanation (an alignment) only for the candidates returned
    found = [(fid, hit) for _m, serial, fid in fits[:limit]
             if (hit := matches(pattern, serial)) is not None]
    return found


def firearm_cards(db: Session, ids: Sequence[int]
                  ) -> dict[int, tuple[str, str, str | None, str | None]]:
    """id -> (serial as recorded, maker name, model, caliber)."""
    out: dict[int, tuple[str, str, str | None, str | None]] = {}
    for part in chunks(ids):
        stmt = (select(Firearm.id, Firearm.serial_raw, Manufacturer.name, Firearm.model,
                       Firearm.caliber)
                .join(Manufacturer, Manufacturer.id == Firearm.manufacturer_id)
                .where(Firearm.id.in_(part)))
        out.update({r[0]: (r[1], r[2], r[3], r[4]) for r in db.execute(stmt)})
    return out
