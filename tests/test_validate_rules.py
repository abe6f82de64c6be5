"""`cpmap validate` checks a row's verdicts against its rule inputs (data/RULES.md) and names file, line, column and
rule; small synthetic tables on the mini gazetteer."""

from __future__ import annotations

import pytest

from cpmap.validate import Reference, validate_bytes

TYPES = frozenset({"STRAT_NONATTEND", "DA_LATE"})
FINDINGS_HEADER = (
    "finding_id,council_code,failure_type,summary,paragraphs,substantive,attribution,source_kind,in_report,"
    "source_url,confidence,police_named,council_named,fixed_before_inspection,fixed_paragraphs,scope,"
    "report_quantifier,override_reason,note"
)
GOOD_FINDING = {
    "finding_id": "F001",
    "council_code": "E06000004",
    "failure_type": "STRAT_NONATTEND",
    "summary": 'Police were "not always" at strategy meetings.',
    "paragraphs": "16",
    "substantive": "yes",
    "attribution": "stated",
    "source_kind": "inspection_report",
    "in_report": "",
    "source_url": "https://example.org/r",
    "confidence": "high",
    "police_named": "yes",
    "council_named": "",
    "fixed_before_inspection": "no",
    "fixed_paragraphs": "",
    "scope": "some_cases",
    "report_quantifier": "not always",
    "override_reason": "",
    "note": "",
}


def _csv(header: str, row: dict[str, str]) -> bytes:
    cells = []
    for column in header.split(","):
        value = row.get(column, "")
        cells.append('"' + value.replace('"', '""') + '"' if any(c in value for c in ',"') else value)
    return (header + "\n" + ",".join(cells) + "\n").encode()


def _problems(mini_gazetteer, header: str, row: dict[str, str], kind: str) -> list[str]:
    result = validate_bytes(_csv(header, row), "t.csv", Reference(mini_gazetteer, TYPES), kind)
    return [str(p) for p in result.problems]


def _finding(mini_gazetteer, **changes: str) -> list[str]:
    return _problems(mini_gazetteer, FINDINGS_HEADER, {**GOOD_FINDING, **changes}, "findings")


def test_a_finding_that_follows_its_rules_is_valid(mini_gazetteer):
    assert _finding(mini_gazetteer) == []


def test_substantive_that_disagrees_with_the_inputs_names_rule_r2(mini_gazetteer):
    assert _finding(mini_gazetteer, scope="single_case") == [
        "t.csv:2: substantive: 'yes' disagrees with rule R2 substantive "
        "(expected no from the row's rule inputs, or an override_reason)"
    ]


def test_a_weakness_fixed_before_the_inspection_must_say_where_and_is_minor(mini_gazetteer):
    assert _finding(mini_gazetteer, fixed_before_inspection="yes") == [
        "t.csv:2: fixed_paragraphs: is blank for a weakness fixed before the inspection (expected where the report "
        "says so)"
    ]
    [problem] = _finding(mini_gazetteer, fixed_before_inspection="yes", fixed_paragraphs="17")
    assert "substantive: 'yes' disagrees with rule R2" in problem
    assert _finding(mini_gazetteer, fixed_before_inspection="yes", fixed_paragraphs="17", substantive="no") == []


def test_attribution_stated_where_the_passage_names_no_police_names_rule_r1(mini_gazetteer):
    problems = _finding(mini_gazetteer, police_named="no")
    assert problems[0] == (
        "t.csv:2: attribution: 'stated' disagrees with rule R1 attribution "
        "(expected inferred from the row's rule inputs, or an override_reason)"
    )


def test_an_override_reason_is_the_one_way_to_depart(mini_gazetteer):
    assert _finding(mini_gazetteer, scope="single_case", override_reason="Ofsted passed it to HMIC.") == []


def test_a_strong_word_outside_quotes_is_rule_r7(mini_gazetteer):
    assert _finding(mini_gazetteer, summary="Police were often absent.") == [
        "t.csv:2: summary: says 'often' outside quotation marks (rule R7) "
        "(expected the report's own quantifier in quotation marks)"
    ]


