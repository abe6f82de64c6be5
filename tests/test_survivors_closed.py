"""Behaviour the first `make mutate` run showed no test would miss: each test here kills surviving mutants
(see README, "Mutation testing"), written against what a user or a maintainer sees."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from cpmap import config
from cpmap.coverage import (
    README_END,
    README_START,
    _list,
    compute_coverage,
    replace_readme_section,
    substantive_outcomes,
)
from cpmap.dataset import validate_dataset
from cpmap.export import force_table
from cpmap.gazetteer import missing_boundary_problem
from cpmap.urlstate import parse_query
from cpmap.viewmodel import MatchMode, ThenNow
from cpmap.vocab import Window


def test_a_missing_bundled_table_is_named_with_what_it_should_hold(tmp_path, gazetteer):
    shutil.copytree(config.DATA_DIR, tmp_path / "data")
    (tmp_path / "data" / "letters.csv").unlink()
    results = validate_dataset(tmp_path / "data", gazetteer)
    letters = results["letters"]
    assert (letters.kind, letters.source) == ("letters", str(tmp_path / "data" / "letters.csv"))
    assert [str(p) for p in letters.problems] == [
        f"{tmp_path / 'data' / 'letters.csv'}: (file): is missing (expected the bundled letters table)"
    ]
    assert all(r.ok for kind, r in results.items() if kind != "letters")


def test_the_force_export_lists_each_forces_failure_types(dataset):
    table = force_table(dataset)
    (cleveland,) = table[table["code"] == "E23000013"].to_dict("records")
    assert cleveland == {
        "code": "E23000013",
        "name": "Cleveland Police",
        "n_councils": 4,
        "n_councils_inspected": 2,
        "n_councils_with_findings": 2,
        "failure_types": "CONF_NONATTEND;GENERAL;INVEST_CLOSURE;LSCB_ENGAGE;STRAT_NONATTEND",
        "n_findings": 8,
    }
    (cumbria,) = table[table["code"] == "E23000002"].to_dict("records")
    assert (cumbria["failure_types"], cumbria["n_findings"]) == ("", 0)


def test_the_missing_boundaries_problem_is_about_the_file_as_a_whole():
    assert missing_boundary_problem(config.DATA_DIR / "x.csv").line == 0


def test_an_empty_list_in_the_coverage_table_reads_none():
    assert _list(()) == "none"
    assert _list(("Bury", "Wirral")) == "Bury, Wirral"


def test_substantive_outcomes_count_zero_for_an_outcome_no_council_had(dataset):
    cov = replace(compute_coverage(dataset), substantive_then_now=((ThenNow.PERSISTED, 2),))
    assert substantive_outcomes(cov) == {"persisted": 2, "improved_named": 0, "improved_inferred": 0, "silent": 0}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"{README_START}old{README_END}", f"{README_START}\nnew\n{README_END}"),
        (f"{README_START}a{README_END}b{README_END}", f"{README_START}\nnew\n{README_END}b{README_END}"),
        (f"x{README_START}a{README_START}b{README_END}", f"x{README_START}\nnew\n{README_END}"),
    ],
)
def test_replacing_the_readme_section_uses_the_first_markers(text, expected):
    assert replace_readme_section(text, "new") == expected


@pytest.mark.parametrize("text", ["plain", f"{README_END}{README_START}", README_START])
def test_a_readme_without_its_markers_is_refused_by_name(text):
    with pytest.raises(ValueError, match=r"^data/README\.md has no coverage markers$"):
        replace_readme_section(text, "new")


def test_url_values_are_matched_whatever_their_case(dataset):
    state, notices = parse_query(
        {"judgement": ["GOOD"], "type": ["da_late"], "window": ["fy"], "match": ["ALL"]}, dataset
    )
    assert notices == []
    assert state.filters.judgements == ("good",)
    assert state.filters.failure_types == ("DA_LATE",)
    assert state.filters.window is Window.FINANCIAL_YEAR
    assert state.filters.match is MatchMode.ALL


def test_an_unknown_force_in_the_url_is_named_in_the_notice(dataset):
    state, notices = parse_query({"force": ["E23000013", "W15000002"]}, dataset)
    assert state.filters.forces == ("E23000013",)
    assert notices == [
        "URL parameter 'force' value 'W15000002' is not an English police force area code; it was ignored."
    ]


def test_a_bad_choice_in_the_url_lists_the_allowed_values_and_the_fallback(dataset):
    state, notices = parse_query({"match": ["sometimes"], "layer": ["x"]}, dataset)
    assert notices == [
        "URL parameter 'match' value 'sometimes' is not 'any' or 'all'; 'any' is used.",
        "URL parameter 'layer' value 'x' is not 'councils' or 'forces' or 'thennow'; councils are shown.",
    ]
    assert state.filters.match is MatchMode.ANY


def test_problems_with_the_file_as_a_whole_are_on_line_0(dataset):
    from cpmap.csvtable import read_csv
    from cpmap.validate import validate_bytes

    assert [p.line for p in read_csv(b"\xff\xfea\x00", "x").problems] == [0]
    header_only = validate_bytes(
        b"failure_type,summary,source_url,source_kind,confidence,council_code\n", "x", dataset.reference
    )
    assert [(p.line, p.column) for p in header_only.problems] == [(0, "(file)")]


def test_judgements_with_as_many_councils_are_listed_by_name(dataset):
    # One of the 12 "good" councils of the 42 made "inadequate" (10 -> 11): the two tie at 11. The README's table
    # must not follow the order of inspections.csv, where "inadequate" comes first.
    inspections = dataset.inspections.copy()
    good = inspections.index[(inspections["window"] == "letter") & (inspections["overall_judgement"] == "good")]
    inspections.loc[good[0], "overall_judgement"] = "inadequate"
    cov = compute_coverage(replace(dataset, inspections=inspections))
    assert cov.judgements == (("requires improvement", 18), ("good", 11), ("inadequate", 11), ("outstanding", 2))


def test_the_pictures_words_join_several_choices_and_uploads(dataset):
    from cpmap.describe import data_dates, filters_in_words, month_text
    from cpmap.viewmodel import Filters, Layer

    lines = filters_in_words(Filters(failure_types=("DA_LATE", "MASH_INFO")), dataset)
    assert lines[1] == (
        "Failure types (any of): Domestic abuse notices late or batched or Weak information at the front door or MASH"
    )
    record = {k: str(v) for k, v in dataset.findings.iloc[0].items() if k not in ("source", "confidence_rank")}
    both = dataset.with_findings([{**record, "finding_id": "X1"}], "upload: a.csv")
    both = both.with_findings([{**record, "finding_id": "X2"}], "upload: b.csv")
    assert "; with findings uploaded as upload: a.csv and upload: b.csv;" in data_dates(both, Filters(), Layer.COUNCILS)
    # a month that is not one is left out, not an error
    assert [month_text(d) for d in ("2016-13", "2016-00", "2016-12")] == ["2016", "2016", "Dec 2016"]


def test_a_missing_layer_is_named_with_where_the_layers_are_committed(tmp_path):
    from cpmap.gazetteer import load_gazetteer
    from cpmap.problems import InputError

    with pytest.raises(InputError) as caught:
        load_gazetteer(tmp_path)
    (problem,) = caught.value.problems
    assert problem.line == 0
    assert str(problem) == (
        f"{tmp_path / config.LOOKUP_LAYER}: (file): is missing: the map layers are committed in geo/2016 "
        "(CPMAP_LAYERS_DIR, if set, points elsewhere); `cpmap prepare` remakes them from the ONS files "
        f"(expected files {', '.join(config.LAYER_FILES)})"
    )
