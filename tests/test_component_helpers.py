"""The pure helpers behind the page's elements: the filters' state, the share link, the panel's lines."""

from __future__ import annotations

from dataclasses import replace

import pytest

from components.detail import (
    finding_markdown,
    inspection_lines,
    latest_lines,
    latest_words,
    rounds_chart,
    rounds_frame,
    successor_lines,
    timeline_lines,
)
from components.filters import KEYS, filters_from_widgets, widget_values
from components.share import view_link
from components.summary import latest_sentence
from components.text import md, md_link
from cpmap.detail import (
    CouncilDetail,
    FindingItem,
    ForceDetail,
    InspectionFacts,
    LaterItem,
    LatestItem,
    SuccessorFacts,
    TimelineEntry,
    TimelineWeakness,
)
from cpmap.urlstate import ViewState
from cpmap.viewmodel import Filters, Layer, MatchMode, Status
from cpmap.vocab import Window

STATE = ViewState(
    filters=Filters(
        failure_types=("DA_LATE", "STRAT_NONATTEND"),
        match=MatchMode.ALL,
        forces=("E23000013",),
        judgements=("inadequate",),
        protection=("good",),
        min_confidence="medium",
        window=Window.LATEST,
    ),
    layer=Layer.THEN_NOW,
)


def test_the_widgets_hold_exactly_the_view_they_were_seeded_with():
    values = widget_values(STATE)
    assert filters_from_widgets(values, several_sources=False) == (STATE.filters, STATE.layer)
    assert values[KEYS["window"]] == "latest" and values[KEYS["layer"]] == "thennow"


def test_empty_widgets_are_the_default_view_and_sources_count_only_when_there_is_a_choice():
    assert filters_from_widgets({}, several_sources=False) == (Filters(), Layer.COUNCILS)
    chosen = {KEYS["sources"]: ["bundled"]}
    assert filters_from_widgets(chosen, several_sources=True)[0].sources == ("bundled",)
    assert filters_from_widgets(chosen, several_sources=False)[0].sources == ()


@pytest.mark.parametrize(
    ("base", "link"),
    [
        ("http://host:8501", "http://host:8501/?area=E06000004&timeline=open"),
        ("http://host/cpmap", "http://host/cpmap/?area=E06000004&timeline=open"),
        ("https://host/cpmap/", "https://host/cpmap/?area=E06000004&timeline=open"),
        ("", "?area=E06000004&timeline=open"),
    ],
)
def test_the_share_link_keeps_the_apps_address_and_the_view(base, link):
    assert view_link(base, ViewState(area="E06000004", timeline=True)) == link