def test_bad_rule_inputs_are_named(mini_gazetteer):
    problems = _finding(mini_gazetteer, scope="widespread", police_named="maybe")
    assert any(p.startswith("t.csv:2: scope: 'widespread' is not allowed") for p in problems)
    assert any(p.startswith("t.csv:2: police_named: 'maybe' is not allowed") for p in problems)


def test_council_named_belongs_to_letter_rows_only(mini_gazetteer):
    assert _finding(mini_gazetteer, council_named="yes")[0].startswith("t.csv:2: council_named: is given for a finding")
    letter = {"source_kind": "letter", "in_report": "yes", "paragraphs": "", "report_quantifier": ""}
    assert _finding(mini_gazetteer, **letter)[0].startswith("t.csv:2: council_named: is blank for a letter finding")
    assert _finding(mini_gazetteer, **letter, council_named="yes") == []
    inferred = _finding(mini_gazetteer, **letter, council_named="no", attribution="inferred")
    assert inferred == [
        "t.csv:2: substantive: 'yes' disagrees with rule R2 substantive "
        "(expected blank from the row's rule inputs, or an override_reason)"
    ]


def test_an_older_file_without_rule_inputs_is_not_held_to_them(mini_gazetteer):
    header = "council_code,failure_type,summary,source_url,source_kind,confidence,substantive"
    row = {**GOOD_FINDING, "summary": "Police were often absent.", "scope": "single_case"}
    assert _problems(mini_gazetteer, header, row, "findings") == []


LATER_HEADER = (
    "later_id,council_code,published,failure_type,then_failure_type,status,basis,summary,paragraphs,report_url,"
    "confidence,then_finding_id,reading,same_process,police_named,report_quantifier,override_reason"
)
GOOD_LATER = {
    "later_id": "L001",
    "council_code": "E06000004",
    "published": "2019-06-01",
    "failure_type": "STRAT_NONATTEND",
    "then_failure_type": "STRAT_NONATTEND",
    "status": "improved",
    "basis": "named",
    "summary": "Police now join strategy meetings.",
    "paragraphs": "5",
    "report_url": "https://example.org/n",
    "confidence": "high",
    "then_finding_id": "F001",
    "reading": "strength",
    "same_process": "yes",
    "police_named": "yes",
}


def _later(mini_gazetteer, **changes: str) -> list[str]:
    return _problems(mini_gazetteer, LATER_HEADER, {**GOOD_LATER, **changes}, "later_findings")


def test_a_later_row_that_follows_its_rules_is_valid(mini_gazetteer):
    assert _later(mini_gazetteer) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"police_named": "no"}, "basis: 'named' disagrees with rule R6 basis (expected inferred"),
        ({"reading": "weakness"}, "status: 'improved' disagrees with rule R5 status (expected persists"),
        ({"same_process": "no"}, "same_process: 'no' disagrees with rule R5 status: praise of another"),
        ({"then_finding_id": ""}, "then_finding_id: is blank for a weakness that improved"),
    ],
)
def test_a_later_status_that_disagrees_with_its_inputs(mini_gazetteer, changes, expected):
    problems = _later(mini_gazetteer, **changes)
    assert any(p.startswith("t.csv:2: " + expected) for p in problems), problems


PASSAGE_HEADER = "report_url,council_code,paragraph,reading,finding_ids,note"


def test_passage_rows(mini_gazetteer):
    row = {"report_url": "https://example.org/r", "council_code": "E06000004", "paragraph": "16", "reading": "weakness"}
    check = lambda **c: _problems(mini_gazetteer, PASSAGE_HEADER, {**row, **c}, "passages")  # noqa: E731
    assert check(finding_ids="F001 L002") == []
    assert check(note="placed on partners jointly") == []
    assert check() == [
        "t.csv:2: finding_ids: is blank for a weakness and no note says why (expected the finding it supports, or a "
        "note)"
    ]
    assert check(reading="neutral") == []
    assert check(reading="praise", finding_ids="F1")[0].startswith("t.csv:2: reading: 'praise' is not allowed")
    assert check(paragraph="16-17", finding_ids="F001")[0].startswith("t.csv:2: paragraph: '16-17' is not one")
