"""Behaviour a mutation run found unpinned (December 2026): each test names what a user or a data check would
otherwise lose without any test failing."""

from __future__ import annotations

import io
import zipfile

import pytest

from cpmap.coverage import WindowCoverage, window_table
from cpmap.dataset import cross_table_problems, latest_inspections
from cpmap.frontpage import front_page
from cpmap.rules import substantive_reason
from cpmap.validate import Validated
from cpmap.viewmodel import NOT_INSPECTED, judgement_of, latest_against_then

REPORT_ROW = {"source_kind": "inspection_report", "police_named": "yes", "scope": "some_cases"}


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ({}, ""),
        ({**REPORT_ROW, "override_reason": "Kept minor: joint."}, "set by hand: Kept minor: joint."),
        (
            {"source_kind": "letter", "police_named": "yes", "attribution": "inferred"},
            "tied to this council by us, so not assessed",
        ),
        (
            {"source_kind": "press", "police_named": "yes", "in_report": "no"},
            "the council's report does not bear it out",
        ),
        (
            {
                "source_kind": "letter",
                "police_named": "yes",
                "in_report": "yes",
                "scope": "systemic",
                "substantive": "yes",
            },
            "placed on the police, not put right before the inspection, a general shortfall",
        ),
        (
            {**REPORT_ROW, "in_report": "no", "substantive": "yes"},
            "placed on the police, not put right before the inspection, found in some cases",
        ),
        ({**REPORT_ROW, "police_named": "no"}, "the passage does not name the police"),
        (
            {**REPORT_ROW, "fixed_before_inspection": "yes", "fixed_paragraphs": "141"},
            "put right before the inspection (paragraph 141)",
        ),
        ({**REPORT_ROW, "fixed_before_inspection": "yes"}, "put right before the inspection"),
        ({**REPORT_ROW, "scope": "single_case"}, "a single case"),
        ({**REPORT_ROW, "scope": "training_or_data"}, "training or data only"),
        ({**REPORT_ROW, "scope": ""}, ""),
    ],
)
def test_the_panels_reason_for_substantive_or_minor_follows_each_branch_of_rule_r2(row, reason):
    assert substantive_reason(row) == reason


GRID = """Inspection of X local authority children's services
Inspection dates: {dates}

 Judgement                                  Grade
 The impact of leaders on social work       Good
 practice with children and families
 The experiences and progress of            Requires Improvement to
 children who need help and protection      be good
 Overall effectiveness                      Good
{after}"""


def test_indented_prose_after_the_grid_ends_it_at_overall_effectiveness():
    # an older report indents its prose: without the stop at "Overall effectiveness" its "good" would count
    page = front_page(GRID.format(dates="8 to 19 June 2025", after=" Services are good and leaders are outstanding.\n"))
    assert page.judgements == {
        "leadership_judgement": "good",
        "help_protection_judgement": "requires improvement",
        "overall_judgement": "good",
    }


def test_prose_at_the_margin_ends_an_indented_grid():
    text = GRID.format(dates="8 to 19 June 2026", after="").replace(
        " Overall effectiveness                      Good\n", ""
    )
    page = front_page(text + "Leaders are good and outstanding.\n")
    assert page.judgements["overall_judgement"] == "not given (framework changed April 2026)"
    assert page.judgements["help_protection_judgement"] == "requires improvement"


def test_a_date_line_that_wraps_takes_the_next_line_only():
    text = GRID.format(dates="30 September 2024 to", after="").replace(
        "Inspection dates: 30 September 2024 to\n", "Inspection dates: 30 September 2024 to\n11 October 2024\n"
    )
    page = front_page(text)
    assert (page.inspection_start, page.inspection_end) == ("2024-09-30", "2024-10-11")


def _validated(kind: str, records: list[dict[str, str]]) -> Validated:
    result = Validated(kind, f"{kind}.csv")
    result.records.extend({**r, "line": str(i + 2)} for i, r in enumerate(records))
    return result


