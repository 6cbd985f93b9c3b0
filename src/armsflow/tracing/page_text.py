"""What the tracing pages say: field and code labels (marked with ``N_`` for extraction,
translated in the templates), the pickers of the request form, and the translation of the
English messages the parsers, the serial search and the services return.

Those messages are built with values in them ("'Tejas' is not a Mexican state name or
code"), so they cannot be catalog entries as they are; :data:`RULES` matches each known
shape and gives a catalog message with the values as parameters. An unknown message is
shown as it came (English), never dropped.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from babel import Locale

from armsflow.tracing.bulk import ParsedFile
from armsflow.tracing.intake import Readiness, RowError
from armsflow.tracing.schemas import SerialCandidate
from armsflow.tracing.service import SubmitReport
from armsflow.tracing.vocab import (
    EXPLANATIONS,
    Outcome,
    Priority,
    Reason,
    RecordsAnswer,
    RecordsRequestStatus,
    TraceStatus,
)
from armsflow.vocab._text import fold
from armsflow.vocab.firearms import (
    CANONICAL_CALIBERS,
    KNOWN_MANUFACTURERS,
    NCIC_TYPES,
    ItemKind,
)
from armsflow.vocab.places import COUNTRIES, MX_STATES, US_STATES
from armsflow.web.i18n import translations

MAX_ERRORS_SHOWN = 1_000


def N_(message: str) -> str:
    """Mark ``message`` for the catalog (the gettext ``N_`` convention the extractor
    knows); it is translated where it is shown."""
    return message


FIELD_LABELS: dict[str, str] = {
    "request_ref": N_("Request reference"), "agency_ori": N_("Agency ORI"),
    "priority": N_("Priority"), "urgent_reason": N_("Justification for urgency"),
    "request_date": N_("Request date"), "agency_case_number": N_("Agency case number"),
    "offense_code": N_("NCIC offense code"), "recovery_date": N_("Recovery date"),
    "recovery_country": N_("Country of recovery"), "recovery_state": N_("State"),
    "recovery_city": N_("City"), "serial_number": N_("Serial number"),
    "serial_obliterated": N_("Serial obliterated"), "manufacturer": N_("Manufacturer"),
    "model": N_("Model"), "caliber": N_("Caliber"), "firearm_type": N_("NCIC firearm type"),
    "country_of_manufacture": N_("Country of manufacture"), "importer": N_("Importer"),
    "item_kind": N_("Kind of item"), "possessor_last_name": N_("Possessor's last name"),
    "possessor_first_name": N_("Possessor's first name"),
    "possessor_dob": N_("Possessor's date of birth"),
}
STATUS_LABELS: dict[str, str] = {
    TraceStatus.PENDING: N_("Pending"), TraceStatus.RUNNING: N_("Being resolved"),
    TraceStatus.AWAITING_RECORDS: N_("Awaiting a licensee's records"),
    TraceStatus.COMPLETED: N_("Completed"),
}
PRIORITY_LABELS: dict[str, str] = {Priority.ROUTINE: N_("Routine"),
                                   Priority.URGENT: N_("Urgent")}
OUTCOME_LABELS: dict[str, str] = {
    Outcome.COMPLETED_PURCHASER: N_("Completed to purchaser"),
    Outcome.COMPLETED_DEALER: N_("Completed to dealer"),
    Outcome.COMPLETED_MANUFACTURER: N_("Completed to manufacturer or importer"),
    Outcome.COMPLETED_EXPORT: N_("Completed to a licensed export"),
    Outcome.NOT_COMPLETED: N_("Not completed"),
}
RR_STATUS_LABELS: dict[str, str] = {RecordsRequestStatus.OPEN: N_("Open"),
                                    RecordsRequestStatus.ESCALATED: N_("Escalated"),
                                    RecordsRequestStatus.ANSWERED: N_("Answered")}
ANSWER_LABELS: dict[str, str] = {
    RecordsAnswer.SOLD_TO_PURCHASER: N_("Sold at retail to a purchaser"),
    RecordsAnswer.TRANSFERRED_TO_LICENSEE: N_("Transferred to another licensee"),
    RecordsAnswer.NO_RECORD: N_("No record of this firearm"),
}
REASON_TEXTS: dict[str, str] = {r.value: EXPLANATIONS[r] for r in Reason}
"""A custody step that stops the walk carries its reason code; shown as its explanation."""

# NCIC offense categories by the code's first two digits (check against the NCIC Code
# Manual's offense table); the picker offers each category's general "..99" code.
OFFENSE_CATEGORIES: dict[str, str] = {
    "09": N_("Homicide"), "10": N_("Kidnapping"), "11": N_("Sexual assault"),
    "12": N_("Robbery"), "13": N_("Assault"), "22": N_("Burglary"), "23": N_("Larceny"),
    "24": N_("Stolen vehicle"), "35": N_("Dangerous drugs"), "48": N_("Obstructing police"),
    "49": N_("Flight or escape"), "50": N_("Obstructing the judiciary"),
    "52": N_("Weapon offenses"), "53": N_("Public peace"), "58": N_("Smuggling"),
    "73": N_("Public order crimes"),
}


@lru_cache(maxsize=8)
def choices(lang: str) -> dict[str, Any]:
    """The form's pickers; country names in the page's language (CLDR, through Babel)."""
    names = _territories(lang)
    rest = sorted((c for c in COUNTRIES if c not in ("US", "MX")),
                  key=lambda c: fold(names.get(c, COUNTRIES[c])))
    return {
        "countries": [(c, names.get(c, COUNTRIES[c])) for c in ("US", "MX", *rest)],
        "us_states": sorted(US_STATES.items(), key=lambda kv: kv[1]),
        "mx_states": sorted(MX_STATES.items(), key=lambda kv: fold(kv[1])),
        "makers": sorted({m.name for m in KNOWN_MANUFACTURERS}, key=str.casefold),
        "calibers": sorted(CANONICAL_CALIBERS, key=str.casefold),
        "ncic_types": list(NCIC_TYPES.items()),
        "item_kinds": [k.value for k in ItemKind],
        "offenses": [(f"{k}99", v) for k, v in OFFENSE_CATEGORIES.items()],
    }


def _territories(lang: str) -> dict[str, str]:
    try:
        return dict(Locale.parse(lang).territories)
    except (ValueError, LookupError):
        return {}


def country_namer(lang: str) -> Callable[[str | None], str]:
    names = _territories(lang)
    return lambda code: "" if not code else f"{names.get(code, COUNTRIES.get(code, code))}"


# -------------------------------------------------------------------- parser messages

RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), m) for p, m in (
    (r"empty", N_("Required.")),
    (r"in the future", N_("The date is in the future.")),
    (r"before 1900", N_("The date is before 1900.")),
    (r"not a date; write YYYY-MM-DD \(or MM/DD/YYYY\)",
     N_("Not a date: write YYYY-MM-DD (or MM/DD/YYYY).")),
    (r"not a valid date \(YYYY-MM-DD\)", N_("Not a valid date (YYYY-MM-DD).")),
    (r"not Routine or Urgent", N_("Choose Routine or Urgent.")),
    (r"an NCIC offense code has 4 digits, e\.g\. 5299",
     N_("An NCIC offense code has 4 digits, e.g. 5299.")),
    (r"an urgent trace needs a justification", N_("An urgent trace needs a justification.")),
    (r"not Y or N", N_("Write Y or N.")),
    (r"(?P<n>\d+) characters(?: after cleaning)?; (?:at most|the limit is) (?P<max>\d+)",
     N_("%(n)s characters; at most %(max)s.")),
    (r"(?P<value>.+) is not a US state, DC or territory name or code",
     N_("%(value)s is not a US state, DC or territory.")),
    (r"(?P<value>.+) is not a Mexican state name or code",
     N_("%(value)s is not a Mexican state.")),
    (r"(?P<value>.+) is not a country name or ISO code",
     N_("%(value)s is not a country name or ISO code.")),
    (r"(?P<value>.+) does not look like a caliber \(e\.g\. 9mm, \.45 ACP\)",
     N_("%(value)s does not look like a caliber (e.g. 9mm, .45 ACP).")),
    (r"(?P<value>.+) is not an NCIC gun type code or gun type word",
     N_("%(value)s is not an NCIC gun type code or gun type word.")),
    (r"(?P<value>.+) has no letters or digits", N_("%(value)s has no letters or digits.")),
    (r"character .+ is not a letter, digit or separator; .*",
     N_("Serial numbers are written with ASCII letters, digits and separators only.")),
    (r"(?:choose )?(?:not )?one of (?P<values>.+)", N_("Choose one of: %(values)s.")),
    (r"contains control characters", N_("Contains control characters.")),
    (r"contains a NUL character; .*", N_("Contains a NUL character: not a text table.")),
    (r"repeats row (?P<row>\d+)", N_("Repeats row %(row)s.")),
    (r"no agency (?P<ori>\S+) is registered", N_("No agency %(ori)s is registered.")),
    (r"you may submit traces only for your agency \((?P<ori>\S+)\)",
     N_("You may submit traces only for your agency (%(ori)s).")),
    (r"missing required (?:columns|fields): (?P<names>.+)",
     N_("Missing required columns: %(names)s.")),
    (r"not valid JSON: .*", N_("Not valid JSON.")),
    (r"expected a list of request objects", N_("Expected a list of request objects.")),
    (r"(?P<value>.+) has (?P<n>\d+) characters; an ORI has 9",
     N_("%(value)s is not an ORI: an ORI has 9 characters.")),
    (r"give the date of the sale or transfer", N_("Give the date of the sale or transfer.")),
    (r"give the FFL number of the licensee that received it",
     N_("Give the FFL number of the licensee that received it.")),
    (r"give the purchaser's name and date of birth \(Form 4473\)",
     N_("Give the purchaser's name and date of birth (Form 4473).")),
    (r"this records request has already been answered",
     N_("This records request has already been answered.")),
    # why a serial matches (serials.explain) and how a trace matched (repository)
    (r"exact match", N_("exact match")),
    (r"exact serial", N_("exact serial")),
    (r"position (?P<pos>\d+) unknown, (?P<char>\w) on record",
     N_("position %(pos)s unknown, %(char)s on record")),
    (r"position (?P<pos>\d+) read as (?P<read>\w), (?P<char>\w) on record "
     r"\(commonly misread\)",
     N_("position %(pos)s read as %(read)s, %(char)s on record (commonly misread)")),
    (r"matches (?P<pattern>\S+) \(\* stands for any run of characters\)",
     N_("matches %(pattern)s (* stands for any run of characters)")),
    (r"\* stands for no character", N_("* stands for no character")),
    (r"\* stands for (?P<run>\w+)", N_("* stands for %(run)s")),
    (r"does not match", N_("does not match")),
    (r"serial read as (?P<read>\w+), (?P<record>\w+) on record \(commonly misread character\)",
     N_("serial read as %(read)s, %(record)s on record (commonly misread character)")),
    (r"serial read as (?P<read>\w+), (?P<record>\w+) on record \(one digit off\)",
     N_("serial read as %(read)s, %(record)s on record (one digit off)")),
    (r"export licence (?P<license>\S+)", N_("export licence %(license)s")),
    (r"licence (?P<license>\S+)", N_("licence %(license)s")),
    (r"made in (?P<country>\w+)", N_("made in %(country)s")),
    (r"records request answer", N_("records request answer")),
    (r"purchaser (?P<ref>\S+)", N_("purchaser %(ref)s")),
))
_FIELD_PREFIX = re.compile(r"^[a-z_]+: ")


def localize(lang: str, text: str) -> str:
    """An English message from the parsers or services in ``lang``. A message that is
    not known whole is tried part by part ("; " joins the reasons of a serial match);
    unknown parts are kept as they are."""
    tr = translations(lang)
    text = _FIELD_PREFIX.sub("", text)
    whole = _one(tr, text)
    if whole is not None:
        return whole
    return "; ".join(_one(tr, part) or part for part in text.split("; "))


def _one(tr: Any, text: str) -> str | None:
    for pattern, msgid in RULES:
        m = pattern.fullmatch(text)
        if m:
            params = m.groupdict()
            return str(tr.gettext(msgid) % params if params else tr.gettext(msgid))
    return None


def localizer(lang: str) -> Callable[[str | None], str]:
    return lambda text: localize(lang, text) if text else ""


Hints = dict[str, list[tuple[str, str]]]


def hints(lang: str, errors: Sequence[RowError], ready: Readiness | None = None) -> Hints:
    """What to show beside each field: errors, then missing, then doubtful identifiers."""
    tr = translations(lang)
    out: Hints = defaultdict(list)
    for e in errors:
        out[e.column or "request_ref"].append(("error", localize(lang, e.reason)))
    if ready is not None:
        for field, message in ready.missing:
            out[field].append(("missing", tr.gettext(message)))
        for field, message in ready.doubtful:
            out[field].append(("doubtful", tr.gettext(message)))
    return dict(out)


def candidates(lang: str, found: Sequence[SerialCandidate]) -> list[dict[str, Any]]:
    return [{**c.model_dump(), "why": localize(lang, c.why)} for c in found]


def upload_report(lang: str, filename: str, parsed: ParsedFile, report: SubmitReport,
                  values: dict[tuple[int, str], str]) -> dict[str, Any]:
    """The bulk upload's report in the shape of the imports page's report."""
    status = ("rejected" if report.errors else
              "unchanged" if report.unchanged and not report.stored else "stored")
    errors = [{"row": e.row, "column": e.column, "value": values.get((e.row, e.column)),
               "reason": localize(lang, e.reason)} for e in report.errors[:MAX_ERRORS_SHOWN]]
    return {"filename": filename, "status": status, "rows_total": len(parsed.drafts),
            "rows_stored": report.stored, "rows_unchanged": report.unchanged,
            "rows_rejected": len({e.row for e in report.errors}) if parsed.drafts else 0,
            "duplicates": report.duplicates, "notes": parsed.notes, "errors": errors,
            "errors_truncated": len(report.errors) > MAX_ERRORS_SHOWN,
            "trace_ids": report.trace_ids}
