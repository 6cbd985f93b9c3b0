"""What deconfliction tells people, in their own language (pure).

Each function returns a ``notify.service.Text``: a function of ``gettext``, rendered for
each recipient in the language they chose. Never the other side's case number, title,
offense or identifiers: only one's own record and whom to call.
"""

from __future__ import annotations

from datetime import datetime

from armsflow.notify.service import Gettext, Text

RESOLUTION_LABELS = {"coordinate": "Coordinate", "joint_investigation": "Joint investigation",
                     "no_conflict": "No conflict"}
"""The labels the hit page shows (cases/_labels.html), so mail and page say the same."""


def own_reference(kind: str, number: str | None) -> Text:
    """"case 2026-014" / "trace T-1" as the recipient reads it."""
    def text(_: Gettext) -> str:
        if kind == "case":
            return _("case %(number)s") % {"number": number} if number else _("case")
        return _("trace %(number)s") % {"number": number} if number else _("trace")
    return text


def traced_firearm(gun: str) -> Text:
    """A trace's side of a hit names the traced gun (maker and serial as submitted)."""
    return lambda _: _("firearm: %(gun)s") % {"gun": gun.strip()}


def hit_subject(mine: Text) -> Text:
    return lambda _: _("Deconfliction hit on your %(record)s") % {"record": _render(mine, _)}


def hit_body(mine: Text, identifier: Text, contact: str, ack_due: datetime,
             resolve_due: datetime, link: str) -> Text:
    def text(_: Gettext) -> str:
        return "".join((
            _("An identifier in your %(record)s (%(identifier)s) matches a record of another "
              "agency. Case details are not exchanged: call the other point of contact.")
            % {"record": _render(mine, _), "identifier": _render(identifier, _)}, "\n\n",
            _("Point of contact: %(contact)s") % {"contact": contact}, "\n\n",
            _("Acknowledge by %(ack)s UTC and resolve by %(resolve)s UTC: %(link)s")
            % {"ack": f"{ack_due:%Y-%m-%d %H:%M}", "resolve": f"{resolve_due:%Y-%m-%d %H:%M}",
               "link": link}, "\n"))
    return text


def resolved_subject() -> Text:
    return lambda _: _("Deconfliction hit resolved")


def resolved_body(link: str, agency: str, resolution: str) -> Text:
    def text(_: Gettext) -> str:
        how = _(RESOLUTION_LABELS.get(resolution, resolution))
        return _("The deconfliction hit %(link)s was resolved by %(agency)s: %(how)s.") % {
            "link": link, "agency": agency, "how": how} + "\n"
    return text


def overdue_subject(hit_id: int) -> Text:
    return lambda _: _("Overdue deconfliction hit %(id)s") % {"id": hit_id}


def overdue_body(hit_id: int, agencies: str, acknowledged: bool, due: datetime,
                 link: str) -> Text:
    def text(_: Gettext) -> str:
        what = (_("Deconfliction hit %(id)s between %(agencies)s was not acknowledged by "
                  "%(due)s UTC.") if acknowledged else
                _("Deconfliction hit %(id)s between %(agencies)s was not resolved by "
                  "%(due)s UTC."))
        return what % {"id": hit_id, "agencies": agencies,
                       "due": f"{due:%Y-%m-%d %H:%M}"} + f"\n{link}\n"
    return text


def _render(text: Text, gettext: Gettext) -> str:
    return text if isinstance(text, str) else text(gettext)
