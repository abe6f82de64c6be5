"""Text from an upload, in the real browser: shown as text wherever it appears, never run, never a link.

A findings CSV is uploaded through the sidebar's file input. Its accepted row (Hartlepool, Cleveland Police) has
a summary carrying HTML, Markdown emphasis and a javascript: link; its rejected row carries HTML in the council
name, a formula and a javascript: source URL. The file name itself is HTML. With Hartlepool selected, the panel
must show the summary literally, the table must hold it as text, the rejection report must list the hostile
values literally, and nothing may run: no injected element, global, dialog, javascript: link or page error.
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterator

import pytest
from hostile import HOSTILE_SUMMARY, IMG_PAYLOAD, copy_data_renaming, copy_layers, rename_area

from cpmap import config
from cpmap.gazetteer import load_gazetteer
from cpmap.layers import committed_layers
from tests.browser.support import appserver, chromium

pytestmark = pytest.mark.browser

HARTLEPOOL, CLEVELAND = "E06000001", "E23000013"
HEADER = [
    "council_code",
    "council_name",
    "force_code",
    "failure_type",
    "summary",
    "source_url",
    "source_kind",
    "confidence",
]
ACCEPTED = [HARTLEPOOL, "", CLEVELAND, "DA_LATE", HOSTILE_SUMMARY, "https://example.org/x", "press", "medium"]
REJECTED = [
    "",
    IMG_PAYLOAD,
    CLEVELAND,
    "DA_LATE",
    '=HYPERLINK("javascript:alert(1)")',
    "javascript:alert(1)",
    "press",
    "medium",
]
FILE_NAME = f"{IMG_PAYLOAD}.csv"

# Anything an injection could have left behind, in one document.
TRACES = """() => ({
  pwned: typeof window.__pwned,
  images: document.querySelectorAll("img[src='x']").length,
  scripts: [...document.scripts].filter(s => s.textContent.includes("__pwned")).length,
  links: document.querySelectorAll("a[href^='javascript:' i]").length,
  emphasis: [...document.querySelectorAll("strong, b")].filter(e => e.textContent === "bold").length,
})"""
CLEAN = {"pwned": "undefined", "images": 0, "scripts": 0, "links": 0, "emphasis": 0}


def hostile_csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([HEADER, ACCEPTED, REJECTED])
    return buffer.getvalue().encode("utf-8")


@pytest.fixture(scope="module")
def uploaded(app_opener):
    """Hartlepool selected by link (loopback only), then the hostile CSV uploaded through the sidebar's file input."""
    app = app_opener(f"area={HARTLEPOOL}", offline=True)
    page = app.page
    assert page.locator("h2", has_text="Hartlepool").count() >= 1
    runs_before = app.wire.scripts_finished
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        files=[{"name": FILE_NAME, "mimeType": "text/csv", "buffer": hostile_csv()}]
    )
    app.wait_for_run(runs_before)
    # the upload has been checked: its tally is shown, and the report on its rejected row
    page.wait_for_function(
        """() => [...document.querySelectorAll("[data-testid='stAlert']")].some(a => a.innerText.includes("accepted 1"))
            && !!document.querySelector("[data-testid='stCode']")""",
        timeout=60_000,
        polling=200,
    )
    chromium.wait_for_app(page)
    yield app
    app.context.close()


def test_the_panel_shows_the_uploaded_summary_literally(uploaded):
    page = uploaded.page
    panel_alerts = page.locator("[data-testid='stAlert']").filter(has_text=HOSTILE_SUMMARY)
    assert panel_alerts.count() == 1
    finding = panel_alerts.first
    assert HOSTILE_SUMMARY in finding.inner_text()
    # its source is an ordinary http(s) link; the summary's own "link" is text, not an anchor
    hrefs = finding.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs == ["https://example.org/x"]
    assert page.locator("h2", has_text="Hartlepool").count() >= 1


# glide-data-grid draws on a canvas and mirrors the rows in view into an accessible table inside it. Each poll
# looks for the summary among those cells, then scrolls the grid on by half a screen (back to the top at the end).
TABLE_HAS_CELL = """(text) => {
  const scroller = document.querySelector("[data-testid='stDataFrame'] .dvn-scroller");
  if (!scroller) { return false; }
  const cells = [...document.querySelectorAll("[data-testid='stDataFrame'] td[role='gridcell']")];
  if (cells.some(td => td.textContent === text)) { return true; }
  const end = scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1;
  scroller.scrollTop = end ? 0 : scroller.scrollTop + scroller.clientHeight / 2;
  return false;
}"""


