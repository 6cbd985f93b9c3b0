"""The vocabulary of the operations feature, defined once (STYLE.md rule 4)."""

from __future__ import annotations

from enum import StrEnum


class OperationKind(StrEnum):
    """What a planned operation is (DOMAIN.md §4, event deconfliction)."""

    SEARCH_WARRANT = "search_warrant"
    CONTROLLED_BUY = "controlled_buy"
    SURVEILLANCE = "surveillance"
    ARREST = "arrest"
    OTHER = "other"


class OperationStatus(StrEnum):
    PLANNED = "planned"
    CANCELLED = "cancelled"


class ConflictStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


class ConflictResolution(StrEnum):
    """How the two parties settled an event conflict once they talked."""

    COORDINATED = "coordinated"          # both go ahead, knowing of each other
    RESCHEDULED = "rescheduled"          # one moved in time or place
    NO_CONFLICT = "no_conflict"          # the overlap was harmless
    CANCELLED = "cancelled"              # one operation was cancelled (set automatically)


MAX_RADIUS_M = 50_000
"""Largest radius an operation may declare. The spatial prefilter widens its search box by
this much, so every stored radius must be within it."""
MAX_DURATION_HOURS = 31 * 24
"""Longest window an operation may declare (a month of surveillance)."""
SPAN_HOURS = (6, 24, 7 * 24, MAX_DURATION_HOURS)
"""Windows are indexed by length class (up to 6 hours, a day, a week, a month): the time
prefilter looks back from a new window's start only as far as each class's longest
window, so a month-long surveillance does not make every query scan a month of arrests."""


def span_class(hours: float) -> int:
    """The length class of a window of ``hours`` (see ``SPAN_HOURS``)."""
    for k, bound in enumerate(SPAN_HOURS):
        if hours <= bound:
            return k
    raise ValueError(f"a window of {hours} hours is longer than {MAX_DURATION_HOURS}")


# Joint operations (Project Deliverance and the like)


class Period(StrEnum):
    """A joint-operation tally is either one day's figures or a cumulative report as of a
    date. The two are kept apart (DOMAIN.md §4): cumulative totals are never the sum of the
    days recorded, because most days of a long operation are never itemised."""

    DAY = "day"
    CUMULATIVE = "cumulative"


class Metric(StrEnum):
    ARRESTS = "arrests"
    WEAPONS = "weapons"
    VEHICLES = "vehicles"
    CURRENCY = "currency"       # stored in US cents
    DRUG = "drug"               # stored in micrograms, by drug kind
    OFFICERS = "officers"       # officers taking part (a day's takedown)
    STATES_REACHED = "states_reached"  # states where it took place, when not broken down


class DrugKind(StrEnum):
    METHAMPHETAMINE = "methamphetamine"
    COCAINE = "cocaine"
    HEROIN = "heroin"
    MARIJUANA = "marijuana"
    FENTANYL = "fentanyl"
    OTHER = "other"


COUNT_METRICS = frozenset({Metric.ARRESTS, Metric.WEAPONS, Metric.VEHICLES, Metric.OFFICERS,
                           Metric.STATES_REACHED})

MICROGRAMS_PER_UNIT: dict[str, int] = {
    "ug": 1,
    "mg": 1_000,
    "g": 1_000_000,
    "kg": 1_000_000_000,
    "lb": 453_592_370,               # the international avoirdupois pound, exactly
    "ton": 907_184_740_000,          # US short ton, 2,000 lb (DEA figures)
    "tonne": 1_000_000_000_000,      # metric ton
}
CENTS_PER_UNIT: dict[str, int] = {"usd": 100, "cents": 1}
