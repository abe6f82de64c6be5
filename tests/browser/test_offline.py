"""With every request to a host other than the app refused, the map still draws every area, and the page never
even tries another host: Leaflet, the map component and the geometry all come from the app itself."""

from __future__ import annotations

import pytest

from tests.browser.support import chromium

pytestmark = pytest.mark.browser


def test_the_map_draws_every_area_with_only_the_app_reachable(visit, dataset):
    app = visit(offline=True)
    frame = app.frame
    assert frame.evaluate("() => document.body.getAttribute('data-cpmap-error')") is None
    assert frame.evaluate("() => document.body.getAttribute('data-cpmap-councils')") == str(
        len(dataset.gazetteer.councils)
    )
    assert frame.locator("path.leaflet-interactive").count() == len(dataset.gazetteer.councils)
    assert frame.evaluate("() => document.body.getAttribute('data-cpmap-outline')") == "1"  # every force border
    # Leaflet and every other script and style sheet of the map came from the app.
    sources = frame.evaluate(
        "() => [...document.scripts].map((s) => s.src).concat([...document.querySelectorAll('link[href]')].map((l) => l.href))"
    )
    assert any("/app/static/vendor/leaflet/leaflet.js" in s for s in sources)
    assert all(chromium.is_local(s) for s in sources if s), sources
    # No base tiles by default (CPMAP_TILES unset): nothing to fetch from a tile server.
    assert frame.locator(".leaflet-tile-pane img").count() == 0
    assert app.refused == [] and app.external_requests() == [], "the page tried to reach another host"
    app.assert_clean()


RESOURCES_JS = "() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname)"


def test_each_geometry_file_is_downloaded_once_by_the_page_and_used_by_the_map(visit, dataset):
    app = visit()
    # The full page has arrived (the map was drawn, so the signal frame has done its work); the map then redrew.
    page_paths, frame_paths = app.page.evaluate(RESOURCES_JS), app.frame.evaluate(RESOURCES_JS)
    for name in ("councils.json", "force-borders.json"):
        assert sum(p.endswith(f"/{name}") for p in page_paths) == 1, (name, page_paths)
        # the map's frame took the page's download instead of fetching the file again
        assert not any(p.endswith(f"/{name}") for p in frame_paths), (name, frame_paths)
    assert app.frame.evaluate("() => document.body.getAttribute('data-cpmap-councils')") == str(
        len(dataset.gazetteer.councils)
    )
