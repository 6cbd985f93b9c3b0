"""The evaluation harness's I/O: leads (stored, or computed in memory with given rules),
the subjects traces reach and the baseline, from the database; the truth from files."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from armsflow.leads import evaluate as ev
from armsflow.leads import models
from armsflow.leads.facts import Facts, load_facts
from armsflow.leads.networks import score_networks
from armsflow.leads.rules import RuleSet
from armsflow.leads.scoring import score_dealers, score_purchasers
from armsflow.leads.signals import Priority, Subject
from armsflow.tracing.vocab import Outcome


def reach_and_baseline(facts: Facts) -> tuple[dict[Subject, frozenset[str]],
                                              dict[Subject, frozenset[str]]]:
    """Subjects some completed trace reaches, and those the baseline flags (a trace under
    3 years' time-to-crime)."""
    buyers, dealers, base_b, base_d = set(), set(), set(), set()
    for t in facts.traces:
        short = t.ttc_days is not None and t.ttc_days < ev.TTC_BASELINE_DAYS
        if t.purchaser_id is not None and t.outcome == Outcome.COMPLETED_PURCHASER:
            info = facts.purchasers.get(t.purchaser_id)
            ref = info.ref if info else str(t.purchaser_id)
            buyers.add(ref)
            if short:
                base_b.add(ref)
        if t.source_licensee_id is not None:
            lic = facts.dealers.get(t.source_licensee_id)
            ref = (lic.ffl or str(lic.id)) if lic else str(t.source_licensee_id)
            dealers.add(ref)
            if short:
                base_d.add(ref)
    return ({Subject.PURCHASER: frozenset(buyers), Subject.DEALER: frozenset(dealers)},
            {Subject.PURCHASER: frozenset(base_b), Subject.DEALER: frozenset(base_d)})


def stored_leads(db: Session) -> list[ev.Scored]:
    rows = db.execute(select(models.Lead.kind, models.Lead.subject_ref, models.Lead.score,
                             models.Lead.priority).where(models.Lead.active.is_(True)))
    return [ev.Scored(Subject(k), ref, s, Priority(p)) for k, ref, s, p in rows]


def evaluate_db(db: Session, truth_dir: Path, rules: RuleSet | None = None) -> list[ev.Row]:
    """Evaluate the stored leads, or (``rules`` given) leads computed now with those rules
    without storing them."""
    truth = ev.read_truth(truth_dir)
    facts = load_facts(db)
    if rules is None:
        leads = stored_leads(db)
        if not leads:
            raise ValueError("no leads stored: run `armsflow leads compute` first, or give "
                             "--rules to compute them in memory")
    else:
        buyers = score_purchasers(facts, rules)
        computed = buyers + score_dealers(facts, rules) + score_networks(facts, buyers, rules)
        leads = [ev.Scored(x.kind, x.ref, x.score, x.priority) for x in computed]
    reach, base = reach_and_baseline(facts)
    return ev.evaluate(leads, truth, reach, base)
