"""Behind a path: `streamlit run app.py --server.baseUrlPath=cpmap`, reached at http://host/cpmap/.

The map and its static files (Leaflet, the layer script, the geometry) load from under the path with every
non-local request refused, a click and a filter go into the address bar and the share box with the path kept, and
that link, opened in a new browser context, restores the same view.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from conftest import open_app
from test_map_in_browser import (
    STOCKTON,
    STROKE_WIDTH_JS,
    choose_failure_type,
    click_stockton,
    expected_fills,
    metric_value,
    query_of,
    telling_failure_type,
    wait_for_fills,
)

from cpmap.viewmodel import Filters
from tests.browser.support import appserver

pytestmark = pytest.mark.browser

BASE = "cpmap"
RESOURCES_JS = "() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname)"


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    server = appserver.start(appserver.PROJECT_ROOT / "app.py", base_path=BASE)
    try:
        yield server.url
    finally:
        appserver.stop(server)


def address_bar(app) -> str:
    return app.page.evaluate("() => location.href")  # page.url can lag the History API (FIELD-NOTES)


def share_box(app) -> str:
    return app.page.get_by_role("textbox", name="Link to this view").input_value()


def test_under_a_base_path_the_map_draws_from_its_own_static_files_and_a_shared_link_restores_the_view(
    browser, base_url, dataset
):
    first = open_app(browser, base_url, offline=True)
    second = None
    try:
        drawn = first.frame.evaluate("() => document.body.getAttribute('data-cpmap-councils')")
        assert drawn == str(len(dataset.gazetteer.councils))
        # the page starts the geometry and Leaflet downloads for the map's frame (components/firstview.py)
        fetched = first.frame.evaluate(RESOURCES_JS) + first.page.evaluate(RESOURCES_JS)
        for name in ("leaflet.js", "councils.json", "force-borders.json"):
            paths = [p for p in fetched if p.endswith(name)]
            assert paths and all(p.startswith(f"/{BASE}/app/static/") for p in paths), (name, fetched)

        type_id = telling_failure_type(dataset)
        click_stockton(first)
        choose_failure_type(first, dataset, type_id)
        filters = Filters(failure_types=(type_id,))
        first.page.wait_for_function(
            "(base) => location.pathname === base && location.search.includes('area=')", arg=f"/{BASE}/"
        )
        link = address_bar(first)
        assert urlsplit(link).path == f"/{BASE}/"
        assert query_of(link) == {"type": [type_id], "area": [STOCKTON]}
        first.page.wait_for_function(  # the share box follows the click and the filter
            "([base, parts]) => [...document.querySelectorAll('input')]"
            ".some((i) => i.value.startsWith(base) && parts.every((p) => i.value.includes(p)))",
            arg=[link.split("?")[0] + "?", [f"area={STOCKTON}", f"type={type_id}"]],
        )
        shared = share_box(first)
        assert urlsplit(shared)[:3] == urlsplit(link)[:3] and query_of(shared) == query_of(link)

        second = open_app(browser, shared, offline=True)  # a new context: no session, no cookies, only the link
        assert urlsplit(address_bar(second)).path == f"/{BASE}/"
        assert query_of(address_bar(second)) == query_of(link)
        second.page.get_by_role("heading", name=dataset.gazetteer.councils[STOCKTON].name).first.wait_for()
        wait_for_fills(second, expected_fills(dataset, filters))
        assert second.frame.evaluate(STROKE_WIDTH_JS, STOCKTON) == "3.5"
        assert metric_value(second) == metric_value(first)
        # the share box is part of the full page, which can still be settling: wait for it to hold a link, then compare
        second.page.get_by_role("textbox", name="Link to this view").wait_for()
        second.page.wait_for_function(
            "() => [...document.querySelectorAll('input')].some((i) => i.value.includes('area='))"
        )
        assert share_box(second) == shared
        first.assert_clean()
        second.assert_clean()
    finally:
        first.context.close()
        if second:
            second.context.close()
