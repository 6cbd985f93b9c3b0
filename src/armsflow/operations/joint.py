"""Joint operations, pure: reading a tally file and summing it.

A tally file (CSV, UTF-8) has one figure per row::

    period,date,state,metric,drug,quantity,unit
    day,2010-06-09,,arrests,,429,
    cumulative,2010-06-09,,drug,cocaine,2.5,ton

``period`` is ``day`` (that day's figures) or ``cumulative`` (totals reported as of that
date). ``state`` is a US state or Mexican state (name or code) or empty when the figure is
not broken down by state. ``metric`` is arrests, weapons, vehicles, currency, drug,
officers or states_reached; ``drug`` names the drug of a drug row. Units: counts take none
(or ``count``); currency takes ``usd`` (default); drugs take g, kg, lb, ton (US short ton,
2,000 lb), tonne, mg or ug. Amounts are kept as integers in base units (count, cents,
micrograms) so that pounds and tons add up exactly.

Day figures and cumulative reports are kept apart: a cumulative report is never the sum of
the days recorded (most days of a long operation are never itemised), and the sum of the
days is never taken for the cumulative.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from armsflow.operations.vocab import (
    CENTS_PER_UNIT,
    COUNT_METRICS,
    MICROGRAMS_PER_UNIT,
    DrugKind,
    Metric,
    Period,
)
from armsflow.types.errors import InvalidValue
from armsflow.vocab.places import mx_state_code, us_state_code

COLUMNS = ("period", "date", "state", "metric", "drug", "quantity", "unit")
MICROGRAMS_PER_KG = 1_000_000_000
MICROGRAMS_PER_LB = MICROGRAMS_PER_UNIT["lb"]


@dataclass(frozen=True)
class Figure:
    period: str
    on_date: date
    state: str
    metric: str
    drug: str
    amount: int

    @property
    def key(self) -> str:
        return f"drug:{self.drug}" if self.metric == Metric.DRUG else self.metric


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str


class _Bad(ValueError):
    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column = column


def _enum(value: str, kind: type[Period] | type[Metric] | type[DrugKind], column: str) -> str:
    try:
        return str(kind(value.strip().lower()))
    except ValueError as exc:
        raise _Bad(column, f"{value!r} is not one of {', '.join(kind)}") from exc


def _state(value: str) -> str:
    text = value.strip()
    if not text:
        return ""
    for parse in (us_state_code, mx_state_code):
        try:
            return parse(text)
        except InvalidValue:
            continue
    raise _Bad("state", f"{text!r} is not a US or Mexican state name or code")


def _amount(metric: str, quantity: str, unit: str) -> int:
    try:
        number = Decimal(quantity.strip().replace(",", ""))
    except InvalidOperation as exc:
        raise _Bad("quantity", f"{quantity!r} is not a number") from exc
    if not number.is_finite() or number < 0:
        raise _Bad("quantity", f"{quantity!r} must be zero or more")
    unit = unit.strip().lower()
    if metric in COUNT_METRICS:
        if unit not in {"", "count"} or number != number.to_integral_value():
            raise _Bad("quantity" if unit in {"", "count"} else "unit",
                       f"{metric} is a whole count with no unit")
        return int(number)
    table = CENTS_PER_UNIT if metric == Metric.CURRENCY else MICROGRAMS_PER_UNIT
    unit = unit or ("usd" if metric == Metric.CURRENCY else "")
    if unit not in table:
        raise _Bad("unit", f"{unit!r} is not a unit of {metric} ({', '.join(table)})")
    return int((number * table[unit]).to_integral_value())


def parse_row(row: dict[str, str]) -> Figure:
    period = _enum(row.get("period") or "", Period, "period")
    try:
        on_date = date.fromisoformat((row.get("date") or "").strip())
    except ValueError as exc:
        raise _Bad("date", f"{row.get('date')!r} is not a date (YYYY-MM-DD)") from exc
    metric = _enum(row.get("metric") or "", Metric, "metric")
    drug = (row.get("drug") or "").strip()
    if metric == Metric.DRUG:
        drug = _enum(drug, DrugKind, "drug")
    elif drug:
        raise _Bad("drug", f"only drug rows name a drug, not {metric} rows")
    return Figure(period, on_date, _state(row.get("state") or ""), metric, drug,
                  _amount(metric, row.get("quantity") or "", row.get("unit") or ""))


def parse_rows(rows: Iterable[dict[str, str]]) -> tuple[list[Figure], list[RowError]]:
    """Every row parsed, or every bad row reported (row 1 is the header)."""
    figures: list[Figure] = []
    errors: list[RowError] = []
    seen: dict[tuple[str, date, str, str, str], int] = {}
    for number, row in enumerate(rows, start=2):
        try:
            fig = parse_row(row)
        except _Bad as exc:
            errors.append(RowError(number, exc.column, str(exc)))
            continue
        key = (fig.period, fig.on_date, fig.state, fig.metric, fig.drug)
        if key in seen:
            errors.append(RowError(number, "metric", f"repeats row {seen[key]}"))
            continue
        seen[key] = number
        figures.append(fig)
    return figures, errors


def read_file(path: Path) -> tuple[list[Figure], list[RowError]]:
    """A tally CSV: the header must name the columns (lines starting with # are notes)."""
    with path.open(newline="", encoding="utf-8-sig") as fh:
        lines = [line for line in fh if not line.lstrip().startswith("#")]
    reader = csv.DictReader(lines)
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        return [], [RowError(1, c, "missing column") for c in missing]
    return parse_rows(reader)


# ------------------------------------------------------------------------------ summary


@dataclass
class Summary:
    cumulative_as_of: date | None = None
    cumulative: dict[str, int] = field(default_factory=dict)
    days: dict[date, dict[str, int]] = field(default_factory=dict)
    running: dict[date, dict[str, int]] = field(default_factory=dict)
    day_totals: dict[str, int] = field(default_factory=dict)
    by_state: dict[str, dict[str, int]] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)