def _results(findings, then_latest=()):
    inspections = [
        {"inspection_id": "E1-2016", "council_code": "E1"},
        {"inspection_id": "E1-2025", "council_code": "E1"},
    ]
    return {
        "inspections": _validated("inspections", inspections),
        "findings": _validated("findings", findings),
        "then_latest": _validated("then_latest", list(then_latest)),
    }


def test_cross_table_problems_name_file_line_column_and_what_was_expected():
    findings = [
        {
            "finding_id": "F1",
            "inspection_id": "E1-2016",
            "council_code": "E1",
            "council_name": "One",
            "substantive": "yes",
        },
        {
            "finding_id": "F2",
            "inspection_id": "E9-2016",
            "council_code": "E1",
            "council_name": "One",
            "substantive": "no",
        },
        {
            "finding_id": "F3",
            "inspection_id": "E1-2016",
            "council_code": "E2",
            "council_name": "Two",
            "substantive": "no",
        },
        {"finding_id": "F4", "inspection_id": "", "council_code": "", "council_name": "", "substantive": "no"},
        {
            "finding_id": "F5",
            "inspection_id": "E1-2025",
            "council_code": "E1",
            "council_name": "One",
            "substantive": "yes",
        },
    ]
    rows = [
        {"then_finding_id": "F1", "inspection_id": "E1-2025", "latest_finding_id": "F5"},  # fine
        {"then_finding_id": "F3", "inspection_id": "E1-2025", "latest_finding_id": ""},  # minor
        {"then_finding_id": "F9", "inspection_id": "E1-2030", "latest_finding_id": "F1"},  # all wrong
    ]
    problems = [str(p) for p in cross_table_problems(_results(findings, rows))]
    assert problems == [
        "findings.csv:3: inspection_id: E9-2016 is not an inspection in inspections.csv (expected the id of the report's inspection)",
        "findings.csv:4: inspection_id: E1-2016 is an inspection of another council (expected an inspection of Two)",
        "then_latest.csv:3: then_finding_id: F3 is not a substantive finding in findings.csv (expected an earlier substantive finding's id)",
        "then_latest.csv:4: then_finding_id: F9 is not a substantive finding in findings.csv (expected an earlier substantive finding's id)",
        "then_latest.csv:4: inspection_id: E1-2030 is not an inspection in inspections.csv (expected the latest inspection's id)",
        "then_latest.csv:4: latest_finding_id: F1 is not a finding of inspection E1-2030 (expected a finding of the latest inspection)",
    ]


def test_cross_table_problems_without_a_then_latest_table():
    results = _results([])
    del results["then_latest"]
    assert cross_table_problems(results) == []


def test_judgement_of_gives_the_2015_16_judgement_or_says_not_inspected(dataset):
    assert judgement_of(dataset, "E06000004") == "good"  # Stockton-on-Tees, August 2016
    assert judgement_of(dataset, "E08000001") == NOT_INSPECTED  # Bolton: 2014 only


def test_the_latest_against_2015_16_table_lists_only_types_found_in_either(dataset):
    _, table = latest_against_then(dataset)
    assert ((table["2015/16"] > 0) | (table["Latest (to 2026)"] > 0)).all()
    assert len(table) < len(dataset.failure_types) - 1


def test_window_table_works_for_a_single_window():
    one = WindowCoverage("letter", "The letter's 42", 42, 40, (), 42, 19, 12, (("DA_LATE", 4),))
    table = window_table((one,))
    assert "| `DA_LATE` | 4 |" in table and "| The letter's 42 | 42 | 40 | none | 42 | 19 | 12 |" in table


def test_every_latest_inspection_is_an_ilacs_report_of_the_area_or_its_later_council(dataset):
    latest = latest_inspections(dataset)
    for row in latest.itertuples():
        assert row.area_code in dataset.gazetteer.areas_of(row.council_code)


def test_the_release_zip_is_compressed(dataset, tmp_path):
    from cpmap.bundle import bundle_zip

    data = bundle_zip({"a.csv": b"x" * 10_000})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("cpmap-data/a.csv")
        assert info.compress_type == zipfile.ZIP_DEFLATED and info.compress_size < 1000
