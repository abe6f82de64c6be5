"""The dashboard on a phone (390×844 and 360×640, touch screen): the map starts inside the first screen, leaves
room to scroll the page, shows a short ONS/OS attribution with the full wording one tap away, pans under one
finger without scrolling the page, and a tap on an area opens its panel, which comes right after the map.
"""

from __future__ import annotations

import pytest

from components.layout import MAP_MAX_SCREEN_SHARE
from cpmap import config
from tests.browser.support import chromium

pytestmark = pytest.mark.browser

PHONES = {"390x844": {"width": 390, "height": 844}, "360x640": {"width": 360, "height": 640}}
STOCKTON = "E06000004"
STOCKTON_AT = (54.565, -1.319)  # inside Stockton-on-Tees, away from its borders
# The map's top within the first 40% of the screen: the title and caption stay compact.
MAP_TOP_SHARE = 0.4
# Streamlit scrolls its main section, not the window: how far the page is scrolled, wherever it scrolls.
SCROLLED = "() => window.scrollY + [...document.querySelectorAll('*')].reduce((n, e) => n + e.scrollTop, 0)"
UNSCROLL = "() => { window.scrollTo(0, 0); document.querySelectorAll('*').forEach((e) => { e.scrollTop = 0; }); }"


@pytest.fixture(scope="module", params=list(PHONES))
def phone(request, app_opener):
    app = app_opener(viewport=PHONES[request.param], phone=True)
    yield app
    app.context.close()


def map_box(app) -> dict[str, float]:
    box = app.page.locator(chromium.MAP_IFRAME).bounding_box()
    assert box is not None
    return box


@pytest.mark.parametrize("size", list(PHONES))
def test_the_map_starts_inside_the_first_screen_and_leaves_room_to_scroll(size, visit):
    # A page of its own: the module's shared page may already have been tapped and scrolled by another test.
    phone = visit(viewport=PHONES[size], phone=True)
    screen = phone.page.viewport_size
    assert screen is not None
    assert phone.page.evaluate(SCROLLED) == 0
    box = map_box(phone)
    assert box["y"] <= MAP_TOP_SHARE * screen["height"], f"the map starts at {box['y']} px"
    # the map fits the width, and is never so tall that a swipe cannot reach the page around it
    assert box["x"] >= 0 and box["x"] + box["width"] <= screen["width"]
    assert box["height"] <= MAP_MAX_SCREEN_SHARE * screen["height"] + 1
    assert box["height"] >= 0.5 * screen["height"] - 1, "the map is too small to use"
    # Leaflet fills the frame (no part of the map cut off below it), and England is in view
    inner = phone.frame.evaluate("() => window.map.getSize().y")
    assert abs(inner - box["height"]) <= 1
    assert phone.frame.evaluate("() => window.map.getBounds().contains([54.565, -1.319])")
    # no sideways scrolling on a phone
    assert phone.page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    phone.assert_clean()


def test_the_attribution_is_short_and_the_full_wording_is_one_tap_away(phone):
    frame = phone.frame
    control = frame.locator(".leaflet-control-attribution")
    summary = control.locator("summary")
    assert summary.inner_text().strip() == config.ATTRIBUTION_SHORT
    assert "ONS" in config.ATTRIBUTION_SHORT and "OS data" in config.ATTRIBUTION_SHORT
    box, inside = control.bounding_box(), frame.locator(".leaflet-container").bounding_box()
    assert box and inside
    # small: at most two lines, inside the map, about three quarters of its width (75% plus its padding)
    assert box["height"] <= 36, box
    assert box["width"] <= 0.8 * inside["width"]
    assert box["y"] + box["height"] <= inside["y"] + inside["height"] + 1
    assert "Office for National Statistics" not in control.inner_text()  # what is on screen, closed
    summary.tap()
    frame.wait_for_function("() => document.querySelector('.cpmap-licence').open")
    assert config.ATTRIBUTION in control.inner_text()
    link = control.get_by_role("link", name="Open Government Licence v.3.0")
    assert link.is_visible() and link.get_attribute("href") == config.OGL_URL
    summary.tap()  # and closes again
    frame.wait_for_function("() => !document.querySelector('.cpmap-licence').open")
    assert "Office for National Statistics" not in control.inner_text()
    phone.assert_clean()


def touch_drag(app, start: tuple[float, float], dx: float, dy: float) -> None:
    """One finger on the screen at `start` (page pixels), moved by (dx, dy) in steps, then lifted."""
    cdp = app.context.new_cdp_session(app.page)
    x, y = start
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for i in range(1, 11):
        point = {"x": x + dx * i / 10, "y": y + dy * i / 10}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def test_one_finger_pans_the_map_and_not_the_page(phone):
    page, frame = phone.page, phone.frame
    page.evaluate(UNSCROLL)
    assert page.evaluate(SCROLLED) == 0
    before = frame.evaluate("() => { const c = window.map.getCenter(); return [c.lat, c.lng]; }")
    moves = frame.evaluate("() => { window.__moves = 0; window.map.on('moveend', () => { window.__moves += 1; }); }")
    assert moves is None
    box = map_box(phone)
    # an upward swipe in the middle of the map: on a page it would scroll down
    touch_drag(phone, (box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.6), 0, -120)
    frame.wait_for_function("() => window.__moves > 0")
    after = frame.evaluate("() => { const c = window.map.getCenter(); return [c.lat, c.lng]; }")
    assert after[0] < before[0], "the map did not move south under the finger"
    assert page.evaluate(SCROLLED) == 0, "the page scrolled"
    # and a swipe outside the map scrolls the page as usual
    touch_drag(phone, (box["x"] + box["width"] / 2, box["y"] - 8), 0, -100)
    page.wait_for_function(f"() => ({SCROLLED})() > 0")
    page.evaluate(UNSCROLL)
    frame.evaluate("() => window.map.fitBounds([[49.86, -6.42], [55.82, 1.77]], {animate: false})")
    phone.assert_clean()


@pytest.mark.parametrize("size", list(PHONES))
def test_a_tap_on_an_area_opens_its_panel_right_after_the_map(visit, dataset, size):
    app = visit(viewport=PHONES[size], phone=True)
    page, frame = app.page, app.frame
    frame.evaluate("([lat, lng]) => { window.map.setView([lat, lng], 10, {animate: false}); }", list(STOCKTON_AT))
    runs = app.wire.scripts_finished

    def tap() -> tuple[int, int]:
        page.touchscreen.tap(*chromium.page_point(page, frame, *STOCKTON_AT))
        return 0, 1

    report = chromium.interact_with_map(page, frame, tap)
    assert report.component_values == 1, "the tap did not reach the app"
    app.wait_for_run(runs)
    name = dataset.gazetteer.councils[STOCKTON].name
    heading = page.get_by_role("heading", name=name, level=2)
    heading.wait_for()
    assert page.evaluate("() => new URL(location.href).searchParams.get('area')") == STOCKTON
    # The panel follows the map: below it, with only the legend and the search box between, within one screen.
    box, top = map_box(app), heading.bounding_box()
    screen = page.viewport_size
    assert top and screen
    assert box["y"] + box["height"] <= top["y"] <= box["y"] + box["height"] + screen["height"]
    app.assert_clean()
