"""The service API on real migrated databases: load, resolve, entity_of, records_of, judge;
judgements hold after every re-run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker

from armsflow.audit.service import Actor
from armsflow.entities import service
from armsflow.errors import Conflict, InvalidInput
from armsflow.simulate.geography import build_geography
from armsflow.simulate.person_records import person_records
from armsflow.simulate.pools import build_pools


def _filler() -> list[dict[str, object]]:
    """Other people (simulated), so names have realistic frequencies around the planted ones."""
    records, _truth = person_records(9, 1_500, build_pools(9), build_geography())
    return [{**r, "source": "associate"} for r in records.to_pylist()]


FILLER = _filler()
ANALYST = Actor(user_id=None, username="analyst", agency_ori=None)
PEOPLE = [
    ("GARCIA LOPEZ", "JOSE", "1980-03-12", "12 Main Street", "79901", "9155550101"),
    ("SMITH", "ROBERT", "1975-07-30", "4 Oak Avenue", "85001", "6025550102"),
    ("HERNANDEZ", "MARIA", "1990-11-02", "77 Elm Road", "90001", "3235550103"),
    ("JOHNSON", "WILLIAM", "1968-01-21", "9 Pine Drive", "60601", None),
    ("MARTINEZ RUIZ", "LUIS", "1985-05-05", "300 Calle Juarez", "78501", "9565550105"),
    ("BROWN", "JAMES", "1999-09-19", "18 Lake Lane", "30301", None),
]


def _variants(i: int, last: str, first: str, dob: str, street: str, zip_: str,
              phone: str | None) -> list[dict[str, object]]:
    base = {"last_name": last, "first_name": first, "dob": dob, "street": street,
            "zip": zip_, "state": "TX", "city": "CITY", "phone": phone, "sex": "M"}
    return [
        {**base, "source": "purchaser", "source_ref": f"P{i}"},
        {**base, "source": "possessor", "source_ref": f"T{i}", "last_name": last.split()[0],
         "street": None, "zip": None, "phone": None},
        {**base, "source": "subject", "source_ref": f"S{i}",
         "street": street.replace("Street", "St")},
    ]


@pytest.fixture
def db(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    with session_factory() as session:
        rows = [r for i, p in enumerate(PEOPLE) for r in _variants(i, *p)]
        rows += FILLER
        assert service.load_records(session, rows) == len(rows)
        assert service.load_records(session, rows) == 0  # idempotent
        session.commit()
        yield session


def test_same_person_resolves_to_one_entity(db: Session) -> None:
    summary = service.resolve(db, collect_sources=False)
    assert summary.records == 3 * len(PEOPLE) + len(FILLER)
    for i in range(len(PEOPLE)):
        ids = {service.entity_of(db, source, f"{prefix}{i}")
               for source, prefix in (("purchaser", "P"), ("possessor", "T"), ("subject", "S"))}
        assert len(ids) == 1 and None not in ids
    entity = service.entity_of(db, "purchaser", "P0")
    assert entity is not None
    records = service.records_of(db, entity)
    assert {r.source_ref for r in records} == {"P0", "T0", "S0"}
    assert service.entity_of(db, "purchaser", "P1") != entity
    assert service.entity_of(db, "purchaser", "nope") is None


def test_judgements_hold_after_rerun(db: Session) -> None:
    service.resolve(db, collect_sources=False)
    service.judge(db, actor=ANALYST, a=("purchaser", "P0"), b=("subject", "S0"), same=False,
                  reason="different mothers' names on the case file")
    assert service.entity_of(db, "purchaser", "P0") != service.entity_of(db, "subject", "S0")
    service.judge(db, actor=ANALYST, a=("purchaser", "P1"), b=("purchaser", "P2"), same=True,
                  reason="same person, legal name change")
    assert service.entity_of(db, "purchaser", "P1") == service.entity_of(db, "purchaser", "P2")
    for _ in range(2):
        service.resolve(db, collect_sources=False)
        assert service.entity_of(db, "purchaser", "P0") != service.entity_of(db, "subject", "S0")
        assert service.entity_of(db, "purchaser", "P1") == service.entity_of(db, "purchaser", "P2")
        assert service.entity_of(db, "possessor", "T2") == service.entity_of(db, "purchaser", "P1")


def test_contradicting_judgement_is_refused(db: Session) -> None:
    service.judge(db, actor=ANALYST, a=("purchaser", "P0"), b=("subject", "S0"), same=True,
                  reason="confirmed by fingerprints")
    service.judge(db, actor=ANALYST, a=("subject", "S0"), b=("possessor", "T0"), same=True,
                  reason="confirmed by fingerprints")
    with pytest.raises(Conflict):
        service.judge(db, actor=ANALYST, a=("purchaser", "P0"), b=("possessor", "T0"),
                      same=False, reason="looks different")
    with pytest.raises(InvalidInput):
        service.judge(db, actor=ANALYST, a=("purchaser", "P0"), b=("purchaser", "P0"),
                      same=True, reason="myself and I")


def test_a_dateless_possessor_is_placed_and_says_how(session_factory: sessionmaker[Session]
                                                     ) -> None:
    planted = [
        {"source": "purchaser", "source_ref": "PQ", "last_name": "Zumarraga Quintanilla",
         "first_name": "Eleuterio", "dob": "1977-04-09", "zip": "79901", "sex": "M"},
        {"source": "subject", "source_ref": "SQ", "last_name": "ZUMARRAGA",
         "first_name": "ELEUTERIO", "dob": "1977-04-09"},
        {"source": "possessor", "source_ref": "TQ", "last_name": "Zumarraga",
         "first_name": "Eleuterio"},
        {"source": "possessor", "source_ref": "TX", "last_name": "Zumarraga",
         "first_name": "Anacleto"},
    ]
    with session_factory() as db:
        service.load_records(db, planted + FILLER)
        service.resolve(db, collect_sources=False)
        entity = service.entity_of(db, "purchaser", "PQ")
        assert entity is not None
        assert service.entity_of(db, "possessor", "TQ") == entity
        placed = {r.source_ref: r.placed_by for r in service.records_of(db, entity)}
        assert set(placed) == {"PQ", "SQ", "TQ"}
        assert placed["PQ"] == "link" and placed["TQ"] in {"link", "name"}
        other = service.entity_of(db, "possessor", "TX")
        assert other != entity
        assert [r.placed_by for r in service.records_of(db, other or 0)] == ["alone"]
