# ruff: noqa: E501  (report texts are kept whole so they match the catalog)
"""What the analytics pages say: the report texts of ``analytics.reports`` (titles,
descriptions, column titles, ATF's caveat) and the codes shown in charts, marked with ``N_``
so the catalog carries their Spanish (tests/analytics/test_charts_text.py checks that every
text of every report is listed here, so a changed report title cannot go untranslated).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from armsflow.vocab.places import MX_STATES, US_STATES


def N_(message: str) -> str:
    """Mark ``message`` for the catalog; translated where it is shown."""
    return message


REPORT_TEXTS: tuple[str, ...] = (
    N_('Origin of recovered firearms'),
    N_('US-sourced, foreign-sourced by country, undetermined, by year and recovery country (the GAO-16-223 table).'),
    N_('Year of recovery'),
    N_('Recovery country'),
    N_('Origin'),
    N_('Origin country'),
    N_('Traces'),
    N_('Source state by recovery state'),
    N_("US recoveries by the state where the gun was first sold at retail, in ATF's published layout (traces with a determined source state)."),
    N_('Source state'),
    N_('Recovery state'),
    N_('Year'),
    N_('Top source states'),
    N_("Traces by source state (all recovery countries), with each state's share; the US choropleth."),
    N_('Share'),
    N_('Share sourced in the recovery state'),
    N_('US recoveries with a known source state, and how many were first sold in the state where they were recovered.'),
    N_('Sourced in state'),
    N_('Share in state'),
    N_('Top outside source state'),
    N_('For each recovery state, the other state that sourced most of its traces (ties go to the first state code).'),
    N_('Sourced outside the state'),
    N_('Share of outside-sourced'),
    N_('Flows from US source states to recovery places abroad'),
    N_('Traces recovered outside the US with a US source state: source state, recovery country and state (Mexican states as ISO 3166-2:MX codes).'),
    N_('Firearm types'),
    N_("Traces by ATF's published firearm categories."),
    N_('Firearm type'),
    N_('Long guns and handguns'),
    N_('Handguns (pistols, revolvers, derringers), long guns (rifles, shotguns, combinations) and others.'),
    N_('Class'),
    N_('Calibers'),
    N_('Traces by caliber as normalised at intake.'),
    N_('Caliber'),
    N_('Manufacturers'),
    N_('Traces by normalised manufacturer.'),
    N_('Manufacturer'),
    N_('Time-to-crime by firearm type'),
    N_('Time from the first retail sale to the recovery: count, median, mean, shares under 1 and under 3 years.'),
    N_('Traces with a time-to-crime'),
    N_('Median time-to-crime (years)'),
    N_('Mean time-to-crime (years)'),
    N_('Share under 1 year'),
    N_('Share under 3 years'),
    N_('Time-to-crime by recovery state'),
    N_('Time-to-crime distribution'),
    N_('Traces with a time-to-crime, by band.'),
    N_('Time-to-crime'),
    N_('Multiple-sale linkage'),
    N_('Traces completed to a purchaser, and how many of them were part of a multiple sale (Forms 3310.4 and 3310.12).'),
    N_('Traced to a purchaser'),
    N_('Part of a multiple sale'),
    N_('Privately made firearms'),
    N_('Privately made firearms, kits and unfinished frames or receivers.'),
    N_('Machine-gun conversion devices'),
    N_('Machine-gun conversion devices recovered.'),
    N_('Stolen firearms'),
    N_('Traces of firearms reported stolen or lost, or stolen from a licensee.'),
    N_('Stolen'),
    N_('Share stolen'),
    N_('Trends by year'),
    N_('Yearly counts: traces, by origin, short time-to-crime, multiple sales, privately made firearms, conversion devices, thefts.'),
    N_('US-sourced'),
    N_('Foreign-sourced'),
    N_('Undetermined'),
    N_('Time-to-crime under 3 years'),
    N_('Multiple sale'),
    N_('Privately made'),
    N_('Conversion devices'),
    N_('Local and national source states'),
    N_("Local counts beside a published national table (ATF), by year, recovery state and source state, each with its share of the recovery state's total."),
    N_('Local'),
    N_('National'),
    N_('Local share'),
    N_('National share'),
    N_('Not all firearms used in crime are traced, and not all firearms traced were used in crime. Trace data are not a random sample and may not represent all crime guns. Counted by year of recovery; repeated recoveries are excluded.'),
)

CODE_LABELS: dict[str, str] = {
    # origin
    "us": N_("US-sourced"), "foreign": N_("Foreign-sourced"),
    "undetermined": N_("Undetermined"),
    # ATF categories and classes
    "pistol": N_("Pistol"), "revolver": N_("Revolver"), "rifle": N_("Rifle"),
    "shotgun": N_("Shotgun"), "derringer": N_("Derringer"), "machine gun": N_("Machine gun"),
    "other": N_("Other"), "handgun": N_("Handgun"), "long gun": N_("Long gun"),
    # time-to-crime bands
    "under 3 months": N_("under 3 months"), "3 months to 1 year": N_("3 months to 1 year"),
    "1 to 2 years": N_("1 to 2 years"), "2 to 3 years": N_("2 to 3 years"),
    "3 to 5 years": N_("3 to 5 years"), "5 to 10 years": N_("5 to 10 years"),
    "10 years or more": N_("10 years or more"),
    "1 to 3 years": N_("1 to 3 years"),
}
"""Codes found in report cells, as people read them (English; translated when shown)."""

UNKNOWN = N_("(not known)")

SECTION_TITLES: dict[str, str] = {
    "origin": N_("Origin"), "sources": N_("Source states and flows"),
    "firearms": N_("Firearms"), "time-to-crime": N_("Time-to-crime"),
    "indicators": N_("Trafficking indicators and trends"),
    "national": N_("National comparison"),
}

TREND_SERIES: dict[str, str] = {
    "n": N_("Traces"), "n_us_sourced": N_("US-sourced"), "n_foreign": N_("Foreign-sourced"),
    "n_undetermined": N_("Undetermined"), "n_ttc_under_3y": N_("Time-to-crime under 3 years"),
    "n_multiple_sale": N_("Multiple sale"), "n_privately_made": N_("Privately made"),
    "n_conversion_devices": N_("Conversion devices"), "n_stolen": N_("Stolen"),
}


class Namer:
    """How a cell value is shown: ``name(value)`` for codes (translated) and states (US
    postal or ISO 3166-2:MX codes, named); ``name.country(value)`` for ISO country codes,
    which must not be read as states (``DE`` is Germany there, Delaware here);
    ``name.of(column)`` picks the right one for a report column."""

    def __init__(self, gettext: Callable[[str], str],
                 country: Callable[[str | None], str]) -> None:
        self._ = gettext
        self._country = country

    def __call__(self, value: Any) -> str:
        if value is None or value == "":
            return self._(UNKNOWN)
        text = str(value)
        if text in CODE_LABELS:
            return self._(CODE_LABELS[text])
        if text in US_STATES and len(text) == 2:
            return US_STATES[text]
        if text in MX_STATES:
            return MX_STATES[text]
        return text

    def country(self, value: Any) -> str:
        if value is None or value == "":
            return self._(UNKNOWN)
        return self._country(str(value)) or str(value)

    def of(self, column: str) -> Callable[[Any], str]:
        return self.country if column.endswith("country") else self


def namer(gettext: Callable[[str], str], country: Callable[[str | None], str]) -> Namer:
    return Namer(gettext, country)
