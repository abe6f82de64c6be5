"""The detail panel in the running app (AppTest): its lists, markers and styles, read inside the panel only.

Findings are told apart by their summaries (data/findings.csv). Stockton-on-Tees (Cleveland Police) has F011–F014
from the letter, F012 and F014 of them low confidence and not in the report, and F066–F067 from the report; of
Cleveland's other councils only Middlesbrough has findings. Northumberland's F022 is tied to it by us (inferred).
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from streamlit.testing.v1 import AppTest

import components.upload as upload
from components.detail import INFERRED_NOTE, LETTER_ONLY_NOTE, NOT_MATCHING, SILENT_NOTE
from tests.apptest import full_app

pytestmark = pytest.mark.apptest

STOCKTON, NORTHUMBERLAND, DONCASTER, BRISTOL = "E06000004", "E06000057", "E08000017", "E06000023"
CLEVELAND = "E23000013"


def unescape(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def open_app(query: dict[str, str | list[str]]) -> AppTest:
    at = full_app(90)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def panel(at: AppTest):
    """The column beside the map: the one holding the area search box."""
    return next(col for col in at.columns if any(s.key == "area_select" for s in col.selectbox))


def boxes(at: AppTest) -> dict[str, tuple[str, str]]:
    """Finding id → (box kind, text as the reader sees it) for every finding box in the panel."""
    column = panel(at)
    shown = [("warning", str(w.value)) for w in column.warning] + [("info", str(i.value)) for i in column.info]
    out = {}
    for kind, value in shown:
        for finding_id, summary in SUMMARIES.items():
            if summary in unescape(value):
                out[finding_id] = (kind, value)
    return out


def panel_markdown(at: AppTest) -> list[str]:
    """The panel's Markdown, block by block (consecutive blocks are sent as one element: detail.MarkdownRun)."""
    return [block for m in panel(at).markdown for block in str(m.value).split("\n\n")]


SUMMARIES: dict[str, str] = {}


@pytest.fixture(autouse=True)
def _summaries(dataset):
    SUMMARIES.clear()
    SUMMARIES.update(dict(zip(dataset.findings["finding_id"], dataset.findings["summary"], strict=True)))


def test_low_confidence_findings_are_amber_and_the_letter_only_ones_say_so():
    at = open_app({"area": STOCKTON})
    shown = boxes(at)
    assert sorted(shown) == ["F011", "F012", "F013", "F014", "F066", "F067"]
    assert {f for f, (kind, _) in shown.items() if kind == "warning"} == {"F012", "F014"}
    assert all("⚠ LOW confidence" in shown[f][1] for f in ("F012", "F014"))
    assert {f for f, (_, text) in shown.items() if LETTER_ONLY_NOTE in unescape(text)} == {"F012", "F014"}
    assert not any(NOT_MATCHING in text for _, text in shown.values())
    assert not any(INFERRED_NOTE in unescape(text) for _, text in shown.values())


def test_findings_outside_the_filters_are_marked_and_the_matching_one_is_not():
    at = open_app({"area": STOCKTON, "type": "CONF_NONATTEND"})
    shown = boxes(at)
    assert sorted(shown) == ["F011", "F012", "F013", "F014", "F066", "F067"]
    assert {f for f, (_, text) in shown.items() if NOT_MATCHING in text} == {"F011", "F013", "F014", "F066", "F067"}


def test_the_panel_names_the_force_and_lists_only_its_other_councils_with_weaknesses():
    at = open_app({"area": STOCKTON})
    text = panel_markdown(at)
    assert "Police force: **Cleveland Police** (E23000013)" in text
    heading = text.index("### Other Cleveland Police councils with weaknesses")
    assert text[heading + 1] == "- Middlesbrough (2 matching)"
    # under a type Middlesbrough has no finding of, the list is empty
    at.multiselect(key="filter_types").set_value(["CONF_NONATTEND"]).run()
    assert not at.exception
    text = panel_markdown(at)
    assert "- Middlesbrough (2 matching)" not in text
    assert "None under the current filters." in [str(c.value) for c in panel(at).caption]


def test_an_inferred_finding_says_it_is_not_confirmed_and_a_silent_next_report_is_noted():
    at = open_app({"area": NORTHUMBERLAND})
    shown = boxes(at)
    assert {f for f, (_, text) in shown.items() if INFERRED_NOTE in unescape(text)} == {"F022"}
    assert {"F048", "F049"} <= set(shown)
    at.selectbox(key="area_select").set_value(DONCASTER).run()
    assert not at.exception
    shown = boxes(at)
    assert {f for f, (_, text) in shown.items() if SILENT_NOTE in unescape(text)} == {"F024", "F025", "F026"}
    assert {f for f, (_, text) in shown.items() if INFERRED_NOTE in unescape(text)} == {"F018"}


HOSTILE = "<img src=x onerror=alert(1)> **not bold** [link](javascript:alert(1)) $x$ :red[y]"


def test_an_uploaded_summary_in_the_panel_is_escaped_markdown_that_reads_as_the_text():
    at = open_app({"area": BRISTOL})
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["council_code", "failure_type", "summary", "source_url", "source_kind", "confidence"])
    writer.writerow([BRISTOL, "DA_LATE", HOSTILE, "https://example.org/b", "press", "low"])
    at.file_uploader(key=upload.UPLOAD_KEY).upload("b.csv", buffer.getvalue().encode(), "text/csv")
    at.run()
    assert not at.exception
    column = panel(at)
    (box,) = [w for w in column.warning if "example.org/b" in str(w.value)]  # low confidence: amber
    value = str(box.value)
    assert HOSTILE not in value
    assert (
        r"\<img src\=x onerror\=alert\(1\)\> \*\*not bold\*\* \[link\]\(javascript\:alert\(1\)\) \$x\$ \:red\[y\]"
        in value
    )
    assert HOSTILE in unescape(value)  # the reader sees the text, literally
    assert "from upload upload: b.csv" in unescape(value)


def test_the_force_panel_lists_the_councils_inspected():
    at = open_app({"area": CLEVELAND, "layer": "forces"})
    text = panel_markdown(at)
    assert (
        "Councils in the force area: **4** · inspected in the chosen window: **2** · with police weaknesses "
        "matching the filters: **2**"
    ) in text
    listed = text[text.index("### Councils inspected") + 1]
    assert listed.splitlines() == [
        "- Middlesbrough: requires improvement · Minor police weakness only \\(training\\, data\\, one case\\, or not the "
        "police\\'s alone\\)  ",
        "- Stockton\\-on\\-Tees: good · Substantive police weakness",
    ]
