"""The detail panel's lines and answers, the dataset's tables, the council export and the standalone map, pinned
where a change to the code went unnoticed (issue 23): blank paragraphs, missing reports, the 2015/16 fallback,
ILACS labels, uploads pointing at inspections we do not hold, and the styles written into the HTML file."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from components.detail import finding_markdown, inspection_lines, latest_lines, rounds_chart, timeline_lines
from components.text import md, md_link
from cpmap import config
from cpmap.dataset import load_dataset
from cpmap.detail import (
    CouncilDetail,
    FindingItem,
    ForceDetail,
    InspectionFacts,
    LatestItem,
    TimelineEntry,
    TimelineWeakness,
    _inspection_facts,
    _next,
    council_detail,
    force_detail,
    force_rounds,
    latest_items,
    timeline,
)
from cpmap.export import council_table
from cpmap.layers import committed_layers
from cpmap.standalone import LEGEND_CSS, leaflet_files, standalone_html
from cpmap.urlstate import ViewState
from cpmap.validate import validate_upload
from cpmap.viewmodel import Filters, build_view
from tests.test_standalone import needs_leaflet
from tests.uploads import with_upload

STOCKTON, DARLINGTON, BIRMINGHAM = "E06000004", "E06000005", "E08000025"
CLEVELAND = "E23000013"


def _council(**parts) -> CouncilDetail:
    return CouncilDetail(
        code="E06000004",
        name="Stockton-on-Tees",
        force_code=CLEVELAND,
        force_name="Cleveland Police",
        status="weakness",
        status_label="",
        inspection=None,
        weaknesses=(),
        named_only=(),
        force_level=(),
        responses=(),
        other_councils=(),
        next=None,
        **parts,
    )


def _finding(**changes) -> FindingItem:
    item = FindingItem(
        finding_id="F1",
        failure_type="DA_LATE",
        failure_label="Domestic abuse notices late",
        summary="Notices came late.",
        paragraphs="24",
        source_kind="letter",
        source_label="the Wilshaw letter (as reported)",
        source_url="https://news/1",
        confidence="high",
        substantive=True,
        inferred=False,
        letter_not_in_report=False,
        matches=True,
        upload="",
    )
    return replace(item, **changes)


# components/detail.py: the lines of the panel


def test_a_letter_finding_with_paragraphs_names_the_letter_without_a_date():
    source = finding_markdown(_finding()).split("  \n")[2]
    assert source == (
        f"{md('the Wilshaw letter (as reported)')}, paragraph 24 · "
        f"{md_link('the Wilshaw letter (as reported)', 'https://news/1')} · high confidence"
    )


def test_a_report_finding_without_a_publication_date_gives_none():
    item = _finding(source_kind="inspection_report", source_label="Ofsted inspection report", paragraphs="3, 4")
    source = finding_markdown(item).split("  \n")[2]
    assert source.startswith(f"{md('Ofsted inspection report')}, paragraphs {md('3, 4')} · ")


def test_an_inspection_without_a_report_says_it_is_not_in_our_source():
    facts = InspectionFacts(
        dates="2015-06-23 to 2015-07-16",
        published="2015-09-01",
        window="fy_only",
        overall="inadequate",
        judgements=(),
        report_url="",
        source_url="https://s/1",
        confidence="high",
        note="",
        window_note="",
    )
    assert inspection_lines(facts).split("  \n") == [
        f"Inspected: {md('2015-06-23 to 2015-07-16')} · published: {md('2015-09-01')}",
        "Overall judgement: **inadequate**",
        "Report not in our source",
        f"Facts from: {md_link('source', 'https://s/1')} · high confidence",
    ]


def _latest(paragraphs: str, confidence: str = "high") -> LatestItem:
    return LatestItem(
        "F1",
        "Strategy",
        "2016",
        "persists",
        "",
        "weakness",
        "yes",
        "yes",
        "",
        paragraphs,
        "https://r",
        "2026",
        confidence,
    )


def test_a_latest_line_gives_one_paragraph_in_the_singular_and_several_in_the_plural():
    one, several = latest_lines(_council(latest=(_latest("3"), replace(_latest("3, 7"), then_finding_id="F2"))))
    link = md_link("report", "https://r")
    assert (
        one
        == f"**Strategy** (2016) → **{md('Still found, the police named')}** (2026, paragraph 3, {link}) · high confidence"
    )
    assert f"(2026, paragraphs {md('3, 7')}, {link})" in several


def test_a_latest_line_with_an_unknown_confidence_gives_the_word_itself():
    [line] = latest_lines(_council(latest=(_latest("3", confidence="odd.one"),)))
    assert line.endswith(f" · {md('odd.one')}")


def test_a_timeline_weakness_without_paragraphs_cites_none():
    entry = TimelineEntry(
        "i", "Stockton-on-Tees", "2016-08-05", "SIF", "good", True, "https://r/1",
        (TimelineWeakness("Strategy", "Late.", "", True, "F1"),),
    )  # fmt: skip
    [line] = timeline_lines(_council(timeline=(entry,)))
    assert line.endswith(f"  \n– Strategy: {md('Late.')}")


def test_the_rounds_chart_sums_the_councils_column_coloured_by_weakness():
    force = ForceDetail(
        CLEVELAND, "Cleveland Police", "Cleveland", 4, (), 0, (), (), (), rounds=(("2015/16", 2, 1, 2),)
    )
    spec = rounds_chart(force).to_dict()
    [values] = spec["datasets"].values()
    assert values == [
        {"Round": "2015/16", "Weakness": "Substantive", "Councils": 1},
        {"Round": "2015/16", "Weakness": "Minor only", "Councils": 1},
    ]
    x, colour = spec["encoding"]["x"], spec["encoding"]["color"]
    assert (x["aggregate"], x["field"], x["type"]) == ("sum", "Councils", "quantitative")
    assert (colour["field"], colour["type"]) == ("Weakness", "nominal")
    assert colour["sort"] == ["Substantive", "Minor only"]


# cpmap/dataset.py: every table is loaded, keyed as documented


def test_the_loaded_dataset_holds_every_table_keyed_as_documented(layers_dir):
    dataset = load_dataset(config.DATA_DIR, layers_dir)
    assert dataset.failure_types["STRAT_NONATTEND"].label == "Police missing from strategy discussions"
    assert list(dataset.letters["id"]) == ["wilshaw_2016-10-17", "winsor_2016-10-18"]
    assert dataset.next_inspections.index.name == "council_code"
    assert dataset.next_inspections.at[STOCKTON, "published"] == "2019-07-01"
    assert len(dataset.later_findings) == 24 and dataset.later_findings["later_id"].iloc[0] == "L002"


# cpmap/detail.py: what the panel answers


def test_a_council_outside_the_window_shows_its_2015_16_inspection(dataset):
    d = council_detail(build_view(dataset, Filters()), dataset, DARLINGTON)
    assert d.inspection is not None
    assert (d.inspection.published, d.inspection.window, d.inspection.overall) == (
        "2015-09-01",
        "fy_only",
        "inadequate",
    )


def test_an_ilacs_report_judging_care_and_care_leavers_together_says_so_and_that_police_were_not_read(dataset):
    facts = _inspection_facts(dataset.inspections.loc["E09000002-2019-04-01"], False)
    assert facts.judgements == (
        ("The impact of leaders on social work practice", "requires improvement"),
        ("Children who need help and protection", "requires improvement"),
        ("Children in care and care leavers", "requires improvement"),
    )
    assert facts.window_note == (
        "ILACS standard inspection (inspections of local authority children's services, 2018 on). "
        "Its police passages were not read."
    )


def test_a_sif_report_without_a_care_leavers_judgement_keeps_the_looked_after_label(dataset):
    row = dataset.inspections.loc[f"{DARLINGTON}-2015-09-01"].copy()
    row["care_leavers_judgement"] = ""
    facts = _inspection_facts(row, False)
    assert ("Children looked after and achieving permanence", "requires improvement") in facts.judgements
    assert not any("and care leavers" in label for label, _ in facts.judgements)


def test_the_next_inspection_carries_its_note(dataset):
    d = council_detail(build_view(dataset, Filters()), dataset, STOCKTON)
    assert d.next.note.startswith("Police not named. Most strategy meetings well attended by partners")


def test_a_next_inspection_of_a_council_not_in_the_then_and_now_is_not_in_the_42(dataset):
    row = dataset.next_inspections.loc[[STOCKTON]].rename(index={STOCKTON: "E99999999"})
    extra = replace(dataset, next_inspections=pd.concat([dataset.next_inspections, row]))
    facts = _next(extra, build_view(extra, Filters()), "E99999999", extra.later_findings.iloc[0:0])
    assert facts.then_now == "not_in_42"


def test_an_uploaded_finding_naming_an_inspection_we_do_not_hold_has_no_publication_date(dataset):
    csv = (
        "council_code,force_code,failure_type,summary,source_url,source_kind,confidence,substantive,inspection_id\n"
        f"{STOCKTON},,DA_LATE,Late.,https://example.org/1,press,medium,yes,{STOCKTON}-2030-01-01\n"
    )
    result = validate_upload(csv.encode(), "t.csv", dataset.reference)
    assert result.ok, [str(p) for p in result.problems]
    uploaded = dataset.with_findings(result.records, "upload: t.csv")
    d = council_detail(build_view(uploaded, Filters()), uploaded, STOCKTON)
    [mine] = [i for i in d.weaknesses if i.upload]
    assert mine.inspection_published == ""


def test_an_uploaded_force_level_finding_is_listed_for_the_force(dataset):
    uploaded = with_upload(dataset, [("", CLEVELAND, "STRAT_NONATTEND", "medium", "yes")])
    f = force_detail(build_view(uploaded, Filters()), uploaded, CLEVELAND)
    assert [(i.failure_label, i.upload) for i in f.force_level] == [
        ("Police missing from strategy discussions", "upload: t.csv")
    ]


def test_clevelands_rounds_count_only_its_own_councils(dataset):
    assert force_rounds(dataset, CLEVELAND) == (
        ("2015/16", 2, 1, 2),
        ("2013–18 round", 4, 2, 4),
        ("Latest (to 2026)", 4, 1, 1),
    )


def test_birminghams_latest_items_name_the_earlier_finding_its_date_and_the_report(dataset):
    first = latest_items(dataset, BIRMINGHAM)[0]
    assert (first.then_finding_id, first.then_label, first.then_published) == (
        "F100",
        "Police missing from strategy discussions",
        "2016-11-25",
    )
    assert (first.report_url, first.published) == ("https://files.ofsted.gov.uk/v1/file/50214110", "2023-04-18")


def test_a_latest_row_whose_inspection_we_do_not_hold_has_no_report(dataset):
    rows = dataset.then_latest.copy()
    rows.loc[rows["then_finding_id"] == "F100", "inspection_id"] = f"{BIRMINGHAM}-2030-01-01"
    first = latest_items(replace(dataset, then_latest=rows), BIRMINGHAM)[0]
    assert (first.then_finding_id, first.report_url, first.published) == ("F100", "", "")


def test_the_timeline_gives_each_reports_framework_and_overall_judgement(dataset):
    entries = timeline(dataset, STOCKTON)
    assert [(e.published, e.framework, e.overall) for e in entries] == [
        ("2016-08-05", "single inspection framework (SIF)", "good"),
        ("2019-07-01", "ILACS short inspection", "requires improvement"),
        ("2023-05-09", "ILACS standard inspection", "requires improvement"),
    ]
    # a blank framework (allowed by the inspections file) stays blank
    inspections = dataset.inspections.copy()
    inspections.loc[f"{STOCKTON}-2016-08-05", "framework"] = ""
    assert timeline(replace(dataset, inspections=inspections), STOCKTON)[0].framework == ""


# cpmap/export.py: the council table


def test_the_council_export_carries_the_2015_16_inspection_and_its_finding_outside_the_window(dataset):
    table = council_table(dataset).set_index("code")
    darlington = table.loc[DARLINGTON]
    assert (darlington["inspection_id"], darlington["window"]) == (f"{DARLINGTON}-2015-09-01", "fy_only")
    assert (darlington["failure_types"], darlington["n_findings"]) == ("JOINT_INTERVIEW", 1)
    assert table.at[STOCKTON, "n_findings"] == 6


# cpmap/standalone.py: what the HTML file holds


@needs_leaflet
def test_the_standalone_file_holds_the_styles_highlight_and_a_tooltip_without_labels(dataset):
    layers = committed_layers(dataset.gazetteer)
    page = standalone_html(
        build_view(dataset, Filters()), ViewState(area=STOCKTON), dataset, layers.councils_path, layers.forces_path
    )
    _js, css = leaflet_files()
    assert f"<style>{css}</style><style>{LEGEND_CSS}</style>" in page
    assert (
        'return {"color": "#000000", "dashArray": null, "fillColor": "#b30000", "fillOpacity": 0.85, "weight": 3.5};'
        in page
    )
    assert (
        'return {"color": "#8c8c8c", "dashArray": null, "fillColor": "#999999", "fillOpacity": 0.85, "weight": 0.6};'
        in page
    )
    assert 'return {"color": "#000000", "weight": 2.5};' in page
    assert "<th>" not in page  # the tooltip shows the values alone, not the field names
