"""The parts of the page below and beside the panel, in the running app (AppTest): the chart by failure type, the
share box, and an upload corrected and uploaded again under the same name. Expected values are literals read from
data/findings.csv (DBS_BACKLOG: F007, F036, F041, F057, F073; CONF_NONATTEND: 13 findings in the letter's window).
"""

from __future__ import annotations

import csv
import html
import io
import re

import pytest
from streamlit.testing.v1 import AppTest

import components.upload as upload
from tests.apptest import full_app

pytestmark = pytest.mark.apptest

TALLY = re.compile(r"rows read (\d+) = accepted (\d+) \+ rejected (\d+)")


def open_app(query: dict[str, str | list[str]] | None = None) -> AppTest:
    at = full_app(90)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def chart_rows(at: AppTest) -> list[tuple[str, int, int]]:
    """(failure type, findings, bar width in px) per row of the chart, top to bottom."""
    (chart,) = [h.proto.body for h in at.get("html") if "Matching findings by failure type" in h.proto.body]
    rows = re.findall(r'<th scope="row">(.*?)</th>.*?width:(\d+)px"></div>(\d+)</div>', chart)
    return [(html.unescape(label), int(n), int(width)) for label, width, n in rows]


def test_the_chart_counts_the_matching_findings_by_type_largest_first():
    at = open_app({"type": ["DBS_BACKLOG", "CONF_NONATTEND"]})
    assert chart_rows(at) == [
        ("Police missing from child protection conferences", 13, 160),
        ("Slow DBS or vetting checks", 5, 62),  # 160 × 5 / 13
    ]
    at.multiselect(key="filter_types").set_value(["DBS_BACKLOG"]).run()
    assert chart_rows(at) == [("Slow DBS or vetting checks", 5, 160)]


def test_the_chart_says_so_when_nothing_matches():
    at = open_app({"type": "DBS_BACKLOG", "force": "E23000013"})  # no Cleveland council has one
    assert not [h for h in at.get("html") if "Matching findings by failure type" in h.proto.body]
    assert "No findings match the current filters." in [c.value for c in at.caption]


def test_the_share_box_holds_the_filters_layer_and_area_and_follows_them():
    at = open_app({"type": "DBS_BACKLOG", "area": "E06000004"})
    box = next(t for t in at.text_input if t.label == "Link to this view")
    assert box.value == "?type=DBS_BACKLOG&area=E06000004"
    at.selectbox(key="area_select").set_value("E23000013").run()
    at.radio(key="filter_layer").set_value("forces").run()
    box = next(t for t in at.text_input if t.label == "Link to this view")
    assert box.value == "?type=DBS_BACKLOG&layer=forces&area=E23000013"


def findings_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["council_code", "failure_type", "summary", "source_url", "source_kind", "confidence"])
    writer.writerows(rows)
    return buffer.getvalue().encode()


def tally(at: AppTest) -> tuple[int, int, int]:
    messages = [str(e.value).replace("\\", "") for e in [*at.sidebar.success, *at.sidebar.warning, *at.sidebar.error]]
    (found,) = [TALLY.search(m).groups() for m in messages if TALLY.search(m)]
    return tuple(map(int, found))


def test_a_corrected_file_uploaded_again_under_the_same_name_is_checked_again():
    at = open_app()
    good = ["E06000023", "DA_LATE", "Notices were late.", "https://example.org/1", "press", "high"]
    bad = ["E06000023", "JOINT_VISIT", "No joint visits.", "https://example.org/2", "press", "certain"]
    uploader = at.file_uploader(key=upload.UPLOAD_KEY)
    uploader.upload("findings.csv", findings_csv([good, bad]), "text/csv")
    at.run()
    assert tally(at) == (2, 1, 1)
    assert "findings.csv:3: confidence" in at.code[0].value
    fixed = [*bad[:5], "medium"]
    at.file_uploader(key=upload.UPLOAD_KEY).upload("findings.csv", findings_csv([good, fixed]), "text/csv")
    at.run()
    assert not at.exception
    assert tally(at) == (2, 2, 0)
    table = at.dataframe[0].value
    assert sorted(table.loc[table["source"] == "upload: findings.csv", "summary"]) == [
        "No joint visits.",
        "Notices were late.",
    ]
