"""Choosing an area brings it into view: a link with area= opens the map fitted to a London borough (whose box lies
inside the map's bounds, zoomed in beyond the England view), and the whole round's window draws England's councils
from the URL. The URL keeps the selection, never a zoom level."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from cpmap.mapspec import council_spec
from cpmap.viewmodel import Filters, build_view
from cpmap.vocab import Window

pytestmark = pytest.mark.browser

BARNET = "E09000003"  # an outer London borough: a few pixels across on the map of England

BOX_JS = """(code) => {
  let box = null;
  window.map.eachLayer((l) => { if (l.feature && l.feature.id === code && l.getBounds && !box) { box = l.getBounds(); } });
  const view = window.map.getBounds();
  return box && {inside: view.contains(box), zoom: window.map.getZoom(),
                 width: window.map.latLngToContainerPoint(box.getSouthEast()).x
                        - window.map.latLngToContainerPoint(box.getNorthWest()).x};
}"""


def test_a_link_to_a_london_borough_opens_the_map_fitted_to_it(visit):
    england = visit()
    england_zoom = england.frame.evaluate("() => window.map.getZoom()")
    england_width = england.frame.evaluate(BOX_JS, BARNET)["width"]
    borough = visit(f"area={BARNET}")
    borough.frame.wait_for_function("(code) => document.body.getAttribute('data-cpmap-shown') === code", arg=BARNET)
    seen = borough.frame.evaluate(BOX_JS, BARNET)
    assert seen["inside"], seen
    assert seen["zoom"] > england_zoom, (seen, england_zoom)
    assert seen["width"] > 3 * england_width  # now large enough to see, not an outline a few pixels wide
    # the address keeps the selection only
    query = parse_qs(urlsplit(borough.page.evaluate("() => location.href")).query)
    assert query == {"area": [BARNET]}
    england.assert_clean()
    borough.assert_clean()


def test_the_whole_round_window_colours_councils_the_letter_window_leaves_blank(visit, dataset):
    spec = council_spec(build_view(dataset, Filters(window=Window.ROUND)))
    letter = council_spec(build_view(dataset, Filters()))
    bolton = "E08000001"  # inspected in 2014 only: blank for the letter's 42, coloured in the round
    expected = spec["info"].get(bolton, spec["default"])[1]
    assert expected != letter["info"].get(bolton, letter["default"])[1]
    app = visit("window=round")
    app.frame.wait_for_function(
        """([code, fill]) => { let found = null;
             window.map.eachLayer((l) => { if (l.feature && l.feature.id === code && l._path
               && l.options.fill !== false) { found = l._path.getAttribute('fill'); } });
             return found === fill; }""",
        arg=[bolton, expected],
    )
    headline = app.page.get_by_text("172 inspections · police weaknesses in").first
    headline.wait_for()
    app.assert_clean()
