"""Networks of purchasers, pure: purchasers with leads who bought from the same dealer
within a few weeks of each other, share an address, or whose guns were recovered in the
same place within a few weeks, are linked; each connected group of at least
``min_members`` becomes a network lead scored by the network rules."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from functools import partial
from typing import Any

from armsflow.leads.facts import Facts
from armsflow.leads.rules import Rule, RuleSet
from armsflow.leads.scoring import Lead, apply_rules
from armsflow.leads.signals import Priority, Subject

Link = tuple[int, int, str, str]  # purchaser a, purchaser b, kind, detail


def _windowed(events: Iterable[tuple[date, int]], window: int, kind: str,
              detail: str) -> list[Link]:
    """Links between different purchasers whose events fall within ``window`` days."""
    ordered = sorted(events)
    out: list[Link] = []
    for i, (day, a) in enumerate(ordered):
        for day2, b in ordered[i + 1:]:
            if (day2 - day).days > window:
                break
            if a != b:
                out.append((min(a, b), max(a, b), kind, detail))
    return out


def find_links(facts: Facts, members: set[int], window: int) -> list[Link]:
    by_dealer: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for pid in members:
        for day, lic in facts.purchases.get(pid, ()):
            by_dealer[lic].append((day, pid))
    links: list[Link] = []
    for lic, events in sorted(by_dealer.items()):
        links += _windowed(events, window, "dealer_and_dates", str(lic))
    by_address: dict[str, list[int]] = defaultdict(list)
    for pid in sorted(members):
        info = facts.purchasers.get(pid)
        if info and info.address:
            by_address[info.address].append(pid)
    for address, pids in sorted(by_address.items()):
        links += [(pids[0], b, "address", address) for b in pids[1:]]
    by_place: dict[tuple[str, str, str], list[tuple[date, int]]] = defaultdict(list)
    for t in facts.traces:
        if t.purchaser_id in members and t.recovery_city:
            place = (t.recovery_country, t.recovery_state or "", t.recovery_city.upper())
            by_place[place].append((t.recovery_date, t.purchaser_id))
    for place, events in sorted(by_place.items()):
        links += _windowed(events, window, "recovery_place", " / ".join(place))
    return sorted(set(links))


def groups(members: Iterable[int], links: Iterable[Link]) -> list[list[int]]:
    parent = {m: m for m in members}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, _k, _d in links:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    out: dict[int, list[int]] = defaultdict(list)
    for m in sorted(parent):
        out[find(m)].append(m)
    return [g for _, g in sorted(out.items())]


def network_signal(signal: str, group: list[int], links: list[Link],
                   by_pid: dict[int, Lead]) -> float:
    match signal:
        case "members_with_leads":
            return len(group)
        case "high_priority_members":
            return sum(by_pid[p].priority == Priority.HIGH for p in group)
        case "shared_addresses":
            return len({d for _a, _b, k, d in links if k == "address"})
        case "shared_recovery_places":
            return len({d for _a, _b, k, d in links if k == "recovery_place"})
    raise ValueError(f"unknown network signal {signal}")


def _signal(rule: Rule, group: list[int], links: list[Link], by_pid: dict[int, Lead]) -> float:
    return network_signal(rule.signal, group, links, by_pid)


def score_networks(facts: Facts, purchaser_leads: list[Lead], rules: RuleSet,
                   communities: list[list[int]] | None = None) -> list[Lead]:
    """Network leads from purchaser leads; ``communities`` (lists of purchaser ids, e.g.
    from the graph feature) replace the feature's own grouping when given."""
    by_pid = {int(lead.subject_key): lead for lead in purchaser_leads}
    members = set(by_pid)
    links = find_links(facts, members, rules.window_days)
    found = ([[p for p in c if p in members] for c in communities] if communities is not None
             else groups(members, links))
    leads = []
    for group in found:
        if len(group) < rules.min_members:
            continue
        inside = set(group)
        mine = [x for x in links if x[0] in inside and x[1] in inside]
        score, hits = apply_rules(rules.for_subject(Subject.NETWORK),
                                  partial(_signal, group=group, links=mine, by_pid=by_pid))
        priority = rules.priorities.priority(score)
        if priority is None:
            continue
        key = f"N{min(group)}"
        leads.append(Lead(
            kind=Subject.NETWORK, subject_key=key, ref=key,
            label=f"{len(group)} purchasers: {', '.join(by_pid[p].ref for p in group[:3])}"
                  + ("..." if len(group) > 3 else ""),
            state=by_pid[group[0]].state, score=score, priority=priority, hits=hits,
            evidence=_evidence(group, mine, by_pid)))
    return leads


def _evidence(group: list[int], links: list[Link], by_pid: dict[int, Lead]) -> dict[str, Any]:
    return {"members": [{"purchaser_id": p, "ref": by_pid[p].ref, "score": by_pid[p].score,
                         "priority": by_pid[p].priority.value} for p in group],
            "links": [{"a": by_pid[a].ref, "b": by_pid[b].ref, "kind": k, "detail": d}
                      for a, b, k, d in links[:500]]}
