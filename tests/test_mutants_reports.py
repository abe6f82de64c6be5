"""Reading a report's text and checking rows against it: the edges that the other tests of cpmap.reporttext,
cpmap.reportcheck and cpmap.rules leave open (headings indented by a space, numbers out of sequence, rows that
lack a column, grids that judge two things together, the rule book's text in full)."""

from __future__ import annotations

from cpmap.reportcheck import ReportTexts, Tables, check_reports
from cpmap.reporttext import passages
from cpmap.rules import RuleBreach, latest_breaches, rule_texts
from tests.test_reportcheck import NEXT, TEXTS, THEN, _finding, _ilacs, _later

FILES = {
    "findings": "findings.csv",
    "later_findings": "later_findings.csv",
    "passages": "passages.csv",
    "inspections": "inspections.csv",
    "then_latest": "then_latest.csv",
}


def _labels(text: str) -> list[str]:
    return [p.label for p in passages(text)]


# --- cpmap.reporttext ---------------------------------------------------------------------------------------


def test_a_heading_indented_by_one_space_is_still_a_heading():
    found = passages("Headline words.\n\n Summary\n\nThe summary text.\n")
    assert [(p.label, p.line, p.text) for p in found] == [
        ("headline", 1, "Headline words."),
        ("summary", 5, "The summary text."),
    ]


def test_a_long_what_needs_to_improve_heading_names_its_text_what_needs_to_improve():
    found = passages("What needs to improve in this local authority\n\nThe police should attend.\n")
    assert [(p.label, p.text) for p in found] == [("what needs to improve", "The police should attend.")]


def test_a_long_review_of_the_lscb_heading_makes_the_executive_summary_the_lscbs():
    text = (
        "Headline words.\n\n"
        "Review of the effectiveness of the Local Safeguarding Children Board\n\n"
        "Executive summary\n\n"
        "The board works well with the police.\n"
    )
    assert _labels(text) == ["headline", "LSCB exec summary"]


def test_a_number_far_out_of_sequence_does_not_start_a_paragraph():
    found = passages("1. One.\n\n2. Two.\n\n15. Fifteen items.\n")
    assert [p.label for p in found if p.label.isdigit()] == ["1", "2"]
    assert "15" not in {p.label for p in found}


def test_numbering_that_starts_at_two_is_not_taken_as_paragraphs():
    assert _labels("2. Two.\n\n3. Three.\n") == ["headline"]


# --- cpmap.reportcheck --------------------------------------------------------------------------------------


def _lines(
    texts: ReportTexts | None = None,
    findings=(),
    later=(),
    passages=(),
    inspections=(),
    then_latest=(),
) -> list[str]:
    tables = Tables(
        findings=list(findings),
        later_findings=list(later),
        passages=list(passages),
        reports_read=[],
        files=FILES,
        then_latest=list(then_latest),
        inspections=list(inspections),
    )
    return [str(p) for p in check_reports(tables, texts or ReportTexts.open(TEXTS)).problems]


def test_every_ilacs_row_is_checked_after_one_whose_report_has_no_grid():
    inspections = [_ilacs(report_url=NEXT, line="3"), _ilacs(help_protection_judgement="good")]
    assert _lines(inspections=inspections) == [
        "inspections.csv:3: framework: is ILACS but the report has no judgement grid (expected sif)",
        "inspections.csv:4: help_protection_judgement: 'good' is not what 1_exampleshire/2025-03-01.txt's front page "
        "says (expected requires improvement)",
    ]


GRID_IN_CARE_AND_CARE_LEAVERS = """Inspection of Otherwhere local authority children's services
Inspection dates: 5 to 16 March 2018

 Judgement                                  Grade

 The impact of leaders on social work       Good
 practice with children and families

 The experiences and progress of            Good
 children who need help and protection

 The experiences and progress of            Inadequate
 children in care and care leavers

 Overall effectiveness                      Good

Prose.
"""


