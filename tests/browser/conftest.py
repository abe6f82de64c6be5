"""Real-browser fixtures: the dashboard on its real Streamlit server, driven in Debian's Chromium by Playwright.

One server and one browser per test session; each test opens its own browser context (fresh cookies, cache
and session). Every page is watched for uncaught errors, console errors and requests to hosts other than the
app, and its websocket traffic is recorded through DevTools (tests/browser/support/wire.py), so a test can wait
for a script run to finish instead of sleeping. The server, browser and wire helpers in tests/browser/support/ are
shared with `make bench`, `make load` and `make memory` (bench/ imports them from here).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Frame, Page, Route, WebSocket, sync_playwright

from tests.browser.support import appserver, chromium, wire
from tests.browser.support.appserver import PROJECT_ROOT, AppServer

# Generous: a cold Streamlit page on a busy 2-core machine can take tens of seconds.
TIMEOUT_MS = 120_000


@pytest.fixture(scope="session")
def app_server() -> Iterator[AppServer]:
    """`python -m streamlit run app.py` on a free port (cwd = project root, BOUNDARIES_DIR as configured)."""
    server = appserver.start(PROJECT_ROOT / "app.py")
    try:
        yield server
    finally:
        appserver.stop(server)


@pytest.fixture(scope="session")
def app_url(app_server: AppServer) -> str:
    return app_server.url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = chromium.launch(playwright)
        yield launched
        launched.close()


@dataclass
class AppPage:
    """One visit: the page, the map's frame, and what was seen on the way."""

    context: BrowserContext
    page: Page
    frame: Frame
    wire: wire.WireLog
    errors: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # non-local requests stopped by the offline route
    served_by: str = ""  # behind make serve's proxy: the app process that answered the page (X-Cpmap-Replica)
    websockets: list[WebSocket] = field(default_factory=list)  # every websocket the page opened, in order

    def external_requests(self) -> list[str]:
        """Every request the page tried to send anywhere but the app (seen by DevTools or by the route)."""
        return sorted(set(self.wire.external_attempts) | set(self.refused))

    def assert_clean(self) -> None:
        assert self.errors == [], f"browser errors: {self.errors}"
        assert self.external_requests() == [], f"requests to other hosts: {self.external_requests()}"

    def wait_for_run(self, runs_before: int) -> None:
        """Wait for a script (or fragment) run that finished after `runs_before` runs had, then for idle."""
        wire.wait_for_run(self.page, self.wire, runs_before, timeout_s=TIMEOUT_MS / 1000)
        chromium.wait_for_app(self.page, TIMEOUT_MS)


DRAWN = COUNCIL_LAYERS = ("councils", "outline")  # the map's layers on a default view


def wait_until_drawn(page: Page, layers: tuple[str, ...] = DRAWN) -> Frame:
    """Wait until the map's `layers` are drawn and the full page has arrived; the map's frame."""
    frame = chromium.map_frame(page, TIMEOUT_MS)
    chromium.wait_for_layers(frame, layers, TIMEOUT_MS)
    # the first run sends the map alone; the page asks for the rest once the areas are drawn
    chromium.wait_for_full_page(page, TIMEOUT_MS)
    return frame


def open_app(
    browser: Browser,
    url: str,
    *,
    offline: bool = False,
    cookies: list | None = None,
    layers: tuple[str, ...] | None = None,
    viewport: dict[str, int] | None = None,
    phone: bool = False,
) -> AppPage:
    """Open `url` in a fresh context (with `cookies`, if given) and wait until the map and the full page are there.

    `layers`: the map layers to wait for (by default those the URL's layer draws). `phone`: a touch screen and a
    mobile viewport (set `viewport` to the phone's size).
    """
    context = browser.new_context(viewport=viewport or chromium.VIEWPORT, is_mobile=phone, has_touch=phone)
    context.set_default_timeout(TIMEOUT_MS)
    if cookies:
        context.add_cookies(cookies)
    refused: list[str] = []

    def only_local(route: Route) -> None:
        if chromium.is_local(route.request.url):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort("internetdisconnected")

    if offline:
        context.route("**/*", only_local)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    page.on("console", lambda msg: errors.append(f"console.error: {msg.text}") if msg.type == "error" else None)
    page.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    websockets: list[WebSocket] = []
    page.on("websocket", lambda ws: websockets.append(ws))
    log = wire.attach(context, page)
    response = page.goto(url)
    if layers is None:
        layers = ("council-outline", "forces") if "layer=forces" in url else DRAWN
    frame = wait_until_drawn(page, layers)
    # X-Cpmap-Replica is nginx's $upstream_addr: every process tried, in order ("a, b"); the last one answered.
    # A process that just died is still tried (and skipped at once) until it has failed MAX_FAILS times.
    tried = response.headers.get("x-cpmap-replica", "") if response else ""
    served_by = tried.split(",")[-1].strip()
    return AppPage(context, page, frame, log, errors, refused, served_by, websockets)


@pytest.fixture(scope="session")
def app_opener(browser: Browser, app_server: AppServer) -> Callable[..., AppPage]:
    """Open the app with an optional query string, optionally offline; the caller closes `.context`."""

    def opener(query: str = "", **options: Any) -> AppPage:
        return open_app(browser, app_server.url + (f"?{query}" if query else ""), **options)

    return opener


@pytest.fixture
def visit(app_opener: Callable[..., AppPage]) -> Iterator[Callable[..., AppPage]]:
    """Like app_opener, for one test: every context it opened closes after the test."""
    opened: list[AppPage] = []

    def opener(query: str = "", **options: Any) -> AppPage:
        app = app_opener(query, **options)
        opened.append(app)
        return app

    yield opener
    for app in opened:
        app.context.close()
