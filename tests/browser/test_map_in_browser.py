"""The dashboard in a real browser: the map draws every area, a click opens the panel, filters recolour the map,
a shared link restores the view, panning and zooming stay in the browser, and no page error happens.

Expected colours, figures and texts come from the domain code on the real data (cpmap.viewmodel/mapspec), so the
browser is checked against what the app means to show, not against constants copied into the test.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from cpmap import config
from cpmap.dataset import Dataset
from cpmap.mapspec import council_spec
from cpmap.viewmodel import GENERAL, Filters, build_view
from tests.browser.support import chromium

pytestmark = pytest.mark.browser

STOCKTON = "E06000004"
STOCKTON_AT = (54.565, -1.319)  # inside Stockton-on-Tees, away from its borders
METRIC = "Councils with police weaknesses"

# Fill colour of every council path now on the map, keyed by GSS code (outline layers have no fill).
FILLS_JS = """() => {
  const out = {};
  window.map.eachLayer((l) => {
    if (l.feature && l._path && l.options.fill !== false) { out[l.feature.id] = l._path.getAttribute("fill"); }
  });
  return out;
}"""
STROKE_WIDTH_JS = """(code) => {
  let width = null;
  window.map.eachLayer((l) => { if (l.feature && l.feature.id === code && l._path) { width = l._path.getAttribute("stroke-width"); } });
  return width;
}"""


def expected_fills(dataset: Dataset, filters: Filters) -> dict[str, str]:
    """The colour the view model gives each council under `filters`."""
    spec = council_spec(build_view(dataset, filters))
    return {code: spec["info"].get(code, spec["default"])[1] for code in dataset.gazetteer.councils}


def wait_for_fills(app, expected: dict[str, str]) -> None:
    app.frame.wait_for_function(
        f"(expected) => {{ const fills = ({FILLS_JS})(); "
        "return Object.keys(expected).every((code) => fills[code] === expected[code]); }",
        arg=expected,
    )


def metric_value(app) -> str:
    metric = app.page.locator("[data-testid='stMetric']").filter(has_text=METRIC)
    return metric.locator("[data-testid='stMetricValue']").inner_text().strip()


def telling_failure_type(dataset: Dataset) -> str:
    """A failure type whose filter changes the headline count and Stockton's colour (so the test can fail)."""
    everything = build_view(dataset, Filters())
    fills = expected_fills(dataset, Filters())
    for type_id in sorted(dataset.failure_types):
        view = build_view(dataset, Filters(failure_types=(type_id,)))
        if (
            0 < view.figures.councils_with_weaknesses < everything.figures.councils_with_weaknesses
            and expected_fills(dataset, Filters(failure_types=(type_id,)))[STOCKTON] != fills[STOCKTON]
        ):
            return type_id
    raise AssertionError("no failure type changes both the figures and Stockton's colour")


def choose_failure_type(app, dataset: Dataset, type_id: str) -> None:
    runs = chromium.choose_option(app.page, "Failure types", dataset.failure_types[type_id].label, app.wire)
    app.wait_for_run(runs)


def click_stockton(app) -> None:
    """Click Stockton-on-Tees by its coordinates, converted to pixels inside the map, as a user's mouse would.

    The view is zoomed in on Stockton first (a view change sends nothing to the server): in the opening view it
    is a few pixels wide. Before clicking, the test checks what lies under that pixel, so a miss says where it went.
    """
    app.frame.evaluate("([lat, lng]) => { window.map.setView([lat, lng], 10, {animate: false}); }", list(STOCKTON_AT))
    under = """([lat, lng]) => {
        const p = window.map.latLngToContainerPoint([lat, lng]);
        const r = window.map.getContainer().getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + p.x, r.top + p.y);
        let code = null;
        window.map.eachLayer((l) => { if (l._path && l._path === hit && l.feature) { code = l.feature.id; } });
        return code;
    }"""
    assert app.frame.evaluate(under, list(STOCKTON_AT)) == STOCKTON, "Stockton-on-Tees is not under its own point"
    runs = app.wire.scripts_finished
    report = chromium.click_map(app.page, app.frame, *STOCKTON_AT)
    assert report.component_values == 1, "the click did not reach the app"
    app.wait_for_run(runs)


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


@pytest.fixture(scope="module")
def first_view(app_opener):
    """One untouched visit, shared by the tests that only look (nothing they do changes it)."""
    app = app_opener()
    yield app
    app.context.close()


def test_first_view_draws_every_council_area_in_its_colour(first_view, dataset):
    councils = dataset.gazetteer.councils
    drawn = first_view.frame.evaluate(FILLS_JS)
    assert sorted(drawn) == sorted(councils)
    assert first_view.frame.locator("path.leaflet-interactive").count() == len(councils)
    english = {c.code for c in dataset.gazetteer.english_councils}
    assert english < set(drawn), "English councils missing"
    assert {c for c in drawn if c.startswith("W")} == set(councils) - english, "Welsh councils missing"
    assert drawn == expected_fills(dataset, Filters())
    # The force outlines are drawn too: every force border once, as one line feature (cpmap.borders).
    assert first_view.frame.evaluate("() => document.body.getAttribute('data-cpmap-outline')") == "1"
    assert first_view.frame.locator(".leaflet-overlay-pane path").count() == len(councils) + 1
    first_view.assert_clean()