def summarize(figures: Iterable[Figure]) -> Summary:
    """Day figures per day and as a running total of the days recorded; the latest
    cumulative report as reported; totals by state (days and cumulative reports that are
    broken down by state; '' for figures that are not)."""
    out = Summary()
    figures = list(figures)
    days: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    cumulative: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for f in figures:
        (days if f.period == Period.DAY else cumulative)[f.on_date][f.key] += f.amount
    if cumulative:
        out.cumulative_as_of = max(cumulative)
        out.cumulative = dict(cumulative[out.cumulative_as_of])
    running: dict[str, int] = defaultdict(int)
    for day in sorted(days):
        out.days[day] = dict(days[day])
        for key, amount in days[day].items():
            running[key] += amount
        out.running[day] = dict(running)
    out.day_totals = dict(running)
    out.by_state = _by_state(figures, out.cumulative_as_of)
    out.keys = sorted({f.key for f in figures}, key=_key_order)
    return out


def _by_state(figures: list[Figure], as_of: date | None) -> dict[str, dict[str, int]]:
    """By state: the latest cumulative report where it is broken down by state, else the
    days recorded."""
    reported = {f.state for f in figures if f.period == Period.CUMULATIVE and f.state}
    table: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for f in figures:
        if not f.state:
            continue
        if f.state in reported:
            if f.period == Period.CUMULATIVE and f.on_date == as_of:
                table[f.state][f.key] += f.amount
        elif f.period == Period.DAY:
            table[f.state][f.key] += f.amount
    return {s: dict(v) for s, v in sorted(table.items())}


ORDER = ["arrests", "weapons", "vehicles", "currency", *(f"drug:{d}" for d in DrugKind),
         "officers", "states_reached"]


def _key_order(key: str) -> int:
    return ORDER.index(key) if key in ORDER else len(ORDER)


def display(key: str, amount: int) -> str:
    """A figure for people: counts with separators, dollars, drugs in kg and lb."""
    if key == Metric.CURRENCY:
        dollars, cents = divmod(amount, 100)
        return f"${dollars:,}" + (f".{cents:02d}" if cents else "")
    if key.startswith("drug:"):
        kg = Decimal(amount) / MICROGRAMS_PER_KG
        lb = Decimal(amount) / MICROGRAMS_PER_LB
        return f"{kg:,.1f} kg ({lb:,.1f} lb)"
    return f"{amount:,}"


def pounds(amount_ug: int) -> Decimal:
    return Decimal(amount_ug) / MICROGRAMS_PER_LB
