"""How validation places a findings row on the map: its council by code or name, and its force. Shown on a few
synthetic rows over the mini gazetteer (tests/minigazetteer.py); the bundled tables are checked whole in
tests/test_validate.py."""

from __future__ import annotations

import csv
import io

import pytest

from cpmap.validate import Reference, Validated, validate_bytes
from tests.minigazetteer import FAILURE_TYPES

COLUMNS = ["finding_id", "council_code", "council_name", "force_code", "failure_type", "summary", "source_url"]
COLUMNS += ["source_kind", "confidence"]
SOURCE = "https://example.org/report"
# Line 2 onwards: Stockton (Cleveland), Bury (Greater Manchester), Gateshead (Northumbria), a force-level finding.
ROWS = [
    ["F1", "E06000004", "Stockton-on-Tees", "E23000013", "DA_LATE", "Late notifications", SOURCE, "letter", "high"],
    ["F2", "E08000002", "Bury", "E23000005", "CONF_NONATTEND", "Absent from conferences", SOURCE, "letter", "high"],
    ["F3", "E08000037", "Gateshead", "E23000007", "DBS_BACKLOG", "Checks delayed", SOURCE, "letter", "medium"],
    ["F4", "", "", "E23000007", "DA_LATE", "Across the force", SOURCE, "letter", "low"],
]


@pytest.fixture(scope="module")
def reference(mini_gazetteer) -> Reference:
    return Reference(mini_gazetteer, frozenset(FAILURE_TYPES))


def validate(reference: Reference, edit: dict[int, dict[str, str]]) -> Validated:
    """ROWS with `edit` (row index → column → value) applied, validated as a findings file."""
    rows = [dict(zip(COLUMNS, row, strict=True)) for row in ROWS]
    for index, values in edit.items():
        rows[index].update(values)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    result = validate_bytes(buffer.getvalue().encode(), "mini.csv", reference, "findings")
    assert result.rows_read == result.accepted + result.rejected == len(ROWS)
    return result


def only_problem(result: Validated):
    assert len(result.problems) == 1, [str(p) for p in result.problems]
    return result.problems[0]


def test_the_rows_as_written_are_valid(reference):
    result = validate(reference, {})
    assert result.ok, [str(p) for p in result.problems]
    assert [r["council_code"] for r in result.records] == ["E06000004", "E08000002", "E08000037", ""]


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("E06999999", ("not a December 2016 English council",)),
        ("W06000015", ("Wales",)),
        ("E07000001", ("district",)),
        ("Stockton", ("not a GSS code",)),
    ],
)
def test_a_council_code_that_is_no_2016_english_council_rejects_its_row(reference, value, words):
    result = validate(reference, {1: {"council_code": value}})
    problem = only_problem(result)
    assert (problem.line, problem.column) == (3, "council_code")
    assert all(w in problem.message for w in words), str(problem)
    assert problem.expected and result.rejected_lines == [3]


def test_the_force_must_be_the_force_of_the_council(reference, mini_gazetteer):
    problem = only_problem(validate(reference, {0: {"force_code": "E23000005"}}))  # Greater Manchester
    assert (problem.line, problem.column) == (2, "force_code")
    assert "E23000005" in problem.message and "Stockton-on-Tees" in problem.message
    assert problem.expected.startswith(mini_gazetteer.councils["E06000004"].force_code)


@pytest.mark.parametrize(
    ("value", "words"),
    [("", "blank"), ("E23000099", "not an English police force area code"), ("W15000003", "not")],
)
def test_a_force_level_finding_needs_an_english_force_code(reference, value, words):
    problem = only_problem(validate(reference, {3: {"force_code": value}}))
    assert (problem.line, problem.column) == (5, "force_code")
    assert words in problem.message


def test_a_council_name_alone_resolves_and_fills_code_name_and_force(reference):
    result = validate(
        reference,
        {
            0: {"council_code": "", "council_name": "Bury Metropolitan Borough Council", "force_code": ""},
            1: {"council_code": "E08000020", "council_name": "", "force_code": ""},  # Gateshead's retired code
        },
    )
    assert result.ok, [str(p) for p in result.problems]
    first, second = result.records[0], result.records[1]
    assert (first["council_code"], first["council_name"], first["force_code"]) == ("E08000002", "Bury", "E23000005")
    assert (second["council_code"], second["council_name"], second["force_code"]) == (
        "E08000037",
        "Gateshead",
        "E23000007",
    )


@pytest.mark.parametrize(
    ("name", "words"),
    [("Kingston", ("ambiguous", "Kingston upon Thames")), ("Atlantis", ("not a 2016 English council name",))],
)
def test_an_unresolvable_council_name_lists_candidates(reference, name, words):
    problem = only_problem(validate(reference, {2: {"council_code": "", "council_name": name, "force_code": ""}}))
    assert (problem.line, problem.column) == (4, "council_name")
    text = str(problem)
    assert all(w in text for w in words), text
    assert "expected one of" in text


def test_code_and_name_that_disagree_are_rejected(reference):
    problem = only_problem(validate(reference, {1: {"council_name": "Bristol"}}))
    assert (problem.line, problem.column) == (3, "council_code")
    assert "Bristol" in problem.message