def test_the_view_opens_on_england_with_the_attribution_visible(first_view):
    frame = first_view.frame
    # England's extremes (Isles of Scilly, Lowestoft, Berwick) are all in view, and the country fills the map.
    inside = frame.evaluate(
        "() => [[49.9, -6.3], [52.48, 1.76], [55.77, -2.0]].every((p) => window.map.getBounds().contains(p))"
    )
    assert inside
    assert frame.evaluate("() => window.map.getZoom()") > 6
    attribution = frame.locator(".leaflet-control-attribution")
    # the short form on screen, the full statement one click away (tests/browser/test_phone.py opens it)
    assert config.ATTRIBUTION_SHORT in attribution.inner_text()
    assert config.ATTRIBUTION in attribution.text_content()
    box, map_box = attribution.bounding_box(), frame.locator(".leaflet-container").bounding_box()
    assert box and map_box and box["y"] + box["height"] <= map_box["y"] + map_box["height"] + 1
    first_view.assert_clean()


def test_panning_and_zooming_send_nothing_to_the_server(visit):
    app = visit()  # its own visit: the view it leaves behind would change what the shared one shows
    zoom_before = app.frame.evaluate("() => window.map.getZoom()")
    mark = app.wire.mark()
    report = chromium.pan_and_zoom(app.page, app.frame)
    assert report.moves >= 2 and report.updates >= 1, "the map did not move, or st_folium never looked"
    assert app.frame.evaluate("() => window.map.getZoom()") > zoom_before
    assert report.component_values == 0
    assert app.wire.data_frames_sent(mark) == [], "the page sent websocket messages (other than heartbeats)"
    assert app.wire.app_bytes(mark) == 0, app.wire.since(mark)
    app.assert_clean()


def test_a_click_on_stockton_opens_its_panel_and_goes_into_the_url(visit, dataset):
    app = visit()
    click_stockton(app)
    council = dataset.gazetteer.councils[STOCKTON]
    force = dataset.gazetteer.forces[council.force_code]
    findings = dataset.findings[
        (dataset.findings["council_code"] == STOCKTON) & (dataset.findings["failure_type"] != GENERAL)
    ]
    page = app.page
    assert query_of(page.url).get("area") == [STOCKTON]
    page.get_by_role("heading", name=council.name).first.wait_for()
    assert page.get_by_text(re.compile(rf"^Police force: {re.escape(force.name)}")).is_visible()
    assert page.get_by_text(f"Police weaknesses ({len(findings)})", exact=True).is_visible()
    # the clicked area is outlined on the map
    app.frame.wait_for_function(f"(code) => ({STROKE_WIDTH_JS})(code) === '3.5'", arg=STOCKTON)
    app.assert_clean()


def test_choosing_a_failure_type_recolours_the_map_changes_the_figures_and_the_url(visit, dataset):
    app = visit()
    type_id = telling_failure_type(dataset)
    before_metric = metric_value(app)
    before_figures = build_view(dataset, Filters()).figures
    assert (
        before_metric
        == f"{before_figures.councils_with_weaknesses} ({before_figures.councils_substantive} substantive)"
    )
    sent_before = len(app.wire.component_args)
    choose_failure_type(app, dataset, type_id)
    filters = Filters(failure_types=(type_id,))
    wait_for_fills(app, expected_fills(dataset, filters))
    # The base map went out again byte for byte (so st_folium keeps the same Leaflet map); only the layer changed.
    first, again = app.wire.component_args[0], app.wire.component_args[-1]
    assert len(app.wire.component_args) > sent_before
    for arg in ("script", "header", "html", "js_links", "css_links", "key"):
        assert again[arg] == first[arg], f"the base map's {arg} changed between reruns"
    assert again["feature_group"] != first["feature_group"]
    assert app.frame.evaluate(FILLS_JS)[STOCKTON] != expected_fills(dataset, Filters())[STOCKTON]
    after = build_view(dataset, filters).figures
    assert metric_value(app) == f"{after.councils_with_weaknesses} ({after.councils_substantive} substantive)"
    assert metric_value(app) != before_metric
    assert query_of(app.page.url).get("type") == [type_id]
    app.assert_clean()


def test_a_shared_link_restores_filters_and_selection_in_a_new_browser_context(visit, dataset):
    first = visit()
    type_id = telling_failure_type(dataset)
    click_stockton(first)
    choose_failure_type(first, dataset, type_id)
    link = first.page.url
    assert query_of(link) == {"type": [type_id], "area": [STOCKTON]}

    second = visit(urlsplit(link).query)  # a new context: no session, no cookies, only the link
    page = second.page
    assert query_of(page.url) == query_of(link)
    label = dataset.failure_types[type_id].label
    types = page.locator("[data-testid='stMultiSelect']").filter(has=page.get_by_label("Failure types"))
    assert label in types.inner_text()
    page.get_by_role("heading", name=dataset.gazetteer.councils[STOCKTON].name).first.wait_for()
    wait_for_fills(second, expected_fills(dataset, Filters(failure_types=(type_id,))))
    assert second.frame.evaluate(STROKE_WIDTH_JS, STOCKTON) == "3.5"
    assert metric_value(second) == metric_value(first)
    first.assert_clean()
    second.assert_clean()