def test_the_table_holds_the_summary_as_text(uploaded):
    page = uploaded.page
    page.locator("[data-testid='stDataFrame']").first.scroll_into_view_if_needed()
    # exact cell text: the raw string, not rendered Markdown or HTML
    page.wait_for_function(TABLE_HAS_CELL, arg=HOSTILE_SUMMARY, timeout=30_000, polling=300)


def test_the_rejection_report_lists_hostile_values_literally(uploaded):
    page = uploaded.page
    report = page.locator("[data-testid='stCode']").first.inner_text()
    assert IMG_PAYLOAD in report  # the rejected council name, as text
    assert "javascript:alert(1)" in report
    assert ":3:" in report and "council_name" in report and "source_url" in report
    # the upload's file name is made plain before it is shown anywhere
    assert page.get_by_text(IMG_PAYLOAD + ".csv").count() == 0


def test_nothing_from_the_upload_ran(uploaded):
    page = uploaded.page
    assert page.locator("[data-testid='stException']").count() == 0
    uploaded.assert_clean()  # no uncaught or console error, no dialog, no request to another host
    for frame in page.frames:
        assert frame.evaluate(TRACES) == CLEAN, frame.url


# ---------------------------------------------------------------------- names from the layers: panel and tooltip

HOSTILE_NAME = f"{IMG_PAYLOAD}**Hart**pool :red[x]"
HARTLEPOOL_AT = (54.676, -1.270)  # the ONS centroid of Hartlepool


@pytest.fixture(scope="module")
def hostile_names_url(tmp_path_factory) -> Iterator[str]:
    """A second server, over a copy of the layers that names Hartlepool with HTML and Markdown."""
    directory = copy_layers(tmp_path_factory.mktemp("hostile-names") / "layers")
    rename_area(directory, HARTLEPOOL, HOSTILE_NAME)
    # the data names Hartlepool too: a copy that gives it the same name, so the tables still match the areas
    data = copy_data_renaming(tmp_path_factory.mktemp("hostile-data") / "data", HARTLEPOOL, HOSTILE_NAME)
    env = {"CPMAP_LAYERS_DIR": str(directory), "CPMAP_DATA_DIR": str(data)}
    server = appserver.start(appserver.PROJECT_ROOT / "app.py", env)
    try:
        yield server.url
    finally:
        appserver.stop(server)
        # the copy it published is of a throwaway layer: remove it from the (git-ignored) cache
        key = committed_layers(load_gazetteer(directory), directory).key
        shutil.rmtree(config.CACHE_DIR / key, ignore_errors=True)


def test_an_area_name_from_the_boundary_files_is_text_in_the_panel_and_the_tooltip(browser, hostile_names_url):
    context = browser.new_context(viewport=chromium.VIEWPORT)
    try:
        page = context.new_page()
        seen: list[str] = []
        page.on("dialog", lambda dialog: (seen.append(f"dialog: {dialog.message}"), dialog.dismiss()))
        page.on("pageerror", lambda error: seen.append(f"uncaught: {error}"))
        page.goto(f"{hostile_names_url}?area={HARTLEPOOL}", wait_until="commit")
        # the panel's heading is the name, literally
        page.locator("h2").filter(has_text=HOSTILE_NAME).first.wait_for(timeout=120_000)
        frame = chromium.map_frame(page, 120_000)
        chromium.wait_for_layers(frame, ("councils",), 120_000)
        frame.evaluate("([lat, lng]) => window.map.setView([lat, lng], 11, {animate: false})", list(HARTLEPOOL_AT))
        page.mouse.move(*chromium.page_point(page, frame, *HARTLEPOOL_AT))
        tooltip = frame.locator(".leaflet-tooltip").first
        tooltip.wait_for(timeout=30_000)
        assert HOSTILE_NAME in tooltip.inner_text()
        assert seen == []
        for each in page.frames:
            assert each.evaluate(TRACES) == CLEAN, each.url
    finally:
        context.close()
