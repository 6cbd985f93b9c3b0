"""Browser fixtures: the app served by uvicorn on a free local port, Debian's chromium driven
through Playwright's sync API, a screenshot in test-results/ when a browser test fails.

Chromium comes from ``ARMSFLOW_CHROMIUM`` (default /usr/bin/chromium). When it is missing the
browser tests are skipped, unless ``ARMSFLOW_REQUIRE_BROWSER=1`` (CI), then they fail.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from fastapi import FastAPI
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright

CHROMIUM = os.environ.get("ARMSFLOW_CHROMIUM", "/usr/bin/chromium")
REQUIRE_BROWSER = os.environ.get("ARMSFLOW_REQUIRE_BROWSER") == "1"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
RESULTS = Path(__file__).resolve().parents[2] / "test-results"  # gitignored
TIMEOUT_MS = 5_000  # per action / expectation: a broken page fails fast, not after 30 s


def _unavailable(reason: str) -> None:
    if REQUIRE_BROWSER:
        pytest.fail(f"browser required (ARMSFLOW_REQUIRE_BROWSER=1): {reason}")
    pytest.skip(f"browser tests skipped: {reason}")


# ------------------------------------------------------------------------------ live server


class LiveServer:
    """``create_app(settings, engine)`` under uvicorn in a background thread."""

    def __init__(self, app: FastAPI) -> None:
        import uvicorn

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))  # the OS picks a free port; uvicorn uses this socket
        self.port: int = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="auto",
                                timeout_graceful_shutdown=2)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]},
                                       name=f"uvicorn-{self.port}", daemon=True)

    def start(self, timeout: float = 10.0) -> None:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.thread.is_alive():
                raise RuntimeError("uvicorn stopped while starting (see the log above)")
            if self.server.started and self._answers():
                return
            time.sleep(0.02)
        self.stop()
        raise RuntimeError(f"the live server did not answer on {self.url} in {timeout} s")

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/login", timeout=1) as resp:  # noqa: S310
                return bool(resp.status == 200)
        except (urllib.error.URLError, OSError):
            return False

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


@pytest.fixture
def live_server(app: FastAPI) -> Iterator[str]:
    """The base URL of the app (tests/conftest.py ``app``: a migrated database from ``engine``,
    SQLite or PostgreSQL) served over real HTTP."""
    server = LiveServer(app)
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


# ---------------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - playwright is a dev dependency
        _unavailable(f"playwright is not installed ({exc})")
        raise
    pw = sync_playwright().start()
    try:
        yield pw
    finally:
        pw.stop()


@pytest.fixture(scope="session")
def chromium(playwright_instance: Playwright) -> Iterator[Browser]:
    """One headless chromium for the session; each test gets fresh contexts (cookies)."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        _unavailable(f"no chromium executable at {CHROMIUM} (set ARMSFLOW_CHROMIUM)")
    try:
        browser = playwright_instance.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    except Exception as exc:
        _unavailable(f"chromium at {CHROMIUM} did not start: {str(exc).splitlines()[0]}")
        raise
    try:
        yield browser
    finally:
        browser.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keep each phase's report on the item, for the screenshot-on-failure teardown."""
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


_REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()

NewPage = Callable[[], "Page"]


@pytest.fixture
def new_page(
    chromium: Browser, live_server: str, request: pytest.FixtureRequest
) -> Iterator[NewPage]:
    """``new_page()`` opens a page in a fresh browser context (its own cookies: one per user)
    aimed at the live server. Failed test: every page is saved to test-results/."""
    contexts: list[BrowserContext] = []
    pages: list[Page] = []

    def make() -> Page:
        context = chromium.new_context(base_url=live_server, locale="en-US")
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        pages.append(page)
        return page

    yield make

    reports = request.node.stash.get(_REPORTS, {})
    if any(r.failed for r in reports.values()):
        RESULTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::", 1)[-1])
        for i, page in enumerate(pages):
            try:
                page.screenshot(path=str(RESULTS / f"{name}-{i}.png"), full_page=True)
                (RESULTS / f"{name}-{i}.html").write_text(page.content(), encoding="utf-8")
            except Exception as exc:  # a crashed page must not hide the real failure
                print(f"screenshot of page {i} failed: {exc}")
    for context in contexts:
        context.close()


def pytest_report_header(config: pytest.Config) -> str:
    found = os.path.isfile(CHROMIUM)
    return (f"browser: chromium at {CHROMIUM}" if found
            else f"browser: no chromium at {CHROMIUM}; browser tests "
                 f"{'FAIL' if REQUIRE_BROWSER else 'SKIPPED'}")
