"""Business-day deadlines of deconfliction hits (pure).

A business day is a weekday that is not a public holiday in any of the calendars in force
(``holidays``: any container of dates; :func:`armsflow.cases.calendars.holiday_calendar`
builds one from ISO country codes, US federal holidays by default).
"""

from __future__ import annotations

from collections.abc import Container
from datetime import date, datetime, timedelta

NO_HOLIDAYS: frozenset[date] = frozenset()


def is_business_day(day: date, holidays: Container[date] = NO_HOLIDAYS) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_business_days(start: datetime, days: int,
                      holidays: Container[date] = NO_HOLIDAYS) -> datetime:
    """``start`` moved forward by ``days`` business days, same time of day. A start on a
    day off counts from the next business day at the same clock time: two business days
    from Friday noon is Tuesday noon, from Saturday noon Wednesday noon, and from Friday
    noon before a Monday holiday Wednesday noon."""
    if days < 0:
        raise ValueError("days must not be negative")
    moment = start
    while not is_business_day(moment.date(), holidays):
        moment += timedelta(days=1)
    left = days
    while left:
        moment += timedelta(days=1)
        if is_business_day(moment.date(), holidays):
            left -= 1
    return moment


def business_days_between(start: datetime, end: datetime,
                          holidays: Container[date] = NO_HOLIDAYS) -> int:
    """Business days after ``start``'s date up to and including ``end``'s date."""
    count, day = 0, start.date()
    while day < end.date():
        day += timedelta(days=1)
        if is_business_day(day, holidays):
            count += 1
    return count
