"""What the CSV reader, the findings checks, name resolution and the map layers' check say, pinned as literals
(gaps shown by `make mutate`; the Hypothesis properties, left out of that run for time, check the same invariants
broadly)."""

from __future__ import annotations

import pytest

from cpmap.csvtable import read_csv
from cpmap.names import CouncilResolver, _trigrams, normalise
from cpmap.validate import finding_key, known_findings, validate_bytes

UTF8_HINT = "(expected UTF-8 text: save it as 'CSV UTF-8')"


@pytest.mark.parametrize(
    ("data", "problems", "unreadable", "rows"),
    [
        (
            b"a,b\n1,2,3\n",
            ["x:2: (row): has 3 fields but the header has 2 (a comma inside a value needs quotes) (expected 2 fields)"],
            [2],
            [],
        ),
        (
            b'a,b\n1,"2"x\n3,4\n',
            ["x:2: (row): cannot be read as CSV: ',' expected after '\"' (expected RFC 4180 quoting)"],
            [2],
            [(3, {"a": "3", "b": "4"})],
        ),
        (
            b'a,b\n1,"2\n3,4\n5,6\n',
            ["x:2: (row): has a quote that is never closed, so lines 2–4 cannot be read (expected RFC 4180 quoting)"],
            [2, 3, 4],
            [],
        ),
        (
            b"a,,b\n1,2,3\n",
            [
                "x:2: (row): has a value in column 2, which has no name in the header (expected a header name for every column with values)"
            ],
            [2],
            [],
        ),
        (b"a,a,b\n", ["x:1: (header): repeats column a (expected unique names)"], [], []),
        (b"a;b\n1;2\n", ["x:1: (header): is separated by semicolons (expected comma-separated values)"], [2], []),
        (b'""\n', ["x: (file): has no header row (expected a header row and data rows)"], [], []),
        (b" \n\t\n", ["x: (file): is empty (expected a header row and data rows)"], [], []),
        (
            b"a,b\n\xe9,1\n",
            [
                f"x:2: (file): byte 0xe9 is not valid UTF-8 (the file may be in a Windows or Latin-1 encoding) {UTF8_HINT}"
            ],
            [2],
            [],
        ),
        (
            b"a,b\n1,2\nx\x00",
            ["x:3: (file): contains NUL bytes: not a text file (expected UTF-8 CSV text)"],
            [2, 3],
            [],
        ),
        (b"\xff\xfea\x00", [f"x: (file): is UTF-16 encoded {UTF8_HINT}"], [], []),
        (b"\xfe\xff\x00a", [f"x: (file): is UTF-16 encoded {UTF8_HINT}"], [], []),
        (b'a,b\r\n"x\r\ny",2\r\n', [], [], [(2, {"a": "x\r\ny", "b": "2"})]),
    ],
)
def test_the_reader_names_each_problem_and_the_lines_it_costs(data, problems, unreadable, rows):
    table = read_csv(data, "x")
    assert [str(p) for p in table.problems] == problems
    assert table.unreadable_lines == unreadable
    assert [(r.line, r.values) for r in table.rows] == rows


def test_a_file_over_the_limit_is_refused_before_reading():
    table = read_csv(b"a,b\n1,2\n", "x", max_bytes=3)
    assert [str(p) for p in table.problems] == [
        "x: (file): is 8 bytes, over the 3-byte limit (expected a smaller file)"
    ]
    assert table.refused and table.rows == []


FINDINGS = "finding_id,council_code,force_code,failure_type,summary,source_url,source_kind,confidence\n"


def test_findings_rows_name_their_force_type_and_confidence_problems(dataset):
    result = validate_bytes(
        (
            FINDINGS
            + "1,E06000004,E23999999,DA_LATE,s,https://e.org,press,high\n"
            + "2,,,DA_LATE,s,https://e.org,press,high\n"
            + "3,,W15000001,DA_LATE,s,https://e.org,press,high\n"
            + "4,E06000004,,,s,https://e.org,press,sure\n"
        ).encode(),
        "x.csv",
        dataset.reference,
    )
    assert [str(p) for p in result.problems] == [
        "x.csv:2: force_code: E23999999 (not a force code) is not the force of Stockton-on-Tees (expected E23000013 (Cleveland Police))",
        "x.csv:3: force_code: is blank and no council is given (expected a council or an E23 force code)",
        "x.csv:4: force_code: 'W15000001' is not an English police force area code (expected E23000001–E23000039)",
        "x.csv:5: failure_type: blank is not a known failure type (expected an id from failure_types.csv)",
        "x.csv:5: confidence: 'sure' is not allowed (expected one of high, medium, low)",
    ]


