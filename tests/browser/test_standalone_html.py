"""`cpmap render --html` writes one HTML file that draws the map offline: opened from disk in Chromium with every
request but the file refused, it draws every council in the live map's colours, with tooltips, legend and the
ONS/OS attribution."""

from __future__ import annotations

import pytest

from cpmap import config
from cpmap.cli import main
from cpmap.mapspec import council_spec
from cpmap.viewmodel import Filters, build_view
from tests.browser.support import chromium

pytestmark = pytest.mark.browser

STOCKTON = "E06000004"


def test_the_standalone_map_draws_offline_from_the_file(browser, dataset, tmp_path):
    out = tmp_path / "map.html"
    assert main(["render", "--html", str(out), "--query", f"area={STOCKTON}"]) == 0
    context = browser.new_context(viewport=chromium.VIEWPORT)
    asked: list[str] = []

    def only_the_file(route):
        asked.append(route.request.url)
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            route.abort("internetdisconnected")

    context.route("**/*", only_the_file)
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(out.as_uri())
        councils = len(dataset.gazetteer.councils)
        page.wait_for_function(f"() => document.querySelectorAll('path.leaflet-interactive').length === {councils}")
        spec = council_spec(build_view(dataset, Filters()))
        expected = spec["info"].get(STOCKTON, spec["default"])[1]
        fills = page.evaluate(
            """() => { const out = {}; Object.values(window).forEach((v) => {
                 if (v && v._layers && v.feature === undefined && v.eachLayer) {
                   v.eachLayer((l) => { if (l.feature && l._path) { out[l.feature.id] = l._path.getAttribute('fill'); } });
                 } }); return out; }"""
        )
        assert fills[STOCKTON] == expected
        council_fills = {code: fill for code, fill in fills.items() if code in dataset.gazetteer.councils}
        assert len(council_fills) == councils
        assert council_fills == {
            code: spec["info"].get(code, spec["default"])[1] for code in dataset.gazetteer.councils
        }  # every council in the live map's colour
        # the force borders are drawn over them, unfilled
        assert {fills[code] for code in dataset.gazetteer.forces} == {"none"}
        legend = page.locator(".cpmap-legend").inner_text()
        assert config.ATTRIBUTION.split(".")[0] in legend and "Filters" in legend
        # a hover shows the area's name as text
        box = page.evaluate(
            """(code) => { let p = null; Object.values(window).forEach((v) => {
                 if (v && v._layers && v.eachLayer) { v.eachLayer((l) => {
                   if (l.feature && l.feature.id === code && l._path && !p) { const b = l._path.getBoundingClientRect();
                     p = [b.x + b.width / 2, b.y + b.height / 2]; } }); } }); return p; }""",
            STOCKTON,
        )
        page.mouse.move(*box)
        page.locator(".leaflet-tooltip").filter(has_text="Stockton-on-Tees").wait_for()
        assert errors == []
        assert [url for url in asked if not url.startswith("file:")] == []
    finally:
        context.close()
