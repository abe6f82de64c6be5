"""The view model's figures and counts under named filters, as literals read from data/findings.csv and
data/inspections.csv (gaps shown by `make mutate`)."""

from __future__ import annotations

import pytest

from cpmap.viewmodel import Figures, Filters, build_view

STOCKTON, MIDDLESBROUGH, BRISTOL = "E06000004", "E06000002", "E06000023"
# Named by the letter, but its report (18 Sep 2015) is just before the letter's window: it is shown on the map and
# its 3 findings are listed (79 = 76 in the window + 3), but it is left out of the councils and forces counted.
PETERBOROUGH = ("Peterborough",)


@pytest.mark.parametrize(
    ("filters", "figures"),
    [
        (Filters(), Figures(42, 31, 19, 0, 20, 79, PETERBOROUGH)),
        (Filters(judgements=("inadequate",)), Figures(42, 7, 7, 0, 6, 22, PETERBOROUGH)),
        (Filters(protection=("inadequate",)), Figures(42, 6, 6, 0, 5, 21, PETERBOROUGH)),
        # Northumberland's letter row (F022) is "force named, detail not recovered" since the second reading.
        (Filters(failure_types=("GENERAL",)), Figures(42, 0, 0, 9, 6, 9, PETERBOROUGH)),
    ],
)
def test_the_figures_under_these_filters(dataset, filters, figures):
    assert build_view(dataset, filters).figures == figures


def test_judgement_filters_keep_only_findings_of_councils_so_judged(dataset):
    inadequate = build_view(dataset, Filters(judgements=("inadequate",)))
    protection = build_view(dataset, Filters(protection=("inadequate",)))
    assert set(inadequate.findings["finding_id"]) - set(protection.findings["finding_id"]) == {"F023"}
    assert len(protection.findings) == 21
    assert inadequate.councils.at[MIDDLESBROUGH, "status"] == "filtered_out"  # requires improvement
    assert inadequate.councils.at[STOCKTON, "status"] == "filtered_out"  # good
    # outside the chosen judgements a council is greyed out even with nothing found: Reading was inadequate
    good = build_view(dataset, Filters(judgements=("good",))).councils
    assert good.loc[["E06000038", STOCKTON, BRISTOL], "status"].tolist() == ["filtered_out", "weakness", "filtered_out"]


def test_counts_per_council(dataset):
    councils = build_view(dataset, Filters()).councils
    assert councils.loc[
        [STOCKTON, MIDDLESBROUGH, BRISTOL], ["n_findings", "n_types", "n_substantive"]
    ].values.tolist() == [
        [6, 4, 2],
        [2, 1, 0],
        [0, 0, 0],
    ]
    assert councils.loc[[STOCKTON, MIDDLESBROUGH, BRISTOL], "protection_judgement"].tolist() == [
        "good",
        "requires improvement",
        "",
    ]


def test_findings_by_type_list_every_type_with_its_label_and_count(dataset):
    by_type = build_view(dataset, Filters()).by_type
    assert by_type[["failure_type", "findings"]].values.tolist() == [
        ["DA_LATE", 7],
        ["REFERRAL_DELAY", 1],
        ["MISSING_NOTIFY", 1],
        ["STRAT_NONATTEND", 5],
        ["CONF_NONATTEND", 13],
        ["JOINT_VISIT", 2],
        ["JOINT_ENQUIRY", 3],
        ["JOINT_INTERVIEW", 0],
        ["POLPROT_NO_CONSULT", 2],
        ["INVEST_CLOSURE", 2],
        ["DBS_BACKLOG", 5],
        ["LSCB_ENGAGE", 9],
        ["PARTNERSHIP_ENGAGE", 1],
        ["MASH_INFO", 6],
        ["MARAC_REFERRAL", 0],
        ["CUSTODY", 0],
        ["CSE_RESPONSE", 4],
        ["CAPACITY_GAP", 3],
        ["GENERAL", 9],
        ["POLICE_ACCESS", 2],
        ["INSPECTION_RESPONSE", 3],
        # Slough's police deciding alone on referrals about staff (F040), since the round added the type
        ["LADO", 1],
        ["JOINT_WORKING", 0],
    ]
    assert by_type["label"].iloc[0] == "Domestic abuse notices late or batched"
    only = build_view(dataset, Filters(failure_types=("DBS_BACKLOG",))).by_type
    assert only["findings"].tolist() == [0] * 10 + [5] + [0] * 12
