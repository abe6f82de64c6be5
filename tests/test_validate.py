"""Each validation rule, shown on a broken copy of a bundled file made in tmp_path at test time. How a row's council
and force are found is shown on the mini gazetteer in tests/test_validate_areas.py."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from cpmap import config
from cpmap.dataset import validate_dataset
from cpmap.validate import Validated, detect_kind, validate_bytes

# FILE:LINE: column: what is wrong (what was expected); a problem with the whole file has no LINE.
PROBLEM_LINE = re.compile(
    r"^(?P<file>.+?)(?::(?P<line>\d+))?: (?P<column>[^:]+): (?P<message>.+?)(?: \(expected (?P<expected>.+)\))?$"
)


def read_rows(kind: str) -> list[dict[str, str]]:
    with open(config.DATA_DIR / f"{kind}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, rows: list[dict[str, str]], columns: list[str] | None = None) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns or list(rows[0]), lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def broken_copy(tmp_path: Path, kind: str, edit: Callable[[list[dict[str, str]]], None]) -> Path:
    """The bundled `kind` file with `edit` applied to its rows (a list of dicts, header order kept)."""
    rows = read_rows(kind)
    columns = list(rows[0])
    edit(rows)
    return write_rows(tmp_path / f"broken-{kind}.csv", rows, columns)


def check(path: Path, reference, kind: str | None = None) -> Validated:
    result = validate_bytes(path.read_bytes(), str(path), reference, kind)
    assert result.rows_read == result.accepted + result.rejected
    for problem in result.problems:
        assert PROBLEM_LINE.match(str(problem)), str(problem)
        assert str(problem).startswith(str(path))
    return result


def only_problem(result: Validated):
    assert len(result.problems) == 1, [str(p) for p in result.problems]
    return result.problems[0]


def set_cell(index: int, column: str, value: str) -> Callable[[list[dict[str, str]]], None]:
    def edit(rows: list[dict[str, str]]) -> None:
        rows[index][column] = value

    return edit


@pytest.fixture(scope="module")
def reference(dataset):
    return dataset.reference


# ------------------------------------------------------------------------------------------- the bundled files


def test_every_bundled_table_is_valid(gazetteer):
    results = validate_dataset(config.DATA_DIR, gazetteer)
    for kind, result in results.items():
        assert result.ok, [str(p) for p in result.problems]
        assert result.rows_read == result.accepted > 0, kind


@pytest.mark.parametrize("kind", ["findings", "inspections", "failure_types", "force_responses", "letters"])
def test_the_kind_of_each_bundled_file_is_detected_from_its_header(kind):
    with open(config.DATA_DIR / f"{kind}.csv", encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert detect_kind(header) == kind


# ------------------------------------------------------------------------------------------- findings: each rule


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("failure_type", "LATE_PAPERWORK", ("not a known failure type",)),
        ("failure_type", "", ("not a known failure type",)),
        ("source_url", "javascript:alert(1)", ("not an http(s) URL",)),
        ("source_url", "ftp://example.org/file", ("not an http(s) URL",)),
        ("source_url", "www.example.org/page", ("not an http(s) URL",)),
        ("source_url", "https://example.org/a page", ("spaces",)),
        ("source_url", "", ("blank",)),
        ("source_kind", "blog", ("not allowed",)),
        ("confidence", "certain", ("not allowed",)),
        ("confidence", "", ("blank",)),
        ("summary", "", ("blank",)),
        ("summary", "x" * 2001, ("2001 characters",)),
        ("summary", "tab\tand bell\x07", ("control characters",)),
    ],
)
def test_a_bad_value_rejects_its_row_with_a_line_numbered_message(tmp_path, reference, column, value, words):
    path = broken_copy(tmp_path, "findings", set_cell(4, column, value))  # the fifth data row is on line 6
    result = check(path, reference)
    problem = only_problem(result)
    assert (problem.line, problem.column) == (6, column)
    assert all(w in problem.message for w in words), str(problem)
    assert problem.expected, "every message says what was expected"
    assert result.rejected_lines == [6]
    assert result.accepted == len(read_rows("findings")) - 1


def test_values_are_normalised_not_rejected_for_case_and_spaces(tmp_path, reference):
    def edit(rows):
        rows[0].update(confidence="HIGH", failure_type="da_late", source_kind=" Letter ", council_code=" e08000002")

    result = check(broken_copy(tmp_path, "findings", edit), reference)
    assert result.ok, [str(p) for p in result.problems]
    assert (result.records[0]["confidence"], result.records[0]["failure_type"]) == ("high", "DA_LATE")


def test_a_duplicate_row_is_rejected_naming_the_first(tmp_path, reference):
    def edit(rows):
        copy = dict(rows[3], finding_id="F999")
        copy["summary"] = "  " + copy["summary"].upper()  # case and spacing do not make it a new finding
        rows.append(copy)

    result = check(broken_copy(tmp_path, "findings", edit), reference)
    problem = only_problem(result)
    last_line = len(read_rows("findings")) + 2
    assert (problem.line, problem.column) == (last_line, "(row)")
    assert "line 5" in problem.message


def test_a_repeated_finding_id_is_rejected(tmp_path, reference):
    path = broken_copy(tmp_path, "findings", set_cell(5, "finding_id", "F001"))
    problem = only_problem(check(path, reference))
    assert (problem.line, problem.column) == (7, "finding_id")
    assert "line 2" in problem.message


def test_several_problems_in_one_row_are_each_reported_and_the_row_counted_once(tmp_path, reference):
    def edit(rows):
        rows[1].update(confidence="sure", source_url="mailto:x@example.org", failure_type="NOPE")

    result = check(broken_copy(tmp_path, "findings", edit), reference)
    assert {(p.line, p.column) for p in result.problems} == {(3, "confidence"), (3, "source_url"), (3, "failure_type")}
    assert result.rejected == 1


# ------------------------------------------------------------------------------------------- inspections


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("published", "2016-13-01", ("not a date",)),
        ("published", "31/05/2016", ("not a date",)),
        ("inspection_start", "2016-02-30", ("not a date",)),
        ("overall_judgement", "satisfactory", ("not allowed",)),
        ("lscb_judgement", "excellent", ("not allowed",)),
        ("source_url", "http://", ("not an http(s) URL",)),
        ("confidence", "very", ("not allowed",)),
        ("council_code", "E10999999", ("not a December 2016",)),
    ],
)
def test_a_bad_inspection_value_is_rejected_with_its_line(tmp_path, reference, column, value, words):
    path = broken_copy(tmp_path, "inspections", set_cell(2, column, value))
    problem = only_problem(check(path, reference))
    assert (problem.line, problem.column) == (4, column)
    assert all(w in problem.message for w in words), str(problem)


def test_an_inspection_cannot_end_before_it_starts(tmp_path, reference):
    def edit(rows):
        rows[1].update(inspection_start="2015-03-25", inspection_end="2015-03-03")

    problem = only_problem(check(broken_copy(tmp_path, "inspections", edit), reference))
    assert (problem.line, problem.column) == (3, "inspection_end")


def test_the_same_inspection_twice_is_rejected_and_a_second_inspection_of_a_council_is_not(tmp_path, reference):
    def edit(rows):
        rows.append(dict(rows[0], inspection_id="", council_code="", council_name=rows[0]["council_name"]))

    result = check(broken_copy(tmp_path, "inspections", edit), reference)
    problem = only_problem(result)
    assert problem.column == "(row)" and "repeats the row at line 2" in problem.message
    assert problem.expected == "one row per inspection"

    def reinspected(rows):
        rows.append(dict(rows[0], inspection_id="", published="2018-01-19", window="", note="re-inspection"))

    result = check(broken_copy(tmp_path, "inspections", reinspected), reference)
    assert result.ok and result.records[-1]["inspection_id"] == f"{rows_first_code()}-2018-01-19"
    assert result.records[-1]["window"] == "round"


def rows_first_code() -> str:
    return read_rows("inspections")[0]["council_code"]


# ------------------------------------------------------------------------------------------- header and structure


def test_a_missing_required_column_rejects_every_row(tmp_path, reference):
    rows = read_rows("findings")
    columns = [c for c in rows[0] if c != "confidence"]
    path = write_rows(tmp_path / "no-confidence.csv", rows, columns)
    result = check(path, reference)
    problem = only_problem(result)
    assert (problem.line, problem.column) == (1, "(header)")
    assert "confidence" in problem.message
    assert (result.rows_read, result.accepted, result.rejected) == (len(rows), 0, len(rows))


def test_a_findings_file_without_any_area_column_is_refused(tmp_path, reference):
    rows = read_rows("findings")
    columns = [c for c in rows[0] if c not in ("council_code", "council_name", "force_code")]
    problem = only_problem(check(write_rows(tmp_path / "no-area.csv", rows, columns), reference))
    assert "council_code or council_name or force_code" in problem.message


def test_a_header_like_neither_kind_is_refused(tmp_path, reference):
    path = tmp_path / "other.csv"
    path.write_text("name,age\nAnn,5\nBob,7\n", encoding="utf-8")
    result = check(path, reference)
    assert "is not the header of any cpmap table" in only_problem(result).message
    assert (result.rows_read, result.rejected) == (2, 2)


def test_forcing_the_wrong_kind_names_the_missing_columns(tmp_path, reference):
    path = write_rows(tmp_path / "findings.csv", read_rows("findings"))
    problem = only_problem(check(path, reference, "inspections"))
    assert "overall_judgement" in problem.message


def test_header_names_are_matched_whatever_their_case_and_spacing(tmp_path, reference):
    text = (config.DATA_DIR / "findings.csv").read_text(encoding="utf-8")
    header, _, body = text.partition("\n")
    fancy = ",".join(" " + h.replace("_", " ").title() + " " for h in header.split(","))
    path = tmp_path / "excel-header.csv"
    path.write_text(fancy + "\r\n" + body.replace("\n", "\r\n"), encoding="utf-8")
    result = check(path, reference)
    assert result.ok, [str(p) for p in result.problems]
    assert result.accepted == len(read_rows("findings"))


def test_an_unknown_column_is_noted_but_does_not_reject(tmp_path, reference):
    rows = [dict(r, reviewer="me") for r in read_rows("findings")]
    result = check(write_rows(tmp_path / "extra.csv", rows), reference)
    assert result.ok
    assert result.notes and "reviewer" in result.notes[0]


def test_a_row_with_too_many_fields_is_rejected_but_trailing_empty_fields_are_not(tmp_path, reference):
    lines = (config.DATA_DIR / "findings.csv").read_text(encoding="utf-8").splitlines()
    lines[3] += ",surplus"
    lines[4] += ",,"
    path = tmp_path / "ragged.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = check(path, reference)
    problem = only_problem(result)
    assert (problem.line, problem.column) == (4, "(row)")
    assert "fields" in problem.message
    assert result.rejected_lines == [4]


def test_a_quote_never_closed_rejects_every_line_it_swallows(tmp_path, reference):
    lines = (config.DATA_DIR / "findings.csv").read_text(encoding="utf-8").splitlines()
    broken = next(
        i for i in range(20, len(lines)) if lines[i].count('"') == 2 and ',"' in lines[i] and '",' in lines[i]
    )
    lines[broken] = lines[broken].replace(',"', ',"unclosed ', 1).replace('",', ",", 1)
    # Only rows without quote characters follow, so nothing closes the quote before the end of the file.
    lines = lines[: broken + 1] + [line for line in lines[broken + 1 :] if '"' not in line]
    path = tmp_path / "quote.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = check(path, reference)
    swallowed = list(range(broken + 1, len(lines) + 1))
    assert result.rejected_lines == swallowed
    assert result.problems[0].line == broken + 1 and "quote" in result.problems[0].message
    assert result.rows_read == len(lines) - 1


def test_a_multi_line_value_is_one_row_numbered_by_its_first_line(tmp_path, reference):
    rows = read_rows("findings")
    rows[0]["summary"] = "first line\nsecond line"
    rows[1]["failure_type"] = "NOPE"
    result = check(write_rows(tmp_path / "multiline.csv", rows), reference)
    assert [p.line for p in result.problems] == [4]  # row 2 starts on line 4 because row 1 spans lines 2-3


def test_a_header_only_file_is_invalid_with_zero_rows(tmp_path, reference):
    path = tmp_path / "header-only.csv"
    path.write_text((config.DATA_DIR / "findings.csv").read_text(encoding="utf-8").splitlines()[0] + "\n")
    result = check(path, reference)
    assert not result.ok and "no data rows" in only_problem(result).message
    assert result.tally() == "rows read 0 = accepted 0 + rejected 0"


def test_a_bundled_repeat_is_rejected_only_when_the_reference_knows_the_bundled_findings(tmp_path, reference, dataset):
    from dataclasses import replace

    from cpmap.validate import known_findings

    path = write_rows(tmp_path / "copy.csv", read_rows("findings"))
    assert check(path, reference).ok
    known = replace(reference, known_findings=known_findings(dataset.findings.to_dict("records")))
    result = check(path, known)
    assert result.accepted == 0
    assert str(result.problems[0]).endswith("repeats bundled finding F001 (expected a finding not already in the data)")


def test_a_value_under_an_unnamed_column_rejects_its_row_but_empty_unnamed_columns_are_fine(tmp_path, reference):
    lines = (config.DATA_DIR / "findings.csv").read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ","] + [line + "," for line in lines[1:]]
    lines[3] = lines[3] + "stray"
    path = tmp_path / "unnamed.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = check(path, reference)
    problem = only_problem(result)
    assert (problem.line, problem.column) == (4, "(row)") and "no name in the header" in problem.message
    assert result.accepted == len(lines) - 2
    assert any("have no name" in note for note in result.notes)


def test_two_columns_with_the_same_name_after_folding_case_refuse_the_file(tmp_path, reference):
    text = (config.DATA_DIR / "findings.csv").read_text(encoding="utf-8")
    path = tmp_path / "twice.csv"
    path.write_text(text.replace("summary", "Summary,summary", 1), encoding="utf-8")
    result = check(path, reference)
    assert result.problems[0].column == "(header)" and "repeats column summary" in result.problems[0].message
    assert result.accepted == 0 and result.rejected == result.rows_read == len(text.splitlines()) - 1


@pytest.mark.parametrize(
    ("encode", "words"),
    [
        (lambda text: text.encode("utf-16"), "UTF-16"),
        (lambda text: text.replace("Bury", "B\u00fcry").encode("cp1252"), "not valid UTF-8"),
        (lambda text: text.encode("utf-8").replace(b"\n", b"\n\x00", 1), "NUL"),
    ],
)
def test_a_file_that_is_not_utf8_text_is_refused_and_every_row_counted(tmp_path, reference, encode, words):
    text = (config.DATA_DIR / "findings.csv").read_text(encoding="utf-8")
    path = tmp_path / "encoded.csv"
    path.write_bytes(encode(text))
    result = check(path, reference)
    assert words in result.problems[0].message
    assert result.problems[0].expected.startswith("UTF-8")
    assert (result.rows_read, result.accepted) == (len(text.splitlines()) - 1, 0)


def test_a_header_that_cannot_be_read_refuses_the_file_and_counts_the_rows(tmp_path, reference):
    text = (config.DATA_DIR / "findings.csv").read_text(encoding="utf-8")
    path = tmp_path / "bad-header.csv"
    path.write_text('"finding_id"x,' + text, encoding="utf-8")
    result = check(path, reference)
    assert result.problems[0].line == 1 and result.problems[0].column == "(header)"
    assert (result.rows_read, result.accepted) == (len(text.splitlines()) - 1, 0)


# ------------------------------------------------------------------------------- the 42's columns, then and now


def first(rows: list[dict[str, str]], **match: str) -> int:
    return next(i for i, r in enumerate(rows) if all(r[k] == v for k, v in match.items()))


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("paragraphs", "para twenty-four!", "not a paragraph number or section name"),
        ("paragraphs", "", "blank for a finding from an inspection report"),
        ("substantive", "maybe", "is not allowed"),
        ("attribution", "inferred", "'inferred' disagrees with rule R1 attribution"),
        ("substantive", "no", "'no' disagrees with rule R2 substantive"),
        ("scope", "widespread", "is not allowed"),
        ("police_named", "", "blank is not allowed"),
        ("summary", "Police were often late.", "says 'often' outside quotation marks (rule R7)"),
        ("in_report", "yes", "given for a finding from the report itself"),
    ],
)
def test_a_report_finding_is_checked_column_by_column(tmp_path, reference, column, value, words):
    rows = read_rows("findings")
    index = first(rows, source_kind="inspection_report")
    problem = only_problem(check(broken_copy(tmp_path, "findings", set_cell(index, column, value)), reference))
    assert (problem.line, problem.column) == (index + 2, column)
    assert words in problem.message


def test_paragraph_lists_are_normalised_and_sections_named_in_words_are_kept(tmp_path, reference):
    rows = read_rows("findings")
    index = first(rows, source_kind="inspection_report")
    path = broken_copy(tmp_path, "findings", set_cell(index, "paragraphs", "exec summary; 22,131 ; 24-26"))
    result = check(path, reference)
    assert result.ok
    assert result.records[index]["paragraphs"] == "exec summary, 22, 131, 24-26"


def test_an_old_format_findings_file_still_validates(tmp_path, reference):
    old = ["finding_id", "council_code", "council_name", "force_code", "failure_type", "summary"]
    old += ["source_url", "source_kind", "confidence"]
    result = check(write_rows(tmp_path / "old.csv", read_rows("findings"), old), reference)
    assert result.ok and result.accepted == len(read_rows("findings"))
    assert {r["attribution"] for r in result.records} == {"stated"}


def test_an_inspection_window_must_fit_its_publication_date(tmp_path, reference):
    rows = read_rows("inspections")
    index = first(rows, window="letter")
    problem = only_problem(check(broken_copy(tmp_path, "inspections", set_cell(index, "window", "fy_only")), reference))
    assert (problem.line, problem.column) == (index + 2, "window")
    assert "does not fit publication date" in problem.message and problem.expected == "letter"


def test_a_blank_window_is_derived_from_the_publication_date(tmp_path, reference):
    def blank(rows):
        for row in rows:
            row["window"] = ""

    result = check(broken_copy(tmp_path, "inspections", blank), reference)
    assert result.ok
    assert [r["window"] for r in result.records] == [r["window"] for r in read_rows("inspections")]


@pytest.mark.parametrize(
    ("edit", "column", "words"),
    [
        ({"status": "persists", "then_failure_type": ""}, "then_failure_type", "blank for a weakness that persists"),
        ({"status": "new", "then_failure_type": "DA_LATE", "basis": ""}, "then_failure_type", "given for a new"),
        ({"status": "improved", "basis": ""}, "basis", "blank for an improvement"),
        ({"status": "fixed"}, "status", "is not allowed"),
        ({"paragraphs": ""}, "paragraphs", "is blank"),
    ],
)
def test_a_later_finding_is_checked_with_its_line(tmp_path, reference, edit, column, words):
    rows = read_rows("later_findings")
    index = first(rows, status="improved")

    def apply(rows):
        rows[index].update(edit)

    result = check(broken_copy(tmp_path, "later_findings", apply), reference)
    problem = next(p for p in result.problems if p.column == column)
    assert problem.line == index + 2 and words in problem.message
    assert result.rejected_lines == [index + 2]


def test_a_next_inspection_needs_a_known_type_and_one_row_per_council(tmp_path, reference):
    def edit(rows):
        rows[0]["next_type"] = "focused visit"
        rows.append(dict(rows[1]))

    result = check(broken_copy(tmp_path, "next_inspections", edit), reference)
    assert {(p.line, p.column) for p in result.problems} == {
        (2, "next_type"),
        (len(read_rows("next_inspections")) + 2, "(row)"),
    }
