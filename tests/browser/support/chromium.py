"""Debian's Chromium through Playwright, and waits on Streamlit's and the map's own state."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Frame, Page, Playwright
from playwright.sync_api import Error as PlaywrightError

from components.firstview import FULL_PAGE_SELECTOR

LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 1000}
APP = "[data-testid='stApp']"
# Streamlit's own e2e suite waits on these attributes; both exist in 1.67.
CONNECTED = f"{APP}[data-test-connection-state='CONNECTED']"
IDLE = f"{APP}[data-test-script-state='notRunning']"
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
MAP_FRAME_RECHECK_MS = 10_000
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


def launch(playwright: Playwright) -> Browser:
    """Debian's Chromium; Playwright never downloads a browser here."""
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        raise RuntimeError("Debian's chromium is not installed: run `make browser` (apt-get install chromium)")
    return playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)


def is_local(url: str) -> bool:
    """True for the loopback app and for URLs that need no network (data:, blob:, about:)."""
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about", "chrome-error"}:
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


def wait_for_app(page: Page, timeout_ms: float = 60_000) -> None:
    """Connected to the server and no script run in progress."""
    page.wait_for_selector(CONNECTED, state="attached", timeout=timeout_ms)
    page.wait_for_selector(IDLE, state="attached", timeout=timeout_ms)


def wait_for_full_page(page: Page, timeout_ms: float = 60_000) -> None:
    """The dashboard's full page (sent once its map is drawn, see components/firstview) and no run in progress."""
    page.wait_for_selector(FULL_PAGE_SELECTOR, state="attached", timeout=timeout_ms)
    wait_for_app(page, timeout_ms)


def map_frame(page: Page, timeout_ms: float = 60_000) -> Frame:
    """The st_folium iframe's frame, once its Leaflet map exists.

    The map's iframe can be replaced while the page is still arriving (the component is mounted again); a wait on
    the old frame would then never end, so the frame is looked up again while the map is not there yet.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        left_ms = max(1.0, (deadline - time.monotonic()) * 1000)
        handle = page.wait_for_selector(MAP_IFRAME, state="attached", timeout=left_ms)
        frame = handle.content_frame()
        if frame is None:
            raise RuntimeError("the map iframe has no frame")
        try:
            frame.wait_for_function(
                "() => window.map && window.map._loaded === true", timeout=min(left_ms, MAP_FRAME_RECHECK_MS)
            )
            return frame
        except PlaywrightError:
            if time.monotonic() >= deadline:
                raise


def wait_for_layers(frame: Frame, kinds: tuple[str, ...] = ("councils",), timeout_ms: float = 60_000) -> dict[str, int]:
    """Wait until the map's layer JS reports these layers drawn (data-cpmap-<kind> on <body>); fail on its error."""
    frame.wait_for_function(
        """(kinds) => document.body.hasAttribute('data-cpmap-error')
            || kinds.every(k => document.body.hasAttribute('data-cpmap-' + k))""",
        arg=list(kinds),
        timeout=timeout_ms,
    )
    error = frame.evaluate("() => document.body.getAttribute('data-cpmap-error')")
    if error:
        raise AssertionError(f"the map layer failed to load: {error}")
    return {k: int(frame.evaluate("(k) => document.body.getAttribute('data-cpmap-' + k)", k)) for k in kinds}


def choose_option(page: Page, label: str, option: str, log: Any = None) -> int:
    """Pick `option` in the multiselect labelled `label` (typing filters the list; long lists load lazily).

    Returns how many script runs had finished before the choice (from a wire.WireLog, if given).
    """
    box = page.get_by_role("combobox", name=label)
    box.click()
    box.fill(option)
    runs = log.scripts_finished if log is not None else 0
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    return runs


def page_point(page: Page, frame: Frame, lat: float, lng: float) -> tuple[float, float]:
    """Page coordinates of a place on the map: the iframe's box plus Leaflet's container point."""
    box = page.locator(MAP_IFRAME).bounding_box()
    if box is None:
        raise AssertionError("the map iframe is not displayed")
    point = frame.evaluate(
        """([lat, lng]) => {
            const p = window.map.latLngToContainerPoint([lat, lng]);
            const r = window.map.getContainer().getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }""",
        [lat, lng],
    )
    return box["x"] + point[0], box["y"] + point[1]


