"""The tracing vocabulary, defined once: statuses, priorities, outcomes, reasons, origins,
trafficking indicators. Each value carries an English explanation; pages translate it
(the explanations are listed in ``armsflow.web.extract_messages.DYNAMIC`` style through
``EXPLANATIONS``) and the API returns it next to the code.

The outcome and reason codes are the ones the world simulator writes in its ground truth
(``truth/recoveries``), so a trace result and the truth compare with a plain ``==``.
"""

from __future__ import annotations

from enum import StrEnum


class TraceStatus(StrEnum):
    """Where a trace request is. ``pending`` waits for a worker; ``running`` is claimed by
    one; ``awaiting_records`` waits on a licensee's answer; ``completed`` has a result."""

    PENDING = "pending"
    RUNNING = "running"
    AWAITING_RECORDS = "awaiting_records"
    COMPLETED = "completed"


class Priority(StrEnum):
    ROUTINE = "routine"
    URGENT = "urgent"


class Outcome(StrEnum):
    COMPLETED_PURCHASER = "completed_purchaser"
    COMPLETED_DEALER = "completed_dealer"
    COMPLETED_MANUFACTURER = "completed_manufacturer"
    COMPLETED_EXPORT = "completed_export"
    NOT_COMPLETED = "not_completed"


class Reason(StrEnum):
    NONE = ""
    NO_SERIAL = "no_serial"
    OBLITERATED_SERIAL = "obliterated_serial"
    NO_MANUFACTURER = "no_manufacturer"
    INVALID_IDENTIFIERS = "invalid_identifiers"
    AMBIGUOUS_SERIAL = "ambiguous_serial"
    TOO_OLD = "too_old"
    FOREIGN_NO_IMPORTER = "foreign_no_importer"
    FOREIGN_SOURCED = "foreign_sourced"
    STOLEN_FROM_LICENSEE = "stolen_from_licensee"
    DEALER_NO_RECORD = "dealer_no_record"
    OUT_OF_BUSINESS_NO_RECORD = "out_of_business_no_record"
    LICENSEE_NO_RECORD = "licensee_no_record"
    RECORDS_DESTROYED = "records_destroyed"
    PRIVATELY_MADE = "privately_made"
    CONVERSION_DEVICE = "conversion_device"


class Origin(StrEnum):
    US = "us"
    FOREIGN = "foreign"
    UNDETERMINED = "undetermined"


class Indicator(StrEnum):
    TTC_UNDER_1_YEAR = "ttc_under_1_year"
    TTC_UNDER_3_YEARS = "ttc_under_3_years"
    MULTIPLE_SALE = "multiple_sale"
    PURCHASER_NOT_POSSESSOR = "purchaser_not_possessor"
    BOUGHT_ELSEWHERE = "bought_elsewhere"
    SOUTHWEST_BORDER_STATE = "southwest_border_state"
    OBLITERATED_SERIAL = "obliterated_serial"
    PREVIOUSLY_TRACED = "previously_traced"
    REPORTED_STOLEN = "reported_stolen"
    DIVERTED_EXPORT = "diverted_export"
    NFA_ITEM = "nfa_item"


class RecordsRequestStatus(StrEnum):
    OPEN = "open"
    ESCALATED = "escalated"
    ANSWERED = "answered"


class RecordsAnswer(StrEnum):
    """What a licensee answers: it sold the gun at retail, transferred it to another
    licensee, or has no record of it."""

    SOLD_TO_PURCHASER = "sold_to_purchaser"
    TRANSFERRED_TO_LICENSEE = "transferred_to_licensee"
    NO_RECORD = "no_record"