def test_a_grid_judging_children_in_care_and_care_leavers_together_wants_care_leavers_blank(tmp_path):
    (tmp_path / "index.csv").write_text("report_url,text\nhttps://example.org/report/8,8.txt\n", encoding="utf-8")
    (tmp_path / "8.txt").write_text(GRID_IN_CARE_AND_CARE_LEAVERS, encoding="utf-8")
    row = _ilacs(
        report_url="https://example.org/report/8",
        inspection_start="2018-03-05",
        inspection_end="2018-03-16",
        help_protection_judgement="good",
        looked_after_judgement="inadequate",
        care_leavers_judgement="",
    )
    texts = ReportTexts.open(tmp_path)
    assert _lines(texts, inspections=[row]) == []
    assert _lines(texts, inspections=[{**row, "care_leavers_judgement": "inadequate"}]) == [
        "inspections.csv:4: care_leavers_judgement: 'inadequate' is not what 8.txt's front page says (expected blank)"
    ]


def test_a_then_and_latest_row_whose_inspection_is_not_listed_names_no_report():
    row = {
        "then_finding_id": "F001",
        "inspection_id": "E10000001-2099-01-01",
        "reading": "weakness",
        "paragraphs": "1",
        "summary": "",
        "line": "2",
    }
    assert _lines(then_latest=[row]) == [
        "then_latest.csv:2: report_url:  is not among the report texts "
        "(expected a report listed in the texts' index.csv)"
    ]


def test_an_earlier_finding_with_no_failure_type_expects_nothing_in_particular():
    finding = _finding()
    del finding["failure_type"]
    passages = [
        {"report_url": THEN, "paragraph": "4", "finding_ids": "F001", "line": "2"},
        {"report_url": THEN, "paragraph": "help and protection summary", "finding_ids": "F001", "line": "3"},
        {"report_url": NEXT, "paragraph": "1", "finding_ids": "L001", "line": "4"},
    ]
    problems = check_reports(Tables([finding], [_later()], passages, [], FILES), ReportTexts.open(TEXTS)).problems
    assert [str(p) for p in problems] == [
        "later_findings.csv:2: then_failure_type: STRAT_NONATTEND is not the type of F001"
    ]
    assert problems[0].expected == ""


def test_a_passage_row_with_no_finding_ids_column_leaves_out_every_finding_citing_it():
    # Any id, whatever its spelling, is left out by a row that names none.
    for finding_id in ("F001", "XXXX"):
        passages = [
            {"report_url": THEN, "paragraph": "4", "reading": "weakness", "line": "2"},
            {"report_url": THEN, "paragraph": "help and protection summary", "finding_ids": finding_id, "line": "3"},
        ]
        assert _lines(findings=[_finding(finding_id=finding_id)], passages=passages) == [
            f"passages.csv:2: finding_ids: leaves out {finding_id}, which cites '4' of this report "
            "(expected every row that cites it)"
        ]


# --- cpmap.rules --------------------------------------------------------------------------------------------


def test_a_then_and_latest_row_with_the_wrong_basis_breaks_r6():
    row = {"reading": "strength", "same_process": "yes", "police_named": "yes", "status": "improved", "basis": ""}
    assert latest_breaches(row) == [RuleBreach("R6 basis", "basis", "named")]
    assert latest_breaches({**row, "reading": "none", "status": "silent", "basis": "named"}) == [
        RuleBreach("R6 basis", "basis", "blank")
    ]


def test_a_rules_text_is_its_whole_first_paragraph_after_its_name():
    r1 = rule_texts()[0]
    assert r1 == (
        "R1",
        "Attribution",
        "A report row is `stated` when its cited passage names the police or the force, and `inferred` when it "
        "does not (we read the weakness as the police's; the report does not say so). A letter or press row is "
        "`stated` when the source names the council, `inferred` when it names only a force and the tie to the "
        "council is ours.",
    )
