"""The demo loader: simulated person records loaded and resolved; idempotent."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from armsflow.entities import demo, service
from armsflow.entities.models import EntityRecord, EntityRun
from armsflow.simulate.config import OutputFormat
from armsflow.simulate.geography import build_geography
from armsflow.simulate.person_records import RECORD_COLUMNS, person_records
from armsflow.simulate.pools import build_pools
from armsflow.simulate.writer import Sink


def test_demo_resolves_person_records(session_factory: sessionmaker[Session],
                                      tmp_path: Path) -> None:
    records, truth = person_records(4, 1_500, build_pools(4), build_geography())
    sink = Sink(tmp_path / "persons", RECORD_COLUMNS, OutputFormat.CSV, quoted=True)
    sink.write(records)
    sink.close()
    demo.load_demo(session_factory, tmp_path)
    demo.load_demo(session_factory, tmp_path)  # again: nothing new, no new run
    with session_factory() as db:
        assert db.execute(select(func.count()).select_from(EntityRecord)).scalar_one() == 1_500
        assert db.execute(select(func.count()).select_from(EntityRun)).scalar_one() == 1
        # two records of one true person end in one entity (most do; take the first pair)
        persons = truth.column("person_id").to_pylist()
        refs = records.column("source_ref").to_pylist()
        sources = [demo.RENAMED.get(s, s) for s in records.column("source").to_pylist()]
        seen: dict[str, int] = {}
        same = 0
        for person, ref, source in zip(persons, refs, sources, strict=True):
            entity = service.entity_of(db, source, ref)
            assert entity is not None
            if person in seen:
                same += seen[person] == entity
            seen.setdefault(person, entity)
        assert same > 0.8 * (len(persons) - len(seen))