def test_a_header_without_rows_is_a_problem_with_the_file(dataset):
    result = validate_bytes(FINDINGS.encode(), "x.csv", dataset.reference)
    assert [str(p) for p in result.problems] == [
        "x.csv: (file): has a header but no data rows (expected at least one findings row)"
    ]


def test_a_repeat_of_a_known_finding_is_rejected_naming_it(dataset):
    from dataclasses import replace

    row = {
        "council_code": "E06000004",
        "force_code": "E23000013",
        "failure_type": "DA_LATE",
        "summary": "s",
        "source_url": "https://e.org",
    }
    reference = replace(dataset.reference, known_findings=known_findings([{**row, "finding_id": "F900"}]))
    result = validate_bytes(
        (FINDINGS + "7,E06000004,,DA_LATE,S,https://e.org,press,high\n").encode(), "x.csv", reference
    )
    assert [str(p) for p in result.problems] == [
        "x.csv:2: (row): repeats bundled finding F900 (expected a finding not already in the data)"
    ]


def test_a_finding_key_treats_a_missing_field_as_blank():
    assert finding_key({"summary": " Late  Notices "}) == ("", "", "", "late notices", "")


def test_a_code_and_a_name_that_disagree_are_both_named(dataset):
    resolver = CouncilResolver(dataset.gazetteer)
    wrong = resolver.resolve("E06000004", "Bury")
    assert (wrong.code, wrong.reason) == (
        None,
        "code E06000004 is Stockton-on-Tees but name 'Bury' is Bury (E08000002)",
    )
    nothing = resolver.resolve("E06000004", "Zzzz")
    assert nothing.reason == "code E06000004 is Stockton-on-Tees but name 'Zzzz' is not that council"
    assert nothing.candidates == ("Stockton-on-Tees (E06000004)",)


def test_names_are_normalised_and_compared_by_letter_triples():
    assert normalise("St. Helens") == normalise("St Helens") == "st helens"
    assert _trigrams("ab") == frozenset({"  a", " ab", "ab "})


def test_attribution_and_in_report_are_checked_against_the_source(dataset):
    header = "council_code,force_code,failure_type,summary,source_url,source_kind,confidence,attribution,in_report\n"
    result = validate_bytes(
        (
            header
            + "E06000004,,DA_LATE,s,https://e.org/a b,inspection_report,high,inferred,\n"
            + ",E23000013,DA_LATE,s,https://e.org,letter,high,inferred,yes\n"
            + "E06000004,,DA_LATE,s2,https://e.org,letter,low,,no\n"
        ).encode(),
        "x.csv",
        dataset.reference,
    )
    assert [str(p) for p in result.problems] == [
        "x.csv:2: source_url: contains spaces or control characters (expected an http:// or https:// address)",
        "x.csv:3: attribution: is inferred but no council is given (expected a council the finding is tied to)",
    ]
    assert [(r["in_report"], r["attribution"]) for r in result.records] == [("no", "stated")]


POLYGON = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}


def layer(*features) -> bytes:
    import json

    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff", "(file): cannot be read: not UTF-8 (invalid start byte) (expected UTF-8 JSON)"),
        (
            b"{",
            "(file): cannot be read as JSON: Expecting property name enclosed in double quotes at line 1 "
            "(expected GeoJSON)",
        ),
        (b"[]", "(file): is not a GeoJSON FeatureCollection (expected a FeatureCollection)"),
        (layer(5), "geometry: feature (no id) is a missing geometry (expected a polygon)"),
        (
            layer({"id": "E0600000400000000000XYZ", "geometry": {"type": "Point"}}),
            "geometry: feature E0600000400000000000 is a Point (expected a polygon)",
        ),
        (
            layer({"id": "A", "geometry": POLYGON}, {"id": "Z" * 25, "geometry": POLYGON}),
            f"id: codes not in the lookup: {'Z' * 20}",
        ),
        (layer({"id": "A", "geometry": POLYGON}), "id: areas in the lookup have no polygon: B"),
        (
            layer({"id": "A", "geometry": POLYGON}, {"id": "A", "geometry": POLYGON}, {"id": "B", "geometry": POLYGON}),
            "id: some area codes appear more than once",
        ),
    ],
    ids=[
        "not-utf8",
        "not-json",
        "not-a-collection",
        "not-a-feature",
        "a-point",
        "unknown-code",
        "no-polygon",
        "repeated",
    ],
)
def test_a_broken_map_layer_is_refused_saying_what_is_wrong(data, message):
    from pathlib import Path

    from cpmap.layers import check_layer
    from cpmap.problems import InputError

    with pytest.raises(InputError) as caught:
        check_layer(Path("x.geojson"), data, {"A", "B"})
    assert [(str(p), p.line) for p in caught.value.problems] == [(f"x.geojson: {message}", 0)]
