"""The real click path and what the map shows, in Chromium, against literal expectations.

A click on Stockton-on-Tees is one setComponentValue, one fragment rerun (st_folium's on_change callback applies
it; nothing reruns a second time), and that run updates the panel, the highlight and the share box. Colours,
outlines and tooltips of named areas are written out by hand (see tests/test_colours_pinned.py), and the force
layer asked for in the URL is the one drawn. Styles are read from the Leaflet layers' options, so the checks hold
for SVG and canvas rendering alike.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.support import chromium

pytestmark = pytest.mark.browser

STOCKTON, MIDDLESBROUGH, READING, DONCASTER, BRISTOL, CARDIFF = (
    "E06000004",
    "E06000002",
    "E06000038",
    "E08000017",
    "E06000023",
    "W06000015",
)
CLEVELAND, MET, CUMBRIA = "E23000013", "E23000001", "E23000002"
STOCKTON_AT = (54.565, -1.319)

# The style Leaflet holds for each interactive (filled) area, keyed by GSS code.
STYLES_JS = """() => {
  const out = {};
  window.map.eachLayer((l) => {
    if (l.feature && l.options && l.options.fill !== false && l.options.interactive !== false) {
      const o = l.options;
      out[l.feature.id] = {fill: o.fillColor, weight: o.weight, dash: o.dashArray || null};
    }
  });
  return out;
}"""
# The tooltip is bound to each layer's group: hover one area (as the mouse would) and read what it opens.
TOOLTIP_JS = """(code) => {
  let group = null, area = null;
  window.map.eachLayer((g) => {
    if (g.eachLayer && g.getTooltip && g.getTooltip()) {
      g.eachLayer((l) => { if (l.feature && l.feature.id === code) { group = g; area = l; } });
    }
  });
  if (!area) { return null; }
  area.fire("mouseover", {latlng: area.getCenter()}, true);  // propagates to the group, as a hover does
  const text = group.getTooltip().getElement().innerText;
  area.fire("mouseout", {}, true);
  return text;
}"""


def styles(app) -> dict[str, dict[str, object]]:
    return app.frame.evaluate(STYLES_JS)


def test_one_click_is_one_fragment_rerun_that_updates_panel_highlight_and_share_box(visit):
    app = visit()
    page, frame = app.page, app.frame
    frame.evaluate("([lat, lng]) => { window.map.setView([lat, lng], 10, {animate: false}); }", list(STOCKTON_AT))
    assert styles(app)[STOCKTON]["weight"] != 3.5
    mark, runs = app.wire.mark(), app.wire.scripts_finished
    report = chromium.click_map(page, frame, *STOCKTON_AT)
    assert report.component_values == 1, "the click did not reach the app"
    app.wait_for_run(runs)
    # the panel and the highlight come with that run
    page.get_by_role("heading", name="Stockton-on-Tees").first.wait_for()
    frame.wait_for_function(f"(code) => ({STYLES_JS})()[code].weight === 3.5", arg=STOCKTON)
    page.wait_for_timeout(1500)  # room for a second run, if anything asked for one
    chromium.wait_for_app(page)
    events = app.wire.since(mark)
    assert [e.detail for e in events if e.detail.startswith("script_finished")] == [
        "script_finished:FINISHED_FRAGMENT_RUN_SUCCESSFULLY"
    ]
    assert [e.detail for e in events if e.direction == "out" and e.category == "websocket"] == ["rerun_script"]
    assert page.get_by_text("Police force: Cleveland Police (E23000013)", exact=True).is_visible()
    highlighted = [code for code, style in styles(app).items() if style["weight"] == 3.5]
    assert highlighted == [STOCKTON]
    share = page.get_by_role("textbox", name="Link to this view").input_value()
    assert parse_qs(urlsplit(share).query) == {"area": [STOCKTON]}
    assert urlsplit(share).netloc == urlsplit(page.evaluate("() => location.href")).netloc
    assert parse_qs(urlsplit(page.evaluate("() => location.href")).query) == {"area": [STOCKTON]}
    app.assert_clean()


def test_named_councils_have_these_fills_outlines_and_tooltips(visit):
    app = visit("type=CONF_NONATTEND")
    drawn = styles(app)
    # Stockton's only conference finding (F012) is minor and low confidence: pale yellow, dashed
    assert drawn[STOCKTON] == {"fill": "#ffe945", "weight": 1.6, "dash": "4 3"}
    assert drawn[DONCASTER] == {"fill": "#fec79b", "weight": 0.6, "dash": None}  # F024: one substantive type
    assert drawn[MIDDLESBROUGH] == {"fill": "#cccccc", "weight": 0.6, "dash": None}  # evidence of other types
    assert drawn[READING] == {"fill": "#92c5de", "weight": 0.6, "dash": None}
    assert drawn[BRISTOL] == {"fill": "#ffffff", "weight": 0.6, "dash": None}
    assert drawn[CARDIFF] == {"fill": "#999999", "weight": 0.6, "dash": None}
    assert app.frame.evaluate(TOOLTIP_JS, STOCKTON).splitlines() == [
        "Stockton-on-Tees",
        "Cleveland Police",
        "Ofsted 2015/16: good · 1 police weakness matching · minor only · low-confidence evidence only",
    ]
    assert app.frame.evaluate(TOOLTIP_JS, DONCASTER).splitlines() == [
        "Doncaster",
        "South Yorkshire Police",
        "Ofsted 2015/16: inadequate · 1 police weakness matching",
    ]
    app.assert_clean()


def test_the_force_layer_asked_for_in_the_url_is_the_one_drawn(visit):
    app = visit(f"layer=forces&area={CLEVELAND}", layers=("forces", "council-outline"))
    frame = app.frame
    assert frame.evaluate("() => document.body.hasAttribute('data-cpmap-councils')") is False
    assert frame.evaluate("() => document.body.getAttribute('data-cpmap-forces')") == "43"
    drawn = styles(app)
    assert sorted(drawn) == sorted(code for code in drawn if code.startswith(("E23", "W15")))
    assert len(drawn) == 43
    assert drawn[CLEVELAND] == {"fill": "#fb8a4f", "weight": 3.5, "dash": None}  # 2 councils matching; selected
    assert drawn[MET]["fill"] == "#e34a33" and drawn[CUMBRIA]["fill"] == "#ffffff"
    assert frame.evaluate(TOOLTIP_JS, CLEVELAND).splitlines() == [
        "Cleveland Police",
        "2 of 4 councils matching · 2 inspected 2015/16",
    ]
    app.page.get_by_role("heading", name="Cleveland Police").first.wait_for()
    app.assert_clean()
