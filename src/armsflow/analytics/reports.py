# ruff: noqa: S608  (SQL built from constants; user values only through _lit, validated)
"""Report definitions, written once, and ``run_report`` that runs them on any engine.

Each report is one SQL query in DuckDB's dialect over the relation ``facts`` (the
``trace_facts`` rows that pass the caller's ``Filters``, completed traces only, repeated
recoveries excluded, counted by year of recovery). Engines transpile it with sqlglot
(``armsflow.analytics.engines``); a small Python step then derives ratios and years from
exact integer sums, so every engine returns the same numbers.

Median semantics: the exact median of the integer time-to-crime days, interpolated between
the two middle values when the count is even (``MEDIAN`` on DuckDB and Spark,
``PERCENTILE_CONT(0.5)`` on PostgreSQL), which is always a whole or half day, then divided
by 365.25 and rounded to two decimals. Means are ``sum / n`` computed in Python from the
integer sum. Shares are rounded to four decimals.

B's dashboard calls: ``REPORTS`` / ``get_report`` (titles, columns, caveat), ``Filters``,
``run_report``, ``drill_trace_ids``, ``DASHBOARD_REPORTS``; maps use ``top-source-states``
(US choropleth) and ``flows`` (US state -> Mexican state).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc
import sqlglot
from sqlglot import exp

from armsflow.analytics.layout import ATF_TYPES
from armsflow.errors import InvalidInput, NotFound
from armsflow.tracing.vocab import TTC_1_YEAR_DAYS, TTC_3_YEARS_DAYS

if TYPE_CHECKING:
    from armsflow.analytics.engines import Engine

CAVEAT = (
    "Not all firearms used in crime are traced, and not all firearms traced were used in "
    "crime. Trace data are not a random sample and may not represent all crime guns. "
    "Counted by year of recovery; repeated recoveries are excluded."
)
"""ATF's caveat (DOMAIN.md §1), shown with every report, chart, export and release."""

DAYS_PER_YEAR = 365.25
TTC_BANDS: tuple[tuple[str, int | None], ...] = (
    ("under 3 months", 91), ("3 months to 1 year", TTC_1_YEAR_DAYS),
    ("1 to 2 years", 2 * 365), ("2 to 3 years", TTC_3_YEARS_DAYS), ("3 to 5 years", 5 * 365),
    ("5 to 10 years", 10 * 365), ("10 years or more", None),
)
"""Time-to-crime bands of the distribution report (upper bound in days, exclusive)."""


# --------------------------------------------------------------------------------- filters

_CODE = re.compile(r"^[A-Z]{2,3}$")


@dataclass(frozen=True)
class Filters:
    """What every report can be narrowed by; an empty tuple means no restriction.

    ``countries`` are ISO alpha-2 codes, ``states`` US postal codes or ISO 3166-2:MX codes
    (compared with the recovery state), ``firearm_types`` ATF categories (``ATF_TYPES``).
    """

    years: tuple[int, ...] = ()
    countries: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    agency_ids: tuple[int, ...] = ()
    firearm_types: tuple[str, ...] = ()

    @classmethod
    def of(cls, *, years: Sequence[int] | None = None, countries: Sequence[str] | None = None,
           states: Sequence[str] | None = None, agency_ids: Sequence[int] | None = None,
           firearm_types: Sequence[str] | None = None) -> Filters:
        """Validated filters; raises ``InvalidInput`` naming the bad field and value."""
        out = cls(tuple(int(y) for y in years or ()),
                  tuple(c.strip().upper() for c in countries or ()),
                  tuple(s.strip().upper() for s in states or ()),
                  tuple(int(a) for a in agency_ids or ()),
                  tuple(t.strip().lower() for t in firearm_types or ()))
        out.validate()
        return out

    def validate(self) -> None:
        for y in self.years:
            if not 1900 <= y <= 2200:
                raise InvalidInput(f"year {y} is not a plausible recovery year", field="year")
        for c in self.countries:
            if not re.fullmatch(r"[A-Z]{2}", c):
                raise InvalidInput(f"country {c!r} is not an ISO alpha-2 code", field="country")
        for s in self.states:
            if not _CODE.fullmatch(s):
                raise InvalidInput(f"state {s!r} is not a 2- or 3-letter code", field="state")
        for t in self.firearm_types:
            if t not in ATF_TYPES:
                raise InvalidInput(f"firearm type {t!r} is not one of {', '.join(ATF_TYPES)}",
                                   field="firearm_type")

    def where(self) -> str:
        """The condition on ``trace_facts`` these filters stand for (DuckDB SQL)."""
        parts = ["status = 'completed'", "NOT is_duplicate"]
        for column, values in (("recovery_year", self.years), ("recovery_country", self.countries),
                               ("recovery_state", self.states), ("agency_id", self.agency_ids),
                               ("firearm_type", self.firearm_types)):
            if values:
                parts.append(f"{column} IN ({', '.join(_lit(v) for v in values)})")
        return " AND ".join(parts)


