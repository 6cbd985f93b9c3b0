"""Public holidays that stop the deadline clock, from the ``holidays`` library.

``ARMSFLOW_HIT_HOLIDAYS`` names the calendars (ISO 3166 country codes, comma-separated;
``US`` by default: the federal holidays; ``US,MX`` for binational work, where a day off
in either country is no business day; empty for weekends only).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache

import holidays

from armsflow.errors import InvalidInput


class HolidayCalendar:
    """Days off in any of several countries (years are filled in as they are asked)."""

    def __init__(self, codes: Sequence[str]) -> None:
        supported = holidays.list_supported_countries()
        unknown = [c for c in codes if c not in supported]
        if unknown:
            raise InvalidInput(f"unknown holiday calendar {', '.join(unknown)}: use ISO 3166 "
                               "country codes such as US or MX", field="hit_holidays")
        self.codes = tuple(codes)
        self._calendars = [holidays.country_holidays(c) for c in codes]

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and any(day in cal for cal in self._calendars)

    def name(self, day: date) -> str | None:
        """The holiday's name, when ``day`` is one."""
        for cal in self._calendars:
            if day in cal:
                return str(cal.get(day))
        return None


def parse_codes(text: str) -> tuple[str, ...]:
    return tuple(c.strip().upper() for c in text.split(",") if c.strip())


@lru_cache(maxsize=8)
def holiday_calendar(text: str) -> HolidayCalendar:
    """The calendar for a setting's value (cached: the library builds years lazily)."""
    return HolidayCalendar(parse_codes(text))
