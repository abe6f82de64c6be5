"""Sidebar filters. Widget state is seeded once from the URL, then the widgets own it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from cpmap.dataset import Dataset
from cpmap.urlstate import ViewState
from cpmap.viewmodel import LAYER_LABELS, Filters, Layer, MatchMode
from cpmap.vocab import JUDGEMENTS, LOWEST_CONFIDENCE, NOT_GIVEN, WINDOW_LABELS, Window

KEYS = {
    "types": "filter_types",
    "match": "filter_match",
    "forces": "filter_forces",
    "judgements": "filter_judgements",
    "protection": "filter_protection",
    "window": "filter_window",
    "confidence": "filter_confidence",
    "layer": "filter_layer",
    "sources": "filter_sources",
}
HEADING = "Filters"
CONFIDENCE_OPTIONS = {"low": "All (low and up)", "medium": "Medium and high", "high": "High only"}


def widget_values(state: ViewState) -> dict[str, object]:
    """The widgets' session-state values that show `state`'s filters and layer."""
    f = state.filters
    return {
        KEYS["types"]: list(f.failure_types),
        KEYS["match"]: f.match.value,
        KEYS["forces"]: list(f.forces),
        KEYS["judgements"]: list(f.judgements),
        KEYS["protection"]: list(f.protection),
        KEYS["window"]: f.window.value,
        KEYS["confidence"]: f.min_confidence,
        KEYS["layer"]: state.layer.value,
    }


def filters_from_widgets(values: Mapping[str, Any], several_sources: bool) -> tuple[Filters, Layer]:
    """The filters and layer that widget values (session state) hold; sources only when there is a choice."""
    sources = tuple(values.get(KEYS["sources"]) or ()) if several_sources else ()
    filters = Filters(
        failure_types=tuple(values.get(KEYS["types"]) or ()),
        match=MatchMode(values.get(KEYS["match"]) or MatchMode.ANY),
        forces=tuple(values.get(KEYS["forces"]) or ()),
        judgements=tuple(values.get(KEYS["judgements"]) or ()),
        protection=tuple(values.get(KEYS["protection"]) or ()),
        min_confidence=values.get(KEYS["confidence"]) or LOWEST_CONFIDENCE,
        window=Window(values.get(KEYS["window"]) or Window.LETTER),
        sources=sources,
    )
    return filters, Layer(values.get(KEYS["layer"]) or Layer.COUNCILS)


def seed_from_state(state: ViewState) -> None:  # pragma: no mutate block (st.session_state: tests/test_app*.py)
    """Put a parsed URL's view into the widgets' session state (first run of a session only)."""
    for key, value in widget_values(state).items():
        st.session_state[key] = value


def render_heading(box: DeltaGenerator) -> None:
    """The filters' heading alone (a session's first run, before the map is drawn)."""
    box.header(HEADING)


def render_filters(
    dataset: Dataset, box: DeltaGenerator
) -> tuple[Filters, Layer]:  # pragma: no mutate block (rendering: tests/test_app*.py)
    """Draw the filter widgets in `box` (in the sidebar) and return what they say.

    Longer than 50 lines on purpose: one widget call per filter, in the order the sidebar shows them, with its
    help text; each is a declaration, and `current_filters` reads them back by key.
    """
    types = dataset.failure_types
    forces = {f.code: f.name for f in dataset.gazetteer.english_forces}
    render_heading(box)
    with box:
        st.radio(
            "Map shows",
            [layer.value for layer in Layer],
            format_func=lambda v: LAYER_LABELS[Layer(v)],
            key=KEYS["layer"],
            horizontal=True,
            help="Then and now: what each council's next full inspection (2017–22) said about its 2015/16 "
            "police weakness.",
        )
        st.radio(
            "Inspections",
            [w.value for w in Window],
            format_func=lambda v: WINDOW_LABELS[Window(v)],
            key=KEYS["window"],
            help="The letter's 42 reports were published October 2015 to September 2016. Financial year 2015/16 "
            "adds the reports published April to September 2015. Peterborough (September 2015) is shown in both "
            "because the letter names it. The whole round takes in every council's reports under the single "
            "inspection framework, published 2014 to 2018 (a council inspected twice shows both).",
        )
        chosen_types = st.multiselect(
            "Failure types",
            list(types),
            format_func=lambda t: types[t].label,
            key=KEYS["types"],
            placeholder="All failure types",
            help="Show areas where police weaknesses of these types were recorded.",
        )
        st.radio(
            "Areas must match",
            [MatchMode.ANY.value, MatchMode.ALL.value],
            format_func=lambda v: "any selected type" if v == MatchMode.ANY else "all selected types",
            key=KEYS["match"],
            horizontal=True,
            disabled=len(chosen_types) < 2,
        )
        st.multiselect(
            "Police force", list(forces), format_func=forces.get, key=KEYS["forces"], placeholder="All forces"
        )
        st.multiselect(
            "Ofsted overall judgement",
            list(JUDGEMENTS),
            key=KEYS["judgements"],
            placeholder="Any judgement",
            help="Only councils inspected in the chosen window have a judgement. Reports inspected from April 2026 "
            "have no overall judgement (Ofsted's framework changed): they are 'not given (framework changed April "
            "2026)', a value of its own, so choosing a grade leaves them out. An area split between two later "
            "councils takes the graver of their judgements.",
        )
        st.multiselect(
            "Help and protection judgement",
            [j for j in JUDGEMENTS if j != NOT_GIVEN],
            key=KEYS["protection"],
            placeholder="Any judgement",
            help="Ofsted's judgement of the experiences and progress of children who need help and protection: "
            "the part of the inspection where police work is judged.",
        )
        st.radio(
            "Evidence confidence", list(CONFIDENCE_OPTIONS), format_func=CONFIDENCE_OPTIONS.get, key=KEYS["confidence"]
        )
        sources = dataset.sources
        if len(sources) > 1:
            st.multiselect(
                "Sources of findings",
                sources,
                key=KEYS["sources"],
                placeholder="All sources",
                help="The bundled findings and any findings file you uploaded.",
            )
    return current_filters(dataset)


def current_filters(dataset: Dataset) -> tuple[Filters, Layer]:  # pragma: no mutate block (session state)
    """The filters and layer the widgets hold (or were seeded with), whether or not they are drawn in this run."""
    return filters_from_widgets(st.session_state, len(dataset.sources) > 1)