def _lit(value: object) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    return exp.Literal.string(str(value)).sql(dialect="duckdb")


# ------------------------------------------------------------------------------ definitions

@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    title: str


@dataclass(frozen=True)
class Report:
    """One report: its CLI/API name, title, output columns, SQL over ``facts`` and how a
    cell maps back to trace facts (``drill``: output column -> facts expression, plus the
    report's own condition ``where``) for drill-down."""

    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    sql: str
    where: str = "TRUE"
    drill: Mapping[str, str] = field(default_factory=dict)
    post: Callable[[pa.Table], pa.Table] | None = None
    sort: tuple[tuple[str, str], ...] = ()
    national: bool = False
    caveat: str = CAVEAT

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def schema(self) -> pa.Schema:
        return pa.schema([(c.name, c.type) for c in self.columns])


I64, I32, F64, STR = pa.int64(), pa.int32(), pa.float64(), pa.string()


def _c(name: str, type_: pa.DataType, title: str) -> Column:
    return Column(name, type_, title)


YEAR = _c("recovery_year", I32, "Year of recovery")
COUNTRY = _c("recovery_country", STR, "Recovery country")
STATE = _c("recovery_state", STR, "Recovery state")
TYPE = _c("firearm_type", STR, "Firearm type")
N = _c("n", I64, "Traces")

_BASE_DRILL = {"recovery_year": "recovery_year", "year": "recovery_year",
               "recovery_country": "recovery_country", "recovery_state": "recovery_state",
               "firearm_type": "firearm_type", "source_state": "source_state",
               "origin": "origin", "caliber": "caliber", "manufacturer": "manufacturer",
               "firearm_class": "firearm_class"}


def _drill(*names: str, **extra: str) -> dict[str, str]:
    return {n: _BASE_DRILL[n] for n in names} | extra


def _ratio(num: pa.Array, den: pa.Array, digits: int) -> pa.Array:
    values = [None if d in (None, 0) or n is None else round(n / d, digits)
              for n, d in zip(num.to_pylist(), den.to_pylist(), strict=True)]
    return pa.array(values, F64)


def _with(table: pa.Table, name: str, values: pa.Array) -> pa.Table:
    return table.append_column(name, values)


def _ttc_post(table: pa.Table) -> pa.Table:
    n = table["n"]
    median = [None if m is None else round(m / DAYS_PER_YEAR, 2)
              for m in table["median_days"].to_pylist()]
    mean = [None if not k else round(s / k / DAYS_PER_YEAR, 2)
            for s, k in zip(table["sum_days"].to_pylist(), n.to_pylist(), strict=True)]
    out = table.drop_columns(["median_days", "sum_days", "n_under_1y", "n_under_3y"])
    out = _with(out, "median_years", pa.array(median, F64))
    out = _with(out, "mean_years", pa.array(mean, F64))
    out = _with(out, "share_under_1y", _ratio(table["n_under_1y"], n, 4))
    return _with(out, "share_under_3y", _ratio(table["n_under_3y"], n, 4))


def _share_of_total(column: str = "n", out: str = "share") -> Callable[[pa.Table], pa.Table]:
    def post(table: pa.Table) -> pa.Table:
        total = pc.sum(table[column]).as_py() or 0
        values = [round(v / total, 4) if total else None for v in table[column].to_pylist()]
        return _with(table, out, pa.array(values, F64))
    return post


