"""The map in an article: a 640 x 480 iframe of an `embed=true` link draws the map with its one-line headline, a
click opens the area's short summary, and the link out restores the same view in full."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from cpmap.viewmodel import Filters, build_view
from tests.browser.support import chromium

pytestmark = pytest.mark.browser

STOCKTON, STOCKTON_AT = "E06000004", (54.565, -1.319)
ARTICLE = """<!doctype html><html lang="en"><head><title>An article</title></head><body>
<h1>A newsroom's article</h1><p>Some text before the map.</p>
<iframe title="cpmap" src="{src}" width="640" height="480" style="border:1px solid #999"></iframe>
<p>Some text after it.</p></body></html>"""


def test_an_embedded_map_draws_in_an_article_and_a_click_opens_a_summary(browser, app_url, dataset):
    context = browser.new_context(viewport={"width": 900, "height": 700})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.set_content(ARTICLE.format(src=f"{app_url}?type=CONF_NONATTEND&embed=true"))
        app = page.frame_locator("iframe[title='cpmap']")
        app_frame = page.frame(url=lambda url: "embed=true" in url)
        assert app_frame is not None
        mapped = chromium.map_frame(app_frame, 120_000)
        chromium.wait_for_layers(mapped, ("councils", "outline"), 120_000)
        headline = build_view(dataset, Filters(failure_types=("CONF_NONATTEND",))).figures.headline()
        app.get_by_text(headline.split(" · ")[0] + " · police weaknesses in").first.wait_for()
        # the map fits the frame: its box lies inside the 640 x 480 iframe
        frame_box = page.locator("iframe[title='cpmap']").bounding_box()
        map_box = app.locator("iframe[title='streamlit_folium.st_folium']").bounding_box()
        assert frame_box and map_box
        assert map_box["y"] + map_box["height"] <= frame_box["y"] + frame_box["height"]
        # a click on Stockton-on-Tees (zoomed in first, as a reader would) opens its summary
        mapped.evaluate(
            """([code, lat, lng]) => { window.map.setView([lat, lng], 10, {animate: false});
                 window.map.eachLayer((l) => { if (l.feature && l.feature.id === code && l._path) {
                   l._path.setAttribute('data-test-code', code); } }); }""",
            [STOCKTON, *STOCKTON_AT],
        )
        mapped.locator(f"[data-test-code='{STOCKTON}']").click()
        app.get_by_text("Stockton-on-Tees (Cleveland Police)").first.wait_for()
        link = app.get_by_role("link", name="Open the full view").first
        link.wait_for()
        href = link.get_attribute("href") or ""
        assert parse_qs(urlsplit(href).query) == {"type": ["CONF_NONATTEND"], "area": [STOCKTON]}
        assert "embed" not in href
        assert errors == []
    finally:
        context.close()


def test_the_link_out_restores_the_view_in_full(visit):
    full = visit(f"type=CONF_NONATTEND&area={STOCKTON}")
    full.page.get_by_role("heading", name="Stockton-on-Tees").first.wait_for()
    assert "embed" not in full.page.evaluate("() => location.href")
    full.assert_clean()
