"""Exported tables and small helpers pinned to literals read from the data, so a changed count, column, key or
message fails here (these gaps were shown by `make mutate`)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from components.text import md_link
from cpmap import config
from cpmap.coverage import README_END, README_START, readme_section, replace_readme_section
from cpmap.export import all_findings_table, council_table, findings_geojson
from cpmap.gazetteer import missing_boundary_problem
from cpmap.layers import committed_layers
from cpmap.validate import known_findings
from tests.uploads import with_upload

STOCKTON, BRISTOL = "E06000004", "E06000023"


def test_a_councils_export_row_carries_its_inspection_findings_and_next_inspection(dataset):
    table = council_table(dataset)
    assert len(table) == 152
    (row,) = table[table["code"] == STOCKTON].to_dict("records")
    assert row == {
        "code": STOCKTON,
        "name": "Stockton-on-Tees",
        "force_code": "E23000013",
        "force_name": "Cleveland Police",
        "status": "weakness",
        "inspection_id": "E06000004-2016-08-05",
        "published": "2016-08-05",
        "window": "letter",
        "overall_judgement": "good",
        "help_protection_judgement": "good",
        "lscb_judgement": "requires improvement",
        "report_url": "https://files.ofsted.gov.uk/v1/file/2761258",
        "failure_types": "CONF_NONATTEND;INVEST_CLOSURE;LSCB_ENGAGE;STRAT_NONATTEND",
        "n_findings": 6,
        "n_substantive": 2,
        "sources": "https://files.ofsted.gov.uk/v1/file/2761258;https://www.pcps-direct.net/article/child-protection_102.html;"
        "http://www.thenorthernecho.co.uk/news/local/teesvalley/middlesbrough/14808562._Serious_concerns__raised_about_"
        "Cleveland_Police_s_child_protection/",
        "next_published": "2019-07-01",
        "next_type": "ilacs_short",
        "next_judgement": "requires improvement",
        "police_then_now": "improved_inferred",
    }


def test_a_council_without_inspection_or_findings_exports_blanks_and_zeros(dataset):
    table = council_table(dataset)
    (row,) = table[table["code"] == BRISTOL].to_dict("records")
    assert {k: row[k] for k in ("status", "published", "failure_types", "n_findings", "n_substantive", "sources")} == {
        "status": "not_identified",
        "published": "",
        "failure_types": "",
        "n_findings": 0,
        "n_substantive": 0,
        "sources": "",
    }
    assert (row["next_type"], row["next_judgement"], row["next_published"]) == ("", "", "")
    assert (row["police_then_now"], row["overall_judgement"], row["report_url"]) == ("", "", "")


def test_named_and_minor_findings_count_as_findings_but_not_as_substantive(dataset):
    uploaded = with_upload(
        dataset,
        [
            (BRISTOL, "", "GENERAL", "high", "yes"),
            (BRISTOL, "", "DA_LATE", "high", "no"),
            (BRISTOL, "", "JOINT_VISIT", "low", ""),
        ],
    )
    table = council_table(uploaded)
    (row,) = table[table["code"] == BRISTOL].to_dict("records")
    assert (row["failure_types"], row["n_findings"], row["n_substantive"]) == ("DA_LATE;GENERAL;JOINT_VISIT", 3, 1)
    assert row["sources"] == "https://example.org/0;https://example.org/1;https://example.org/2"


def test_every_finding_export_lists_the_252_findings_then_the_24_later_ones(dataset):
    table = all_findings_table(dataset)
    assert list(table.index) == list(range(276))
    assert list(table["period"][252:]) == ["next"] * 24
    assert table["period"][:252].value_counts().to_dict() == {"round": 117, "2015/16": 97, "latest": 38}
    later = table.iloc[252].to_dict()
    assert {k: later[k] for k in ("finding_id", "council_name", "failure_type", "status", "paragraphs")} == {
        "finding_id": "L002",
        "council_name": "City of London",
        "failure_type": "JOINT_ENQUIRY",
        "status": "improved",
        "paragraphs": "4",
    }
    # Its passage does not name the police, so it is inferred (rule R1), as the panel's "inferred" basis says.
    assert (later["source_kind"], later["source_url"], later["source"], later["attribution"]) == (
        "inspection_report",
        "https://files.ofsted.gov.uk/v1/file/50149902",
        "bundled",
        "inferred",
    )
    assert later["force_name"] == "City of London Police"
    # cells with no value are blank text, never missing values (which a table shows as "None" or "nan")
    assert not table.isna().any().any()
    assert (later["substantive"], later["in_report"], table.iloc[0]["status"]) == ("", "", "")
    assert later["failure_label"] == "Enquiries not planned or done jointly"
    wirral = table[table["finding_id"] == "F068"].iloc[0]
    assert (wirral["report_quantifier"], wirral["attribution"]) == ("for some children", "stated")


@pytest.fixture(scope="module")
def councils_path(dataset, layers_dir) -> Path:
    return committed_layers(dataset.gazetteer, layers_dir).councils_path


def test_findings_geojson_puts_a_council_finding_on_its_council_and_a_force_finding_nowhere(councils_path):
    table = pd.DataFrame(
        [
            {"finding_id": "F011", "council_code": STOCKTON, "summary": "s"},
            {"finding_id": "X1", "council_code": "", "summary": "t"},
        ]
    )
    payload = findings_geojson(table, councils_path)
    assert payload["type"] == "FeatureCollection"
    council, force = payload["features"]
    assert (council["type"], council["id"], council["geometry"]["type"]) == ("Feature", "F011", "Point")
    lng, lat = council["geometry"]["coordinates"]
    assert -1.45 < lng < -1.15 and 54.45 < lat < 54.65  # inside Stockton-on-Tees
    assert (lng, lat) == (round(lng, 5), round(lat, 5)) and (lng, lat) != (round(lng, 4), round(lat, 4))
    assert council["properties"] == {"finding_id": "F011", "council_code": STOCKTON, "summary": "s"}
    assert (force["type"], force["id"], force["geometry"]) == ("Feature", "X1", None)


def test_the_missing_boundaries_message_says_what_to_set():
    problem = missing_boundary_problem(Path("/x/lookup.csv"))
    assert str(problem) == (
        "/x/lookup.csv: (file): is missing: pass `cpmap prepare --from DIR` or set BOUNDARIES_DIR to the folder "
        "holding the ONS December 2016 files (see geo/README.md) (expected files "
        f"{config.COUNCIL_BOUNDARIES_FILE}, {config.COUNCIL_FORCE_LOOKUP_FILE})"
    )


@pytest.mark.parametrize(
    ("text", "section"),
    [
        (f"a\n{README_START}\n| t |\n{README_END}\nb", "| t |"),
        (f"{README_START}x{README_END}", "x"),
        (f"{README_START} x {README_END} y {README_END}", "x"),
        (f"a {README_END} {README_START} x {README_END}", None),
        (f"{README_START} x", None),
        ("no markers", None),
        (f"{README_START}{README_START} x {README_END}", f"{README_START} x"),
    ],
)
def test_the_readme_section_is_what_lies_between_the_first_markers(text, section):
    assert readme_section(text) == section


def test_replacing_the_readme_section_keeps_what_is_around_it():
    text = f"head\n{README_START}\nold\n{README_END}\ntail"
    assert replace_readme_section(text, "new") == f"head\n{README_START}\nnew\n{README_END}\ntail"
    with pytest.raises(ValueError, match="no coverage markers"):
        replace_readme_section("plain", "new")


def test_known_findings_are_labelled_with_their_ids_or_plainly():
    records = [
        {
            "council_code": "E1",
            "force_code": "F",
            "failure_type": "T",
            "summary": " A  b ",
            "source_url": "U",
            "finding_id": "F9",
        },
        {"council_code": "E2", "force_code": "F", "failure_type": "T", "summary": "c", "source_url": "U"},
    ]
    assert known_findings(records) == {
        ("e1", "f", "t", "a b", "u"): "bundled finding F9",
        ("e2", "f", "t", "c", "u"): "bundled finding",
    }
    assert known_findings(records[1:], "upload row") == {("e2", "f", "t", "c", "u"): "upload row"}


def test_a_withheld_link_keeps_its_label_as_text():
    assert md_link("the *report*", "javascript:alert(1)") == r"the \*report\* (link withheld: not an http(s) address)"
    assert md_link("r", "https://example.org/a b") == "[r](<https://example.org/a%20b>)"