def _share(num: str, den: str, out: str) -> Callable[[pa.Table], pa.Table]:
    def post(table: pa.Table) -> pa.Table:
        return _with(table, out, _ratio(table[num], table[den], 4))
    return post


def _national_post(table: pa.Table) -> pa.Table:
    """Each side's share of its recovery state's traces with a known source, per year."""
    out = table
    for side in ("local", "national"):
        totals: dict[tuple[int, str], int] = {}
        rows = zip(table["year"].to_pylist(), table["recovery_state"].to_pylist(),
                   table[f"{side}_n"].to_pylist(), strict=True)
        cached = list(rows)
        for y, s, v in cached:
            totals[(y, s)] = totals.get((y, s), 0) + (v or 0)
        shares = [round(v / totals[(y, s)], 4) if v is not None and totals[(y, s)] else None
                  for y, s, v in cached]
        out = _with(out, f"{side}_share", pa.array(shares, F64))
    return out


_TTC_AGG = (
    "COUNT(*) AS n, CAST(SUM(ttc_days) AS BIGINT) AS sum_days, "
    "MEDIAN(ttc_days) AS median_days, "
    f"CAST(SUM(CASE WHEN ttc_days < {TTC_1_YEAR_DAYS} THEN 1 ELSE 0 END) AS BIGINT) "
    "AS n_under_1y, "
    f"CAST(SUM(CASE WHEN ttc_days < {TTC_3_YEARS_DAYS} THEN 1 ELSE 0 END) AS BIGINT) "
    "AS n_under_3y"
)
_TTC_COLUMNS = (_c("n", I64, "Traces with a time-to-crime"),
                _c("median_years", F64, "Median time-to-crime (years)"),
                _c("mean_years", F64, "Mean time-to-crime (years)"),
                _c("share_under_1y", F64, "Share under 1 year"),
                _c("share_under_3y", F64, "Share under 3 years"))


def _band_expr() -> str:
    """The band's label (drill-down compares it)."""
    parts = [f"WHEN ttc_days < {limit} THEN '{label}'" for label, limit in TTC_BANDS if limit]
    return f"CASE {' '.join(parts)} ELSE '{TTC_BANDS[-1][0]}' END"


def _band_index() -> str:
    """The band's position (cheaper to group by than text; ``_band_post`` names it)."""
    parts = [f"WHEN ttc_days < {limit} THEN {i}" for i, (_l, limit) in enumerate(TTC_BANDS)
             if limit]
    return f"CASE {' '.join(parts)} ELSE {len(TTC_BANDS) - 1} END"


def _band_post(table: pa.Table) -> pa.Table:
    labels = [TTC_BANDS[int(i)][0] for i in table["band"].to_pylist()]
    return table.append_column("ttc_band", pa.array(labels, STR)).append_column(
        "band_order", table["band"])


_US_SOURCED = "recovery_country = 'US' AND source_state IS NOT NULL AND recovery_state IS NOT NULL"
_COUNT = "COUNT(*) FILTER (WHERE {})"
_IS_US, _IS_FOREIGN = "origin = 'us'", "origin = 'foreign'"
_IS_UNDETERMINED = "origin = 'undetermined'"


def _simple(name: str, title: str, description: str, dims: Sequence[Column],
            where: str = "TRUE", **kw: Any) -> Report:
    """A count of traces grouped by ``dims`` (facts columns of the same name)."""
    cols = ", ".join(d.name for d in dims)
    ordinals = ", ".join(str(i + 1) for i in range(len(dims)))
    sql = f"SELECT {cols}, COUNT(*) AS n FROM facts WHERE {where} GROUP BY {ordinals}"
    return Report(name, title, description, (*dims, N), sql, where=where,
                  drill=_drill(*(d.name for d in dims)), **kw)


def _ttc(name: str, title: str, dims: Sequence[Column], where: str = "TRUE") -> Report:
    cond = f"ttc_days IS NOT NULL AND {where}"
    cols = ", ".join(d.name for d in dims)
    ordinals = ", ".join(str(i + 1) for i in range(len(dims)))
    return Report(
        name, title,
        "Time from the first retail sale to the recovery: count, median, mean, shares "
        "under 1 and under 3 years.",
        (*dims, *_TTC_COLUMNS),
        f"SELECT {cols}, {_TTC_AGG} FROM facts WHERE {cond} GROUP BY {ordinals}",
        where=cond, drill=_drill(*(d.name for d in dims)), post=_ttc_post)