# What the map reports to the server. st_folium sends view changes and clicks through a 250 ms debounced update
# that reads map.getBounds(), then posts `streamlit:setComponentValue` to the page only if the value it returns
# changed. These probes let a caller wait until that update has run and every message it could have posted has
# arrived, instead of sleeping for the debounce.
_FRAME_PROBE = """() => {
  if (window.__cpmapProbe) { return; }
  const probe = window.__cpmapProbe = {moves: 0, clicks: 0, lastInputAt: -1, updates: 0, lastUpdateAt: -1, barriers: 0};
  const input = () => { probe.lastInputAt = performance.now(); };
  window.map.on("moveend", () => { probe.moves += 1; input(); });
  window.map.getContainer().addEventListener("click", () => { probe.clicks += 1; input(); }, true);
  const getBounds = window.map.getBounds;
  window.map.getBounds = function () {
    probe.updates += 1;
    probe.lastUpdateAt = performance.now();
    return getBounds.apply(this, arguments);
  };
}"""
_PAGE_PROBE = """() => {
  if (window.__cpmapMessages) { return; }
  const probe = window.__cpmapMessages = {componentValues: 0, barriers: 0};
  window.addEventListener("message", (event) => {
    const data = event.data || {};
    if (data.type === "streamlit:setComponentValue") { probe.componentValues += 1; }
    if (data.cpmapBarrier) { probe.barriers = Math.max(probe.barriers, data.cpmapBarrier); }
  }, {capture: true});  // before Streamlit's own listener, which may stop the event
}"""


@dataclass(frozen=True)
class MapReport:
    moves: int  # moveend events during the interaction
    updates: int  # st_folium debounced updates that ran
    component_values: int  # setComponentValue messages the map posted to the page (each one reruns the app)


def _counters(page: Page, frame: Frame) -> tuple[int, int, int, int]:
    moves, clicks, updates = frame.evaluate(
        "() => [window.__cpmapProbe.moves, window.__cpmapProbe.clicks, window.__cpmapProbe.updates]"
    )
    return moves, clicks, updates, page.evaluate("() => window.__cpmapMessages.componentValues")


def interact_with_map(
    page: Page, frame: Frame, action: Callable[[], tuple[int, int]], timeout_ms: float = 60_000
) -> MapReport:
    """Run `action` (returning the moveend and click events it causes) and wait for what st_folium makes of it."""
    frame.evaluate(_FRAME_PROBE)
    page.evaluate(_PAGE_PROBE)
    moves0, clicks0, updates0, values0 = _counters(page, frame)
    moves, clicks = action()
    # Every click or move restarts the debounce, so an update that ran after the last of them (times taken in
    # the page, as the events happen) is the one that reports them; an earlier pending one cannot stand in.
    frame.wait_for_function(
        """([moves, clicks]) => {
            const p = window.__cpmapProbe;
            return p.moves >= moves && p.clicks >= clicks && p.lastUpdateAt > p.lastInputAt;
        }""",
        arg=[moves0 + moves, clicks0 + clicks],
        timeout=timeout_ms,
    )
    # Messages from one window to another arrive in order: once this barrier reaches the page, any
    # setComponentValue posted by the update before it has been handled by Streamlit.
    barrier = frame.evaluate(
        "() => { const n = ++window.__cpmapProbe.barriers; window.parent.postMessage({cpmapBarrier: n}, '*'); return n; }"
    )
    page.wait_for_function("(n) => window.__cpmapMessages.barriers >= n", arg=barrier, timeout=timeout_ms)
    moves1, _, updates1, values1 = _counters(page, frame)
    return MapReport(moves1 - moves0, updates1 - updates0, values1 - values0)


def click_map(page: Page, frame: Frame, lat: float, lng: float) -> MapReport:
    """Click a place on the map; the report says whether the map told the server."""

    def action() -> tuple[int, int]:
        page.mouse.click(*page_point(page, frame, lat, lng))
        return 0, 1

    return interact_with_map(page, frame, action)


def pan_and_zoom(page: Page, frame: Frame, timeout_ms: float = 60_000) -> MapReport:
    """Drag the map, then zoom in with the mouse wheel."""

    def action() -> tuple[int, int]:
        # Start the drag over the North Sea so the press lands on no area; then zoom at the map's centre. A chosen
        # area is brought into view (zoomed in on it), which can leave the North Sea off the map: if so the view is
        # moved back over it first (a view change sends nothing either).
        frame.evaluate(
            """([lat, lng]) => { if (!window.map.getBounds().pad(-0.15).contains([lat, lng])) {
                 window.map.setView([lat, lng], Math.min(window.map.getZoom(), 7), {animate: false}); } }""",
            [54.2, 1.2],
        )
        before = frame.evaluate("() => window.__cpmapProbe.moves")
        x, y = page_point(page, frame, 54.2, 1.2)
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x - 90, y + 60, steps=8)
        page.mouse.up()
        frame.wait_for_function("(n) => window.__cpmapProbe.moves > n", arg=before, timeout=timeout_ms)
        box = page.locator(MAP_IFRAME).bounding_box()
        assert box is not None
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.wheel(0, -240)
        return 2, 0

    return interact_with_map(page, frame, action, timeout_ms)
