"""Running the model: one small class per Splink backend, the same settings for both.

``score(prepared)`` takes the prepared records (``prepare.MODEL_COLUMNS``, ``unique_id``
dense 0..n-1) and returns the scored pairs at or above a floor probability, plus the
trained model as JSON (kept with the run, so a pair is later explained with the very
model that scored it).
"""

from __future__ import annotations

import json
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
from splink import DuckDBAPI, Linker

from armsflow.entities.model import (
    MIN_PRIOR_RECORDS,
    MIN_TRAINING_RECORDS,
    as_duckdb,
    default_model,
    estimate_prior,
    train,
)

Step = Callable[[str], None]
FLOOR = 0.5
"""Pairs below this probability are not kept (clustering thresholds are above it)."""


@dataclass(frozen=True)
class Scored:
    left: np.ndarray
    right: np.ndarray
    probability: np.ndarray
    model: str


class Backend(ABC):
    name: str
    dialect: str

    @abstractmethod
    def _linker(self, prepared: pa.Table, model: dict[str, Any]) -> Any: ...

    @abstractmethod
    def _pairs(self, linker: Any, predictions: Any) -> pa.Table: ...

    def score(self, prepared: pa.Table, model: dict[str, Any] | None = None,
              step: Step | None = None, learn_u: bool = True) -> Scored:
        """Train (unless ``model`` is given, or ``learn_u`` is off: prior u values), predict,
        return pairs above ``FLOOR``."""
        say = step or (lambda _msg: None)
        learn = learn_u and model is None and prepared.num_rows >= MIN_TRAINING_RECORDS
        linker = self._linker(prepared,
                              model if model is not None else default_model(self.dialect))
        if learn:
            say("training")
            train(linker, prepared.num_rows)
        elif model is None and prepared.num_rows >= MIN_PRIOR_RECORDS:
            estimate_prior(linker)
        say("scoring pairs")
        predictions = linker.inference.predict(threshold_match_probability=FLOOR)
        pairs = self._pairs(linker, predictions)
        trained = json.dumps(as_duckdb(linker.misc.save_model_to_json()), sort_keys=True)
        return Scored(
            pairs.column("unique_id_l").to_numpy().astype(np.int64),
            pairs.column("unique_id_r").to_numpy().astype(np.int64),
            pairs.column("match_probability").to_numpy().astype(np.float64),
            trained,
        )


class DuckDBBackend(Backend):
    name = "duckdb"
    dialect = "duckdb"

    def __init__(self, memory_limit: str | None = None) -> None:
        self.con = duckdb.connect()
        if memory_limit:
            self.con.execute(f"SET memory_limit = '{memory_limit}'")

    def _linker(self, prepared: pa.Table, model: dict[str, Any]) -> Any:
        api = DuckDBAPI(self.con)
        frame = api.register(prepared, table_name="prepared_records")
        return Linker(frame, model, log_level=30)

    def _pairs(self, linker: Any, predictions: Any) -> pa.Table:
        name = predictions.physical_name
        return self.con.sql(
            f"SELECT unique_id_l, unique_id_r, match_probability FROM {name}"  # noqa: S608
        ).to_arrow_table()


class SparkBackend(Backend):
    """Spark in local mode by default (``ARMSFLOW_SPARK_MASTER`` to point elsewhere)."""

    name = "spark"
    dialect = "spark"

    def __init__(self, master: str | None = None) -> None:
        from armsflow.spark import spark_session

        self.spark = spark_session(master or "local[2]", app="armsflow-entities")
        self.spark.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="armsflow-spark-"))

    def _linker(self, prepared: pa.Table, model: dict[str, Any]) -> Any:
        from splink import SparkAPI

        api = SparkAPI(spark_session=self.spark)  # type: ignore[no-untyped-call]
        frame = api.register(self.spark.createDataFrame(prepared))
        return Linker(frame, model, log_level=30)

    def _pairs(self, linker: Any, predictions: Any) -> pa.Table:
        frame = predictions.as_spark_dataframe().select(
            "unique_id_l", "unique_id_r", "match_probability").toPandas()
        return pa.Table.from_pandas(frame, preserve_index=False)


def backend(name: str) -> Backend:
    if name == "duckdb":
        return DuckDBBackend()
    if name == "spark":
        return SparkBackend()
    raise ValueError(f"unknown entity-resolution backend {name!r} (duckdb or spark)")
