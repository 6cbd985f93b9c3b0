"""Scoring, pure: signals from hand-built facts, the explanation hits, dealer record gaps,
networks checked against networkx, and the bulk-purchase window against brute force."""

from __future__ import annotations

from datetime import date, timedelta

import networkx as nx
from hypothesis import given
from hypothesis import strategies as st

from armsflow.leads.facts import Facts, PurchaserInfo, TraceFact
from armsflow.leads.networks import groups, score_networks
from armsflow.leads.rules import load_rules
from armsflow.leads.scoring import most_within, score_dealers, score_purchasers
from armsflow.leads.signals import Priority, Subject

RULES = load_rules()
D0 = date(2022, 6, 1)


def _trace(i: int, pid: int | None, ttc: int | None, country: str = "US", state: str = "TX",
           source_state: str = "TX", dealer: int = 1, reason: str = "",
           outcome: str = "completed_purchaser", indicators: frozenset[str] = frozenset(),
           city: str = "Town") -> TraceFact:
    return TraceFact(i, f"T{i}", D0, country, state, city, outcome, reason, dealer,
                     source_state, pid, ttc, indicators)


def _facts(traces: list[TraceFact], **kw: object) -> Facts:
    pids = {t.purchaser_id for t in traces if t.purchaser_id}
    f = Facts(traces=traces, purchasers={p: PurchaserInfo(p, f"P{p}", "TX", None) for p in pids})
    for k, v in kw.items():
        setattr(f, k, v)
    return f


def test_gun_in_mexico_soon_after_a_bulk_purchase_is_high_priority() -> None:
    traces = [_trace(1, 7, 200, country="MX", state="SON",
                     indicators=frozenset({"multiple_sale", "purchaser_not_possessor"}))]
    buys = {7: [(D0 - timedelta(days=200), 1)] * 3}
    lead, = score_purchasers(_facts(traces, purchases=buys, purchaser_ms_reports={7: ["M1"]},
                                    retail_purchases={7: 3}), RULES)
    assert lead.priority == Priority.HIGH and lead.ref == "P7"
    fired = {h.rule: h.value for h in lead.hits}
    assert fired["abroad_short_ttc"] == 1 and fired["bulk_purchases"] == 3
    assert "far_short_ttc" not in fired
    assert lead.score == sum(h.points for h in lead.hits)
    assert [t["request_ref"] for t in lead.evidence["traces"]] == ["T1"]
    assert lead.evidence["multiple_sale_reports"] == ["M1"]


def test_an_old_gun_recovered_at_home_makes_no_lead() -> None:
    assert score_purchasers(_facts([_trace(1, 7, 4000)]), RULES) == []


def test_more_recovered_guns_never_lower_the_score() -> None:
    one = score_purchasers(_facts([_trace(1, 7, 300, state="IL")]), RULES)
    two = score_purchasers(_facts([_trace(1, 7, 300, state="IL"),
                                   _trace(2, 7, 500, state="IL")]), RULES)
    assert two[0].score > one[0].score


def test_dealer_with_traces_that_stop_for_lack_of_a_sale_record() -> None:
    traces = [_trace(i, None, None, outcome="completed_dealer", reason="dealer_no_record",
                     dealer=5) for i in range(2)]
    traces += [_trace(9, 3, 100, dealer=6)]
    leads = score_dealers(_facts(traces, dealer_sales={5: 100, 6: 5000}), RULES)
    assert [lead.subject_key for lead in leads] == ["5"]
    assert {h.signal for h in leads[0].hits} >= {"traces_no_record"}
    assert leads[0].evidence["retail_sales"] == 100


def test_out_of_business_gaps_are_not_held_against_a_dealer() -> None:
    traces = [_trace(i, None, None, outcome="completed_dealer",
                     reason="out_of_business_no_record", dealer=5) for i in range(3)]
    leads = score_dealers(_facts(traces, dealer_sales={5: 1000}), RULES)
    assert all(h.signal != "traces_no_record" for lead in leads for h in lead.hits)


def test_network_of_buyers_sharing_an_address() -> None:
    traces = [_trace(1, 1, 100, country="MX", state="SON"),
              _trace(2, 2, 150, country="MX", state="CHH", city="Juarez")]
    facts = _facts(traces, purchases={1: [(D0, 1)], 2: [(D0 + timedelta(days=90), 2)]})
    facts.purchasers = {1: PurchaserInfo(1, "P1", "TX", "1 MAIN ST|EL PASO|TX|79901"),
                        2: PurchaserInfo(2, "P2", "TX", "1 MAIN ST|EL PASO|TX|79901")}
    buyers = score_purchasers(facts, RULES)
    nets = score_networks(facts, buyers, RULES)
    assert len(nets) == 1 and nets[0].kind == Subject.NETWORK
    assert {m["ref"] for m in nets[0].evidence["members"]} == {"P1", "P2"}
    assert {k["kind"] for k in nets[0].evidence["links"]} == {"address"}


@given(st.lists(st.integers(0, 400), max_size=30), st.integers(0, 30))
def test_most_within_matches_brute_force(offsets: list[int], window: int) -> None:
    days = sorted(D0 + timedelta(days=o) for o in offsets)
    brute = max((sum(1 for d in days if 0 <= (d - s).days <= window) for s in days), default=0)
    assert most_within(days, window) == brute


@given(st.integers(1, 25), st.lists(st.tuples(st.integers(0, 24), st.integers(0, 24)),
                                    max_size=40))
def test_groups_are_the_connected_components(n: int, pairs: list[tuple[int, int]]) -> None:
    edges = [(a, b) for a, b in pairs if a < n and b < n]
    got = groups(range(n), [(min(a, b), max(a, b), "x", "") for a, b in edges])
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(edges)
    assert sorted(map(sorted, got)) == sorted(sorted(c) for c in nx.connected_components(g))


def test_linked_people_count_only_when_they_have_traces_too() -> None:
    traces = [_trace(1, 7, 300, state="IL"), _trace(2, 8, 5000)]
    alone = score_purchasers(_facts(traces), RULES)
    facts = _facts(traces, linked={7: [8, 9]})  # 8 has a traced gun, 9 none
    linked = score_purchasers(facts, RULES)
    hit = next(h for h in linked[0].hits if h.rule == "linked_people")
    assert hit.value == 1 and linked[0].score == alone[0].score + hit.points
    assert linked[0].evidence["linked_purchasers"] == [8, 9]
