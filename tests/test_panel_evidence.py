"""The detail panel tells each finding's paragraph, attribution and what came after, as a reader sees it."""

from __future__ import annotations

import re

import pytest

from cpmap.detail import council_detail, force_detail
from cpmap.viewmodel import Filters, Layer, ThenNow, build_view
from tests.apptest import full_app

WIRRAL, MEDWAY, SOLIHULL, STOCKTON, THURROCK = "E08000015", "E06000035", "E08000029", "E06000004", "E06000034"
WEST_MIDLANDS = "E23000014"


def open_panel(query: dict[str, str]) -> str:
    at = full_app(60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    parts = [m.value for m in at.markdown] + [i.value for i in at.info] + [w.value for w in at.warning]
    parts += [c.value for c in at.caption] + [s.value for s in at.header]
    return re.sub(r"\\(.)", r"\1", "\n".join(str(p) for p in parts))


@pytest.fixture(scope="module")
def view(dataset):
    return build_view(dataset, Filters())


def test_wirral_shows_the_late_domestic_abuse_notifications_with_paragraph_and_report_link(dataset):
    text = open_panel({"area": WIRRAL})
    report_url = dataset.inspections.at["E08000015-2016-09-20", "report_url"]
    assert report_url.startswith("https://files.ofsted.gov.uk/")
    assert f"[Open the Ofsted report](<{report_url}>)" in text
    assert "Domestic abuse notices late or batched" in text
    assert "Ofsted inspection report (2016-09-20), paragraph 24" in text
    assert "three days to four weeks" in text


def test_medway_shows_its_reports_finding_stated_and_the_kent_letter_finding_inferred(dataset, view):
    detail = council_detail(view, dataset, MEDWAY)
    report = [f for f in detail.weaknesses if f.source_kind == "inspection_report" and f.failure_type == "DA_LATE"]
    assert report and report[0].paragraphs and not report[0].inferred
    letter = [f for f in detail.named_only if f.source_kind == "letter"]
    assert letter and all(f.inferred for f in letter)
    text = open_panel({"area": MEDWAY})
    assert "Tied to this council by us: inferred, not confirmed" in text
    assert f"paragraphs {report[0].paragraphs}" in text
    assert "Kent Police" in text


def test_a_letter_claim_the_report_does_not_support_says_so(dataset, view):
    detail = council_detail(view, dataset, STOCKTON)
    unsupported = [f for f in detail.weaknesses if f.letter_not_in_report]
    assert {f.failure_type for f in unsupported} == {"CONF_NONATTEND", "LSCB_ENGAGE"}
    assert "The letter says this; the report does not" in open_panel({"area": STOCKTON})


def test_solihull_shows_its_strategy_meeting_delays_still_found_in_2020(dataset, view):
    detail = council_detail(view, dataset, SOLIHULL)
    assert detail.next is not None and detail.next.then_now == ThenNow.PERSISTED
    strategy = next(f for f in detail.weaknesses if f.failure_type == "STRAT_NONATTEND")
    later = strategy.later[0]
    assert later.status == "persists" and later.published == "2020-01-09" and "43" in later.paragraphs
    text = open_panel({"area": SOLIHULL})
    assert "Still found at the next inspection" in text
    assert f"(2020-01-09, paragraphs {later.paragraphs}, [next report](<{later.report_url}>))" in text
    assert "Weakness persisted: found again at the next inspection" in text


def test_silence_at_the_next_inspection_is_not_called_a_fix(dataset, view):
    detail = council_detail(view, dataset, THURROCK)
    assert detail.next.then_now == ThenNow.SILENT
    substantive = [f for f in detail.weaknesses if f.substantive]
    assert substantive and all(f.silent_next and not f.later for f in substantive)
    assert "The next report is silent on this: it does not say it was fixed" in open_panel({"area": THURROCK})


def test_the_then_and_now_layer_and_force_figures_restore_from_the_url(dataset, view):
    text = open_panel({"layer": Layer.THEN_NOW.value, "area": WEST_MIDLANDS})
    counts = force_detail(view, dataset, WEST_MIDLANDS).then_now
    assert counts["persisted"] >= 1  # Solihull
    assert (
        f"weakness persisted in {counts['persisted']}, improved in {counts['improved']}, next report silent in "
        f"{counts['silent']}, new police weakness in {counts['new']}" in text.replace("**", "")
    )
