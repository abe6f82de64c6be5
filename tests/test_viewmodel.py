"""Council and force status under filters, figures and the matching findings."""

from __future__ import annotations

import pytest

from cpmap import config
from cpmap.dataset import load_dataset
from cpmap.viewmodel import NOT_INSPECTED, Filters, MatchMode, Status, build_view
from cpmap.vocab import Window

STOCKTON, SOUTHEND, TORBAY, DORSET, BURY, WIRRAL = (
    "E06000004",
    "E06000033",
    "E06000027",
    "E10000009",
    "E08000002",
    "E08000015",
)
CLEVELAND = "E23000013"
WANDSWORTH = "E09000032"


@pytest.fixture(scope="module")
def unfiltered(dataset):
    return build_view(dataset, Filters())


def test_stockton_shows_the_letters_claims_and_its_reports_findings_under_cleveland(dataset, unfiltered):
    stockton = unfiltered.councils.loc[STOCKTON]
    assert stockton["status"] == Status.WEAKNESS
    assert stockton["force_name"] == "Cleveland Police"
    rows = dataset.findings[dataset.findings["council_code"] == STOCKTON]
    assert stockton["n_findings"] == len(rows)
    types = set(unfiltered.findings.loc[unfiltered.findings["council_code"] == STOCKTON, "failure_type"])
    assert types == {"STRAT_NONATTEND", "CONF_NONATTEND", "INVEST_CLOSURE", "LSCB_ENGAGE"}
    assert stockton["n_types"] == 4
    # The report, not only the letter, shows officers missing strategy discussions, with paragraphs.
    report = rows[(rows["source_kind"] == "inspection_report") & (rows["failure_type"] == "STRAT_NONATTEND")]
    assert not report.empty and (report["paragraphs"] != "").all()


@pytest.mark.parametrize("code", [SOUTHEND, TORBAY, DORSET, BURY, WIRRAL])
def test_named_councils_show_their_weaknesses(unfiltered, code):
    assert unfiltered.councils.loc[code, "status"] == Status.WEAKNESS
    assert unfiltered.councils.loc[code, "n_findings"] >= 1


def test_every_council_has_exactly_one_status_and_wales_is_out_of_scope(unfiltered):
    councils = unfiltered.councils
    assert len(councils) == 174
    welsh = councils[councils["code"].str.startswith("W")]
    assert (welsh["status"] == Status.OUT_OF_SCOPE).all()
    english = councils[councils["code"].str.startswith("E")]
    assert not (english["status"] == Status.OUT_OF_SCOPE).any()


def test_inspected_councils_without_findings_are_not_shown_as_weak(dataset, unfiltered):
    inspections = dataset.inspections
    letter_window = inspections[inspections["window"] == "letter"]
    findings = dataset.findings
    with_findings = set(findings.loc[findings["inspection_id"].isin(letter_window.index), "council_code"])
    inspected_only = set(letter_window["council_code"]) - with_findings
    assert inspected_only
    assert set(unfiltered.councils.loc[sorted(inspected_only), "status"]) == {Status.INSPECTED}


def test_figures_count_what_the_tables_hold(dataset, unfiltered):
    figures = unfiltered.figures
    assert figures.inspections == 42 == (dataset.inspections["window"] == "letter").sum()
    councils = unfiltered.councils
    statuses = councils.loc[councils["window"] == "letter", "status"]  # Peterborough is shown, not counted
    assert figures.councils_substantive == (statuses == Status.WEAKNESS).sum() == 19
    assert figures.councils_with_weaknesses == statuses.isin([Status.WEAKNESS, Status.MINOR]).sum() == 31
    assert figures.named_outside_window == ("Peterborough",)
    # the findings of the letter's 42 inspections and of Peterborough's 2015 one (the letter names it)
    inspections = dataset.inspections
    shown = inspections.index[(inspections["window"] == "letter") | (inspections["council_code"] == "E06000031")]
    in_window = dataset.findings[dataset.findings["inspection_id"].isin(shown)]
    assert figures.findings == len(in_window) == len(unfiltered.findings)
    assert figures.forces_involved == in_window.loc[in_window["council_code"] != "E06000031", "force_code"].nunique()
    assert figures.headline().startswith("42 inspections · police weaknesses in ")


