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


LATEST = "https://example.org/report/3"  # an ILACS report with a judgement grid (tests/reports/)


def _ilacs(**changes: str) -> dict[str, str]:
    row = {
        "inspection_id": "E10000001-2025-03-01",
        "framework": "ilacs_standard",
        "report_url": LATEST,
        "inspection_start": "2025-01-13",
        "inspection_end": "2025-01-24",
        "overall_judgement": "good",
        "leadership_judgement": "good",
        "help_protection_judgement": "requires improvement",
        "looked_after_judgement": "good",
        "care_leavers_judgement": "outstanding",
        "line": "4",
    }
    return {**row, **changes}


def _then_latest(**changes: str) -> dict[str, str]:
    row = {
        "then_finding_id": "F001",
        "inspection_id": "E10000001-2025-03-01",
        "reading": "weakness",
        "paragraphs": "1",
        "summary": 'Strategy meetings are "not always held quickly".',
        "report_quantifier": "in a small number of cases",
        "police_named": "yes",
        "line": "2",
    }
    return {**row, **changes}


def _check_latest(inspections, then_latest=()):
    passages = [
        *_passages(),
        {"report_url": LATEST, "paragraph": "1", "reading": "weakness", "finding_ids": "", "line": "40"},
    ]
    tables = Tables(
        findings=[_finding()],
        later_findings=[_later()],
        passages=passages,
        reports_read=[THEN, NEXT, LATEST],
        files={**FILES, "inspections": "inspections.csv", "then_latest": "then_latest.csv"},
        then_latest=list(then_latest),
        inspections=inspections,
    )
    return check_reports(tables, ReportTexts.open(TEXTS))


def test_an_ilacs_row_that_says_what_its_front_page_says_passes():
    result = _check_latest(
        [_ilacs(), _ilacs(framework="sif", overall_judgement="inadequate", line="5")], [_then_latest()]
    )
    assert _lines(result) == []
    assert (result.reports, result.quotations) == (3, 3)


@pytest.mark.parametrize(
    ("changes", "line"),
    [
        (
            {"help_protection_judgement": "good"},
            "inspections.csv:4: help_protection_judgement: 'good' is not what 1_exampleshire/2025-03-01.txt's front page "
            "says (expected requires improvement)",
        ),
        (
            {"inspection_end": "2025-01-25"},
            "inspections.csv:4: inspection_end: '2025-01-25' is not what 1_exampleshire/2025-03-01.txt's front page says "
            "(expected 2025-01-24)",
        ),
        (
            {"care_leavers_judgement": ""},
            "inspections.csv:4: care_leavers_judgement: 'blank' is not what 1_exampleshire/2025-03-01.txt's front page "
            "says (expected outstanding)",
        ),
        (
            {"report_url": NEXT, "line": "6"},
            "inspections.csv:6: framework: is ILACS but the report has no judgement grid (expected sif)",
        ),
    ],
)
def test_an_ilacs_rows_dates_and_judgements_are_checked_against_its_front_page(changes, line):
    assert _lines(_check_latest([_ilacs(**changes)])) == [line]


def test_a_judgement_the_front_page_does_not_give_must_be_blank():
    [line] = _lines(_check_latest([_ilacs(leadership_judgement="good", care_leavers_judgement="good")]))
    assert line.startswith("inspections.csv:4: care_leavers_judgement: 'good' is not what")


def test_a_then_and_latest_rows_citation_and_quotation_are_read_in_the_latest_report():
    problems = _lines(
        _check_latest(
            [_ilacs()],
            [
                _then_latest(summary='Meetings are "never held".', line="2"),
                _then_latest(paragraphs="9", line="3"),
                _then_latest(reading="none", paragraphs="", summary="", report_quantifier="", line="4"),
            ],
        )
    )
    assert problems == [
        "then_latest.csv:2: summary: quotes 'never held', which is not word for word in 1 of "
        "1_exampleshire/2025-03-01.txt (expected the report's exact words)",
        "then_latest.csv:3: paragraphs: '9' is not a paragraph or section of 1_exampleshire/2025-03-01.txt "
        "(expected a label as the report's text has it (cpmap check-reports --list))",
    ]


def test_paragraph_lists_split_on_semicolons_as_on_commas():
    result = _check([_finding(paragraphs="4; help and protection summary")])
    assert _lines(result) == [] and result.citations == 3  # as with commas: 4, the section summary, L001's 1


def test_each_cited_label_counts_once():
    assert _check().citations == 3  # F001: 4 and the section summary; L001: 1


def test_a_put_right_paragraph_the_report_lacks():
    [line] = _lines(_check([_finding(fixed_paragraphs="77")]))
    assert line.startswith("findings.csv:2: fixed_paragraphs: '77' is not a paragraph or section of")


def test_police_named_message_says_what_to_do():
    findings = [_finding(paragraphs="3", summary="Early help.", report_quantifier="")]
    passages = [
        *_passages(**{"4": "", "help and protection summary": ""}),
        {"report_url": THEN, "paragraph": "3", "reading": "weakness", "finding_ids": "F001", "line": "20"},
    ]
    [line] = _lines(_check(findings, passages=passages))
    assert line == (
        "findings.csv:2: police_named: is yes but no cited passage names the police "
        "(expected no, or a citation of the passage that names them)"
    )


@pytest.mark.parametrize(
    ("changes", "line"),
    [
        (
            {"then_finding_id": "F009"},
            "later_findings.csv:2: then_finding_id: F009 is not a finding (expected an id in findings)",
        ),
        (
            {"then_failure_type": "DA_LATE"},
            "later_findings.csv:2: then_failure_type: DA_LATE is not the type of F001 (expected STRAT_NONATTEND)",
        ),
        (
            {"council_code": "E10000002", "council_name": "Otherwhere"},
            "later_findings.csv:2: then_finding_id: F001 is about another council (expected a finding of Otherwhere)",
        ),
    ],
)
def test_a_later_rows_earlier_finding_messages_in_full(changes, line):
    assert _lines(_check(later=[_later(**changes)])) == [line]


def test_a_passage_row_for_a_report_not_among_the_texts():
    passages = [
        *_passages(),
        {"report_url": "https://example.org/report/9", "paragraph": "1", "reading": "neutral", "line": "31"},
    ]
    assert _lines(_check(passages=passages)) == [
        "passages.csv:31: report_url: https://example.org/report/9 is not among the report texts (expected a listed report)"
    ]
