"""Computing and storing leads: facts in, leads upserted by (kind, subject), a run row.

Dispositions survive recomputation: a lead keeps its id, status and history; a subject the
rules no longer flag is marked inactive (it leaves the queue, its record stays)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from armsflow.db.base import utcnow
from armsflow.leads import models
from armsflow.leads.facts import load_facts
from armsflow.leads.networks import score_networks
from armsflow.leads.rules import RuleSet
from armsflow.leads.scoring import Lead, score_dealers, score_purchasers
from armsflow.leads.signals import Priority

Progress = Callable[[str, int, int], None]  # step, done, total


@dataclass(frozen=True)
class ComputeReport:
    run_id: int
    traces: int
    purchasers: int
    dealers: int
    networks: int
    high: int


def compute_leads(db: Session, rules: RuleSet, networks_from: str = "own"
                  ) -> tuple[list[Lead], int]:
    """Score everything in memory; returns the leads and the number of traces read.
    ``networks_from``: "own" (shared dealers and dates, addresses, recovery places) or
    "graph" (the link-analysis graph's communities)."""
    facts = load_facts(db)
    purchasers = score_purchasers(facts, rules)
    dealers = score_dealers(facts, rules)
    groups = None
    if networks_from == "graph":
        from armsflow.leads.communities import graph_communities

        groups = graph_communities(db, (int(x.subject_key) for x in purchasers))
    networks = score_networks(facts, purchasers, rules, communities=groups)
    return purchasers + dealers + networks, len(facts.traces)


def compute_and_store(db: Session, rules: RuleSet, actor: str,
                      progress: Progress | None = None, networks_from: str = "own"
                      ) -> ComputeReport:
    run = models.LeadRun(actor=actor, rules_digest=rules.digest)
    db.add(run)
    db.flush()
    if progress:
        progress("reading traces and registry", 0, 1)
    leads, n_traces = compute_leads(db, rules, networks_from)
    if progress:
        progress("reading traces and registry", 1, 1)
    store(db, leads, run.id, progress)
    run.finished_at = utcnow()
    run.traces, run.leads = n_traces, len(leads)
    run.high = sum(x.priority == Priority.HIGH for x in leads)
    kinds = [sum(x.kind == k for x in leads) for k in ("purchaser", "dealer", "network")]
    return ComputeReport(run.id, n_traces, kinds[0], kinds[1], kinds[2], run.high)


def store(db: Session, leads: list[Lead], run_id: int, progress: Progress | None = None,
          batch: int = 2000) -> None:
    """Upsert by (kind, subject) in batches (ORM bulk INSERT and bulk UPDATE by primary
    key); leads not produced this time become inactive."""
    existing = {(k, s): i for i, k, s in db.execute(
        select(models.Lead.id, models.Lead.kind, models.Lead.subject_key))}
    now = utcnow()
    seen: set[int] = set()
    for start in range(0, len(leads), batch):
        part = leads[start:start + batch]
        fresh: list[dict[str, object]] = []
        changed: list[dict[str, object]] = []
        for lead in part:
            values = _values(lead, run_id, now)
            found = existing.get((lead.kind.value, lead.subject_key))
            if found is None:
                fresh.append({**values, "kind": lead.kind.value, "subject_key": lead.subject_key,
                              "status": "open", "first_seen_at": now})
            else:
                changed.append({**values, "id": found})
                seen.add(found)
        if fresh:
            db.execute(insert(models.Lead), fresh)
        if changed:
            db.execute(update(models.Lead), changed)
        if progress:
            progress("storing leads", start + len(part), len(leads))
    gone = sorted(set(existing.values()) - seen)
    for i in range(0, len(gone), 1000):
        db.execute(update(models.Lead).where(models.Lead.id.in_(gone[i:i + 1000]))
                   .values(active=False, updated_at=now))
    db.flush()


def _values(lead: Lead, run_id: int, now: datetime) -> dict[str, object]:
    return {"subject_ref": lead.ref, "label": lead.label[:200], "state": lead.state,
            "score": lead.score, "priority": lead.priority.value,
            "hits_json": json.dumps([h.as_dict() for h in lead.hits]),
            "evidence_json": json.dumps(lead.evidence, default=str),
            "active": True, "run_id": run_id, "updated_at": now}
