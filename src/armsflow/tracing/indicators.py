"""Trafficking indicators (issue 4 §5), pure: each is a rule over the request and result."""

from __future__ import annotations

from armsflow.tracing.facts import GunFacts, PurchaserFact, RequestFacts, Result
from armsflow.tracing.matching import edit_distance
from armsflow.tracing.vocab import (
    SOUTHWEST_BORDER_STATES,
    TTC_1_YEAR_DAYS,
    TTC_3_YEARS_DAYS,
    Indicator,
    Outcome,
)


def _same_person(req: RequestFacts, buyer: PurchaserFact) -> bool:
    """Same last name (one typing error allowed) and, when both are known, same birth date."""
    if req.possessor_dob and buyer.dob and req.possessor_dob != buyer.dob:
        return False
    last = (req.possessor_key or "").split(" ")[0]
    return edit_distance(last, buyer.name_key.split(" ")[0], 1) <= 1


def indicators_for(req: RequestFacts, result: Result, gun: GunFacts | None,
                   buyer: PurchaserFact | None) -> list[Indicator]:
    out: list[Indicator] = []
    ttc = result.ttc_days
    if ttc is not None and ttc < TTC_1_YEAR_DAYS:
        out.append(Indicator.TTC_UNDER_1_YEAR)
    if ttc is not None and ttc < TTC_3_YEARS_DAYS:
        out.append(Indicator.TTC_UNDER_3_YEARS)
    if gun is not None and gun.multiple_sales:
        out.append(Indicator.MULTIPLE_SALE)
    if buyer is not None and req.possessor_key and not _same_person(req, buyer):
        out.append(Indicator.PURCHASER_NOT_POSSESSOR)
    if result.source_state and result.outcome in (Outcome.COMPLETED_PURCHASER,
                                                  Outcome.COMPLETED_DEALER):
        if req.recovery_country != "US" or req.recovery_state != result.source_state:
            out.append(Indicator.BOUGHT_ELSEWHERE)
        if result.source_state in SOUTHWEST_BORDER_STATES:
            out.append(Indicator.SOUTHWEST_BORDER_STATE)
    if req.obliterated:
        out.append(Indicator.OBLITERATED_SERIAL)
    if gun is not None and gun.earlier_traces:
        out.append(Indicator.PREVIOUSLY_TRACED)
    if gun is not None and gun.thefts:
        out.append(Indicator.REPORTED_STOLEN)
    if result.outcome == Outcome.COMPLETED_EXPORT:
        out.append(Indicator.DIVERTED_EXPORT)
    if gun is not None and gun.nfa:
        out.append(Indicator.NFA_ITEM)
    return out