def test_the_wider_window_adds_the_financial_year_reports(dataset, unfiltered):
    wide = build_view(dataset, Filters(window=Window.FINANCIAL_YEAR))
    then = dataset.inspections["window"].isin(["letter", "fy_only"])
    assert wide.figures.inspections == then.sum() == 62 > unfiltered.figures.inspections
    salford = "E08000006"  # published June 2015: outside the letter's window
    assert unfiltered.councils.loc[salford, "status"] == Status.NOT_IDENTIFIED
    assert wide.councils.loc[salford, "status"] == Status.WEAKNESS
    assert salford not in set(unfiltered.findings["council_code"])


def test_the_whole_round_takes_in_every_sif_inspection_and_its_findings(dataset, unfiltered):
    whole = build_view(dataset, Filters(window=Window.ROUND))
    sif = dataset.inspections["window"].isin(["letter", "fy_only", "round"])
    assert whole.figures.inspections == sif.sum() == 172
    # every English council has an inspection in the round (Bournemouth and Poole known only from the press)
    english = whole.councils[whole.councils["code"].str.startswith("E")]
    assert (english["judgement"] != NOT_INSPECTED).all() and len(english) == 152
    assert (unfiltered.councils["judgement"] == NOT_INSPECTED).sum() > 100
    bolton = "E08000001"  # inspected in 2014 only: nothing in the letter's window, weaknesses in the round
    assert unfiltered.councils.loc[bolton, "status"] == Status.NOT_IDENTIFIED
    assert whole.councils.loc[bolton, "status"] == Status.WEAKNESS
    # a council inspected twice in the round counts both inspections' findings
    doncaster = dataset.findings[dataset.findings["council_code"] == "E08000017"]
    doncaster = doncaster[doncaster["inspection_id"].map(dataset.inspections["window"]) != "ilacs"]
    assert set(whole.findings.loc[whole.findings["council_code"] == "E08000017", "finding_id"]) == set(
        doncaster["finding_id"]
    )
    assert whole.figures.findings > unfiltered.figures.findings


def test_peterborough_is_shown_with_the_42_because_the_letter_names_it(dataset, unfiltered):
    peterborough = "E06000031"
    mine = dataset.inspections[dataset.inspections["council_code"] == peterborough]
    assert mine["window"].tolist() == ["fy_only", "ilacs", "ilacs"]  # and two ILACS reports since
    row = unfiltered.councils.loc[peterborough]
    assert row["named_in_letter"] and row["in_window"]
    assert row["status"] == Status.WEAKNESS


def test_substantive_and_minor_weaknesses_are_told_apart(unfiltered):
    councils = unfiltered.councils
    hertfordshire = "E10000015"  # a data gap the report does not blame on the police: minor only
    assert councils.loc[hertfordshire, "status"] == Status.MINOR
    assert councils.loc[hertfordshire, "n_substantive"] == 0
    assert councils.loc[WIRRAL, "status"] == Status.WEAKNESS
    assert councils.loc[WIRRAL, "n_substantive"] >= 1


def test_filtering_by_failure_type_changes_figures_and_keeps_other_evidence_visible(dataset, unfiltered):
    view = build_view(dataset, Filters(failure_types=("DBS_BACKLOG",)))
    assert view.councils.loc[DORSET, "status"] == Status.WEAKNESS
    assert view.councils.loc[DORSET, "n_types"] == 1
    # Stockton has evidence, just not of this type: it must not look like "no weakness".
    assert view.councils.loc[STOCKTON, "status"] == Status.FILTERED_OUT
    assert view.figures.councils_with_weaknesses < unfiltered.figures.councils_with_weaknesses
    assert set(view.findings["failure_type"]) == {"DBS_BACKLOG"}


