"""What `cpmap validate` says and keeps, to the word: the messages (file, line, column, what was expected) and the
accepted records of each table kind, and the successor table's own checks (geo/successors.csv). Small synthetic
tables on the mini gazetteer; each assertion pins one message or one field of a record."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpmap.problems import InputError
from cpmap.successors import COLUMNS, load_successors
from cpmap.validate import Reference, Validated, validate_bytes
from tests.test_validate_rules import GOOD_LATER, LATER_HEADER

TYPES = frozenset({"STRAT_NONATTEND", "DA_LATE"})


def _csv(header: str, row: dict[str, str]) -> bytes:
    cells = []
    for column in header.split(","):
        value = row.get(column, "")
        cells.append('"' + value.replace('"', '""') + '"' if any(c in value for c in ',"') else value)
    return (header + "\n" + ",".join(cells) + "\n").encode()


def _validate(mini_gazetteer, header: str, row: dict[str, str], kind: str | None) -> Validated:
    return validate_bytes(_csv(header, row), "t.csv", Reference(mini_gazetteer, TYPES), kind)


def _problems(mini_gazetteer, header: str, row: dict[str, str], kind: str | None) -> list[str]:
    return [str(p) for p in _validate(mini_gazetteer, header, row, kind).problems]


def _record(mini_gazetteer, header: str, row: dict[str, str], kind: str) -> dict[str, str]:
    result = _validate(mini_gazetteer, header, row, kind)
    assert [str(p) for p in result.problems] == []
    [record] = result.records
    return record


# Findings, with the rule inputs of data/RULES.md.
FINDINGS_HEADER = (
    "finding_id,inspection_id,council_code,force_code,failure_type,summary,paragraphs,substantive,attribution,"
    "source_kind,in_report,source_url,confidence,police_named,council_named,fixed_before_inspection,"
    "fixed_paragraphs,scope,report_quantifier,override_reason,note"
)
GOOD_FINDING = {
    "finding_id": "F001",
    "inspection_id": "E06000004-2016-08-05",
    "council_code": "E06000004",
    "failure_type": "STRAT_NONATTEND",
    "summary": 'Police were "not always" at strategy meetings.',
    "paragraphs": "16",
    "substantive": "yes",
    "attribution": "stated",
    "source_kind": "inspection_report",
    "source_url": "https://example.org/r",
    "confidence": "high",
    "police_named": "yes",
    "fixed_before_inspection": "no",
    "scope": "some_cases",
    "report_quantifier": "not always",
}


def _finding(mini_gazetteer, **changes: str) -> list[str]:
    return _problems(mini_gazetteer, FINDINGS_HEADER, {**GOOD_FINDING, **changes}, "findings")


def test_an_accepted_finding_keeps_its_report_quantifier_and_override_reason(mini_gazetteer):
    row = {**GOOD_FINDING, "scope": "single_case", "override_reason": "Ofsted passed it to HMIC."}
    record = _record(mini_gazetteer, FINDINGS_HEADER, row, "findings")
    assert record["report_quantifier"] == "not always"
    assert record["override_reason"] == "Ofsted passed it to HMIC."
    assert record["council_name"] == "Stockton-on-Tees"
    assert record["force_code"] == "E23000013"


def test_a_finding_note_may_be_500_characters_and_no_more(mini_gazetteer):
    assert _finding(mini_gazetteer, note="n" * 500) == []
    assert _finding(mini_gazetteer, note="n" * 501) == ["t.csv:2: note: is 501 characters long (expected at most 500)"]


def test_a_finding_override_reason_may_be_300_characters_and_no_more(mini_gazetteer):
    assert _finding(mini_gazetteer, override_reason="r" * 300) == []
    assert _finding(mini_gazetteer, override_reason="r" * 301) == [
        "t.csv:2: override_reason: is 301 characters long (expected at most 300)"
    ]


def test_a_report_quantifier_longer_than_80_characters_is_named(mini_gazetteer):
    assert _finding(mini_gazetteer, report_quantifier="q" * 81) == [
        "t.csv:2: report_quantifier: is 81 characters long (expected at most 80)"
    ]


def test_a_finding_inspection_id_that_is_malformed_or_missing_is_named(mini_gazetteer):
    assert _finding(mini_gazetteer, inspection_id="Stockton 2016") == [
        "t.csv:2: inspection_id: 'Stockton 2016' is not an inspection id (expected E06000004-2016-08-05)"
    ]
    assert _finding(mini_gazetteer, inspection_id="") == [
        "t.csv:2: inspection_id: is blank for a finding from an inspection report (expected the report's inspection)"
    ]


def test_a_force_that_is_not_the_councils_is_named_with_both_forces(mini_gazetteer):
    assert _finding(mini_gazetteer, force_code="E23000007") == [
        "t.csv:2: force_code: E23000007 (Northumbria Police) is not the force of Stockton-on-Tees "
        "(expected E23000013 (Cleveland Police))"
    ]
    assert _finding(mini_gazetteer, force_code="E23000099") == [
        "t.csv:2: force_code: E23000099 (not a force code) is not the force of Stockton-on-Tees "
        "(expected E23000013 (Cleveland Police))"
    ]


# Inspections.
INSPECTIONS_HEADER = (
    "inspection_id,council_code,inspection_start,inspection_end,published,framework,window,overall_judgement,"
    "report_url,police_read,source_url,confidence,note"
)
GOOD_INSPECTION = {
    "council_code": "E06000004",
    "inspection_start": "2016-06-06",
    "inspection_end": "2016-06-30",
    "published": "2016-08-05",
    "framework": "sif",
    "overall_judgement": "good",
    "source_url": "https://example.org/s",
    "confidence": "high",
}


def _inspection(mini_gazetteer, **changes: str) -> list[str]:
    return _problems(mini_gazetteer, INSPECTIONS_HEADER, {**GOOD_INSPECTION, **changes}, "inspections")


def test_an_accepted_inspection_record_holds_its_council_dates_and_window(mini_gazetteer):
    record = _record(mini_gazetteer, INSPECTIONS_HEADER, GOOD_INSPECTION, "inspections")
    assert {k: record[k] for k in list(record)[:10]} == {
        "inspection_id": "E06000004-2016-08-05",
        "council_code": "E06000004",
        "council_name": "Stockton-on-Tees",
        "force_code": "E23000013",
        "inspection_start": "2016-06-06",
        "inspection_end": "2016-06-30",
        "published": "2016-08-05",
        "framework": "sif",
        "window": "letter",
        "overall_judgement": "good",
    }
    assert (record["police_read"], record["source_url"], record["line"]) == ("no", "https://example.org/s", "2")


def test_an_inspection_id_that_is_malformed_is_quoted(mini_gazetteer):
    assert _inspection(mini_gazetteer, inspection_id="E06000004/2016") == [
        "t.csv:2: inspection_id: 'E06000004/2016' is not an inspection id (expected E06000004-2016-08-05)"
    ]


def test_police_read_yes_needs_a_report_url(mini_gazetteer):
    assert _inspection(mini_gazetteer, police_read="yes") == [
        "t.csv:2: police_read: is yes but the row has no report_url (expected no, or the report's address)"
    ]


# Next inspections.
NEXT_HEADER = (
    "council_code,next_type,inspection_start,inspection_end,published,overall_judgement,report_url,source_url,"
    "confidence,note"
)
GOOD_NEXT = {
    "council_code": "E06000004",
    "next_type": "ilacs_standard",
    "inspection_start": "2019-01-07",
    "inspection_end": "2019-01-18",
    "published": "2019-03-01",
    "overall_judgement": "good",
    "source_url": "https://example.org/next",
    "confidence": "high",
}


def test_an_accepted_next_inspection_record_holds_every_field(mini_gazetteer):
    record = _record(mini_gazetteer, NEXT_HEADER, GOOD_NEXT, "next_inspections")
    assert record == {
        "council_code": "E06000004",
        "council_name": "Stockton-on-Tees",
        "next_type": "ilacs_standard",
        "inspection_start": "2019-01-07",
        "inspection_end": "2019-01-18",
        "published": "2019-03-01",
        "overall_judgement": "good",
        "report_url": "",
        "source_url": "https://example.org/next",
        "confidence": "high",
        "note": "",
        "line": "2",
    }


# Later findings, with their rule inputs: the rows tests/test_validate_rules.py checks the rules on.


def test_an_accepted_later_finding_keeps_its_override_reason(mini_gazetteer):
    row = {**GOOD_LATER, "override_reason": "The report is read as praising the same meetings."}
    record = _record(mini_gazetteer, LATER_HEADER, row, "later_findings")
    assert record["override_reason"] == "The report is read as praising the same meetings."
    assert record["then_finding_id"] == "F001"


def test_a_later_then_finding_id_that_is_malformed_is_named(mini_gazetteer):
    problems = _problems(mini_gazetteer, LATER_HEADER, {**GOOD_LATER, "then_finding_id": "X1"}, "later_findings")
    assert problems == ["t.csv:2: then_finding_id: 'X1' is not a finding id (expected an id such as F066)"]


# Then-and-latest rows.
THEN_LATEST_HEADER = (
    "then_finding_id,council_code,inspection_id,reading,same_process,police_named,latest_finding_id,status,basis,"
    "paragraphs,report_quantifier,summary,confidence,note"
)
GOOD_THEN_LATEST = {
    "then_finding_id": "F100",
    "council_code": "E06000004",
    "inspection_id": "E06000004-2023-04-18",
    "reading": "strength",
    "same_process": "yes",
    "police_named": "no",
    "status": "improved",
    "basis": "inferred",
    "paragraphs": "5",
    "summary": "Strategy meetings are timely and well overseen.",
    "confidence": "low",
    "note": "Police not named; read as the same process now working.",
}


def _then_latest(mini_gazetteer, **changes: str) -> list[str]:
    return _problems(mini_gazetteer, THEN_LATEST_HEADER, {**GOOD_THEN_LATEST, **changes}, "then_latest")


def test_an_accepted_then_latest_record_holds_every_field_in_order(mini_gazetteer):
    record = _record(mini_gazetteer, THEN_LATEST_HEADER, GOOD_THEN_LATEST, "then_latest")
    assert list(record.items()) == [
        ("then_finding_id", "F100"),
        ("council_code", "E06000004"),
        ("council_name", "Stockton-on-Tees"),
        ("latest_finding_id", ""),
        ("inspection_id", "E06000004-2023-04-18"),
        ("reading", "strength"),
        ("same_process", "yes"),
        ("police_named", "no"),
        ("status", "improved"),
        ("basis", "inferred"),
        ("paragraphs", "5"),
        ("report_quantifier", ""),
        ("summary", "Strategy meetings are timely and well overseen."),
        ("confidence", "low"),
        ("note", "Police not named; read as the same process now working."),
        ("line", "2"),
    ]


def test_a_then_latest_note_longer_than_500_characters_is_named(mini_gazetteer):
    assert _then_latest(mini_gazetteer, note="n" * 501) == [
        "t.csv:2: note: is 501 characters long (expected at most 500)"
    ]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"then_finding_id": "F1"}, "then_finding_id: 'F1' is not a finding id (expected an id such as F066)"),
        (
            {"inspection_id": "2023-04-18"},
            "inspection_id: '2023-04-18' is not an inspection id (expected the latest inspection's id)",
        ),
        ({"paragraphs": ""}, "paragraphs: is blank for a strength (expected the latest report's paragraphs)"),
        (
            {"latest_finding_id": "F200"},
            "latest_finding_id: is given for a weakness that is improved (expected blank)",
        ),
    ],
)
def test_a_then_latest_row_names_what_is_wrong(mini_gazetteer, changes, expected):
    assert _then_latest(mini_gazetteer, **changes) == ["t.csv:2: " + expected]


def test_a_then_latest_weakness_that_persists_needs_the_latest_finding(mini_gazetteer):
    persists = {"reading": "weakness", "same_process": "yes", "police_named": "yes", "status": "persists", "basis": ""}
    assert _then_latest(mini_gazetteer, **persists, latest_finding_id="F200") == []
    assert _then_latest(mini_gazetteer, **persists) == [
        "t.csv:2: latest_finding_id: is blank for a weakness that persists (expected the latest finding's id)"
    ]
    assert _then_latest(mini_gazetteer, **persists, latest_finding_id="G200") == [
        "t.csv:2: latest_finding_id: 'G200' is not a finding id (expected an id such as F066)"
    ]


# Passages.
PASSAGE_HEADER = "report_url,council_code,paragraph,reading,finding_ids,note"
GOOD_PASSAGE = {
    "report_url": "https://example.org/r",
    "council_code": "E06000004",
    "paragraph": "16",
    "reading": "weakness",
    "finding_ids": "F001 L002",
}


def _passage(mini_gazetteer, **changes: str) -> list[str]:
    return _problems(mini_gazetteer, PASSAGE_HEADER, {**GOOD_PASSAGE, **changes}, "passages")


def test_an_accepted_passage_record_holds_every_field(mini_gazetteer):
    assert _record(mini_gazetteer, PASSAGE_HEADER, GOOD_PASSAGE, "passages") == {
        "report_url": "https://example.org/r",
        "council_code": "E06000004",
        "council_name": "Stockton-on-Tees",
        "paragraph": "16",
        "reading": "weakness",
        "finding_ids": "F001 L002",
        "note": "",
        "line": "2",
    }


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"paragraph": ""}, "paragraph: is blank (expected a paragraph number or section name)"),
        (
            {"paragraph": "16-17"},
            "paragraph: '16-17' is not one paragraph number or section name (expected 24 or exec summary)",
        ),
        (
            {"finding_ids": "F001 X9"},
            "finding_ids: 'X9' is not a finding id (expected ids such as F066 L025, space-separated)",
        ),
    ],
)
def test_a_passage_row_names_what_is_wrong(mini_gazetteer, changes, expected):
    assert _passage(mini_gazetteer, **changes) == ["t.csv:2: " + expected]


# The successor table, geo/successors.csv.
SUCCESSOR_ROW = {
    "area_code": "E06000028",
    "area_name": "Bournemouth",
    "successor_code": "E06000058",
    "successor_name": "Bournemouth, Christchurch and Poole",
    "since": "2019-04-01",
    "relation": "merged",
    "note": "",
    "source_url": "https://www.legislation.gov.uk/uksi/2018/648/contents/made",
}


def _successors_file(tmp_path: Path, *rows: dict[str, str], columns: tuple[str, ...] = COLUMNS) -> Path:
    header = ",".join(columns)
    lines = [header] + [_csv(header, row).decode().splitlines()[1] for row in rows]
    path = tmp_path / "successors.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _successor_problems(path: Path, area_codes: frozenset[str] | None = None) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_successors(path, area_codes)
    return [str(p) for p in caught.value.problems]


def test_a_good_successor_row_is_loaded(tmp_path):
    [successor] = load_successors(_successors_file(tmp_path, SUCCESSOR_ROW), frozenset({"E06000028"}))
    assert successor.successor_name == "Bournemouth, Christchurch and Poole"
    assert successor.how == "merged with its neighbours into one council (since 2019-04-01)"


def test_a_successor_file_that_cannot_be_read_is_named(tmp_path):
    path = tmp_path / "absent.csv"
    assert _successor_problems(path) == [f"{path}: (file): cannot be read: No such file or directory"]


def test_a_successor_header_lacking_columns_names_them_and_the_full_header(tmp_path):
    columns = tuple(c for c in COLUMNS if c not in ("since", "note"))
    path = _successors_file(tmp_path, SUCCESSOR_ROW, columns=columns)
    assert _successor_problems(path) == [
        f"{path}:1: (header): lacks column(s) since, note (expected {', '.join(COLUMNS)})"
    ]


def test_every_fault_of_a_successor_row_is_named_with_its_column(tmp_path):
    bad = {
        **SUCCESSOR_ROW,
        "area_code": "E07000048",
        "successor_code": "e06000058",
        "successor_name": "",
        "since": "April 2019",
        "relation": "absorbed",
        "source_url": "http://example.org/order",
    }
    path = _successors_file(tmp_path, SUCCESSOR_ROW, bad)
    relations = "same_area, merged, most_of_area, split"
    assert _successor_problems(path, frozenset({"E06000028"})) == [
        f"{path}:3: area_code: 'E07000048' is not an English council code (expected E06000058)",
        f"{path}:3: successor_code: 'e06000058' is not an English council code (expected E06000058)",
        f"{path}:3: area_code: E07000048 is not a December 2016 council (expected a code in geo/2016)",
        f"{path}:3: relation: 'absorbed' is not a relation (expected {relations})",
        f"{path}:3: since: 'April 2019' is not a date (expected YYYY-MM-DD)",
        f"{path}:3: source_url: is not an https address (expected the order or ONS page)",
        f"{path}:3: successor_name: is blank (expected the later council's name)",
    ]


# The header: what is refused, and what is only noted.
def test_columns_a_table_does_not_use_are_noted_by_name(mini_gazetteer):
    header = PASSAGE_HEADER + ",reviewer,page"
    result = _validate(mini_gazetteer, header, GOOD_PASSAGE, "passages")
    assert result.problems == []
    assert result.notes == ["t.csv:1: column(s) reviewer, page not used: their values are ignored"]


def test_a_header_of_no_cpmap_table_says_which_columns_mark_one(mini_gazetteer):
    problems = _problems(mini_gazetteer, "name,age,town", {"name": "a"}, None)
    assert problems == [
        "t.csv:1: (header): is not the header of any cpmap table "
        "(expected a failure_type column (findings) or an overall_judgement column (inspections))"
    ]


def test_a_header_lacking_required_columns_lists_the_full_header(mini_gazetteer):
    problems = _problems(mini_gazetteer, "report_url,council_code,reading", GOOD_PASSAGE, "passages")
    assert problems == [
        "t.csv:1: (header): lacks column(s) paragraph "
        "(expected columns report_url, paragraph, reading, council_code, council_name, finding_ids, note)"
    ]


def test_an_unchanged_council_stands_for_its_own_area_only(mini_gazetteer):
    assert mini_gazetteer.areas_of("E06000004") == ("E06000004",)
