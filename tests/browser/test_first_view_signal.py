"""The first view's promise: the rest of the page follows as soon as the map has drawn, whatever the layer.

The signal frame (components/map_drawn_signal) falls back to a 5-second timer when the map never reports. Here the
timer is pushed out to a minute, so only the map's own mark can bring the rest of the page: a layer whose mark
the signal does not know would leave the page waiting, and this test would time out on it.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Route

from tests.browser.conftest import TIMEOUT_MS
from tests.browser.support import chromium

pytestmark = pytest.mark.browser
# After the map's areas are drawn, the full page arrives well inside this (about a second on a quiet machine).
FULL_PAGE_AFTER_DRAWN_S = 20.0
LAYER_MARKS = {"councils": ("councils", "outline"), "forces": ("council-outline", "forces"), "thennow": ("councils",)}


SIGNAL_PAGE = "**/*map_drawn_signal/index.html*"  # /component/components.firstview.map_drawn_signal/index.html


def _no_fallback(route: Route, served: list[str]) -> None:
    served.append(route.request.url)
    response = route.fetch()
    body = response.text().replace("var MAX_WAIT_MS = 5000;", "var MAX_WAIT_MS = 60000;")
    assert "MAX_WAIT_MS = 60000" in body, "the signal page's fallback timer moved: update this test"
    route.fulfill(response=response, body=body)


@pytest.mark.parametrize("layer", list(LAYER_MARKS))
def test_the_full_page_follows_the_drawn_map_on_every_layer(browser, app_server, layer):
    context = browser.new_context(viewport=chromium.VIEWPORT)
    try:
        context.set_default_timeout(TIMEOUT_MS)
        served: list[str] = []
        context.route(SIGNAL_PAGE, lambda route: _no_fallback(route, served))
        page = context.new_page()
        page.goto(app_server.url + ("" if layer == "councils" else f"?layer={layer}"))
        frame = chromium.map_frame(page, TIMEOUT_MS)
        chromium.wait_for_layers(frame, LAYER_MARKS[layer], TIMEOUT_MS)
        drawn = time.monotonic()
        chromium.wait_for_full_page(page, int(FULL_PAGE_AFTER_DRAWN_S * 1000))
        assert time.monotonic() - drawn < FULL_PAGE_AFTER_DRAWN_S
        assert served, "the signal page was not the one this test changed"
    finally:
        context.close()
