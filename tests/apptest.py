"""The dashboard under AppTest as a visitor's browser has it once the map is drawn.

AppTest runs no page JavaScript, so the page-side signal that brings a session's full page (components/firstview)
never fires; these sessions start with the state that signal sets. test_app checks the first run without it.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from components import firstview

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def full_app(timeout: float = 60) -> AppTest:
    """A new session of app.py whose map has been drawn (not yet run)."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.session_state[firstview.FULL_PAGE] = True
    return at


PETERBOROUGH = "E06000031"  # published in September 2015, but the letter names it: on the default map


def findings_on_the_default_map(dataset) -> int:
    """How many bundled findings the default view lists: those of the letter's 42 inspections (and the letter's own
    rows on their councils), and Peterborough's 2015 ones."""
    inspections = dataset.inspections
    letter = set(inspections.index[inspections["window"] == "letter"])
    peterborough = set(
        inspections.index[(inspections["council_code"] == PETERBOROUGH) & (inspections["window"] == "fy_only")]
    )
    return int(dataset.findings["inspection_id"].isin(letter | peterborough).sum())