def _definitions() -> list[Report]:
    source = _c("source_state", STR, "Source state")
    origin_country = _c("origin_country", STR, "Origin country")
    reports = [
        Report(
            "origin", "Origin of recovered firearms",
            "US-sourced, foreign-sourced by country, undetermined, by year and recovery "
            "country (the GAO-16-223 table).",
            (YEAR, COUNTRY, _c("origin", STR, "Origin"), origin_country, N),
            "SELECT recovery_year, recovery_country, origin, "
            "CASE WHEN origin = 'foreign' THEN origin_country END AS origin_country, "
            "COUNT(*) AS n FROM facts WHERE origin IS NOT NULL GROUP BY 1, 2, 3, 4",
            where="origin IS NOT NULL",
            drill=_drill("recovery_year", "recovery_country", "origin",
                         origin_country="CASE WHEN origin = 'foreign' THEN origin_country END"),
        ),
        Report(
            "source-states", "Source state by recovery state",
            "US recoveries by the state where the gun was first sold at retail, in ATF's "
            "published layout (traces with a determined source state).",
            (source, _c("recovery_state", STR, "Recovery state"), _c("year", I32, "Year"), N),
            "SELECT source_state, recovery_state, recovery_year AS year, COUNT(*) AS n "
            f"FROM facts WHERE {_US_SOURCED} GROUP BY 1, 2, 3",
            where=_US_SOURCED, drill=_drill("source_state", "recovery_state", "year")),
        Report(
            "top-source-states", "Top source states",
            "Traces by source state (all recovery countries), with each state's share; "
            "the US choropleth.",
            (source, N, _c("share", F64, "Share")),
            "SELECT source_state, COUNT(*) AS n FROM facts WHERE source_state IS NOT NULL "
            "GROUP BY 1",
            where="source_state IS NOT NULL", drill=_drill("source_state"),
            post=_share_of_total(), sort=(("n", "descending"), ("source_state", "ascending"))),
        Report(
            "in-state", "Share sourced in the recovery state",
            "US recoveries with a known source state, and how many were first sold in the "
            "state where they were recovered.",
            (_c("year", I32, "Year"), STATE, N, _c("n_in_state", I64, "Sourced in state"),
             _c("share_in_state", F64, "Share in state")),
            "SELECT recovery_year AS year, recovery_state, COUNT(*) AS n, "
            f"{_COUNT.format('source_state = recovery_state')} AS n_in_state "
            f"FROM facts WHERE {_US_SOURCED} GROUP BY 1, 2",
            where=_US_SOURCED, drill=_drill("year", "recovery_state"),
            post=_share("n_in_state", "n", "share_in_state")),
        Report(
            "top-outside-source", "Top outside source state",
            "For each recovery state, the other state that sourced most of its traces "
            "(ties go to the first state code).",
            (_c("year", I32, "Year"), STATE, source, N,
             _c("n_outside", I64, "Sourced outside the state"),
             _c("share_of_outside", F64, "Share of outside-sourced")),
            "WITH counts AS (SELECT recovery_year AS year, recovery_state, source_state, "
            f"COUNT(*) AS n FROM facts WHERE {_US_SOURCED} AND source_state <> recovery_state "
            "GROUP BY 1, 2, 3), ranked AS (SELECT year, recovery_state, source_state, n, "
            "ROW_NUMBER() OVER (PARTITION BY year, recovery_state ORDER BY n DESC, "
            "source_state) AS rk, CAST(SUM(n) OVER (PARTITION BY year, recovery_state) "
            "AS BIGINT) AS n_outside FROM counts) "
            "SELECT year, recovery_state, source_state, n, n_outside FROM ranked WHERE rk = 1",
            where=f"{_US_SOURCED} AND source_state <> recovery_state",
            drill=_drill("year", "recovery_state", "source_state"),
            post=_share("n", "n_outside", "share_of_outside")),
        Report(
            "flows", "Flows from US source states to recovery places abroad",
            "Traces recovered outside the US with a US source state: source state, "
            "recovery country and state (Mexican states as ISO 3166-2:MX codes).",
            (source, COUNTRY, STATE, N),
            "SELECT source_state, recovery_country, recovery_state, COUNT(*) AS n FROM facts "
            "WHERE recovery_country <> 'US' AND source_state IS NOT NULL GROUP BY 1, 2, 3",
            where="recovery_country <> 'US' AND source_state IS NOT NULL",
            drill=_drill("source_state", "recovery_country", "recovery_state")),
        _simple("types", "Firearm types",
                "Traces by ATF's published firearm categories.", (YEAR, COUNTRY, STATE, TYPE)),
        _simple("long-guns", "Long guns and handguns",
                "Handguns (pistols, revolvers, derringers), long guns (rifles, shotguns, "
                "combinations) and others.",
                (YEAR, COUNTRY, _c("firearm_class", STR, "Class"))),
        _simple("calibers", "Calibers", "Traces by caliber as normalised at intake.",
                (YEAR, _c("caliber", STR, "Caliber")),
                sort=(("recovery_year", "ascending"), ("n", "descending"),
                      ("caliber", "ascending"))),
        _simple("manufacturers", "Manufacturers", "Traces by normalised manufacturer.",
                (YEAR, _c("manufacturer", STR, "Manufacturer")),
                sort=(("recovery_year", "ascending"), ("n", "descending"),
                      ("manufacturer", "ascending"))),
        _ttc("time-to-crime", "Time-to-crime by firearm type", (YEAR, TYPE)),
        _ttc("time-to-crime-states", "Time-to-crime by recovery state",
             (YEAR, COUNTRY, STATE)),
        Report(
            "time-to-crime-distribution", "Time-to-crime distribution",
            "Traces with a time-to-crime, by band.",
            (YEAR, _c("ttc_band", STR, "Time-to-crime"), N),
            f"SELECT recovery_year, {_band_index()} AS band, COUNT(*) AS n FROM facts "
            "WHERE ttc_days IS NOT NULL GROUP BY 1, 2",
            where="ttc_days IS NOT NULL",
            drill=_drill("recovery_year", ttc_band=_band_expr()),
            post=_band_post, sort=(("recovery_year", "ascending"), ("band_order", "ascending"))),
        Report(
            "multiple-sales", "Multiple-sale linkage",
            "Traces completed to a purchaser, and how many of them were part of a multiple "
            "sale (Forms 3310.4 and 3310.12).",
            (YEAR, COUNTRY, _c("n_to_purchaser", I64, "Traced to a purchaser"),
             _c("n_multiple_sale", I64, "Part of a multiple sale"),
             _c("share_multiple_sale", F64, "Share")),
            "SELECT recovery_year, recovery_country, COUNT(*) AS n_to_purchaser, "
            f"{_COUNT.format('multiple_sale')} AS n_multiple_sale FROM facts "
            "WHERE outcome = 'completed_purchaser' GROUP BY 1, 2",
            where="outcome = 'completed_purchaser'",
            drill=_drill("recovery_year", "recovery_country"),
            post=_share("n_multiple_sale", "n_to_purchaser", "share_multiple_sale")),
        _simple("privately-made", "Privately made firearms",
                "Privately made firearms, kits and unfinished frames or receivers.",
                (YEAR, COUNTRY, STATE), where="pmf"),
        _simple("conversion-devices", "Machine-gun conversion devices",
                "Machine-gun conversion devices recovered.", (YEAR, COUNTRY, STATE),
                where="conversion_device"),
        Report(
            "thefts", "Stolen firearms",
            "Traces of firearms reported stolen or lost, or stolen from a licensee.",
            (YEAR, COUNTRY, N, _c("n_stolen", I64, "Stolen"),
             _c("share_stolen", F64, "Share stolen")),
            "SELECT recovery_year, recovery_country, COUNT(*) AS n, "
            f"{_COUNT.format('stolen')} AS n_stolen FROM facts GROUP BY 1, 2",
            drill=_drill("recovery_year", "recovery_country"),
            post=_share("n_stolen", "n", "share_stolen")),
        Report(
            "trends", "Trends by year",
            "Yearly counts: traces, by origin, short time-to-crime, multiple sales, "
            "privately made firearms, conversion devices, thefts.",
            (YEAR, COUNTRY, N, _c("n_us_sourced", I64, "US-sourced"),
             _c("n_foreign", I64, "Foreign-sourced"),
             _c("n_undetermined", I64, "Undetermined"),
             _c("n_ttc_under_3y", I64, "Time-to-crime under 3 years"),
             _c("n_multiple_sale", I64, "Multiple sale"),
             _c("n_privately_made", I64, "Privately made"),
             _c("n_conversion_devices", I64, "Conversion devices"),
             _c("n_stolen", I64, "Stolen")),
            "SELECT recovery_year, recovery_country, COUNT(*) AS n, "
            f"{_COUNT.format(_IS_US)} AS n_us_sourced, "
            f"{_COUNT.format(_IS_FOREIGN)} AS n_foreign, "
            f"{_COUNT.format(_IS_UNDETERMINED)} AS n_undetermined, "
            f"{_COUNT.format(f'ttc_days < {TTC_3_YEARS_DAYS}')} AS n_ttc_under_3y, "
            f"{_COUNT.format('multiple_sale')} AS n_multiple_sale, "
            f"{_COUNT.format('pmf')} AS n_privately_made, "
            f"{_COUNT.format('conversion_device')} AS n_conversion_devices, "
            f"{_COUNT.format('stolen')} AS n_stolen FROM facts GROUP BY 1, 2",
            drill=_drill("recovery_year", "recovery_country")),
        Report(
            "national-comparison", "Local and national source states",
            "Local counts beside a published national table (ATF), by year, recovery state "
            "and source state, each with its share of the recovery state's total.",
            (_c("year", I32, "Year"), STATE, source, _c("local_n", I64, "Local"),
             _c("national_n", I64, "National"), _c("local_share", F64, "Local share"),
             _c("national_share", F64, "National share")),
            "WITH loc AS (SELECT recovery_year AS year, recovery_state, source_state, "
            f"COUNT(*) AS n FROM facts WHERE {_US_SOURCED} GROUP BY 1, 2, 3), "
            "nat AS (SELECT year, recovery_state, source_state, CAST(SUM(n) AS BIGINT) AS n "
            "FROM national_counts WHERE {national_where} GROUP BY 1, 2, 3) "
            "SELECT COALESCE(loc.year, nat.year) AS year, "
            "COALESCE(loc.recovery_state, nat.recovery_state) AS recovery_state, "
            "COALESCE(loc.source_state, nat.source_state) AS source_state, "
            "loc.n AS local_n, nat.n AS national_n FROM loc FULL OUTER JOIN nat "
            "ON loc.year = nat.year AND loc.recovery_state = nat.recovery_state "
            "AND loc.source_state = nat.source_state",
            where=_US_SOURCED, drill=_drill("year", "recovery_state", "source_state"),
            post=_national_post, national=True),
    ]
    return reports


