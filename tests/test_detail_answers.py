"""What the detail panel answers for named councils and forces, as literals read from data/*.csv by hand.

Stockton-on-Tees (E06000004, Cleveland Police) has six weaknesses: F011–F014 from the letter (F012 and F014 low
confidence, and "the letter says this; the report does not"), F066–F067 from its report. Of Cleveland's other
councils only Middlesbrough has findings (F021 GENERAL, F043 minor). Northumberland's F022 is tied to it by us
(inferred). Doncaster's F024 is not mentioned by its next report (silent).
"""

from __future__ import annotations

import pytest

from cpmap.detail import council_detail, force_detail
from cpmap.viewmodel import Filters, Status, build_view
from cpmap.vocab import Window
from tests.uploads import with_upload

STOCKTON, NORTHUMBERLAND, DONCASTER, PETERBOROUGH = "E06000004", "E06000057", "E08000017", "E06000031"
HACKNEY = "E09000012"
MIDDLESBROUGH, BRISTOL, CARDIFF = "E06000002", "E06000023", "W06000015"
CLEVELAND = "E23000013"


def detail(dataset, code: str, filters: Filters | None = None):
    return council_detail(build_view(dataset, filters or Filters()), dataset, code)


def flags(items, name: str) -> dict[str, object]:
    return {item.finding_id: getattr(item, name) for item in items}


def test_stocktons_panel_lists_its_six_weaknesses_in_id_order(dataset):
    d = detail(dataset, STOCKTON)
    assert (d.name, d.force_code, d.force_name, d.status) == (
        "Stockton-on-Tees",
        CLEVELAND,
        "Cleveland Police",
        Status.WEAKNESS,
    )
    assert d.status_label == "Substantive police weakness"
    assert [i.finding_id for i in d.weaknesses] == ["F011", "F012", "F013", "F014", "F066", "F067"]
    assert [i.failure_label for i in d.weaknesses[:2]] == [
        "Police missing from strategy discussions",
        "Police missing from child protection conferences",
    ]
    assert d.named_only == () and d.force_level == ()
    assert flags(d.weaknesses, "substantive") == {
        "F011": True,
        "F012": False,
        "F013": False,
        "F014": False,
        "F066": True,
        "F067": False,
    }
    assert flags(d.weaknesses, "confidence") == {
        "F011": "high",
        "F012": "low",
        "F013": "high",
        "F014": "low",
        "F066": "high",
        "F067": "high",
    }
    first = d.weaknesses[0]
    assert (first.source_kind, first.source_label, first.upload) == ("letter", "the Wilshaw letter (as reported)", "")
    assert d.weaknesses[4].source_label == "Ofsted inspection report"


def test_every_finding_matches_without_filters_and_only_the_chosen_type_with_one(dataset):
    assert set(flags(detail(dataset, STOCKTON).weaknesses, "matches").values()) == {True}
    chosen = detail(dataset, STOCKTON, Filters(failure_types=("CONF_NONATTEND",)))
    assert flags(chosen.weaknesses, "matches") == {
        "F011": False,
        "F012": True,
        "F013": False,
        "F014": False,
        "F066": False,
        "F067": False,
    }
    high = detail(dataset, STOCKTON, Filters(min_confidence="high"))
    assert [i.finding_id for i in high.weaknesses if not i.matches] == ["F012", "F014"]


def test_the_letter_only_flag_marks_what_the_report_does_not_say(dataset):
    assert flags(detail(dataset, STOCKTON).weaknesses, "letter_not_in_report") == {
        "F011": False,
        "F012": True,
        "F013": False,
        "F014": True,
        "F066": False,
        "F067": False,
    }


def test_a_finding_tied_by_us_is_inferred_and_a_stated_one_is_not(dataset):
    d = detail(dataset, NORTHUMBERLAND)
    assert flags(d.weaknesses, "inferred") == {"F048": False, "F049": False}
    assert flags(d.named_only, "inferred") == {"F022": True}
    doncaster = detail(dataset, DONCASTER)
    assert [i.finding_id for i in doncaster.named_only] == ["F018"]
    assert flags(doncaster.named_only, "inferred") == {"F018": True}
    # A report's own finding whose passage does not name the police is inferred too (rule R1): Hackney's DBS delay.
    assert flags(detail(dataset, HACKNEY).weaknesses, "inferred")["F073"] is True


