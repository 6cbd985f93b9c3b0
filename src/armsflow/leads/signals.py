"""The signals lead rules read, defined once: which subject each applies to, whether it
takes a time-to-crime window, and the plain-language sentence that explains it (English;
translated through the Spanish catalog). The rules file (rules.toml) only chooses among
these, with thresholds and weights."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


def N_(message: str) -> str:
    """Mark a message for the translation catalog; translated when shown."""
    return message


class Subject(StrEnum):
    PURCHASER = "purchaser"
    DEALER = "dealer"
    NETWORK = "network"


class Priority(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Disposition(StrEnum):
    """Where a lead is in the work queue."""

    OPEN = "open"
    ASSIGNED = "assigned"
    REFERRED = "referred"
    DISMISSED = "dismissed"


@dataclass(frozen=True)
class Signal:
    subject: Subject
    text: str  # %(value)s is the signal's value, %(min)s the rule's threshold
    ttc_window: bool = False


SIGNALS: dict[str, Signal] = {
    # purchasers
    "guns_abroad_short_ttc": Signal(Subject.PURCHASER, N_(
        "%(value)s gun(s) bought by this person were recovered outside the United States "
        "within %(days)s days of the retail sale (rule fires from %(min)s)."), True),
    "guns_far_short_ttc": Signal(Subject.PURCHASER, N_(
        "%(value)s gun(s) bought by this person were recovered in another state within "
        "%(days)s days of the retail sale (rule fires from %(min)s)."), True),
    "guns_recovered": Signal(Subject.PURCHASER, N_(
        "%(value)s gun(s) bought by this person were recovered and traced (rule fires "
        "from %(min)s).")),
    "guns_short_ttc": Signal(Subject.PURCHASER, N_(
        "%(value)s gun(s) bought by this person were recovered within %(days)s days of the "
        "retail sale (rule fires from %(min)s)."), True),
    "multiple_sale_reports": Signal(Subject.PURCHASER, N_(
        "This person is named in %(value)s multiple-sale report(s) (rule fires from "
        "%(min)s).")),
    "guns_recovered_from_multiple_sale": Signal(Subject.PURCHASER, N_(
        "%(value)s recovered gun(s) were part of a multiple sale (rule fires from %(min)s).")),
    "guns_bought_within_5_days": Signal(Subject.PURCHASER, N_(
        "This person bought %(value)s guns within 5 days of each other (rule fires from "
        "%(min)s).")),
    "retail_purchases": Signal(Subject.PURCHASER, N_(
        "This person bought %(value)s guns at retail (rule fires from %(min)s).")),
    "guns_not_with_purchaser": Signal(Subject.PURCHASER, N_(
        "%(value)s recovered gun(s) were found with someone other than the purchaser (rule "
        "fires from %(min)s).")),
    "linked_people_with_traces": Signal(Subject.PURCHASER, N_(
        "%(value)s other purchaser record(s) resolved to the same person also have traced "
        "guns (rule fires from %(min)s).")),
    # dealers
    "traces_no_record": Signal(Subject.DEALER, N_(
        "%(value)s trace(s) stopped at this dealer: it received the gun but has no record of "
        "selling it (rule fires from %(min)s).")),
    "traces_per_1000_sales": Signal(Subject.DEALER, N_(
        "%(value)s traces per 1,000 retail sales on record (rule fires from %(min)s).")),
    "short_ttc_trace_percent": Signal(Subject.DEALER, N_(
        "%(value)s per cent of this dealer's traces had a time-to-crime under %(days)s days "
        "(rule fires from %(min)s per cent, with at least 3 traces)."), True),
    "multiple_sale_percent": Signal(Subject.DEALER, N_(
        "%(value)s per cent of this dealer's retail sales were reported as multiple sales "
        "(rule fires from %(min)s per cent).")),
    "theft_reports": Signal(Subject.DEALER, N_(
        "This dealer filed %(value)s theft or loss report(s) (rule fires from %(min)s).")),
    "traces_stolen_from_dealer": Signal(Subject.DEALER, N_(
        "%(value)s traced gun(s) had been stolen from this dealer's stock (rule fires from "
        "%(min)s).")),
    # networks
    "members_with_leads": Signal(Subject.NETWORK, N_(
        "%(value)s purchasers with leads are linked by shared dealers and dates, addresses "
        "or recovery places (rule fires from %(min)s).")),
    "high_priority_members": Signal(Subject.NETWORK, N_(
        "%(value)s member(s) are high-priority leads (rule fires from %(min)s).")),
    "shared_addresses": Signal(Subject.NETWORK, N_(
        "Members share %(value)s address(es) (rule fires from %(min)s).")),
    "shared_recovery_places": Signal(Subject.NETWORK, N_(
        "Members' guns were recovered in %(value)s shared place(s) (rule fires from "
        "%(min)s).")),
}

POINTS_TEXT = N_("+%(points)s points")
SCORE_TEXT = N_("Score %(score)s, priority %(priority)s (high from %(high)s points, medium "
                "from %(medium)s, low from %(low)s): the sum of the points of the rules below.")

KIND_LABELS: dict[str, str] = {Subject.PURCHASER: N_("Purchaser"), Subject.DEALER: N_("Dealer"),
                               Subject.NETWORK: N_("Network")}
PRIORITY_LABELS: dict[str, str] = {Priority.HIGH: N_("High"), Priority.MEDIUM: N_("Medium"),
                                   Priority.LOW: N_("Low")}
STATUS_LABELS: dict[str, str] = {
    Disposition.OPEN: N_("Open"), Disposition.ASSIGNED: N_("Assigned"),
    Disposition.REFERRED: N_("Referred to a case"), Disposition.DISMISSED: N_("Dismissed")}
LINK_LABELS: dict[str, str] = {
    "dealer_and_dates": N_("same dealer within the window"),
    "address": N_("same address"), "recovery_place": N_("same recovery place and weeks")}
