"""Plain-language explanations of a lead's score, in the reader's language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from armsflow.leads.rules import Thresholds
from armsflow.leads.signals import POINTS_TEXT, PRIORITY_LABELS, SCORE_TEXT, SIGNALS
from armsflow.web.i18n import translations

Gettext = Callable[[str], str]


def gettext_for(lang: str) -> Gettext:
    return translations(lang).gettext


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.1f}"


def explain_hit(hit: dict[str, Any], gettext: Gettext) -> str:
    signal = SIGNALS.get(hit["signal"])
    if signal is None:
        return f"{hit['signal']} = {hit['value']}"
    text = gettext(signal.text) % {"value": _num(hit["value"]), "min": _num(hit["min"]),
                                   "days": hit.get("days") or ""}
    return f"{text} {gettext(POINTS_TEXT) % {'points': _num(hit['points'])}}"


def explain_score(score: float, priority: str, thresholds: Thresholds,
                  gettext: Gettext) -> str:
    return gettext(SCORE_TEXT) % {
        "score": _num(score), "priority": gettext(PRIORITY_LABELS.get(priority, priority)),
        "high": _num(thresholds.high), "medium": _num(thresholds.medium),
        "low": _num(thresholds.low)}
