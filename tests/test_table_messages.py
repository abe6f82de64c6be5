"""Row-by-row messages and records of the supporting tables, pinned as literals (gaps shown by `make mutate`):
what a maintainer reads when a later finding, a next inspection, a response, a letter, a failure type or an
inspection row is wrong, and what a good row becomes."""

from __future__ import annotations

import pytest

from cpmap.gazetteer import load_ons_gazetteer
from cpmap.names import CouncilResolver
from cpmap.problems import InputError, Problem
from cpmap.validate import detect_kind, upload_name, validate_bytes, window_of


def check(dataset, kind: str, text: str):
    result = validate_bytes(text.encode(), "x.csv", dataset.reference, kind)
    return [str(p) for p in result.problems], result.records


LATER_HEADER = (
    "later_id,council_code,published,failure_type,then_failure_type,status,basis,summary,paragraphs,report_url,"
    "confidence,note\n"
)


def test_later_findings_say_what_each_status_needs(dataset):
    problems, records = check(
        dataset,
        "later_findings",
        LATER_HEADER
        + "L1,E06000004,2019-07,DA_LATE,,persists,,s,12,https://e.org/1,high,\n"
        + "L2,E06000004,2019-07-01,DA_LATE,DA_LATE,new,,s,12,https://e.org/1,high,\n"
        + "L3,E06000004,2019-07-01,DA_LATE,DA_LATE,persists,named,s,12,https://e.org/1,high,\n"
        + "L4,,2019-07-01,DA_LATE,,new,,s,12,https://e.org/1,high,\n"
        + f'L5,E06000004,2019-13,DA_LATE,,new,,s,"12, 13",https://e.org/1,high,{"n" * 501}\n'
        + 'L6,E06000004,2019-07-01,DA_LATE,,new,,s,"12,14",https://e.org/1,high,a note\n',
    )
    assert problems == [
        "x.csv:2: then_failure_type: is blank for a weakness that persists (expected the 2015/16 failure type)",
        "x.csv:3: then_failure_type: is given for a new weakness (expected blank)",
        "x.csv:4: basis: is given for a weakness that persists (expected blank (basis is for improvements))",
        "x.csv:5: council_code: is blank and so is council_name (expected a 2016 English council code or name)",
        "x.csv:6: published: '2019-13' is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)",
        "x.csv:6: note: is 501 characters long (expected at most 500)",
    ]
    assert records == [
        {
            "later_id": "L6",
            "council_code": "E06000004",
            "council_name": "Stockton-on-Tees",
            "force_code": "E23000013",
            "published": "2019-07-01",
            "failure_type": "DA_LATE",
            "then_failure_type": "",
            "status": "new",
            "basis": "",
            "summary": "s",
            "paragraphs": "12, 14",
            "report_url": "https://e.org/1",
            "confidence": "high",
            "note": "a note",
            "line": "7",
        }
    ]


def test_next_inspections_check_their_dates_and_keep_their_note(dataset):
    problems, records = check(
        dataset,
        "next_inspections",
        "council_code,next_type,published,overall_judgement,source_url,confidence,note\n"
        "E06000004,ilacs_short,2019-07-01,good,https://e.org/1,high,a note\n"
        "E06000002,ilacs_short,2019-13-01,good,https://e.org/1,high,\n",
    )
    assert problems == ["x.csv:3: published: '2019-13-01' is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)"]
    assert [(r["council_name"], r["published"], r["note"], r["next_type"]) for r in records] == [
        ("Stockton-on-Tees", "2019-07-01", "a note", "ilacs_short")
    ]


