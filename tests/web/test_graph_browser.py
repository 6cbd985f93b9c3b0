"""The network view in a real browser (chromium via Playwright), in Spanish: open
/graph?focus=<firearm>, expand a node by clicking it (the node count grows), open the
record behind it. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from playwright.sync_api import Page

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "graph"))

NewPage = Callable[[], "Page"]
PASSWORD = "correct-horse-42"


def _log_in(page: Page, username: str, lang: str) -> None:
    from playwright.sync_api import expect

    page.goto("/login")
    if lang != "en":
        page.click(f"a[data-lang={lang}]")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    expect(page).to_have_url(re.compile(r"/registry$"))


def _click_node(page: Page, node_id: str) -> None:
    """Click a node on cytoscape's canvas where it is drawn."""
    page.locator("#cy").scroll_into_view_if_needed()
    box = page.locator("#cy").bounding_box()
    assert box is not None
    pos = page.evaluate("id => window.armsflowGraph.getElementById(id).renderedPosition()",
                        node_id)
    page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])


def _count(page: Page) -> int:
    return int(page.locator("#graph-count").get_attribute("data-nodes") or 0)


@pytest.mark.browser
def test_focus_expand_and_open_the_record(
    new_page: NewPage, accounts: dict[str, int], session_factory: sessionmaker[Session]
) -> None:
    import graph_world
    from playwright.sync_api import expect

    from armsflow.graph import store

    store.forget()
    ids = graph_world.build(session_factory)
    page = new_page()
    page.set_viewport_size({"width": 1500, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    _log_in(page, "local_analyst", "es")
    page.goto(f"/graph?focus=firearm:{ids['G1']}")
    expect(page.locator("main h1")).to_have_text("Vista de red")
    expect(page.locator("#graph-count")).to_have_attribute("data-nodes", re.compile(r"^[1-9]"))
    # the focus, its maker and dealer, its buyer and its recovery
    expect(page.locator("#graph-count")).to_have_attribute("data-nodes", "5")
    expect(page.locator("#graph-panel [data-node-id]")).to_have_text(f"firearm:{ids['G1']}")
    label = page.evaluate("id => window.armsflowGraph.getElementById(id).data('label')",
                          f"person:{ids['P1']}")
    assert label == "Comprador P-1"  # people by reference only, in Spanish
    before = _count(page)
    dealer = "licensee:9-86-00002"
    page.wait_for_function("id => window.armsflowGraph.getElementById(id).nonempty()", arg=dealer)
    _click_node(page, dealer)
    expect(page.locator("#graph-panel [data-node-id]")).to_have_text(dealer)
    page.wait_for_function(f"() => Number(document.getElementById('graph-count')"
                           f".dataset.nodes) > {before}")
    after = _count(page)
    assert after > before
    # the dealer's firearms, phone and traces arrived
    has = page.evaluate("ids => ids.map(i => window.armsflowGraph.getElementById(i).nonempty())",
                        [f"firearm:{ids['G3']}", "phone:5552000002", f"trace:{ids['T2']}"])
    assert has == [True, True, True]
    # the kind filter hides firearms, the count follows
    page.locator("#graph-kinds input[value=firearm]").uncheck()
    page.wait_for_function(f"() => Number(document.getElementById('graph-count')"
                           f".dataset.nodes) < {after}")
    page.locator("#graph-kinds input[value=firearm]").check()
    # open the record behind the node
    page.locator("#graph-panel a.open-record").click()
    expect(page).to_have_url(re.compile(rf"/licensees/{ids['D']}$"))
    expect(page.locator("main")).to_contain_text("DESERT GUNS")
    assert errors == []