EXPLANATIONS: dict[StrEnum, str] = {
    TraceStatus.PENDING: "Waiting for the resolution worker.",
    TraceStatus.RUNNING: "Being resolved by a worker.",
    TraceStatus.AWAITING_RECORDS: "Waiting for a licensee to answer a records request.",
    TraceStatus.COMPLETED: "Resolved; the result is final.",
    Priority.ROUTINE: "Routine trace.",
    Priority.URGENT: "Urgent trace: shorter deadlines for licensees; needs a justification.",
    Outcome.COMPLETED_PURCHASER: "Traced to the first retail purchaser.",
    Outcome.COMPLETED_DEALER: "Traced to the retail dealer, but not to a purchaser.",
    Outcome.COMPLETED_MANUFACTURER: "Traced to the manufacturer or importer only.",
    Outcome.COMPLETED_EXPORT: "Traced to a licensed export: the exporter and its licence.",
    Outcome.NOT_COMPLETED: "The trace could not be completed; see the reason.",
    Reason.NONE: "No reason: the trace went as far as the records allow.",
    Reason.NO_SERIAL: "No serial number was given.",
    Reason.OBLITERATED_SERIAL: "The serial number is obliterated; a restoration attempt may help.",
    Reason.NO_MANUFACTURER: "No manufacturer was given.",
    Reason.INVALID_IDENTIFIERS: "The identifiers given do not match any record.",
    Reason.AMBIGUOUS_SERIAL: "Several registry firearms match; narrow by model and caliber.",
    Reason.TOO_OLD: "No manufacturer record: the gun predates 1968 record keeping.",
    Reason.FOREIGN_NO_IMPORTER: "A foreign-made gun without import marks cannot be traced.",
    Reason.FOREIGN_SOURCED: "Made abroad with no US import record: foreign-sourced.",
    Reason.STOLEN_FROM_LICENSEE: "Stolen from a licensee before any retail sale.",
    Reason.DEALER_NO_RECORD: "The dealer received the gun but has no record of selling it.",
    Reason.OUT_OF_BUSINESS_NO_RECORD: "The dealer is out of business and its records are "
    "not on file.",
    Reason.LICENSEE_NO_RECORD: "A licensee answered that it has no record of the gun.",
    Reason.RECORDS_DESTROYED: "The licensee's records were destroyed.",
    Reason.PRIVATELY_MADE: "A privately made firearm: there is no serial to trace.",
    Reason.CONVERSION_DEVICE: "A machine-gun conversion device: not traceable by serial.",
    Origin.US: "US-sourced: made in the US or imported into the US by a licensee.",
    Origin.FOREIGN: "Foreign-sourced: made abroad with no US import record.",
    Origin.UNDETERMINED: "Undetermined: the identifiers are not enough to trace.",
    Indicator.TTC_UNDER_1_YEAR: "Time-to-crime under 1 year.",
    Indicator.TTC_UNDER_3_YEARS: "Time-to-crime under 3 years.",
    Indicator.MULTIPLE_SALE: "Part of a multiple sale (Form 3310.4 or 3310.12).",
    Indicator.PURCHASER_NOT_POSSESSOR: "The purchaser is not the possessor.",
    Indicator.BOUGHT_ELSEWHERE: "Bought in another state or country than where recovered.",
    Indicator.SOUTHWEST_BORDER_STATE: "Bought in a southwest border state (AZ, CA, NM, TX).",
    Indicator.OBLITERATED_SERIAL: "The serial number was obliterated.",
    Indicator.PREVIOUSLY_TRACED: "The same gun was traced before.",
    Indicator.REPORTED_STOLEN: "The gun was reported stolen or lost.",
    Indicator.DIVERTED_EXPORT: "The gun was exported under licence and diverted.",
    Indicator.NFA_ITEM: "The item is registered under the National Firearms Act.",
    RecordsRequestStatus.OPEN: "Sent to the licensee; waiting for its answer.",
    RecordsRequestStatus.ESCALATED: "Overdue: escalated to the tracing supervisor.",
    RecordsRequestStatus.ANSWERED: "The licensee has answered.",
    RecordsAnswer.SOLD_TO_PURCHASER: "Sold at retail to a purchaser.",
    RecordsAnswer.TRANSFERRED_TO_LICENSEE: "Transferred to another licensee.",
    RecordsAnswer.NO_RECORD: "No record of this firearm.",
}

SOUTHWEST_BORDER_STATES = frozenset({"AZ", "CA", "NM", "TX"})
TTC_1_YEAR_DAYS = 365
TTC_3_YEARS_DAYS = 3 * 365
DEADLINE_HOURS = {Priority.ROUTINE: 24, Priority.URGENT: 4}
"""How long a licensee has to answer a records request (DOMAIN.md §1: 24 hours)."""


def explain(value: StrEnum) -> str:
    """The English explanation of a vocabulary value."""
    return EXPLANATIONS[value]
