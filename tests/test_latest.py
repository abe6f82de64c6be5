"""Issue 21: the latest inspections, later councils, the then-and-latest rows, the timeline and the URL's state."""

from __future__ import annotations

import pytest

from cpmap.dataset import latest_inspections, load_dataset
from cpmap.detail import council_detail, force_detail
from cpmap.frontpage import NOT_GIVEN, front_page
from cpmap.rules import latest_status
from cpmap.successors import load_successors
from cpmap.urlstate import ViewState, parse_query, to_query
from cpmap.viewmodel import Filters, ThenNow, build_view, latest_against_then
from cpmap.vocab import Window

GRID_2019 = """Solihull Metropolitan Borough Council
Inspection dates: 11 November 2019 to 22 November 2019

 Judgement                                                     Grade
 The impact of leaders on social work practice with children
                                                               Requires improvement
 and families
 The experiences and progress of children who need help and
                                                               Requires improvement
 protection
 The experiences and progress of children in care and care
                                                               Good
 leavers
 Overall effectiveness                                         Requires improvement
The local authority has made some progress.
"""

GRID_UNINDENTED = """Oxfordshire County Council
Inspection dates: 16 April to 20 April 2018

Judgement                                                   Grade
The impact of leaders on social work practice with          Good
children and families
The experiences and progress of children who need           Requires improvement to
help and protection                                         be good
The experiences and progress of children in care and        Good
care leavers
Overall effectiveness                                       Good
"""


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def test_front_page_reads_a_grid_whose_grades_sit_between_wrapped_labels():
    page = front_page(GRID_2019)
    assert (page.inspection_start, page.inspection_end) == ("2019-11-11", "2019-11-22")
    assert page.judgements == {
        "leadership_judgement": "requires improvement",
        "help_protection_judgement": "requires improvement",
        "looked_after_judgement": "good",
        "overall_judgement": "requires improvement",
    }


def test_front_page_reads_a_wrapped_requires_improvement_to_be_good_at_the_margin():
    page = front_page(GRID_UNINDENTED)
    assert page.judgements["help_protection_judgement"] == "requires improvement"
    assert page.judgements["looked_after_judgement"] == "good"
    assert "care_leavers_judgement" not in page.judgements


def test_front_page_spans_an_inspection_in_two_visits():
    text = GRID_2019.replace("11 November 2019 to 22 November 2019", "5 to 9 December 2022 and 14 to 15 February 2023")
    page = front_page(text)
    assert (page.inspection_start, page.inspection_end) == ("2022-12-05", "2023-02-15")


def test_no_overall_judgement_is_not_given_only_from_april_2026():
    without = GRID_2019.replace(
        " Overall effectiveness                                         Requires improvement\n", ""
    )
    with pytest.raises(ValueError, match="before April 2026"):
        front_page(without)
    later = without.replace("11 November 2019 to 22 November 2019", "8 to 19 June 2026")
    assert front_page(later).judgements["overall_judgement"] == NOT_GIVEN


def test_front_page_of_a_sif_report_is_none():
    assert (
        front_page("Ofsted\nInspection date: 2 June 2014 – 25 June 2014\n\n1. Children who need help  Good\n") is None
    )


@pytest.mark.parametrize(
    ("reading", "same", "named", "status"),
    [
        ("weakness", "yes", "yes", "persists"),
        ("weakness", "yes", "no", "silent"),  # R4: a later weakness must name the police
        ("weakness", "no", "yes", "silent"),  # another process: new, not this one's fate
        ("strength", "yes", "no", "improved"),
        ("strength", "no", "yes", "silent"),  # praise of another process is silence
        ("none", "", "", "silent"),
    ],
)
def test_latest_status_follows_the_rule_book(reading, same, named, status):
    assert latest_status(reading, same, named) == status


def test_successor_table_names_every_council_formed_since_2016(dataset):
    later = {s.successor_code: s.successor_name for s in load_successors()}
    for code in ("E06000058", "E06000059", "E06000061", "E06000062", "E06000063", "E06000064"):
        assert code in dataset.gazetteer.later_councils, code
    assert later["E06000058"] == "Bournemouth, Christchurch and Poole"
    assert dataset.gazetteer.areas_of("E06000058") == ("E06000028", "E06000029")
    assert dataset.gazetteer.areas_of("E06000060") == ("E10000002",)  # Buckinghamshire: code changed only


def test_every_english_area_has_its_latest_inspection(dataset):
    latest = latest_inspections(dataset)
    english = {c.code for c in dataset.gazetteer.english_councils}
    assert set(latest["area_code"]) == english
    assert latest.groupby("area_code").size().max() == 2  # a split county: both later councils
    assert set(latest.loc[latest["area_code"] == "E10000021", "council_code"]) == {"E06000061", "E06000062"}
    assert (latest["window"] == "ilacs").all()


def test_bournemouth_shows_that_its_latest_report_is_bcps(dataset):
    view = build_view(dataset, Filters(window=Window.LATEST))
    detail = council_detail(view, dataset, "E06000028")
    assert [s.name for s in detail.successors] == ["Bournemouth, Christchurch and Poole"]
    assert "merged" in detail.successors[0].how
    assert [w.published for w in detail.window_inspections] == ["2025-01-29"]
    assert detail.timeline[-1].council_name == "Bournemouth, Christchurch and Poole"


