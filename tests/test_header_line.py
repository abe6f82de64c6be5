"""Problems with a header are reported on the header's own line, wherever blank lines put it."""

from __future__ import annotations

import pytest

from cpmap import config
from cpmap.csvtable import read_csv
from cpmap.validate import validate_bytes


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\n\nfoo,bar\n1,2\n", "up.csv:3: (header): is not the header of any cpmap table"),
        (b"\n\nfailure_type,summary\n1,2\n", "up.csv:3: (header): lacks column(s) source_url, source_kind, confidence"),
        (b"\n\n\n\na;b\n1;2\n", "up.csv:5: (header): is separated by semicolons"),
        (b'\n"a,b\n1,2\n', "up.csv:2: (header): has a quote that is never closed, so lines 2–3 cannot be read"),
    ],
)
def test_a_header_after_blank_lines_is_reported_on_its_own_line(dataset, data, expected):
    result = validate_bytes(data, "up.csv", dataset.reference)
    assert [str(p)[: len(expected)] for p in result.problems] == [expected]


def test_notes_about_the_header_name_its_line(dataset):
    data = b"\n\n\n" + (config.DATA_DIR / "findings.csv").read_bytes().replace(b"\n", b",extra,\n", 1)
    result = validate_bytes(data, "up.csv", dataset.reference)
    assert result.notes == [
        "up.csv:4: column(s) extra not used: their values are ignored",
        "up.csv:4: column 24 of the header have no name",
    ]


def test_the_table_remembers_where_its_header_is():
    assert read_csv(b"a,b\n1,2\n", "x").header_line == 1
    assert read_csv(b"\r\n \n\na,b\n1,2\n", "x").header_line == 4
    assert read_csv(b"\n\n", "x").header_line == 0
