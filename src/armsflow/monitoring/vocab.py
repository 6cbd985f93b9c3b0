"""The vocabulary of monitoring the 2009 ATF-ICE memorandum of understanding (DOMAIN.md §4).

After GAO-16-223 the two agencies adopted six monitoring activities (March 2016):
(1) checking TECS, the shared case system, for international firearms investigations and
coordinating; (2) the same through ATF's case management system; (3) MOU training;
(4) quarterly mid-level manager meetings; (5) quarterly meetings of foreign-post staff;
(6) semi-annual or annual executive meetings.
"""

from __future__ import annotations

from enum import StrEnum


class ActivityKind(StrEnum):
    TECS_CHECK = "tecs_check"
    CMS_CHECK = "cms_check"
    MOU_TRAINING = "mou_training"
    MIDLEVEL_MEETING = "midlevel_meeting"
    FOREIGN_POST_MEETING = "foreign_post_meeting"
    EXECUTIVE_MEETING = "executive_meeting"


class Every(StrEnum):
    """How often an activity is due: once in each calendar period of this length."""

    MONTH = "monthly"
    QUARTER = "quarterly"
    HALF = "semiannual"
    YEAR = "annual"


MONTHS_IN: dict[Every, int] = {Every.MONTH: 1, Every.QUARTER: 3, Every.HALF: 6, Every.YEAR: 12}

DEFAULT_SCHEDULE: dict[ActivityKind, Every] = {
    # GAO names no frequency for the two case-system checks: monthly is our default.
    ActivityKind.TECS_CHECK: Every.MONTH,
    ActivityKind.CMS_CHECK: Every.MONTH,
    # "continuing to hold MOU training": at least once a year.
    ActivityKind.MOU_TRAINING: Every.YEAR,
    ActivityKind.MIDLEVEL_MEETING: Every.QUARTER,
    ActivityKind.FOREIGN_POST_MEETING: Every.QUARTER,
    # "semi-annual or annual": semi-annual by default, ARMSFLOW_MONITORING_SCHEDULE to change.
    ActivityKind.EXECUTIVE_MEETING: Every.HALF,
}

CHECKS = frozenset({ActivityKind.TECS_CHECK, ActivityKind.CMS_CHECK})
MEETINGS = frozenset({ActivityKind.MOU_TRAINING, ActivityKind.MIDLEVEL_MEETING,
                      ActivityKind.FOREIGN_POST_MEETING, ActivityKind.EXECUTIVE_MEETING})
PARTY_AGENCIES = ("ATF", "ICE")
"""A meeting or training counts as held only when both agencies attended."""


class CaseSystem(StrEnum):
    TECS = "tecs"
    ATF_CMS = "atf_cms"


CHECK_SYSTEM: dict[ActivityKind, CaseSystem] = {
    ActivityKind.TECS_CHECK: CaseSystem.TECS, ActivityKind.CMS_CHECK: CaseSystem.ATF_CMS}


def parse_schedule(text: str) -> dict[ActivityKind, Every]:
    """``tecs_check=monthly,executive_meeting=annual`` over the defaults; ValueError names
    the bad part."""
    schedule = dict(DEFAULT_SCHEDULE)
    for part in filter(None, (p.strip() for p in text.split(","))):
        kind, sep, every = part.partition("=")
        if not sep:
            raise ValueError(f"{part!r}: write activity=frequency")
        try:
            schedule[ActivityKind(kind.strip())] = Every(every.strip())
        except ValueError as exc:
            raise ValueError(
                f"{part!r}: activities are {', '.join(ActivityKind)}; frequencies are "
                f"{', '.join(Every)}") from exc
    return schedule
