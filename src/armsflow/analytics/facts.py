"""The trace-facts row of each trace, as one SQL query over the operational ``traces`` table.

Written once with SQLAlchemy Core, so it runs on SQLite (the Parquet export reads it) and on
PostgreSQL (the PostgreSQL engine inlines it as the ``trace_facts`` relation). Derivations
follow the platform's vocabulary: ATF category from the NCIC type (``vocab.atf_category``),
handgun / long gun (``vocab.is_handgun`` / ``is_long_gun``), indicators from the trace result.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Integer,
    Select,
    String,
    and_,
    case,
    cast,
    extract,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.sql.elements import ColumnElement

from armsflow.tracing.models import Trace
from armsflow.tracing.vocab import Indicator, Reason
from armsflow.vocab import ItemKind

PMF_KINDS = (ItemKind.PRIVATELY_MADE.value, ItemKind.PARTS_KIT.value)


def _has_indicator(name: str) -> ColumnElement[bool]:
    wrapped = literal(",") + func.coalesce(Trace.indicators, "") + literal(",")
    return wrapped.like(f"%,{name},%")


def _atf_type() -> ColumnElement[Any]:
    code = func.upper(func.coalesce(Trace.firearm_type, ""))
    first = func.substr(code, 1, 1)
    return case(
        (code == "PR", "revolver"),
        (code == "PD", "derringer"),
        (first == "P", "pistol"),
        (first == "R", "rifle"),
        (first == "S", "shotgun"),
        (first.in_(["M", "B"]), "machine gun"),
        else_="other",
    )


def _firearm_class() -> ColumnElement[Any]:
    first = func.substr(func.upper(func.coalesce(Trace.firearm_type, "")), 1, 1)
    return case((first == "P", "handgun"), (first.in_(["R", "S", "C"]), "long gun"),
                else_="other")


def _flag(cond: ColumnElement[bool]) -> ColumnElement[Any]:
    return case((cond, True), else_=False)


def facts_select() -> Select[Any]:
    """``SELECT`` producing the trace-facts layout (``layout.FACT_SCHEMA``) for every trace."""
    t = Trace
    stmt: Select[Any] = select(  # type: ignore[assignment]
        t.id.label("trace_id"),
        t.agency_id.label("agency_id"),
        t.recovery_date.label("recovery_date"),
        cast(extract("year", t.recovery_date), Integer).label("recovery_year"),
        t.recovery_country.label("recovery_country"),
        t.recovery_state.label("recovery_state"),
        t.status.label("status"),
        t.outcome.label("outcome"),
        t.reason.label("reason"),
        t.origin.label("origin"),
        t.origin_country.label("origin_country"),
        t.item_kind.label("item_kind"),
        t.firearm_type.label("ncic_type"),
        _atf_type().label("firearm_type"),
        _firearm_class().label("firearm_class"),
        t.caliber.label("caliber"),
        t.maker_key.label("manufacturer"),
        cast(t.source_state, String).label("source_state"),
        t.ttc_days.label("ttc_days"),
        _flag(t.duplicate_of_id.is_not(None)).label("is_duplicate"),
        _flag(_has_indicator(Indicator.MULTIPLE_SALE.value)).label("multiple_sale"),
        _flag(t.item_kind.in_(PMF_KINDS)).label("pmf"),
        _flag(t.item_kind == ItemKind.CONVERSION_DEVICE.value).label("conversion_device"),
        _flag(or_(_has_indicator(Indicator.REPORTED_STOLEN.value),
                  t.reason == Reason.STOLEN_FROM_LICENSEE.value)).label("stolen"),
    )
    return stmt


def changed_since(since: Any) -> ColumnElement[bool]:
    """Traces submitted or resolved at or after ``since`` (the incremental export's test)."""
    return or_(Trace.submitted_at >= since,
               and_(Trace.resolved_at.is_not(None), Trace.resolved_at >= since))