REPORTS: dict[str, Report] = {r.name: r for r in _definitions()}
"""Every report by name (CLI ``armsflow report NAME``, API ``/api/v1/analytics/reports/NAME``)."""

DASHBOARD_REPORTS: tuple[str, ...] = tuple(n for n in REPORTS if n != "national-comparison")
"""The reports the dashboard shows together (the benchmark runs all of them)."""


def get_report(name: str) -> Report:
    """The report called ``name``; ``NotFound`` listing the valid names otherwise."""
    try:
        return REPORTS[name]
    except KeyError:
        raise NotFound(f"no report {name!r}; reports: {', '.join(REPORTS)}") from None


# ------------------------------------------------------------------------------- running

def _national_where(filters: Filters) -> str:
    parts = ["source = 'atf'"]
    if filters.years:
        parts.append(f"year IN ({', '.join(_lit(y) for y in filters.years)})")
    if filters.states:
        parts.append(f"recovery_state IN ({', '.join(_lit(s) for s in filters.states)})")
    if filters.countries and "US" not in filters.countries:
        parts.append("FALSE")
    return " AND ".join(parts)


def report_sql(report: Report, filters: Filters) -> str:
    """The full query (DuckDB dialect) of ``report`` under ``filters``; engines transpile it."""
    filters.validate()
    body = report.sql.replace("{national_where}", _national_where(filters))
    facts = f"facts AS (SELECT * FROM trace_facts WHERE {filters.where()})"
    if body.startswith("WITH "):
        return f"WITH {facts}, {body[len('WITH '):]}"
    return f"WITH {facts} {body}"


