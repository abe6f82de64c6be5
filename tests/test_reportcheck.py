"""`cpmap check-reports` over a made-up report (tests/reports/): a clean set of rows passes, and each kind of
planted fault is caught and named with its file, line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpmap.reportcheck import ReportTexts, Tables, check_reports

TEXTS = Path(__file__).parent / "reports"
THEN, NEXT = "https://example.org/report/1", "https://example.org/report/2"
FILES = {"findings": "findings.csv", "later_findings": "later_findings.csv", "passages": "passages.csv"}


def _finding(**changes: str) -> dict[str, str]:
    row = {
        "finding_id": "F001",
        "council_code": "E10000001",
        "council_name": "Exampleshire",
        "failure_type": "STRAT_NONATTEND",
        "summary": 'Strategy meetings were put back "by up to a week" as no officer was free.',
        "paragraphs": "4, help and protection summary",
        "source_kind": "inspection_report",
        "source_url": THEN,
        "police_named": "yes",
        "report_quantifier": "in a small number of cases",
        "fixed_paragraphs": "",
        "line": "2",
    }
    return {**row, **changes}


def _later(**changes: str) -> dict[str, str]:
    row = {
        "later_id": "L001",
        "council_code": "E10000001",
        "council_name": "Exampleshire",
        "failure_type": "STRAT_NONATTEND",
        "then_failure_type": "STRAT_NONATTEND",
        "then_finding_id": "F001",
        "summary": 'Police officers now "take part in all of them".',
        "paragraphs": "1",
        "report_url": NEXT,
        "police_named": "yes",
        "report_quantifier": "",
        "line": "2",
    }
    return {**row, **changes}


def _passages(skip: tuple[str, ...] = (), **ids: str) -> list[dict[str, str]]:
    then = ["exec summary", "1", "help and protection summary", "4", "5", "footnote 4", "7", "8"]
    rows = [(THEN, label) for label in then] + [(NEXT, "1"), (NEXT, "2")]
    cited = {(THEN, "4"): "F001", (THEN, "help and protection summary"): "F001", (NEXT, "1"): "L001"}
    return [
        {
            "report_url": url,
            "paragraph": label,
            "reading": "neutral",
            "finding_ids": ids.get(label, cited.get((url, label), "")),
            "line": str(n),
        }
        for n, (url, label) in enumerate(rows, start=2)
        if label not in skip
    ]


def _check(findings=None, later=None, passages=None):
    tables = Tables(
        findings=findings if findings is not None else [_finding()],
        later_findings=later if later is not None else [_later()],
        passages=passages if passages is not None else _passages(),
        reports_read=[THEN, NEXT],
        files=FILES,
    )
    return check_reports(tables, ReportTexts.open(TEXTS))


def _lines(result) -> list[str]:
    return [str(p) for p in result.problems]


def test_rows_that_match_their_report_pass():
    result = _check()
    assert _lines(result) == []
    assert (result.reports, result.quotations, result.police_passages) == (2, 2, 10)
    assert result.summary().endswith("10 police passages checked: 0 problem(s)")


def test_a_cited_paragraph_the_report_lacks():
    problems = _lines(_check([_finding(paragraphs="4, 42")]))
    assert problems[0] == (
        "findings.csv:2: paragraphs: '42' is not a paragraph or section of 1_exampleshire/2016-03-01.txt "
        "(expected a label as the report's text has it (cpmap check-reports --list))"
    )


def test_a_quotation_that_is_not_word_for_word():
    [line] = _lines(_check([_finding(summary='Meetings were put back "by up to two weeks".')]))
    assert line.startswith("findings.csv:2: summary: quotes 'by up to two weeks', which is not word for word")


def test_a_quotation_from_another_paragraph_than_the_cited_ones():
    [line] = _lines(_check([_finding(summary='The case was "closed by the police".')]))
    assert "quotes 'closed by the police'" in line


def test_a_quantifier_the_passage_does_not_use():
    [line] = _lines(_check([_finding(report_quantifier="often")]))
    assert line == (
        "findings.csv:2: report_quantifier: 'often' is not in the cited paragraphs "
        "(expected the report's own words for how often)"
    )


def test_police_named_yes_for_a_passage_that_names_no_police():
    findings = [_finding(paragraphs="3", summary="Early help.", report_quantifier="")]
    passages = [
        *_passages(**{"4": "", "help and protection summary": ""}),
        {"report_url": THEN, "paragraph": "3", "reading": "weakness", "finding_ids": "F001", "line": "20"},
    ]
    [line] = _lines(_check(findings, passages=passages))
    assert line.startswith("findings.csv:2: police_named: is yes but no cited passage names the police")


def test_a_police_paragraph_with_no_passage_row():
    [line] = _lines(_check(passages=_passages(skip=("7",))))
    assert line == (
        "passages.csv: paragraph: 1_exampleshire/2016-03-01.txt '7' names the police but has no row "
        "(expected a row reading it as weakness, strength, neutral or remedy)"
    )


def test_a_cited_passage_with_no_row():
    problems = _lines(_check(passages=_passages(skip=("4",))))
    assert "passages.csv: paragraph: 1_exampleshire/2016-03-01.txt '4' is cited by F001 but has no row" in (problems[0])


def test_a_passage_row_naming_a_finding_that_does_not_cite_it():
    [line] = _lines(_check(passages=_passages(**{"7": "F001"})))
    assert line.startswith("passages.csv:8: finding_ids: F001 does not cite '7' of this report")


def test_a_passage_row_for_a_label_the_report_lacks():
    passages = [*_passages(), {"report_url": THEN, "paragraph": "99", "reading": "neutral", "line": "30"}]
    [line] = _lines(_check(passages=passages))
    assert line.startswith("passages.csv:30: paragraph: '99' is not a paragraph or section of")


def test_a_report_not_among_the_texts():
    line = _lines(_check([_finding(source_url="https://example.org/report/9")]))[0]
    assert line.startswith("findings.csv:2: source_url: https://example.org/report/9 is not among the report texts")


@pytest.mark.parametrize(
    ("changes", "start"),
    [
        ({"then_finding_id": "F009"}, "later_findings.csv:2: then_finding_id: F009 is not a finding"),
        ({"then_failure_type": "DA_LATE"}, "later_findings.csv:2: then_failure_type: DA_LATE is not the type of F001"),
        ({"council_code": "E10000002"}, "later_findings.csv:2: then_finding_id: F001 is about another council"),
    ],
)
def test_a_later_row_must_point_at_its_own_councils_earlier_finding(changes, start):
    [line] = _lines(_check(later=[_later(**changes)]))
    assert line.startswith(start)


def test_a_later_rows_quotation_is_read_in_the_later_report():
    [line] = _lines(_check(later=[_later(summary='Notices are "sent in a batch".')]))
    assert line.startswith("later_findings.csv:2: summary: quotes 'sent in a batch'")


def test_a_passage_row_that_leaves_out_a_finding_citing_it():
    passages = _passages(**{"4": ""})
    [line] = _lines(_check(passages=passages))
    assert line == (
        "passages.csv:5: finding_ids: leaves out F001, which cites '4' of this report (expected every row that cites it)"
    )
