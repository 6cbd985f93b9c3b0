"""The simulator's person records: deterministic, exactly sized, truthful, and varied in the
ways the resolution must undo."""

from __future__ import annotations

import pyarrow.compute as pc
import pytest

from armsflow.simulate.geography import build_geography
from armsflow.simulate.person_records import RECORD_COLUMNS, TRUTH_COLUMNS, person_records
from armsflow.simulate.pools import Pools, build_pools


@pytest.fixture(scope="module")
def pools() -> Pools:
    return build_pools(5)


def test_same_seed_same_records(pools: Pools) -> None:
    geo = build_geography()
    a = person_records(5, 4_000, pools, geo)
    b = person_records(5, 4_000, pools, geo)
    assert a[0].equals(b[0]) and a[1].equals(b[1])
    c = person_records(6, 4_000, pools, geo)
    assert not a[0].equals(c[0])


def test_size_columns_and_truth(pools: Pools) -> None:
    records, truth = person_records(5, 7_777, pools, build_geography())
    assert records.num_rows == truth.num_rows == 7_777
    assert tuple(records.column_names) == RECORD_COLUMNS
    assert tuple(truth.column_names) == TRUTH_COLUMNS
    assert records.column("source_ref").equals(truth.column("source_ref"))
    assert pc.count_distinct(records.column("source_ref")).as_py() == 7_777
    persons = pc.count_distinct(truth.column("person_id")).as_py()
    assert 7_777 / 4 < persons < 7_777 / 1.5  # several records per person on average


def test_one_person_is_written_differently(pools: Pools) -> None:
    records, truth = person_records(5, 20_000, pools, build_geography())
    rows = records.to_pylist()
    by_person: dict[str, list[dict[str, object]]] = {}
    for row, person in zip(rows, truth.column("person_id").to_pylist(), strict=True):
        by_person.setdefault(person, []).append(row)
    varied_names = sum(1 for recs in by_person.values() if len({r["last_name"] for r in recs}) > 1)
    varied_dobs = sum(1 for recs in by_person.values()
                      if len({r["dob"] for r in recs if r["dob"] is not None}) > 1)
    assert varied_names > 0.1 * len(by_person)
    assert varied_dobs > 0.02 * len(by_person)
    # distinct people share full names (what makes naive matching fail)
    name_owners: dict[tuple[object, object], set[str]] = {}
    for row, person in zip(rows, truth.column("person_id").to_pylist(), strict=True):
        name_owners.setdefault((row["last_name"], row["first_name"]), set()).add(person)
    assert sum(1 for owners in name_owners.values() if len(owners) > 1) > 100
    possessors = [r for r in rows if r["source"] == "possessor"]
    assert possessors and all(r["street"] is None and r["phone"] is None for r in possessors)