def test_solihull_timeline_runs_2016_2020_2023_2026_with_strategy_meetings_each_time(dataset):
    view = build_view(dataset, Filters(window=Window.LATEST))
    detail = council_detail(view, dataset, "E08000029")
    assert [t.published[:4] for t in detail.timeline] == ["2016", "2020", "2023", "2026"]
    strategy = "Police missing from strategy discussions"
    assert strategy in [w.failure_label for w in detail.timeline[0].weaknesses]
    assert strategy in [w.failure_label for w in detail.timeline[1].weaknesses]
    assert all(t.police_read for t in detail.timeline)
    said = {(i.published[:4], i.status) for i in detail.latest if i.then_label == strategy}
    assert said == {("2023", "silent"), ("2026", "improved")}


def test_latest_window_counts_only_each_areas_latest_report(dataset):
    view = build_view(dataset, Filters(window=Window.LATEST))
    ids = set(latest_inspections(dataset)["inspection_id"])
    assert view.figures.inspections == len(ids)
    assert set(view.findings.loc[view.findings["council_code"] != "", "inspection_id"]) <= ids
    assert view.councils.loc["E08000029", "then_now"] == ThenNow.IMPROVED_INFERRED


def test_then_and_latest_reads_only_the_latest_report(dataset):
    rows = dataset.then_latest
    latest = set(latest_inspections(dataset)["inspection_id"])
    # Solihull's 2023 row is in the timeline; only its 2026 row decides the then-and-now colour
    solihull = rows[rows["council_code"] == "E08000029"]
    assert len(solihull) == 2 and len(solihull[solihull["inspection_id"].isin(latest)]) == 1


def test_page_compares_the_latest_reports_with_2015_16(dataset):
    (n, weak, substantive, then_n, then_weak, then_substantive), table = latest_against_then(dataset)
    assert n == len(set(latest_inspections(dataset)["inspection_id"]))
    assert 0 < substantive <= weak < n and 0 < then_substantive <= then_weak <= then_n
    assert table["Latest (to 2026)"].sum() > 0 and table["2015/16"].sum() > 0


def test_force_panel_gives_each_round(dataset):
    view = build_view(dataset, Filters(window=Window.LATEST))
    rounds = force_detail(view, dataset, "E23000013").rounds  # Cleveland
    assert [r[0] for r in rounds] == ["2015/16", "2013–18 round", "Latest (to 2026)"]
    assert all(inspected >= weak >= substantive for _, inspected, substantive, weak in rounds)
    assert rounds[2][1] == 4  # Cleveland's four councils each have a latest report


def test_url_keeps_the_latest_window_and_an_open_timeline(dataset):
    state = ViewState(filters=Filters(window=Window.LATEST), area="E08000029", timeline=True)
    query = to_query(state)
    assert query["window"] == ["latest"] and query["timeline"] == ["open"]
    back, notices = parse_query(query, dataset)
    assert back == state and notices == []
    _, notices = parse_query({"timeline": ["sideways"]}, dataset)
    assert notices and "timeline" in notices[0]


def test_not_given_judgement_round_trips_in_the_url(dataset):
    state = ViewState(filters=Filters(window=Window.LATEST, judgements=(NOT_GIVEN,)))
    assert to_query(state)["judgement"] == ["not-given"]
    assert parse_query(to_query(state), dataset)[0] == state


def _validate(dataset, text: str, kind: str):
    from cpmap.validate import validate_bytes

    return validate_bytes(text.encode(), "t.csv", dataset.reference, kind)


def test_validator_refuses_not_given_before_april_2026(dataset):
    header = (
        "council_code,inspection_start,inspection_end,published,framework,overall_judgement,source_url,confidence\n"
    )
    ok = "E08000029,2026-06-08,2026-06-19,2026-07-28,ilacs_standard,not given (framework changed April 2026),https://x.org,high\n"
    early = ok.replace("2026-06-08", "2025-11-03")
    assert _validate(dataset, header + ok, "inspections").ok
    result = _validate(dataset, header + early, "inspections")
    assert "t.csv:2: overall_judgement: 'not given' for a report inspected before April 2026" in str(
        result.problems[0]
    ).replace("is 'not given'", "'not given'")


def test_validator_refuses_a_then_latest_status_the_rules_do_not_give(dataset):
    header = "then_finding_id,council_code,inspection_id,reading,same_process,police_named,status,basis,paragraphs,summary,confidence\n"
    row = "F060,E08000029,E08000029-2026-01-12,strength,yes,no,{status},{basis},3,Strategy discussions timely.,high\n"
    assert _validate(dataset, header + row.format(status="improved", basis="inferred"), "then_latest").ok
    result = _validate(dataset, header + row.format(status="silent", basis=""), "then_latest")
    messages = [str(p) for p in result.problems]
    assert any("status: 'silent' disagrees with rule R5 status" in m for m in messages), messages


def test_a_later_council_is_known_by_its_own_code_and_name(dataset):
    header = "council_code,council_name,published,framework,overall_judgement,source_url,confidence\n"
    row = "E06000059,Dorset Council,2025-05-09,ilacs_short,good,https://x.org,high\n"
    assert _validate(dataset, header + row, "inspections").ok
    wrong = "E06000059,Poole,2025-05-09,ilacs_short,good,https://x.org,high\n"
    assert not _validate(dataset, header + wrong, "inspections").ok
