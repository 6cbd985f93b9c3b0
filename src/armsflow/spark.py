"""The one Spark session builder (analytics engine, entity resolution at scale).

A JVM holds one Spark context, and static settings such as ``spark.jars`` only count when
the first session starts: every feature must ask for its session here, so that the first
one carries what all of them need (Splink's similarity functions, UTC, non-ANSI arithmetic
for the analytics SQL). Local mode binds to 127.0.0.1 unless ``SPARK_LOCAL_IP`` is set.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


def spark_session(master: str = "local[2]", app: str = "armsflow") -> SparkSession:
    """The process's Spark session, created on first use with every feature's settings."""
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    from armsflow.settings import get_settings

    return (SparkSession.builder.master(master).appName(app)
            .config("spark.jars", similarity_jar_location())
            .config("spark.driver.memory", get_settings().spark_driver_memory)
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.sql.ansi.enabled", "false")
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .getOrCreate())