def test_match_all_needs_every_selected_type(dataset):
    any_view = build_view(dataset, Filters(failure_types=("CONF_NONATTEND", "DBS_BACKLOG")))
    all_view = build_view(dataset, Filters(failure_types=("CONF_NONATTEND", "DBS_BACKLOG"), match=MatchMode.ALL))
    any_weak = set(any_view.councils.index[any_view.councils["status"] == Status.WEAKNESS])
    all_weak = set(all_view.councils.index[all_view.councils["status"] == Status.WEAKNESS])
    assert all_weak == {DORSET}
    assert {BURY, DORSET, WANDSWORTH} <= any_weak
    assert set(all_view.findings["council_code"]) == {DORSET}


def test_force_filter_leaves_other_forces_filtered_out(dataset):
    view = build_view(dataset, Filters(forces=(CLEVELAND,)))
    outside = view.councils[(view.councils["force_code"] != CLEVELAND) & view.councils["code"].str.startswith("E")]
    assert (outside["status"] == Status.FILTERED_OUT).all()
    assert set(view.findings["force_code"]) == {CLEVELAND}
    # Stockton (substantive) and Middlesbrough (minor: police rarely at the board's training).
    assert view.forces.loc[CLEVELAND, "n_councils_with_weaknesses"] == 2


def test_minimum_confidence_drops_low_confidence_evidence(dataset, unfiltered):
    view = build_view(dataset, Filters(min_confidence="medium"))
    assert (view.findings["confidence"] != "low").all()
    low = set(unfiltered.findings.loc[unfiltered.findings["confidence"] == "low", "finding_id"])
    assert low and not low & set(view.findings["finding_id"])
    assert len(view.findings) == len(unfiltered.findings) - len(low)


def test_judgement_filter_keeps_only_councils_with_that_judgement(dataset):
    view = build_view(dataset, Filters(judgements=("inadequate",)))
    weak = view.councils[view.councils["status"] == Status.WEAKNESS]
    assert not weak.empty
    assert set(weak["judgement"]) == {"inadequate"}
    assert view.councils.loc[STOCKTON, "status"] == Status.FILTERED_OUT  # judged good


def test_force_view_counts_matching_councils_and_force_level_findings(unfiltered, dataset):
    forces = unfiltered.forces
    english = forces[forces["in_england"]]
    assert len(english) == 39
    assert english["n_councils"].sum() == 152
    assert forces.loc[CLEVELAND, "n_councils_matching"] == 2  # Stockton (substantive) and Middlesbrough (minor)
    force_level = dataset.findings[dataset.findings["council_code"] == ""]
    assert forces["n_force_findings"].sum() == len(force_level)


def test_uploaded_findings_are_a_separate_source(dataset):
    record = {
        "finding_id": "X1",
        "council_code": "E06000001",
        "council_name": "Hartlepool",
        "force_code": CLEVELAND,
        "failure_type": "DA_LATE",
        "summary": "Example",
        "source_url": "https://example.org/a",
        "source_kind": "press",
        "confidence": "medium",
    }
    combined = dataset.with_findings([record], "upload: test.csv")
    view = build_view(combined, Filters())
    assert view.councils.loc["E06000001", "status"] == Status.WEAKNESS
    only_bundled = build_view(combined, Filters(sources=("bundled",)))
    # Evidence exists in the other source, so the council is "not matching", never "nothing found".
    assert only_bundled.councils.loc["E06000001", "status"] == Status.FILTERED_OUT
    assert "upload: test.csv" not in set(only_bundled.findings["source"])
    assert len(dataset.findings) + 1 == len(combined.findings)


def test_a_datasets_revision_names_the_findings_it_holds(dataset, layers_dir):
    records = dataset.findings.drop(columns=["source", "confidence_rank"]).head(2).to_dict("records")
    added = dataset.with_findings(records, "upload: a.csv")
    assert added.revision == dataset.with_findings(records, "upload: a.csv").revision  # a rerun reuses its views
    assert added.revision != dataset.revision
    assert added.revision != dataset.with_findings(records[:1], "upload: a.csv").revision
    assert added.revision != dataset.with_findings(records, "upload: b.csv").revision
    assert dataset.with_findings(records, "upload: a.csv", digest="1").revision != added.revision
    assert dataset.with_findings([], "upload: a.csv").revision == dataset.revision
    assert load_dataset(config.DATA_DIR, layers_dir).revision != dataset.revision  # each load is its own