def test_other_councils_are_the_forces_councils_with_matching_weaknesses(dataset):
    assert detail(dataset, STOCKTON).other_councils == (("Middlesbrough", 2),)
    assert detail(dataset, MIDDLESBROUGH).other_councils == (("Stockton-on-Tees", 6),)
    # under a type Middlesbrough lacks, its evidence is filtered out and it is no longer listed
    assert detail(dataset, STOCKTON, Filters(failure_types=("CONF_NONATTEND",))).other_councils == ()
    assert detail(dataset, STOCKTON, Filters(failure_types=("LSCB_ENGAGE",))).other_councils == (("Middlesbrough", 1),)


def test_then_and_now_follows_each_weakness_to_the_next_report(dataset):
    d = detail(dataset, STOCKTON)
    by_id = {w.finding_id: w for w in d.weaknesses}
    # The later row names the finding it follows (then_finding_id): the report's F066, not the letter's F011.
    assert [(later.status, later.basis) for later in by_id["F066"].later] == [("improved", "inferred")]
    assert by_id["F011"].later == () and not by_id["F011"].silent_next  # a letter row is not followed itself
    (later,) = by_id["F066"].later
    assert (later.failure_label, later.report_url, later.published) == (
        "Police missing from strategy discussions",
        d.next.report_url,
        d.next.published,
    )
    assert later.report_url.startswith("https://")
    assert by_id["F067"].later == () and not by_id["F067"].silent_next  # minor: not followed up
    assert (d.next.type_label, d.next.then_now, d.next.new_weaknesses) == (
        "ILACS short inspection",
        "improved_inferred",
        (),
    )
    assert d.next.then_now_label == "Improved (inferred): the process is called good, police not named"
    doncaster = detail(dataset, DONCASTER)
    # Both later rows the first reading gave Doncaster praised other processes (rule R5): now silent.
    assert flags(doncaster.weaknesses, "silent_next") == {"F024": True, "F025": True, "F026": True, "F027": False}
    assert doncaster.next.type_label == "SIF re-inspection"
    middlesbrough = detail(dataset, MIDDLESBROUGH)
    assert [w.failure_label for w in middlesbrough.next.new_weaknesses] and all(
        w.status == "new" for w in middlesbrough.next.new_weaknesses
    )


def test_the_inspection_facts_and_the_window_note(dataset):
    facts = detail(dataset, STOCKTON).inspection
    assert (facts.dates, facts.published, facts.overall, facts.window, facts.window_note) == (
        "2016-05-23 to 2016-06-16",
        "2016-08-05",
        "good",
        "letter",
        "",
    )
    assert (facts.report_url, facts.source_url, facts.confidence) == (
        "https://files.ofsted.gov.uk/v1/file/2761258",
        "https://files.ofsted.gov.uk/v1/file/2761258",
        "high",
    )
    assert facts.judgements[0] == ("Children who need help and protection", "good")
    assert facts.judgements[-1] == ("Local Safeguarding Children Board", "requires improvement")
    assert len(facts.judgements) == 6
    note = detail(dataset, PETERBOROUGH).inspection.window_note
    assert note == (
        "Published before the letter's window (October 2015 – September 2016): one of financial year 2015/16. "
        "Shown with the letter's 42 because the letter names this council."
    )
    assert detail(dataset, PETERBOROUGH, Filters(window=Window.FINANCIAL_YEAR)).inspection.window_note == note
    assert detail(dataset, BRISTOL).inspection is None and detail(dataset, BRISTOL).next is None


def test_responses_are_the_forces_own(dataset):
    (response,) = detail(dataset, STOCKTON).responses
    assert response.summary.startswith("Deputy Chief Constable Simon Nickless said")
    assert response.confidence == "high"
    assert response.source_url == (
        "https://www.cleveland.pcc.police.uk/News-and-Events/News-Archive/2016/"
        "Police-Response-to-Ofsted-Letter-to-HMIC-Regarding-Child-Protection.aspx"
    )
    assert detail(dataset, NORTHUMBERLAND).responses == ()