def _detail(**parts) -> CouncilDetail:
    return CouncilDetail(
        code="E06000028",
        name="Bournemouth",
        force_code="E23000039",
        force_name="Dorset Police",
        status=Status.INSPECTED,
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


def test_the_panel_names_the_later_council_and_how_it_maps():
    detail = _detail(
        successors=(
            SuccessorFacts(
                "Bournemouth, Christchurch and Poole", "E06000058", "merged (since 2019)", "N.", "https://l/1"
            ),
        )
    )
    [line] = successor_lines(detail)
    assert f"**{md('Bournemouth, Christchurch and Poole')}** (E06000058): {md('merged (since 2019)')}" in line
    assert "https://l/1" in line


def _weakness(substantive):
    return TimelineWeakness("Police missing from strategy discussions", "Late.", "5, 43", substantive, "F1")


def test_the_timeline_says_what_each_report_said_or_that_it_was_not_read():
    entries = (
        TimelineEntry("a", "Bournemouth", "2014", "SIF", "good", False, "", ()),
        TimelineEntry(
            "b", "Bournemouth, Christchurch and Poole", "2022-02-11", "ILACS", "good", True, "https://r/2", ()
        ),
        TimelineEntry("c", "Bournemouth", "2025-01-29", "ILACS", "good", True, "https://r/3", (_weakness(False),)),
        TimelineEntry("d", "Bournemouth", "2026-01-29", "ILACS", "good", True, "https://r/4", (_weakness(True),)),
    )
    first, second, third, fourth = timeline_lines(_detail(timeline=entries))
    assert "report not in our source" in first and "Police passages not read." in first
    assert md("Bournemouth, Christchurch and Poole") + ", ILACS" in second and "No police weakness recorded" in second
    assert "(minor)" in third and md("paragraphs 5, 43") in third
    assert "(minor)" not in fourth and "Police missing from strategy discussions: " + md("Late.") in fourth


def _latest(status, reading, same="yes", named="no", basis=""):
    return LatestItem(
        "F1", "Strategy", "2016", status, basis, reading, same, named, "S.", "3", "https://r", "2026", "high"
    )


@pytest.mark.parametrize(
    ("item", "words"),
    [
        (_latest("persists", "weakness", named="yes"), "Still found, the police named"),
        (_latest("improved", "strength", basis="named", named="yes"), "Improved (police named)"),
        (_latest("improved", "strength", basis="inferred"), "Improved (inferred: police not named)"),
        (_latest("silent", "weakness"), "A weakness in the same process, the police not named"),
        (_latest("silent", "weakness", same="no", named="yes"), "A weakness in a related process only"),
        (_latest("silent", "strength", same="no"), "Praise of a related process only (not a fix)"),
        (_latest("silent", "none", same="", named=""), "Says nothing on it (not a fix)"),
    ],
)
def test_then_and_latest_words_follow_what_the_report_said(item, words):
    assert latest_words(item).startswith(words)
    assert md(words) in latest_lines(_detail(latest=(item,)))[0]


def test_the_rounds_chart_splits_substantive_from_minor_only():
    force = ForceDetail(
        "E23000013", "Cleveland Police", "Cleveland", 4, (), 0, (), (), (), rounds=(("2015/16", 2, 1, 2),)
    )
    frame = rounds_frame(force)
    assert frame.to_dict("records") == [{"Round": "2015/16", "Substantive": 1, "Minor only": 1}]


def test_the_latest_sentence_sets_the_latest_reports_beside_2015_16():
    assert latest_sentence((153, 26, 23, 62, 40, 28)) == (
        "Of the 153 latest reports, 26 name a police weakness (23 substantive); "
        "of the 62 published in 2015/16, 40 did (28 substantive)."
    )


def _item(**changes) -> FindingItem:
    item = FindingItem(
        finding_id="F1",
        failure_type="DA_LATE",
        failure_label="Domestic abuse notices late",
        summary="Notices came late.",
        paragraphs="24",
        source_kind="inspection_report",
        source_label="Ofsted inspection report",
        source_url="https://files.ofsted.gov.uk/v1/file/1",
        confidence="high",
        substantive=True,
        inferred=False,
        letter_not_in_report=False,
        matches=True,
        upload="",
        inspection_published="2016-08-05",
        quantifier="not always",
        verdict_reason="found in some cases",
    )
    return replace(item, **changes)


def test_a_findings_markdown_in_full():
    later = LaterItem(
        "Domestic abuse notices late", "persists", "", "Still late.", "3, 7", "https://r/2", "2019-07-01", "high"
    )
    text = finding_markdown(_item(later=(later,), silent_next=False))
    assert text.split("  \n") == [
        "**Domestic abuse notices late**",
        "Notices came late\\.",
        f"Ofsted inspection report \\(2016\\-08\\-05\\), paragraph 24 · {md_link('report', 'https://files.ofsted.gov.uk/v1/file/1')}"
        " · high confidence",
        "*Report's words for how often: “not always” · Substantive under rule R2: found in some cases*",
        f"↳ **Still found at the next inspection** ({md('2019-07-01')}, paragraphs {md('3, 7')}, "
        f"{md_link('next report', 'https://r/2')}): {md('Still late.')}",
    ]


def test_a_letter_finding_names_its_source_and_carries_its_flags():
    text = finding_markdown(
        _item(
            source_kind="letter",
            source_label="the Wilshaw letter (as reported)",
            source_url="https://news/1",
            paragraphs="",
            inferred=True,
            letter_not_in_report=True,
            upload="mine.csv",
            matches=False,
            quantifier="",
            verdict_reason="",
            substantive=None,
            silent_next=True,
            confidence="low",
        )
    )
    first, _summary, source, silent = text.split("  \n")
    assert first == (
        "**Domestic abuse notices late** · Tied to this council by us: inferred, not confirmed · "
        "The letter says this; the report does not · from upload mine\\.csv · *not matching the current filters*"
    )
    assert source == f"Source: {md_link('the Wilshaw letter (as reported)', 'https://news/1')} · ⚠ LOW confidence"
    assert silent == "↳ " + md("The next report is silent on this: it does not say it was fixed")


def test_a_report_finding_whose_passage_does_not_name_the_police_says_so():
    first = finding_markdown(_item(inferred=True)).split("  \n")[0]
    assert "The passage does not name the police: inferred, not confirmed" in first


@pytest.mark.parametrize(
    ("status", "basis", "words"),
    [
        ("improved", "named", "Improved at the next inspection (police named)"),
        ("improved", "inferred", "Improved at the next inspection (inferred: police not named)"),
        ("new", "", "New at the next inspection"),
    ],
)
def test_a_later_lines_words(status, basis, words):
    later = LaterItem("X", status, basis, "S.", "4", "https://r/2", "2019", "high")
    line = finding_markdown(_item(later=(later,))).split("  \n")[-1]
    assert line.startswith(f"↳ **{md(words)}** (2019, paragraph 4, ")


def test_the_inspection_lines_in_full():
    facts = InspectionFacts(
        dates="2024-12-02 to 2024-12-13",
        published="2025-01-29",
        window="ilacs",
        overall="good",
        judgements=(("Care leavers", "requires improvement"),),
        report_url="https://r/3",
        source_url="https://r/3",
        confidence="high",
        note="From the front page.",
        window_note="ILACS standard inspection.",
        council_name="Bournemouth, Christchurch and Poole",
    )
    assert inspection_lines(facts, "Bournemouth").split("  \n") == [
        "Council inspected: **Bournemouth\\, Christchurch and Poole**",
        "Inspected: 2024\\-12\\-02 to 2024\\-12\\-13 · published: 2025\\-01\\-29",
        "Overall judgement: **good**",
        "Care leavers: requires improvement",
        md_link("Open the Ofsted report", "https://r/3"),
        f"Facts from: {md_link('source', 'https://r/3')} · high confidence",
        "*ILACS standard inspection\\.*",
        "Note: From the front page\\.",
    ]
    # the area's own council is not named again
    assert "Council inspected" not in inspection_lines(facts, "Bournemouth, Christchurch and Poole")


def test_the_rounds_chart_keeps_time_order_and_the_colours_of_the_legend():
    force = ForceDetail(
        "E23000013",
        "Cleveland Police",
        "Cleveland",
        4,
        (),
        0,
        (),
        (),
        (),
        rounds=(("2015/16", 2, 1, 2), ("2013–18 round", 4, 2, 4), ("Latest (to 2026)", 4, 1, 1)),
    )
    spec = rounds_chart(force).to_dict()
    encoding = spec["encoding"]
    assert encoding["y"]["sort"] == ["2015/16", "2013–18 round", "Latest (to 2026)"] and encoding["y"]["title"] is None
    assert encoding["x"]["title"] == "Councils of the force" and encoding["x"]["axis"]["tickMinStep"] == 1
    assert encoding["color"]["scale"] == {"domain": ["Substantive", "Minor only"], "range": ["#b2182b", "#f4a582"]}
    assert encoding["color"]["legend"] == {"orient": "bottom", "title": None}
    assert spec["mark"]["type"] == "bar" and spec["height"] == {"step": 28}
    assert {"field": "Councils", "type": "quantitative"} in encoding["tooltip"]