def test_force_responses_name_a_bad_force_code_and_a_bad_date(dataset):
    problems, records = check(
        dataset,
        "force_responses",
        "force_code,council_code,date,summary,source_url,confidence\n"
        "E99000013,,2016-10,s,https://e.org/1,high\n"
        "E23000013,,2016-13,s,https://e.org/1,high\n"
        "e23000013,E06000004,2016-10-17,s,https://e.org/1,high\n",
    )
    assert problems == [
        "x.csv:2: force_code: 'E99000013' is not a police force area code (expected an E23 code)",
        "x.csv:3: date: '2016-13' is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)",
    ]
    assert [(r["force_code"], r["council_code"], r["date"]) for r in records] == [
        ("E23000013", "E06000004", "2016-10-17")
    ]


def test_a_letter_row_keeps_every_field(dataset):
    problems, records = check(
        dataset,
        "letters",
        "id,date,author,recipient,title,summary,source_url,confidence\na,2016-10-17,x,y,t,s,https://e.org/1,high\n",
    )
    assert problems == []
    assert records == [
        {
            "id": "a",
            "date": "2016-10-17",
            "author": "x",
            "recipient": "y",
            "title": "t",
            "summary": "s",
            "source_url": "https://e.org/1",
            "confidence": "high",
            "line": "2",
        }
    ]


def test_a_failure_type_id_must_be_upper_case(dataset):
    problems, _ = check(dataset, "failure_types", "id,label,definition\nda_late,l,d\n")
    assert problems == [
        "x.csv:2: id: 'da_late' is not an upper-case identifier (expected letters, digits and _ , e.g. DA_LATE)"
    ]


def test_inspections_may_end_the_day_they_start_but_not_before(dataset):
    problems, records = check(
        dataset,
        "inspections",
        "council_code,inspection_start,inspection_end,published,overall_judgement,source_url,confidence,note\n"
        "E06000004,2016-05-23,2016-05-23,2016-08-05,good,https://e.org/1,high,the note\n"
        "E06000002,2016-05-23,2016-05-22,2016-08-05,good,https://e.org/1,high,\n"
        ",2016-05-23,2016-05-24,2016-08-05,good,https://e.org/1,high,\n",
    )
    assert problems == [
        "x.csv:3: inspection_end: 2016-05-22 is before inspection_start 2016-05-23 (expected a date on or after the start)",
        "x.csv:4: council_code: is blank and so is council_name (expected a 2016 English council code or name)",
    ]
    assert [(r["council_code"], r["note"], r["window"]) for r in records] == [("E06000004", "the note", "letter")]


@pytest.mark.parametrize(
    ("published", "window"),
    [
        ("2013-10", ""),
        ("2013-11", "round"),
        ("2015-03", "round"),
        ("2015-04", "fy_only"),
        ("2015-09-30", "fy_only"),
        ("2015-10", "letter"),
        ("2016-09", "letter"),
        ("2016-10", "round"),
        ("2018-12-20", "round"),
        ("2019-01", ""),
        ("2016", ""),
        ("2014", "round"),
        ("2018", "round"),
        ("2013", ""),
        ("", ""),
    ],
)
def test_the_window_of_a_publication_date(published, window):
    assert window_of(published) == window


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        (["failure_type"], "findings"),
        (["summary", "source_url", "confidence", "council_code"], "findings"),
        (["summary", "source_url"], "findings"),
        (["source_url", "confidence"], None),  # as much like inspections as like findings
        (["inspection_start", "inspection_end", "source_url"], "inspections"),
        (["summary"], None),
    ],
)
def test_a_header_is_taken_for_the_table_it_most_resembles(header, kind):
    assert detect_kind(header) == kind


@pytest.mark.parametrize(
    ("filename", "label"),
    [
        ("a/b\\c.csv", "c.csv"),
        ("x" * 56 + ".csv", "x" * 56 + ".csv"),
        ("x" * 57 + ".csv", "x" * 57 + "..."),
        ("<b>.csv", "b_.csv"),
        ("...", "file"),
    ],
)
def test_an_upload_name_is_plain_and_short(filename, label):
    assert upload_name(filename) == label


