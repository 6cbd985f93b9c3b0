"""The analytical layout: one row per trace ("trace facts"), the only shape reports read.

Every engine sees the same relation ``trace_facts`` with these columns: DuckDB and Spark read
it from the Parquet export (``armsflow export-parquet``), PostgreSQL computes it on the fly
from the operational ``traces`` table (``armsflow.analytics.facts``). Published national
tables are the relation ``national_counts``.
"""

from __future__ import annotations

import pyarrow as pa

LAYOUT_VERSION = 1

FACT_SCHEMA = pa.schema([
    ("trace_id", pa.int64()),
    ("agency_id", pa.int64()),
    ("recovery_date", pa.date32()),
    ("recovery_year", pa.int32()),
    ("recovery_country", pa.string()),
    ("recovery_state", pa.string()),
    ("status", pa.string()),
    ("outcome", pa.string()),
    ("reason", pa.string()),
    ("origin", pa.string()),
    ("origin_country", pa.string()),
    ("item_kind", pa.string()),
    ("ncic_type", pa.string()),
    ("firearm_type", pa.string()),
    ("firearm_class", pa.string()),
    ("caliber", pa.string()),
    ("manufacturer", pa.string()),
    ("source_state", pa.string()),
    ("ttc_days", pa.int32()),
    ("is_duplicate", pa.bool_()),
    ("multiple_sale", pa.bool_()),
    ("pmf", pa.bool_()),
    ("conversion_device", pa.bool_()),
    ("stolen", pa.bool_()),
])
"""Columns of ``trace_facts``. ``firearm_type`` is ATF's published category, ``firearm_class``
handgun / long gun / other, ``manufacturer`` the normalised maker key, ``is_duplicate`` a
repeated recovery (excluded from every report)."""

NATIONAL_SCHEMA = pa.schema([
    ("source", pa.string()),
    ("year", pa.int32()),
    ("source_state", pa.string()),
    ("recovery_state", pa.string()),
    ("n", pa.int64()),
])
"""Columns of ``national_counts``: a published table (``source`` names it, e.g. ``atf``)."""

ATF_TYPES = ("pistol", "revolver", "rifle", "shotgun", "derringer", "machine gun", "other")
"""ATF's published firearm categories (what ``Filters.firearm_types`` accepts)."""

FIREARM_CLASSES = ("handgun", "long gun", "other")
