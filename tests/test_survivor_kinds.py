"""Issue 23's five kinds of survivor, each pinned: what the panel says of a missing report and of a finding not
assessed, the data check of an optional report address, and (in tests/test_serve_routing.py and
tests/browser/test_first_view_signal.py) the proxy's route cookie after a failover and the first view's signal."""

from __future__ import annotations

import pytest

from components.detail import finding_markdown, inspection_lines, verdict_line
from cpmap.detail import FindingItem, InspectionFacts
from cpmap.validate import validate_bytes


def _facts(report_url: str) -> InspectionFacts:
    return InspectionFacts(
        dates="2014-04-01 to 2014-04-24",
        published="2014",
        window="round",
        overall="good",
        judgements=(),
        report_url=report_url,
        source_url="https://example.org/press",
        confidence="medium",
        note="",
        window_note="",
    )


def test_a_council_without_a_report_in_our_source_is_told_so_plainly():
    text = inspection_lines(_facts(""))
    assert "Report not in our source" in text
    assert "withheld" not in text.lower() and "Open the Ofsted report" not in text
    with_report = inspection_lines(_facts("https://files.ofsted.gov.uk/v1/file/1"))
    assert "Open the Ofsted report" in with_report and "not in our source" not in with_report


def _finding(substantive: bool | None) -> FindingItem:
    return FindingItem(
        finding_id="F1",
        failure_type="DA_LATE",
        failure_label="Domestic abuse notices late or batched",
        summary="Notices were late.",
        paragraphs="24",
        source_kind="inspection_report",
        source_label="Ofsted inspection report",
        source_url="https://files.ofsted.gov.uk/v1/file/1",
        confidence="high",
        substantive=substantive,
        inferred=False,
        letter_not_in_report=False,
        matches=True,
        upload="",
        verdict_reason="a general shortfall",
    )


@pytest.mark.parametrize(
    ("substantive", "minor", "verdict"),
    [(True, False, "Substantive under rule R2"), (False, True, "Minor under rule R2"), (None, False, "Not assessed")],
)
def test_only_a_finding_judged_minor_is_labelled_minor(substantive, minor, verdict):
    first_line = finding_markdown(_finding(substantive)).split("  \n")[0]
    assert ("· minor" in first_line) is minor
    assert verdict in verdict_line(_finding(substantive))


@pytest.mark.parametrize("kind", ["inspections", "next_inspections"])
@pytest.mark.parametrize("address", ["ftp://files.ofsted.gov.uk/x.pdf", "javascript:alert(1)", "files.ofsted.gov.uk/x"])
def test_cpmap_validate_refuses_a_report_url_that_is_not_http(dataset, kind, address):
    header = "council_code,published,overall_judgement,report_url,source_url,confidence"
    row = f"E08000029,2016-07-07,good,{address},https://example.org/s,high"
    if kind == "next_inspections":
        header += ",next_type"
        row += ",ilacs_standard"
    result = validate_bytes(f"{header}\n{row}\n".encode(), "t.csv", dataset.reference, kind)
    assert [(p.line, p.column) for p in result.problems] == [(2, "report_url")]
    assert "is not an http(s) URL" in result.problems[0].message
    good = validate_bytes(
        f"{header}\n{row.replace(address, 'https://files.ofsted.gov.uk/v1/file/1')}\n".encode(),
        "t.csv",
        dataset.reference,
        kind,
    )
    assert good.ok
