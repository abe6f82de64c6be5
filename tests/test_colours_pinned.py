"""The map's colours, flags and tooltips pinned as literals: this council, these findings → this entry.

Each expectation is written out by hand from the data and the legend's rules, never computed with the code under
test, so flattening the ramp, dropping the low-confidence flag or the count in the tooltip fails here.
Entries are [legend position, fill colour, tooltip detail, low-confidence flag] for councils and
[fill colour, tooltip detail, flag] for forces.
"""

from __future__ import annotations

import pytest

from cpmap.mapspec import council_spec, force_spec, grouped_info, interned_texts, legend_entries, then_now_spec
from cpmap.viewmodel import Filters, Layer, MatchMode, build_view
from cpmap.vocab import Window
from tests.uploads import with_upload

STOCKTON, MIDDLESBROUGH, HARTLEPOOL, READING = "E06000004", "E06000002", "E06000001", "E06000038"
BRISTOL, SOLIHULL, CARDIFF = "E06000023", "E08000029", "W06000015"
CLEVELAND, MET, AVON, CUMBRIA, GWENT = "E23000013", "E23000001", "E23000036", "E23000002", "W15000002"

# (name, council, filters) → entry. From data/findings.csv: Stockton has F011–F014 (letter; F012 and F014 low
# confidence) and F066–F067 (report): four failure types, two of them substantive. Middlesbrough has F021
# (GENERAL, low) and F043 (LSCB_ENGAGE, minor).
COUNCIL_CASES = [
    (
        "four types: darkest red",
        STOCKTON,
        Filters(),
        [0, "#b30000", "Ofsted 2015/16: good · 6 police weaknesses matching", 0],
    ),
    (
        "high confidence only: two types",
        STOCKTON,
        Filters(min_confidence="high"),
        [0, "#fb8a4f", "Ofsted 2015/16: good · 4 police weaknesses matching", 0],
    ),
    (
        "one low-confidence minor finding",
        STOCKTON,
        Filters(failure_types=("CONF_NONATTEND",)),
        [
            1,
            "#ffe945",
            "Ofsted 2015/16: good · 1 police weakness matching · minor only · low-confidence evidence only",
            1,
        ],
    ),
    (
        "minor only",
        MIDDLESBROUGH,
        Filters(),
        [1, "#ffe945", "Ofsted 2015/16: requires improvement · 2 police weaknesses matching · minor only", 0],
    ),
    (
        "named without detail, low confidence",
        MIDDLESBROUGH,
        Filters(failure_types=("GENERAL",)),
        [
            2,
            "#8073ac",
            "Ofsted 2015/16: requires improvement · Named in the letter, detail not recovered · "
            "low-confidence evidence only",
            1,
        ],
    ),
    (
        "evidence of another type",
        MIDDLESBROUGH,
        Filters(failure_types=("DA_LATE",)),
        [4, "#cccccc", "Ofsted 2015/16: requires improvement · Has evidence, but not matching the filters", 0],
    ),
    (
        "outside the force filter",
        STOCKTON,
        Filters(forces=(MET,)),
        [4, "#cccccc", "Ofsted 2015/16: good · Has evidence, but not matching the filters", 0],
    ),
    (
        "both types required, only one present",
        MIDDLESBROUGH,
        Filters(failure_types=("LSCB_ENGAGE", "STRAT_NONATTEND"), match=MatchMode.ALL),
        [4, "#cccccc", "Ofsted 2015/16: requires improvement · Has evidence, but not matching the filters", 0],
    ),
    (
        "inspected, nothing found",
        READING,
        Filters(),
        [3, "#92c5de", "Ofsted 2015/16: inadequate · Inspected, no police weakness in the report", 0],
    ),
    ("Wales", CARDIFF, Filters(), [6, "#999999", "", 0]),
]


@pytest.mark.parametrize(
    ("council", "filters", "entry"), [c[1:] for c in COUNCIL_CASES], ids=[c[0] for c in COUNCIL_CASES]
)
def test_a_council_under_filters_has_this_colour_flag_and_tooltip(dataset, council, filters, entry):
    assert council_spec(build_view(dataset, filters))["info"][council] == entry


def test_councils_without_an_inspection_in_the_window_take_the_white_default(dataset):
    spec = council_spec(build_view(dataset, Filters()))
    assert spec["default"] == [5, "#ffffff", "No inspection report in the chosen window", 0]
    assert HARTLEPOOL not in spec["info"] and BRISTOL not in spec["info"]


# ------------------------------------------------------------------------------ findings made for the rule


def _bristol(*findings: tuple[str, str, str]) -> list[tuple[str, ...]]:
    return [(BRISTOL, "", t, c, s) for t, c, s in findings]


