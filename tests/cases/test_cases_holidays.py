"""Public holidays stop the deadline clock: US federal by default, any ISO country list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session, sessionmaker

from armsflow.auth.principal import Principal
from armsflow.cases import service
from armsflow.cases.calendars import HolidayCalendar, holiday_calendar
from armsflow.cases.deadlines import add_business_days, business_days_between, is_business_day
from armsflow.errors import InvalidInput

US = holiday_calendar("US")
US_MX = holiday_calendar("US,MX")


def test_federal_holidays_are_days_off() -> None:
    wednesday_noon = datetime(2026, 11, 25, 12, tzinfo=UTC)  # Thanksgiving is Thursday 26
    assert add_business_days(wednesday_noon, 2) == datetime(2026, 11, 27, 12, tzinfo=UTC)
    assert add_business_days(wednesday_noon, 2, US) == datetime(2026, 11, 30, 12, tzinfo=UTC)
    friday = datetime(2026, 1, 16, 9, tzinfo=UTC)  # Martin Luther King Jr. Day: Monday 19
    assert add_business_days(friday, 1, US) == datetime(2026, 1, 20, 9, tzinfo=UTC)
    assert US.name(date(2026, 11, 26)) == "Thanksgiving Day"


def test_binational_calendar_stops_for_either_country() -> None:
    # 16 September, Mexican Independence Day: a business day in the US, not in Mexico
    tuesday = datetime(2026, 9, 15, 10, tzinfo=UTC)
    assert add_business_days(tuesday, 1, US) == datetime(2026, 9, 16, 10, tzinfo=UTC)
    assert add_business_days(tuesday, 1, US_MX) == datetime(2026, 9, 17, 10, tzinfo=UTC)
    assert date(2026, 9, 16) in US_MX and date(2026, 9, 16) not in US


def test_unknown_calendar_is_refused_with_the_setting_named() -> None:
    with pytest.raises(InvalidInput) as exc:
        HolidayCalendar(["US", "XX"])
    assert exc.value.field == "hit_holidays" and "XX" in str(exc.value)
    assert not list(holiday_calendar("").codes)  # empty: weekends only


@settings(max_examples=200, deadline=None)
@given(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1),
                    timezones=st.just(UTC)), st.integers(0, 30))
def test_deadlines_land_on_business_days_and_count_back(start: datetime, days: int) -> None:
    due = add_business_days(start, days, US_MX)
    assert due.time() == start.time()
    assert is_business_day(due.date(), US_MX)
    if is_business_day(start.date(), US_MX):
        assert business_days_between(start, due, US_MX) == days
    assert due >= add_business_days(start, days)  # never earlier than weekends alone


def test_a_hit_raised_before_a_holiday_gets_a_later_deadline(
    session_factory: sessionmaker[Session], principal: Callable[[str], Principal],
    make_draft: Callable[..., Any],
) -> None:
    gun = {"kind": "firearm", "value": "HD-2026", "manufacturer": "Glock"}
    eve = datetime(2026, 11, 25, 15, tzinfo=UTC)
    rules = service.HitRules(holidays="US")
    with session_factory() as db:
        service.create_case(db, principal("analyst"), make_draft("T-1", [gun]), rules, now=eve)
        _case, hits = service.create_case(db, principal("hsi_agent"),
                                          make_draft("T-2", [gun]), rules, now=eve)
        (hit,) = hits
        assert hit.ack_due_at.date() == date(2026, 11, 30)  # Thu 26 and the weekend skipped


def test_the_setting_refuses_unknown_calendars_at_start_up() -> None:
    from pydantic import ValidationError

    from armsflow.settings import Settings

    assert Settings(hit_holidays="us, mx").hit_holidays == "US,MX"
    assert Settings(hit_holidays="").hit_holidays == ""
    with pytest.raises(ValidationError, match="XX"):
        Settings(hit_holidays="US,XX")
