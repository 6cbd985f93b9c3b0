"""Time, pure: local planning times to UTC, and the half-open overlap rule.

A window is ``[start, end)`` in UTC. Two windows overlap when ``a.start < b.end and
b.start < a.end``; windows that touch (one ends when the other begins) do not overlap.

People plan in local time with an IANA zone (``America/Chicago``, ``America/Mexico_City``).
Local times are converted with the zone's rules for that date, so daylight-saving changes
and Mexico's end of daylight saving (October 2022) are applied:

- a local time that does not exist (in the gap when clocks spring forward) is refused with
  a message saying so, rather than silently moved;
- a local time that happens twice (when clocks fall back) is read widely: a window's start
  takes the earlier of the two instants and its end the later, so an ambiguous window never
  misses a conflict.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from armsflow.operations.vocab import MAX_DURATION_HOURS

FIRST_YEAR, LAST_YEAR = 1970, 2199


class WindowError(ValueError):
    """A window that cannot be planned; ``field`` names the offending input."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Window:
    start: datetime  # aware, UTC
    end: datetime    # aware, UTC, after start

    def overlaps(self, other: Window) -> bool:
        return self.start < other.end and other.start < self.end


def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name`` or a WindowError naming the field."""
    if name in {"", "localtime"} or name.startswith(("/", ".")):
        raise WindowError(f"unknown time zone {name!r} (use an IANA name such as "
                          "America/Chicago or America/Mexico_City)", "timezone")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise WindowError(f"unknown time zone {name!r} (use an IANA name such as "
                          "America/Chicago or America/Mexico_City)", "timezone") from exc


def common_zones() -> list[str]:
    """Zones offered first on the planning form (the rest are accepted too)."""
    preferred = ["America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
                 "America/Los_Angeles", "America/Mexico_City", "America/Monterrey",
                 "America/Chihuahua", "America/Ciudad_Juarez", "America/Hermosillo",
                 "America/Tijuana", "America/Cancun", "America/Guatemala", "UTC"]
    known = available_timezones()
    return [z for z in preferred if z in known or z == "UTC"]


def to_utc(local: datetime, tz: ZoneInfo, *, field: str, latest: bool = False) -> datetime:
    """A naive local time in ``tz`` as an aware UTC instant (see the module note).
    An aware ``local`` is simply converted."""
    if not FIRST_YEAR <= local.year <= LAST_YEAR:
        raise WindowError(f"the year must be between {FIRST_YEAR} and {LAST_YEAR}", field)
    if local.tzinfo is not None:
        return local.astimezone(UTC)
    early = local.replace(tzinfo=tz, fold=0)
    late = local.replace(tzinfo=tz, fold=1)
    if _round_trip(early) != local and _round_trip(late) != local:
        raise WindowError(
            f"{local:%Y-%m-%d %H:%M} does not exist in {tz.key}: the clocks move forward "
            "then (daylight saving); choose a time after the change", field)
    chosen = late if latest else early
    if _round_trip(chosen) != local:  # only one of the two folds is real
        chosen = early if chosen is late else late
    return chosen.astimezone(UTC)


def _round_trip(moment: datetime) -> datetime:
    return moment.astimezone(UTC).astimezone(moment.tzinfo).replace(tzinfo=None, fold=0)


def local_window(start: datetime, end: datetime, tz_name: str) -> Window:
    """The UTC window of a local start and end in zone ``tz_name``, checked."""
    tz = zone(tz_name)
    window = Window(to_utc(start, tz, field="starts_at"), to_utc(end, tz, field="ends_at",
                                                                   latest=True))
    check(window)
    return window


def check(window: Window) -> None:
    if window.end <= window.start:
        raise WindowError("the window must end after it starts", "ends_at")
    if window.end - window.start > timedelta(hours=MAX_DURATION_HOURS):
        raise WindowError(f"a window may last at most {MAX_DURATION_HOURS // 24} days; "
                          "plan a long surveillance as several operations", "ends_at")


def in_zone(moment: datetime, tz_name: str) -> datetime:
    """A stored UTC instant shown in the zone it was planned in."""
    return moment.astimezone(zone(tz_name))
