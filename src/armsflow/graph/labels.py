"""Words shown for node and link kinds (marked for translation, translated by the pages)."""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark a message for extraction; translated where it is shown."""
    return message


KIND_LABELS = {
    "person": N_("People"), "address": N_("Addresses"), "phone": N_("Phones"),
    "licensee": N_("Licensees"), "firearm": N_("Firearms"), "recovery": N_("Recoveries"),
    "trace": N_("Traces"),
}

KIND_SINGULAR = {
    "person": N_("Person"), "address": N_("Address"), "phone": N_("Phone"),
    "licensee": N_("Licensee"), "firearm": N_("Firearm"), "recovery": N_("Recovery"),
    "trace": N_("Trace"),
}

EDGE_LABELS = {
    "transfer": N_("transferred"), "sale": N_("sold to"), "multiple_sale": N_("multiple sale"),
    "theft": N_("stolen from"), "lives_at": N_("lives at"), "phone": N_("phone"),
    "recovered": N_("recovered"), "possessed": N_("possessed by"), "traced": N_("traced"),
    "purchaser": N_("trace purchaser"), "source": N_("source dealer"),
}

COLOURS = {"person": "#e76f51", "address": "#f4a261", "phone": "#e9c46a",
           "licensee": "#2a9d8f", "firearm": "#264653", "recovery": "#9b2226",
           "trace": "#6a4c93"}
