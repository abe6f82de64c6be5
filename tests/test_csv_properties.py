"""Property tests for the CSV reader and validator: whatever the bytes, rows are accounted for and never raise.

Generators: arbitrary bytes, arbitrary text, well-formed CSV written by the csv module, findings-like rows mixing
valid and invalid values, and random byte-level damage to the real bundled findings file.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cpmap import config
from cpmap.csvtable import read_csv
from cpmap.validate import CONFIDENCE_LEVELS, SOURCE_KINDS, Validated, validate_bytes

SOURCE = "prop.csv"
PROBLEM_LINE = re.compile(r"^prop\.csv(?::(?P<line>\d+))?: (?P<column>[^:]+): .+$", re.DOTALL)
SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BUNDLED_FINDINGS = (config.DATA_DIR / "findings.csv").read_bytes()
FINDINGS_HEADER = BUNDLED_FINDINGS.split(b"\n", 1)[0].decode("utf-8").split(",")


@pytest.fixture(scope="module")
def reference(dataset):
    return dataset.reference


def physical_lines(data: bytes) -> int:
    """Lines as the reader counts them (\\n, \\r\\n and lone \\r end a line)."""
    text = data.decode("utf-8", errors="replace")
    return max(1, len(io.StringIO(text, newline="").readlines()))


def assert_accounted_for(data: bytes, result: Validated, reference) -> None:
    """The invariants every validation result keeps, whatever the input."""
    assert result.rows_read == result.accepted + result.rejected
    assert result.rejected == len(set(result.rejected_lines)), "no row is rejected twice"
    accepted_lines = [int(r["line"]) for r in result.records]
    assert not set(accepted_lines) & set(result.rejected_lines), "no row is both accepted and rejected"
    last_line = physical_lines(data)
    problem_lines = {p.line for p in result.problems}
    whole_file = any(p.line == 0 or p.column in ("(file)", "(header)") for p in result.problems)
    for problem in result.problems:
        text = str(problem)
        assert PROBLEM_LINE.match(text), text
        assert 0 <= problem.line <= last_line, (text, last_line)
    rejected = set(result.rejected_lines)
    lines = io.StringIO(data.decode("utf-8", errors="replace"), newline="").readlines()
    for problem in result.problems:
        if problem.column not in ("(file)", "(header)"):
            # a problem with a record (or a column of it) means that record was counted and rejected
            assert problem.line in rejected, str(problem)
        if "never closed" in problem.message:
            swallowed = {n for n in range(problem.line, len(lines) + 1) if lines[n - 1].strip()}
            # every line the quote swallows is a rejected row, except the header's own line when it starts there
            header = {problem.line} if problem.column == "(header)" else set()
            assert swallowed - header <= rejected, str(problem)
    for line in result.rejected_lines:
        assert 1 <= line <= last_line
        # nothing dropped silently: a rejected row has a problem on its line, or the file as a whole has one
        assert line in problem_lines or whole_file or _inside_unclosed_quote(result, line), line
    assert result.ok == (not result.problems)
    if result.ok:
        assert result.rejected == 0
    if result.kind == "findings":
        for record in result.records:
            assert_valid_finding(record, reference)


def _inside_unclosed_quote(result: Validated, line: int) -> bool:
    return any("never closed" in p.message and p.line <= line for p in result.problems)


def assert_valid_finding(record: dict[str, str], reference) -> None:
    gaz = reference.gazetteer
    if record["council_code"]:
        assert gaz.council(record["council_code"]).in_england
        assert gaz.council(record["council_code"]).force_code == record["force_code"]
    assert record["force_code"] in gaz.forces and gaz.forces[record["force_code"]].in_england
    assert record["failure_type"] in reference.failure_type_ids
    assert record["confidence"] in CONFIDENCE_LEVELS
    assert record["source_kind"] in SOURCE_KINDS
    assert re.match(r"^https?://", record["source_url"], re.IGNORECASE)
    assert record["summary"]


# --------------------------------------------------------------------------------------------- any bytes at all


@SETTINGS
@given(data=st.binary(max_size=3000))
@example(data=b"")
@example(data=b"\xef\xbb\xbf")
@example(data=b"\x00\x00")
@example(data=b'a,b\n"')
@example(data=b"\xff\xfea\x00,\x00b\x00")
@example(data=b"failure_type,summary\n\r\r\n")
@example(data=b'\n"')  # a blank line, then a header whose quote never closes: the header is line 2, not 1
@example(data=b'\n\n"')
def test_arbitrary_bytes_are_accepted_or_rejected_never_raise(reference, data):
    result = validate_bytes(data, SOURCE, reference)
    assert_accounted_for(data, result, reference)


@SETTINGS
@given(text=st.text(max_size=2000))
def test_arbitrary_text_is_accepted_or_rejected_never_raise(reference, text):
    data = text.encode("utf-8", errors="surrogatepass")
    result = validate_bytes(data, SOURCE, reference)
    assert_accounted_for(data, result, reference)


@SETTINGS
@given(text=st.text(max_size=2000), kind=st.sampled_from(["findings", "inspections", "letters", "failure_types"]))
def test_arbitrary_text_after_a_real_header_is_accounted_for(reference, text, kind):
    header = (config.DATA_DIR / f"{kind}.csv").read_bytes().split(b"\n", 1)[0]
    data = header + b"\n" + text.encode("utf-8", errors="surrogatepass")
    result = validate_bytes(data, SOURCE, reference, kind)
    assert_accounted_for(data, result, reference)


# --------------------------------------------------------------------------------------------- damaged real file


@st.composite
def damaged_findings(draw) -> bytes:
    """The bundled findings file with a few random byte insertions, deletions and replacements."""
    data = bytearray(BUNDLED_FINDINGS)
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        chunk = draw(st.sampled_from([b'"', b",", b"\n", b"\r", b"\x00", b"\xff", b"\xc3", b";", b" ", b"x", b"E0"]))
        if action == "insert":
            data[position:position] = chunk
        elif action == "delete":
            del data[position : position + draw(st.integers(1, 40))]
        else:
            data[position : position + len(chunk)] = chunk
    return bytes(data)


@SETTINGS
@given(data=damaged_findings())
def test_a_damaged_copy_of_the_bundled_findings_is_accounted_for(reference, data):
    result = validate_bytes(data, SOURCE, reference)
    assert_accounted_for(data, result, reference)


# --------------------------------------------------------------------------------------------- well-formed CSV

CELL = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30
) | st.sampled_from(["", " ", '"', "a,b", "x\ny", "x\r\ny", "\r", "=1+1", "é", "\ufeff"])
NAME = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)


def _writer(buffer: io.StringIO, terminator: str):
    # csv.writer quotes a lone \r only when it is part of the line terminator, so "\n" files quote every field.
    return csv.writer(
        buffer, lineterminator=terminator, quoting=csv.QUOTE_ALL if terminator == "\n" else csv.QUOTE_MINIMAL
    )


@st.composite
def well_formed_csv(draw) -> tuple[list[str], list[list[str]], bytes, str]:
    header = draw(st.lists(NAME, min_size=2, max_size=6, unique=True))
    rows = draw(st.lists(st.lists(CELL, min_size=1, max_size=len(header)), max_size=12))
    rows = [r for r in rows if any(c.strip() for c in r)]  # all-blank records are skipped by design
    terminator = draw(st.sampled_from(["\n", "\r\n"]))
    buffer = io.StringIO()
    writer = _writer(buffer, terminator)
    writer.writerow(header)
    writer.writerows(rows)
    return header, rows, buffer.getvalue().encode("utf-8"), terminator


@SETTINGS
@given(case=well_formed_csv())
def test_well_formed_csv_round_trips_with_the_line_each_record_starts_on(case):
    header, rows, data, terminator = case
    table = read_csv(data, SOURCE)
    assert not table.problems, [str(p) for p in table.problems]
    assert table.header == header
    assert table.records_read == len(rows)
    expected_values = [{h: (r[i] if i < len(r) else "").strip() for i, h in enumerate(header)} for r in rows]
    assert [r.values for r in table.rows] == expected_values
    # the line of each record: 1 + the line breaks the reader has passed before it
    buffer = io.StringIO()
    writer = _writer(buffer, terminator)
    writer.writerow(header)
    starts = []
    for row in rows:
        starts.append(len(io.StringIO(buffer.getvalue(), newline="").readlines()) + 1)
        writer.writerow(row)
    assert [r.line for r in table.rows] == starts


# --------------------------------------------------------------------------------------------- findings-like rows

COUNCIL_CODES = st.sampled_from(["E06000004", "e08000020", "E06000048", "W06000015", "E07000001", "E99", "", "x"])
COUNCIL_NAMES = st.sampled_from(["", "Stockton", "Hull City Council", "Kingston", "Atlantis", "Cardiff", "Bury"])
FORCE_CODES = st.sampled_from(["", "E23000013", "E23000005", "E23000001", "W15000001", "E23999999"])
TYPES = st.sampled_from(["DA_LATE", "da_late", "GENERAL", "NOPE", ""])
URLS = st.sampled_from(["https://example.org/a", "http://x.org", "javascript:alert(1)", "ftp://x", "", "a b"])
KINDS = st.sampled_from([*SOURCE_KINDS, "blog", ""])
LEVELS = st.sampled_from([*CONFIDENCE_LEVELS, "HIGH", "sure", ""])


@st.composite
def findings_like(draw) -> bytes:
    rows = draw(
        st.lists(
            st.tuples(
                st.from_regex(r"F?[0-9]{0,2}", fullmatch=True),
                COUNCIL_CODES,
                COUNCIL_NAMES,
                FORCE_CODES,
                TYPES,
                st.text(max_size=40),
                URLS,
                KINDS,
                LEVELS,
            ),
            max_size=15,
        )
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FINDINGS_HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8", errors="surrogatepass")


@SETTINGS
@given(data=findings_like())
def test_findings_like_rows_are_each_accepted_valid_or_rejected_with_a_reason(reference, data):
    result = validate_bytes(data, SOURCE, reference)
    assert_accounted_for(data, result, reference)
    if result.rows_read:
        assert result.kind == "findings"


# --------------------------------------------------------------------------------------------- blank lines first


def _where(result: Validated, shift: int = 0) -> tuple:
    """Every line a result names (problems, notes, rejected and accepted rows), `shift` lines later."""

    def moved(line: int) -> int:
        return line + shift if line else 0  # line 0 is the file as a whole

    notes = [re.sub(r"^prop\.csv:(\d+):", lambda m: f"prop.csv:{moved(int(m[1]))}:", n) for n in result.notes]
    return (
        sorted((moved(p.line), p.column) for p in result.problems),
        notes,
        sorted(moved(n) for n in result.rejected_lines),
        sorted(moved(int(r["line"])) for r in result.records),
    )


@SETTINGS
@given(
    data=findings_like() | st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
    blank=st.integers(1, 3),
)
@example(data=(",".join(FINDINGS_HEADER[:2]) + ",extra,,\nx").encode(), blank=2)
@example(data=b"foo,bar\n1,2\n", blank=2)
@example(data=b'a,"b\n1,2\n', blank=1)
def test_blank_lines_before_the_header_move_every_reported_line_by_as_many(reference, data, blank):
    """Leading blank lines are skipped, so every line a report names (the header's too) moves by their number."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        data = b"x" + data  # a byte-order mark counts only at the very start
    plain = validate_bytes(data, SOURCE, reference)
    shifted = validate_bytes(b"\n" * blank + data, SOURCE, reference)
    assert _where(shifted) == _where(plain, blank)