def test_an_ambiguous_name_lists_four_candidates_and_how_many_more(dataset):
    resolution = CouncilResolver(dataset.gazetteer).resolve("", "North")
    assert resolution.reason == "'North' is ambiguous"
    # North East Lincolnshire, North Lincolnshire, North Somerset, North Tyneside, North Yorkshire and, since
    # 2021, North Northamptonshire
    assert resolution.candidates[-1] == "2 more" and len(resolution.candidates) == 5
    assert CouncilResolver(dataset.gazetteer).resolve("", "East").candidates == (
        "East Riding of Yorkshire (E06000011)",
        "East Sussex (E10000011)",
    )


def test_a_problem_prints_on_one_line_and_only_says_what_was_expected_when_known():
    assert str(Problem("f.csv", 3, "note", "has\r\nbreaks")) == "f.csv:3: note: has\\r\\nbreaks"
    assert str(Problem("f.csv", 0, "(file)", "is empty", "rows")) == "f.csv: (file): is empty (expected rows)"


def test_a_lookup_without_its_columns_names_them_and_every_bad_code_is_reported(tmp_path):
    from cpmap import config

    lookup = tmp_path / config.COUNCIL_FORCE_LOOKUP_FILE
    lookup.write_text("\nCTYUA16CD,CTYUA16NM\nE06000001,Hartlepool\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_ons_gazetteer(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        f"{lookup}:2: (header): lacks column(s) pfa16cd, pfa16nm (expected ctyua16cd, ctyua16nm, pfa16cd, pfa16nm)"
    ]
    lookup.write_text(
        "CTYUA16CD,CTYUA16NM,PFA16CD,PFA16NM\nX1,A,E23000013,Cleveland\nE06000001,H,E23,C\nE06000002,M,E23000013,C\n"
        "E0600000300000000000000000,R,E23000013,C\nE06000003,R,E2300001300000000000000000,C\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_ons_gazetteer(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        f"{lookup}:2: ctyua16cd: 'X1' is not a council GSS code (expected E06/E08/E09/E10/W06 code)",
        f"{lookup}:3: pfa16cd: 'E23' is not a police force area code (expected E23 or W15 code)",
        # a long value is cut to its first 20 characters
        f"{lookup}:5: ctyua16cd: 'E0600000300000000000' is not a council GSS code (expected E06/E08/E09/E10/W06 code)",
        f"{lookup}:6: pfa16cd: 'E2300001300000000000' is not a police force area code (expected E23 or W15 code)",
    ]


def test_a_layer_file_that_cannot_be_read_is_named(tmp_path, monkeypatch):
    from pathlib import Path

    from cpmap import config
    from cpmap.gazetteer import load_gazetteer

    path = tmp_path / config.LOOKUP_LAYER
    path.write_text("council_code,council_name,force_code,force_name\n", encoding="utf-8")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)  # chmod is no test when the suite runs as root
    with pytest.raises(InputError) as caught:
        load_gazetteer(tmp_path)
    assert [str(p) for p in caught.value.problems] == [f"{path}: (file): cannot be read: Permission denied"]
    assert caught.value.problems[0].line == 0  # the file as a whole


def test_a_last_row_short_of_fields_with_no_line_end_is_a_file_cut_short():
    from cpmap.csvtable import read_csv

    cut = read_csv(b"a,b,c\n1,2,3\n4,5", "cut.csv")
    assert [r.line for r in cut.rows] == [2]
    assert cut.unreadable_lines == [3]
    assert [str(p) for p in cut.problems] == [
        "cut.csv:3: (row): ends the file with 2 of the header's 3 fields and no line end: the file looks cut short "
        "(expected the whole row)"
    ]
    # a whole last row without a line end, and a short row that the file goes on after, are kept
    assert [r.line for r in read_csv(b"a,b,c\n1,2,3\n4,5,6", "x").rows] == [2, 3]
    short = read_csv(b"a,b,c\n1,2\n4,5,6\n", "x")
    assert [r.values["c"] for r in short.rows] == ["", "6"] and not short.problems
