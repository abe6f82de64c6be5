"""The axe-core audit finds no serious or critical violation, in every frame, in the states a reader meets: the
first view, an area selected, a filter set, the force layer, the then-and-now layer and an upload report with
rejected rows; and none of the moderate ones the app controls (heading order, landmarks). The search box reaches
an area by keyboard alone.
"""

from __future__ import annotations

import csv
import io

import pytest
from axe_audit import as_text, audit, blocking

from tests.browser.support import chromium

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
# Moderate rules the app's own markup decides (Streamlit's and Leaflet's own markup aside).
APP_CONTROLLED = {"heading-order", "landmark-one-main", "landmark-unique", "page-has-heading-one", "region"}
STATES = {
    "first view": "",
    "an area selected": "area=E06000004",
    "a filter set": "type=DA_LATE&force=E23000013",
    "the force layer": "layer=forces&area=E23000013",
    "then and now": "layer=thennow&area=E06000004",
}
UPLOAD_HEADER = ["council_code", "force_code", "failure_type", "summary", "source_url", "source_kind", "confidence"]


def assert_accessible(page) -> None:
    violations = audit(page)
    assert blocking(violations) == [], as_text(blocking(violations))
    controlled = [v for v in violations if v.rule in APP_CONTROLLED]
    assert controlled == [], as_text(controlled)


@pytest.mark.parametrize("state", list(STATES))
def test_no_serious_violation_on_a_desktop(visit, state):
    app = visit(STATES[state])
    assert_accessible(app.page)
    app.assert_clean()


@pytest.mark.parametrize("state", ["first view", "an area selected"])
def test_no_serious_violation_on_a_phone(visit, state):
    app = visit(STATES[state], viewport=PHONE, phone=True)
    assert_accessible(app.page)
    app.assert_clean()


def test_no_serious_violation_in_an_upload_report_with_rejected_rows(visit):
    app = visit()
    page = app.page
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(
        [
            UPLOAD_HEADER,
            ["E06000001", "E23000013", "DA_LATE", "Late referrals", "https://example.org/a", "press", "medium"],
            ["E99999999", "E23000013", "DA_LATE", "Unknown council", "https://example.org/b", "press", "medium"],
            ["E06000001", "E23000013", "NO_SUCH_TYPE", "Unknown type", "not a url", "press", "sure"],
        ]
    )
    runs = app.wire.scripts_finished
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        files=[{"name": "findings.csv", "mimeType": "text/csv", "buffer": buffer.getvalue().encode()}]
    )
    app.wait_for_run(runs)
    page.wait_for_function(
        """() => [...document.querySelectorAll("[data-testid='stAlert']")].some(a => a.innerText.includes("accepted 1"))
            && !!document.querySelector("[data-testid='stCode']")""",
        polling=200,
    )
    chromium.wait_for_app(page)
    assert_accessible(page)
    app.assert_clean()


def test_the_audit_sees_what_it_must_fail_on(visit):
    """The audit is not blind: text made too faint on the page, and a skipped heading level, are reported."""
    app = visit()
    app.page.evaluate(
        """() => {
            const p = document.querySelector(".st-key-page_intro [data-testid='stCaptionContainer'] p");
            p.style.color = "#c8c8c8";
            const h = document.createElement("h4");
            h.textContent = "Skipped";
            document.querySelector("h1").after(h);
        }"""
    )
    rules = {v.rule for v in audit(app.page)}
    assert {"color-contrast", "heading-order"} <= rules


def test_the_search_box_reaches_an_area_by_keyboard_alone(visit, dataset):
    app = visit()
    page = app.page
    name = dataset.gazetteer.councils["E06000004"].name
    box = page.get_by_role("combobox", name="Find a council or police force")
    # Tab from the top of the page until the search box has the focus, as a keyboard user would.
    page.locator("body").focus()
    for _ in range(60):
        page.keyboard.press("Tab")
        if box.evaluate("(el) => el === document.activeElement"):
            break
    else:
        raise AssertionError("the search box is not in the tab order")
    runs = app.wire.scripts_finished
    page.keyboard.type(name)
    page.get_by_role("option", name=name, exact=True).wait_for()
    page.keyboard.press("Enter")
    app.wait_for_run(runs)
    page.get_by_role("heading", name=name, level=2).wait_for()
    app.assert_clean()