UPLOAD_CASES = [
    ("one type", _bristol(("DA_LATE", "high", "yes")), [0, "#fec79b", "1 police weakness matching", 0]),
    (
        "one type, two findings",
        _bristol(("DA_LATE", "high", "yes"), ("DA_LATE", "medium", "yes")),
        [0, "#fec79b", "2 police weaknesses matching", 0],
    ),
    (
        "two types",
        _bristol(("DA_LATE", "high", "yes"), ("JOINT_VISIT", "high", "")),
        [0, "#fb8a4f", "2 police weaknesses matching", 0],
    ),
    (
        "three types",
        _bristol(("DA_LATE", "high", "yes"), ("JOINT_VISIT", "high", "no"), ("MASH_INFO", "high", "no")),
        [0, "#e34a33", "3 police weaknesses matching", 0],
    ),
    (
        "five types: the ramp stops at its darkest",
        _bristol(*((t, "high", "yes") for t in ("DA_LATE", "JOINT_VISIT", "MASH_INFO", "CAPACITY_GAP", "DBS_BACKLOG"))),
        [0, "#b30000", "5 police weaknesses matching", 0],
    ),
    (
        "low confidence only",
        _bristol(("DA_LATE", "low", "yes")),
        [0, "#fec79b", "1 police weakness matching · low-confidence evidence only", 1],
    ),
    (
        "low and medium: not flagged",
        _bristol(("DA_LATE", "low", "yes"), ("JOINT_VISIT", "medium", "yes")),
        [0, "#fb8a4f", "2 police weaknesses matching", 0],
    ),
    ("minor only", _bristol(("DA_LATE", "high", "no")), [1, "#ffe945", "1 police weakness matching · minor only", 0]),
    (
        "named only",
        _bristol(("GENERAL", "high", "yes")),
        [2, "#8073ac", "Named in the letter, detail not recovered", 0],
    ),
]


@pytest.mark.parametrize(("rows", "entry"), [c[1:] for c in UPLOAD_CASES], ids=[c[0] for c in UPLOAD_CASES])
def test_an_uninspected_council_with_these_findings_has_this_entry(dataset, rows, entry):
    view = build_view(with_upload(dataset, rows), Filters())
    assert council_spec(view)["info"][BRISTOL] == entry


# ------------------------------------------------------------------------------ forces

FORCE_CASES = [
    ("two of four councils", CLEVELAND, Filters(), ["#fb8a4f", "2 of 4 councils matching · 2 inspected 2015/16", 0]),
    ("three or more", MET, Filters(), ["#e34a33", "6 of 32 councils matching · 10 inspected 2015/16", 0]),
    ("none", CUMBRIA, Filters(), ["#ffffff", "0 of 1 councils matching · 0 inspected 2015/16", 0]),
    (
        "one of four, by type",
        CLEVELAND,
        Filters(failure_types=("CONF_NONATTEND",)),
        ["#fec79b", "1 of 4 councils matching · 2 inspected 2015/16", 0],
    ),
    (
        "the chosen force",
        CLEVELAND,
        Filters(forces=(CLEVELAND,)),
        ["#fb8a4f", "2 of 4 councils matching · 2 inspected 2015/16", 0],
    ),
    ("another force chosen", MET, Filters(forces=(CLEVELAND,)), ["#cccccc", "Outside the force filter", 0]),
    ("Wales", GWENT, Filters(), ["#999999", "Wales: out of scope (Ofsted inspects England only)", 0]),
]


@pytest.mark.parametrize(("force", "filters", "entry"), [c[1:] for c in FORCE_CASES], ids=[c[0] for c in FORCE_CASES])
def test_a_force_under_filters_has_this_colour_and_tooltip(dataset, force, filters, entry):
    assert force_spec(build_view(dataset, filters))["info"][force] == entry


def test_a_force_named_without_council_detail_is_purple(dataset):
    view = build_view(with_upload(dataset, [("", AVON, "DA_LATE", "high", "yes")]), Filters())
    assert force_spec(view)["info"][AVON] == ["#8073ac", "Named in the letter; no council-level detail recovered", 0]


def test_the_financial_year_adds_the_councils_inspected_before_the_letter(dataset):
    info = council_spec(build_view(dataset, Filters(window=Window.FINANCIAL_YEAR)))["info"]
    letter = council_spec(build_view(dataset, Filters()))["info"]
    added = sorted(set(info) - set(letter))
    assert added and all(
        info[code][1] in ("#fec79b", "#fb8a4f", "#e34a33", "#b30000", "#ffe945", "#92c5de") for code in added
    )