def finish(report: Report, raw: pa.Table) -> pa.Table:
    """Engine rows -> the report's table: derived columns, declared types, stable order."""
    table = raw.rename_columns([c.lower() for c in raw.column_names])
    if report.post is not None:
        table = report.post(table)
    keys = list(report.sort) or [(c.name, "ascending") for c in report.columns
                                 if c.type == STR or c.name in ("recovery_year", "year")]
    order = [(k, d) for k, d in keys] + [(c.name, "ascending") for c in report.columns
                                          if (c.name, "ascending") not in keys]
    if table.num_rows:
        table = table.cast(pa.schema([(f.name, _dictionary_free(f.type)) for f in table.schema]))
        table = table.sort_by(order)
    return table.select(report.column_names).cast(report.schema)


def _dictionary_free(t: pa.DataType) -> pa.DataType:
    """DuckDB returns ENUM columns as dictionaries; sort and compare them as text."""
    return t.value_type if pa.types.is_dictionary(t) else t


def run_report(name: str, filters: Filters | None = None, engine: Engine | None = None
               ) -> pa.Table:
    """Run report ``name`` under ``filters`` on ``engine`` (default: DuckDB over the
    configured Parquet export) and return a pyarrow Table with ``get_report(name).columns``."""
    from armsflow.analytics.engines import default_engine

    report = get_report(name)
    engine = engine or default_engine()
    raw = engine.query(report_sql(report, filters or Filters()))
    return finish(report, raw)


