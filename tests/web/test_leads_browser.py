"""Leads in a real browser (chromium via Playwright): open the work queue, open a lead, see
its explanation and evidence, follow it to the network view (armsflow.graph, /graph?focus=),
expand a node there, come back and record a disposition. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from playwright.sync_api import Page

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "graph"))

NewPage = Callable[[], "Page"]
PASSWORD = "correct-horse-42"


def _log_in(page: Page, username: str) -> None:
    from playwright.sync_api import expect

    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    expect(page).to_have_url(re.compile(r"/registry$"))


def _store_leads(session_factory: sessionmaker[Session], ids: dict[str, int]) -> int:
    """A purchaser lead on P1 (whose two guns were traced, one in Mexico) and a dealer lead."""
    from armsflow.leads import models
    from armsflow.leads.scoring import Hit, Lead
    from armsflow.leads.signals import Priority, Subject
    from armsflow.leads.store import store

    traces = [{"trace_id": ids["T2"], "request_ref": "M-1", "recovery_date": "2023-04-01",
               "country": "MX", "state": "CHH", "city": "Juarez", "ttc_days": 396,
               "outcome": "completed_purchaser", "reason": "", "indicators": []}]
    with session_factory() as db:
        run = models.LeadRun(actor="test", rules_digest="x")
        db.add(run)
        db.flush()
        store(db, [
            Lead(Subject.PURCHASER, str(ids["P1"]), "P-1", "P-1", "AZ", 80, Priority.HIGH,
                 [Hit("abroad_short_ttc", "guns_abroad_short_ttc", 1, 1, 45, 1095),
                  Hit("multiple_sales", "multiple_sale_reports", 1, 1, 5)],
                 {"traces": traces, "multiple_sale_reports": ["MS-1"], "retail_purchases": 2,
                  "linked_purchasers": []}),
            Lead(Subject.DEALER, str(ids["D2"]), "9-86-013-01-7F-00003", "CACTUS PAWN", "AZ",
                 20, Priority.LOW, [Hit("thefts", "theft_reports", 1, 1, 10)],
                 {"theft_reports": ["TH-1"]})], run.id)
        db.commit()
        lead: int = db.scalars(select(models.Lead.id).where(models.Lead.subject_ref == "P-1")).one()
    return lead


def _click_node(page: Page, node_id: str) -> None:
    page.locator("#cy").scroll_into_view_if_needed()
    box = page.locator("#cy").bounding_box()
    assert box is not None
    pos = page.evaluate("id => window.armsflowGraph.getElementById(id).renderedPosition()",
                        node_id)
    page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])


@pytest.mark.browser
def test_open_a_lead_follow_it_to_the_network_and_record_a_disposition(
    new_page: NewPage, accounts: dict[str, int], session_factory: sessionmaker[Session]
) -> None:
    import graph_world
    from playwright.sync_api import expect

    from armsflow.graph import store as graph_store

    graph_store.forget()
    ids = graph_world.build(session_factory)
    lead_id = _store_leads(session_factory, ids)
    page = new_page()
    page.set_viewport_size({"width": 1500, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    _log_in(page, "local_analyst")

    # the work queue, filtered to high priority, then the lead
    page.goto("/leads")
    expect(page.locator("#leads tbody tr")).to_have_count(2)
    page.select_option("#lead-filters select[name=priority]", "high")
    page.click("#lead-filters button[type=submit]")
    expect(page.locator("#leads tbody tr")).to_have_count(1)
    page.click("#leads a:text('P-1')")
    expect(page).to_have_url(re.compile(rf"/leads/{lead_id}$"))
    expect(page.locator("#lead-priority")).to_have_text("High")
    expect(page.locator("#lead-hits li[data-rule=abroad_short_ttc]")).to_contain_text(
        "recovered outside the United States within 1095 days")
    expect(page.locator("#lead-people")).to_contain_text("Quintero, Ana")
    expect(page.locator("#lead-traces")).to_contain_text("M-1")

    # follow it to the network view, expand one of the person's guns
    page.click("#graph-link")
    expect(page).to_have_url(re.compile(rf"/graph\?focus=person%3A{ids['P1']}$"))
    expect(page.locator("#graph-count")).to_have_attribute("data-nodes", re.compile(r"^[1-9]"))
    gun, dealer = f"firearm:{ids['G1']}", "licensee:9-86-00002"
    page.wait_for_function("id => window.armsflowGraph.getElementById(id).nonempty()", arg=gun)
    before = int(page.locator("#graph-count").get_attribute("data-nodes") or 0)
    assert not page.evaluate("id => window.armsflowGraph.getElementById(id).nonempty()", dealer)
    _click_node(page, gun)
    expect(page.locator("#graph-panel [data-node-id]")).to_have_text(gun)
    page.wait_for_function(f"() => Number(document.getElementById('graph-count')"
                           f".dataset.nodes) > {before}")
    assert page.evaluate("id => window.armsflowGraph.getElementById(id).nonempty()", dealer)

    # back to the lead: record a disposition, with the reason
    page.goto(f"/leads/{lead_id}")
    page.select_option("#disposition-form select[name=status]", "referred")
    page.fill("#disposition-form input[name=reason]", "Buys for a ring seen in Juarez")
    page.click("#disposition-form button[type=submit]")
    expect(page.locator("#disposition-error")).to_contain_text("case_ref")
    page.fill("#disposition-form input[name=case_ref]", "ATF-2023-117")
    page.click("#disposition-form button[type=submit]")
    expect(page.locator("#lead-status")).to_have_text("Referred to a case")
    expect(page.locator("#lead-history")).to_contain_text("Buys for a ring seen in Juarez")
    expect(page.locator("#lead-history")).to_contain_text("local_analyst")
    assert errors == []
