"""The page's own "Download these findings (CSV)" under a filter, with an upload whose summaries are formulas.

Expected rows are literals from data/findings.csv: DA_LATE in the letter's window is F001, F003, F029, F050, F065,
F068 and F088. The upload adds one DA_LATE finding (a formula) and one JOINT_VISIT finding the filter hides.
"""

from __future__ import annotations

import csv
import io

import pytest

from tests.browser.support import chromium

pytestmark = pytest.mark.browser

FORMULA = '=HYPERLINK("http://example.org/x","click")'
UPLOAD = (
    "council_code,failure_type,summary,source_url,source_kind,confidence\n"
    f'E06000023,DA_LATE,"{FORMULA.replace(chr(34), chr(34) * 2)}",https://example.org/1,press,high\n'
    "E06000023,JOINT_VISIT,+1,https://example.org/2,press,high\n"
).encode()
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def test_the_findings_download_holds_the_filtered_rows_with_formulas_neutralised(visit):
    app = visit("type=DA_LATE")
    page = app.page
    runs = app.wire.scripts_finished
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        files=[{"name": "f.csv", "mimeType": "text/csv", "buffer": UPLOAD}]
    )
    app.wait_for_run(runs)
    page.get_by_text("accepted 2 + rejected 0").first.wait_for()
    chromium.wait_for_app(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download these findings (CSV)").click()
    with open(info.value.path(), "rb") as handle:
        data = handle.read()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert sorted(r["finding_id"] for r in rows) == [
        "F001",
        "F003",
        "F029",
        "F050",
        "F065",
        "F068",
        "F088",
        "upload: f.csv:L2",
    ]
    assert {r["failure_type"] for r in rows} == {"DA_LATE"}
    (uploaded,) = [r for r in rows if r["source"] == "upload: f.csv"]
    assert uploaded["summary"] == "'" + FORMULA
    assert not [(k, v) for r in rows for k, v in r.items() if v.startswith(FORMULA_START)]
    app.assert_clean()