def drill_sql(report: Report, filters: Filters, cell: Mapping[str, object]) -> str:
    """The ids of the traces behind one cell of ``report`` (DuckDB dialect)."""
    conds = [f"({report.where})"]
    for column, value in cell.items():
        expr = report.drill.get(column)
        if expr is None:
            raise InvalidInput(f"{report.name} cannot be drilled down by {column!r}; use "
                               f"{', '.join(report.drill)}", field=column)
        conds.append(f"({expr}) IS NULL" if value is None else f"({expr}) = {_lit(value)}")
    return (f"WITH facts AS (SELECT * FROM trace_facts WHERE {filters.where()}) "
            f"SELECT trace_id FROM facts WHERE {' AND '.join(conds)} ORDER BY trace_id")


def drill_trace_ids(name: str, filters: Filters, cell: Mapping[str, object],
                    engine: Engine | None = None) -> list[int]:
    """Trace ids behind one cell (``cell``: output column -> value, e.g.
    ``{"source_state": "TX", "recovery_state": "CA", "year": 2022}``). No access check here:
    callers filter the ids through ``armsflow.analytics.service.entitled_traces``."""
    from armsflow.analytics.engines import default_engine

    report = get_report(name)
    filters.validate()
    table = (engine or default_engine()).query(drill_sql(report, filters, cell))
    return [int(v) for v in table.column(0).to_pylist()]


def parse_sql(sql: str) -> exp.Expr:
    """Parse a report query (DuckDB dialect); used by engines and tests."""
    return sqlglot.parse_one(sql, read="duckdb")


def filter_options(engine: Engine | None = None) -> dict[str, list[Any]]:
    """Values the dashboard's filters offer: years, countries, states (``"MX-CHH"`` style
    pairs are not used: states are plain codes), agency ids and ATF firearm types present
    among completed, non-duplicate traces."""
    from armsflow.analytics.engines import default_engine

    engine = engine or default_engine()
    base = "FROM trace_facts WHERE status = 'completed' AND NOT is_duplicate"
    out: dict[str, list[Any]] = {}
    for key, column in (("years", "recovery_year"), ("countries", "recovery_country"),
                        ("states", "recovery_state"), ("agency_ids", "agency_id"),
                        ("firearm_types", "firearm_type")):
        table = engine.query(f"SELECT DISTINCT {column} AS v {base} AND {column} IS NOT NULL")
        out[key] = sorted(table.column(0).to_pylist())
    return out
