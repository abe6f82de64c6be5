"""A report's text as citable passages: numbered paragraphs, named summaries, footnotes; page furniture dropped.

The report under tests/reports/ is made up for these tests and laid out as `pdftotext -layout` lays out Ofsted's.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cpmap.reporttext import contains_phrase, mentions_police, normalise, passages, words_of

REPORTS = Path(__file__).parent / "reports" / "1_exampleshire"


@pytest.fixture(scope="module")
def sif() -> dict:
    return {p.label: p for p in passages((REPORTS / "2016-03-01.txt").read_text(encoding="utf-8"))}


@pytest.fixture(scope="module")
def ilacs() -> dict:
    return {p.label: p for p in passages((REPORTS / "2019-06-01.txt").read_text(encoding="utf-8"))}


def test_paragraphs_run_on_from_the_recommendations_after_the_front_page_table(sif):
    numbers = sorted(int(label) for label in sif if label.isdigit())
    assert numbers == list(range(1, 10))
    assert "strategy meetings" in sif["1"].text  # the first recommendation, not the table's "Children who need..."


def test_unnumbered_text_is_named_after_its_section(sif):
    assert {"headline", "exec summary", "help and protection summary", "LSCB exec summary"} <= set(sif)
    assert "not\nalways there" in sif["help and protection summary"].text
    assert "well attended" in sif["LSCB exec summary"].text
    assert "uneven" in sif["exec summary"].text


def test_a_paragraph_goes_on_across_a_page_break_and_past_its_footnote(sif):
    five = sif["5"].text
    assert "value the huddle" in five
    assert "morning huddle" not in five
    assert "morning huddle" in sif["footnote 4"].text
    assert not any(line.strip() == "2" for line in five.splitlines())  # the page number is not part of it


def test_a_later_reports_running_footer_is_not_a_heading(ilacs):
    assert "batch at weekends" in ilacs["2"].text
    assert "Inspection of Exampleshire" not in ilacs["2"].text
    assert set(ilacs) == {"headline", "what needs to improve", "1", "2"}


def test_police_mentions_are_police_policing_or_constabulary():
    assert mentions_police("officers of Exampleshire Police")
    assert mentions_police("the county's Constabulary")
    assert mentions_police("neighbourhood policing teams")
    assert mentions_police("a detective constable in the team")
    assert not mentions_police("the council's policies and its policy on visits")
    assert not mentions_police("officers of the council")


def test_words_ignore_line_breaks_hyphenation_case_and_curly_quotes():
    assert words_of("Self-\n   assessment") == ("self", "assessment")
    assert words_of("children’s ‘safe’") == words_of("childrens 'safe'")
    assert normalise("A  –  B") == "a - b"


def test_a_phrase_matches_only_its_words_in_order():
    text = words_of("strategy meetings were put back by up to a\n      week")
    assert contains_phrase(text, "put back by up to a week")
    assert not contains_phrase(text, "put back by up to two weeks")
    assert not contains_phrase(text, "week put back")
    assert not contains_phrase(text, "")
