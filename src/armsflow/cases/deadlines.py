"""Business-day deadlines of deconfliction hits (pure)."""

from __future__ import annotations

from datetime import datetime, timedelta


def add_business_days(start: datetime, days: int) -> datetime:
    """``start`` moved forward by ``days`` working days (Monday-Friday), same time of day.
    A start on a weekend counts as Monday at the same clock time: two business days from
    Friday noon is Tuesday noon, from Saturday noon Wednesday noon."""
    if days < 0:
        raise ValueError("days must not be negative")
    moment = start
    while moment.weekday() >= 5:  # a weekend start: count from Monday, same clock time
        moment += timedelta(days=1)
    left = days
    while left:
        moment += timedelta(days=1)
        if moment.weekday() < 5:
            left -= 1
    return moment


def business_days_between(start: datetime, end: datetime) -> int:
    """Whole weekdays after ``start``'s date up to and including ``end``'s date."""
    count, day = 0, start.date()
    while day < end.date():
        day += timedelta(days=1)
        if day.weekday() < 5:
            count += 1
    return count
