"""The Spark backend (local mode) runs the same model and finds the same entities as DuckDB."""

from __future__ import annotations

import os
import shutil

import numpy as np
import pyarrow as pa
import pytest

from armsflow.entities.resolution import resolve_table
from armsflow.simulate.geography import build_geography
from armsflow.simulate.person_records import person_records
from armsflow.simulate.pools import build_pools

pytestmark = pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java")


def test_spark_and_duckdb_agree() -> None:
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    records, _truth = person_records(3, 600, build_pools(3), build_geography())
    raw = records.drop_columns(["source", "source_ref"]).append_column(
        "record_id", pa.array(range(records.num_rows), pa.int64()))
    duck = resolve_table(raw, backend="duckdb")
    spark = resolve_table(raw, backend="spark")
    assert duck.pairs > 50
    same = np.mean(duck.entity_id == spark.entity_id)
    assert same >= 0.99  # float rounding may move a pair sitting exactly at the threshold
