"""Scoring, pure: signals per purchaser and per dealer from facts, then the rules' points.

A signal is a number about one subject (how many of a person's guns were recovered abroad
within three years...); a rule turns it into points (rules.py). The lead keeps every rule
that fired with its value and points (its explanation) and the records behind it (its
evidence)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any

from armsflow.leads.facts import Facts, TraceFact
from armsflow.leads.rules import Rule, RuleSet
from armsflow.leads.signals import Priority, Subject
from armsflow.tracing.vocab import Indicator, Outcome, Reason

NO_RECORD = frozenset({Reason.DEALER_NO_RECORD.value, Reason.LICENSEE_NO_RECORD.value})
MIN_TRACES_FOR_SHARES = 3
MIN_SALES_FOR_SHARES = 20
BULK_DAYS = 5  # the multiple-sale reporting window (Form 3310.4: 5 business days)


@dataclass(frozen=True)
class Hit:
    rule: str
    signal: str
    value: float
    min: float
    points: float
    days: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "signal": self.signal, "value": self.value,
                "min": self.min, "points": self.points, "days": self.days}


@dataclass
class Lead:
    kind: Subject
    subject_key: str
    ref: str  # purchaser id of the registry, licence number, or network key
    label: str
    state: str | None
    score: float
    priority: Priority
    hits: list[Hit]
    evidence: dict[str, Any] = field(default_factory=dict)


SignalFn = Callable[[Rule], float]


def apply_rules(rules: Iterable[Rule], signal: SignalFn) -> tuple[float, list[Hit]]:
    hits: list[Hit] = []
    for rule in rules:
        value = signal(rule)
        pts = rule.points(value)
        if pts > 0:
            hits.append(Hit(rule.id, rule.signal, round(value, 1), rule.min, round(pts, 1),
                            rule.max_ttc_days))
    return round(sum(h.points for h in hits), 1), hits


def most_within(days: list[date], window: int) -> int:
    """The most dates (sorted) that fall within ``window`` days of each other."""
    best, start = 0, 0
    for end, day in enumerate(days):
        while (day - days[start]).days > window:
            start += 1
        best = max(best, end - start + 1)
    return best


def _short(t: TraceFact, days: int | None) -> bool:
    return t.ttc_days is not None and days is not None and t.ttc_days <= days


def purchaser_signal(rule: Rule, traces: list[TraceFact], facts: Facts, pid: int,
                     traced: set[int]) -> float:
    d = rule.max_ttc_days
    match rule.signal:
        case "guns_recovered":
            return len(traces)
        case "guns_short_ttc":
            return sum(_short(t, d) for t in traces)
        case "guns_abroad_short_ttc":
            return sum(_short(t, d) and t.recovery_country != "US" for t in traces)
        case "guns_far_short_ttc":
            return sum(_short(t, d) and t.recovery_country == "US"
                       and t.recovery_state != t.source_state for t in traces)
        case "multiple_sale_reports":
            return len(facts.purchaser_ms_reports.get(pid, ()))
        case "guns_recovered_from_multiple_sale":
            return sum(Indicator.MULTIPLE_SALE.value in t.indicators for t in traces)
        case "guns_bought_within_5_days":
            return most_within([d for d, _ in facts.purchases.get(pid, ())], BULK_DAYS)
        case "retail_purchases":
            return facts.retail_purchases.get(pid, 0)
        case "guns_not_with_purchaser":
            return sum(Indicator.PURCHASER_NOT_POSSESSOR.value in t.indicators for t in traces)
        case "linked_people_with_traces":
            return sum(o in traced for o in facts.linked.get(pid, ()))
    raise ValueError(f"unknown purchaser signal {rule.signal}")


def _trace_evidence(traces: list[TraceFact]) -> list[dict[str, Any]]:
    return [{"trace_id": t.trace_id, "request_ref": t.request_ref,
             "recovery_date": t.recovery_date.isoformat(), "country": t.recovery_country,
             "state": t.recovery_state, "city": t.recovery_city, "ttc_days": t.ttc_days,
             "outcome": t.outcome, "reason": t.reason or "",
             "indicators": sorted(t.indicators)} for t in traces]


def score_purchasers(facts: Facts, rules: RuleSet) -> list[Lead]:
    by_person: dict[int, list[TraceFact]] = defaultdict(list)
    for t in facts.traces:
        if t.purchaser_id is not None and t.outcome == Outcome.COMPLETED_PURCHASER:
            by_person[t.purchaser_id].append(t)
    traced = set(by_person)
    leads: list[Lead] = []
    for pid in sorted(by_person):
        traces = by_person[pid]
        score, hits = apply_rules(rules.for_subject(Subject.PURCHASER),
                                  partial(purchaser_signal, traces=traces, facts=facts,
                                          pid=pid, traced=traced))
        priority = rules.priorities.priority(score)
        if priority is None:
            continue
        info = facts.purchasers.get(pid)
        leads.append(Lead(
            kind=Subject.PURCHASER, subject_key=str(pid), ref=info.ref if info else str(pid),
            label=info.ref if info else str(pid),
            state=traces[0].source_state, score=score, priority=priority, hits=hits,
            evidence={"traces": _trace_evidence(traces),
                      "multiple_sale_reports": facts.purchaser_ms_reports.get(pid, []),
                      "retail_purchases": facts.retail_purchases.get(pid, 0),
                      "dealers": sorted({t.source_licensee_id for t in traces
                                         if t.source_licensee_id is not None}),
                      "linked_purchasers": facts.linked.get(pid, [])}))
    return leads


def dealer_signal(rule: Rule, traces: list[TraceFact], facts: Facts, lid: int) -> float:
    sales = facts.dealer_sales.get(lid, 0)
    match rule.signal:
        case "traces_no_record":
            return sum(t.reason in NO_RECORD for t in traces)
        case "traces_per_1000_sales":
            if len(traces) < MIN_TRACES_FOR_SHARES:
                return 0.0
            return 1000.0 * len(traces) / max(sales, 1)
        case "short_ttc_trace_percent":
            timed = [t for t in traces if t.ttc_days is not None]
            if len(timed) < MIN_TRACES_FOR_SHARES:
                return 0.0
            return 100.0 * sum(_short(t, rule.max_ttc_days) for t in timed) / len(timed)
        case "multiple_sale_percent":
            if sales < MIN_SALES_FOR_SHARES:
                return 0.0
            return 100.0 * facts.dealer_ms_guns.get(lid, 0) / sales
        case "theft_reports":
            return len(facts.dealer_thefts.get(lid, ()))
        case "traces_stolen_from_dealer":
            return sum(t.reason == Reason.STOLEN_FROM_LICENSEE for t in traces)
    raise ValueError(f"unknown dealer signal {rule.signal}")


def score_dealers(facts: Facts, rules: RuleSet) -> list[Lead]:
    by_dealer: dict[int, list[TraceFact]] = defaultdict(list)
    for t in facts.traces:
        if t.source_licensee_id is not None:
            by_dealer[t.source_licensee_id].append(t)
    leads: list[Lead] = []
    for lid in sorted(set(by_dealer) | set(facts.dealer_thefts)):
        traces = by_dealer.get(lid, [])
        score, hits = apply_rules(rules.for_subject(Subject.DEALER),
                                  partial(dealer_signal, traces=traces, facts=facts, lid=lid))
        priority = rules.priorities.priority(score)
        if priority is None:
            continue
        info = facts.dealers.get(lid)
        flagged = [t for t in traces if t.reason in NO_RECORD
                   or t.reason == Reason.STOLEN_FROM_LICENSEE
                   or (t.ttc_days is not None and t.ttc_days <= 1095)]
        leads.append(Lead(
            kind=Subject.DEALER, subject_key=str(lid),
            ref=(info.ffl or str(lid)) if info else str(lid),
            label=info.name if info else str(lid),
            state=info.state if info else None, score=score, priority=priority, hits=hits,
            evidence={"traces_total": len(traces), "traces": _trace_evidence(flagged[:200]),
                      "retail_sales": facts.dealer_sales.get(lid, 0),
                      "multiple_sale_guns": facts.dealer_ms_guns.get(lid, 0),
                      "theft_reports": facts.dealer_thefts.get(lid, [])}))
    return leads
