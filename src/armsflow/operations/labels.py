"""What the operations pages call vocabulary codes (marked with ``N_`` for the catalog,
translated in the templates with ``_(label)``)."""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it here."""
    return message


KINDS = {
    "search_warrant": N_("Search warrant"), "controlled_buy": N_("Controlled buy"),
    "surveillance": N_("Surveillance"), "arrest": N_("Arrest"), "other": N_("Other"),
}
STATUSES = {"planned": N_("Planned"), "cancelled": N_("Cancelled"), "open": N_("Open"),
            "resolved": N_("Resolved")}
RESOLUTIONS = {
    "coordinated": N_("Coordinated: both go ahead, aware of each other"),
    "rescheduled": N_("Rescheduled: one moved in time or place"),
    "no_conflict": N_("No conflict after all"),
    "cancelled": N_("One operation was cancelled"),
}
METRICS = {
    "arrests": N_("Arrests"), "weapons": N_("Weapons"), "vehicles": N_("Vehicles"),
    "currency": N_("Currency"), "officers": N_("Officers taking part"),
    "states_reached": N_("States reached"),
    "drug:methamphetamine": N_("Methamphetamine"), "drug:cocaine": N_("Cocaine"),
    "drug:heroin": N_("Heroin"), "drug:marijuana": N_("Marijuana"),
    "drug:fentanyl": N_("Fentanyl"), "drug:other": N_("Other drugs"),
}
FIELDS = {
    "reference": N_("Reference"), "kind": N_("Kind"), "lat": N_("Latitude"),
    "lon": N_("Longitude"), "radius_m": N_("Radius (metres)"), "address": N_("Address"),
    "timezone": N_("Time zone"), "starts_at": N_("Starts (local time)"),
    "ends_at": N_("Ends (local time)"), "contact_name": N_("Point of contact"),
    "contact_phone": N_("Contact phone"), "contact_email": N_("Contact e-mail"),
    "notes": N_("Notes (never shown to other agencies)"),
}