# ------------------------------------------------------------------------------ then and now

THEN_NOW_CASES = [
    (
        "persisted",
        SOLIHULL,
        [
            0,
            "#b2182b",
            "Ofsted 2015/16: requires improvement · Weakness persisted: found again at the next inspection",
            0,
        ],
    ),
    (
        "new",
        MIDDLESBROUGH,
        [1, "#f4a582", "Ofsted 2015/16: requires improvement · New police weakness at the next inspection", 0],
    ),
    (
        "improved, police named",
        "E06000039",
        [2, "#2166ac", "Ofsted 2015/16: inadequate · Improved: the next report says so, naming the police", 0],
    ),
    (
        "improved, inferred",
        STOCKTON,
        [3, "#92c5de", "Ofsted 2015/16: good · Improved (inferred): the process is called good, police not named", 0],
    ),
    (
        "silent",
        "E06000034",
        [
            4,
            "#542788",
            "Ofsted 2015/16: requires improvement · Silent: the next report does not mention it (not a fix)",
            0,
        ],
    ),
    (
        "none then, none now",
        "E06000020",
        [5, "#c7e9c0", "Ofsted 2015/16: requires improvement · No substantive weakness then, none now", 0],
    ),
    (
        "next report not read",
        "E10000021",
        [6, "#cccccc", "Ofsted 2015/16: requires improvement · Next report not read (not in our source)", 0],
    ),
    ("Wales", CARDIFF, [8, "#999999", "Wales: out of scope", 0]),
]


@pytest.mark.parametrize(("council", "entry"), [c[1:] for c in THEN_NOW_CASES], ids=[c[0] for c in THEN_NOW_CASES])
def test_then_and_now_colours_each_council_by_what_its_next_report_said(dataset, council, entry):
    assert then_now_spec(build_view(dataset, Filters()))["info"][council] == entry


def test_then_and_now_leaves_councils_outside_the_42_white(dataset):
    spec = then_now_spec(build_view(dataset, Filters()))
    assert spec["default"] == [7, "#ffffff", "Not among the letter's 42 inspections", 0]
    assert BRISTOL not in spec["info"]


# ------------------------------------------------------------------------------ legend and what is sent


def test_the_council_legend_lists_the_ramp_darkest_first_then_the_other_states():
    assert legend_entries(Layer.COUNCILS) == [
        ("#b30000", "Substantive police weakness: 4+ failure types"),
        ("#e34a33", "Substantive police weakness: 3 failure types"),
        ("#fb8a4f", "Substantive police weakness: 2 failure types"),
        ("#fec79b", "Substantive police weakness: 1 failure type"),
        ("#ffe945", "Minor police weakness only (training, data, one case, or not the police's alone)"),
        ("#8073ac", "Named in the letter, detail not recovered"),
        ("#92c5de", "Inspected, no police weakness in the report"),
        ("#cccccc", "Has evidence, but not matching the filters"),
        ("#ffffff", "No inspection report in the chosen window"),
        ("#999999", "Wales: out of scope (Ofsted inspects England)"),
    ]


def test_the_force_and_then_and_now_legends():
    assert legend_entries(Layer.FORCES) == [
        ("#e34a33", "3 or more councils matching"),
        ("#fb8a4f", "2 councils matching"),
        ("#fec79b", "1 council matching"),
        ("#8073ac", "Force named, no council detail recovered"),
        ("#ffffff", "No matching council"),
        ("#cccccc", "Outside the force filter"),
        ("#999999", "Wales: out of scope"),
    ]
    then_now = legend_entries(Layer.THEN_NOW)
    assert [colour for colour, _ in then_now] == [
        "#b2182b",
        "#f4a582",
        "#2166ac",
        "#92c5de",
        "#542788",
        "#c7e9c0",
        "#cccccc",
        "#ffffff",
        "#999999",
    ]
    assert then_now[-1] == ("#999999", "Wales: out of scope")


def test_grouping_and_interning_keep_every_entry_and_text():
    info = {"E2": [0, "#a", "x · y", 1], "E1": [0, "#a", "x · y", 1], "E3": [1, "#b", "y", 0], "E4": [1, "#b", "", 0]}
    groups = grouped_info(info)
    assert groups == [[[0, "#a", "x · y", 1], "E1 E2"], [[1, "#b", "y", 0], "E3"], [[1, "#b", "", 0], "E4"]]
    interned, texts = interned_texts(groups, 2)
    assert texts == ["x", "y"]
    assert interned == [[[0, "#a", [0, 1], 1], "E1 E2"], [[1, "#b", [1], 0], "E3"], [[1, "#b", [], 0], "E4"]]