def test_a_welsh_council_is_out_of_scope(dataset):
    d = detail(dataset, CARDIFF)
    assert d.status is Status.OUT_OF_SCOPE and d.weaknesses == () and d.other_councils == ()


def test_the_force_panel_counts_and_lists_its_inspected_councils(dataset):
    f = force_detail(build_view(dataset, Filters()), dataset, CLEVELAND)
    assert (f.name, f.ons_name, f.n_councils, f.n_matching) == ("Cleveland Police", "Cleveland", 4, 2)
    assert f.inspected == (
        (
            "Middlesbrough",
            "requires improvement",
            "Minor police weakness only (training, data, one case, or not the police's alone)",
        ),
        ("Stockton-on-Tees", "good", "Substantive police weakness"),
    )
    assert f.failure_labels == (
        "Police missing from child protection conferences",
        "Force named, detail not recovered",
        "Weak inquiry or case closed too early",
        "Weak police part in the LSCB",
        "Police missing from strategy discussions",
    )
    assert f.then_now == {"persisted": 0, "improved": 1, "silent": 0, "new": 1}
    assert len(f.responses) == 1 and f.force_level == ()


def test_the_force_panel_follows_the_filters(dataset):
    f = force_detail(build_view(dataset, Filters(failure_types=("CONF_NONATTEND",))), dataset, CLEVELAND)
    assert f.n_matching == 1
    assert f.failure_labels == ("Police missing from child protection conferences",)
    assert f.inspected[0][2] == "Has evidence, but not matching the filters"


@pytest.mark.parametrize("code", [STOCKTON, MIDDLESBROUGH])
def test_findings_of_an_upload_carry_its_label(dataset, code):
    uploaded = with_upload(dataset, [(code, "", "DA_LATE", "medium", "yes")])
    d = council_detail(build_view(uploaded, Filters()), uploaded, code)
    mine = [i for i in d.weaknesses if i.upload]
    assert [(i.upload, i.failure_type, i.matches, i.later, i.silent_next) for i in mine] == [
        ("upload: t.csv", "DA_LATE", True, (), False)
    ]
    assert mine[0].finding_id == "upload: t.csv:L2"
    # an upload in the older format has no paragraphs column: its findings carry blank text, not a missing value
    assert (mine[0].paragraphs, mine[0].summary) == ("", "test finding 0")


def test_a_forces_panel_gives_its_councils_in_the_whole_round(dataset):
    from cpmap.detail import round_figures

    # Cleveland: all four councils inspected and read; Stockton-on-Tees and Hartlepool substantive
    assert round_figures(dataset, CLEVELAND) == (4, 4, 2, 0)
    # Dorset: Dorset, Bournemouth and Poole inspected, none of their reports in our source
    assert round_figures(dataset, "E23000039") == (3, 0, 0, 3)
    view = build_view(dataset, Filters())
    assert force_detail(view, dataset, CLEVELAND).round_councils == (4, 4, 2, 0)


def test_a_council_inspected_twice_in_the_round_shows_both_inspections(dataset):
    round_view = build_view(dataset, Filters(window=Window.ROUND))
    d = council_detail(round_view, dataset, DONCASTER)
    assert [i.published for i in d.window_inspections] == ["2015-11-27", "2018-01-19"]
    assert d.inspection.published == "2018-01-19"
    letter = council_detail(build_view(dataset, Filters()), dataset, DONCASTER)
    assert [i.published for i in letter.window_inspections] == ["2015-11-27"]
    assert {w.finding_id for w in letter.weaknesses} == {w.finding_id for w in d.weaknesses}  # 2018: none found
    # Slough, inspected in 2014 and 2016: the 2014 report's findings appear in the round's panel only
    slough = "E06000039"
    both = council_detail(round_view, dataset, slough)
    only_2016 = council_detail(build_view(dataset, Filters()), dataset, slough)
    assert [i.published for i in both.window_inspections] == ["2014-02-14", "2016-02-17"]
    assert {w.finding_id for w in only_2016.weaknesses} < {w.finding_id for w in both.weaknesses}
    assert {w.inspection_published for w in both.weaknesses} >= {"2014-02-14", "2016-02-17"}
