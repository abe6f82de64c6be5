"""The rule book's verdicts (data/RULES.md) follow from the inputs read in a passage, one function per rule."""

from __future__ import annotations

import pytest

from cpmap.rules import (
    attribution_rule,
    basis_rule,
    finding_breaches,
    later_breaches,
    quoted_phrases,
    status_rule,
    strong_words_outside_quotes,
    substantive_rule,
)


@pytest.mark.parametrize(
    ("kind", "police", "council", "expected"),
    [
        ("inspection_report", "yes", "", "stated"),
        ("inspection_report", "no", "", "inferred"),
        ("letter", "yes", "yes", "stated"),
        ("letter", "yes", "no", "inferred"),
        ("press", "yes", "yes", "stated"),
    ],
)
def test_r1_attribution(kind, police, council, expected):
    assert attribution_rule(kind, police, council) == expected


@pytest.mark.parametrize(
    ("kind", "police", "fixed", "scope", "in_report", "attribution", "expected"),
    [
        ("inspection_report", "yes", "no", "systemic", "", "stated", "yes"),
        ("inspection_report", "yes", "no", "some_cases", "", "stated", "yes"),
        ("inspection_report", "yes", "no", "single_case", "", "stated", "no"),
        ("inspection_report", "yes", "no", "training_or_data", "", "stated", "no"),
        ("inspection_report", "yes", "yes", "systemic", "", "stated", "no"),
        ("inspection_report", "no", "no", "systemic", "", "inferred", "no"),
        ("letter", "yes", "no", "systemic", "yes", "stated", "yes"),
        ("letter", "yes", "no", "systemic", "no", "stated", "no"),
        ("letter", "yes", "no", "systemic", "", "stated", "yes"),
        ("letter", "yes", "no", "single_case", "", "stated", "no"),
        ("letter", "yes", "no", "systemic", "yes", "inferred", ""),
    ],
)
def test_r2_substantive(kind, police, fixed, scope, in_report, attribution, expected):
    assert substantive_rule(kind, police, fixed, scope, in_report, attribution) == expected


@pytest.mark.parametrize(
    ("reading", "same", "expected"),
    [
        ("weakness", "yes", "persists"),
        ("weakness", "no", "new"),
        ("strength", "yes", "improved"),
        ("strength", "no", ""),
    ],
)
def test_r5_status(reading, same, expected):
    assert status_rule(reading, same) == expected


def test_r6_basis_is_named_only_when_the_later_passage_names_the_police():
    assert basis_rule("improved", "yes") == "named"
    assert basis_rule("improved", "no") == "inferred"
    assert basis_rule("persists", "yes") == ""


def test_r7_strong_words_count_only_outside_quotation_marks():
    assert strong_words_outside_quotes('Officers were often absent and "not always" free.') == ["often"]
    assert strong_words_outside_quotes('Officers were "not always" free; reports came "most" days.') == []
    assert strong_words_outside_quotes("Police Never came; MOST of the time, Routinely late.") == [
        "Never",
        "MOST",
        "Routinely",
    ]
    assert strong_words_outside_quotes("Almost no officer; the utmost care.") == []


def test_quoted_phrases_straight_and_curly():
    assert quoted_phrases('It said "no matter how minor" and “not always”; "" is nothing.') == [
        "no matter how minor",
        "not always",
    ]


REPORT_ROW = {
    "source_kind": "inspection_report",
    "police_named": "yes",
    "council_named": "",
    "fixed_before_inspection": "no",
    "scope": "systemic",
    "in_report": "",
    "attribution": "stated",
    "substantive": "yes",
}


def test_a_finding_whose_verdicts_follow_its_inputs_breaks_no_rule():
    assert finding_breaches(REPORT_ROW) == []


def test_a_finding_fixed_before_the_inspection_but_stored_substantive_breaks_r2():
    [breach] = finding_breaches({**REPORT_ROW, "fixed_before_inspection": "yes"})
    assert (breach.rule, breach.column, breach.expected) == ("R2 substantive", "substantive", "no")


def test_a_finding_that_names_no_agency_but_is_stored_stated_breaks_r1_and_r2():
    breaches = finding_breaches({**REPORT_ROW, "police_named": "no"})
    assert [(b.rule, b.expected) for b in breaches] == [("R1 attribution", "inferred"), ("R2 substantive", "no")]


def test_an_override_reason_lets_a_row_depart():
    assert finding_breaches({**REPORT_ROW, "scope": "single_case", "override_reason": "why"}) == []


LATER_ROW = {"reading": "weakness", "same_process": "yes", "police_named": "yes", "status": "persists", "basis": ""}


def test_later_rows():
    assert later_breaches(LATER_ROW) == []
    [breach] = later_breaches({**LATER_ROW, "same_process": "no"})
    assert (breach.rule, breach.expected) == ("R5 status", "new")
    [breach] = later_breaches({**LATER_ROW, "police_named": "no"})
    assert breach.rule.startswith("R4")
    [breach] = later_breaches({**LATER_ROW, "reading": "strength", "same_process": "no", "status": "improved"})
    assert breach.rule.startswith("R5 status: praise")
    improved = {**LATER_ROW, "reading": "strength", "status": "improved", "basis": "inferred"}
    [breach] = later_breaches(improved)
    assert (breach.rule, breach.expected) == ("R6 basis", "named")
