"""Sidebar filters. Widget state is seeded once from the URL, then the widgets own it."""

from __future__ import annotations

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


def seed_from_state(state: ViewState) -> None:
    """Put a parsed URL's view into the widgets' session state (first run of a session only)."""
    f = state.filters
    st.session_state[KEYS["types"]] = list(f.failure_types)
    st.session_state[KEYS["match"]] = f.match.value
    st.session_state[KEYS["forces"]] = list(f.forces)
    st.session_state[KEYS["judgements"]] = list(f.judgements)
    st.session_state[KEYS["protection"]] = list(f.protection)
    st.session_state[KEYS["window"]] = f.window.value
    st.session_state[KEYS["confidence"]] = f.min_confidence
    st.session_state[KEYS["layer"]] = state.layer.value


def render_heading(box: DeltaGenerator) -> None:
    """The filters' heading alone (a session's first run, before the map is drawn)."""
    box.header(HEADING)


def render_filters(dataset: Dataset, box: DeltaGenerator) -> tuple[Filters, Layer]:
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


def current_filters(dataset: Dataset) -> tuple[Filters, Layer]:
    """The filters and layer the widgets hold (or were seeded with), whether or not they are drawn in this run."""
    state = st.session_state
    sources = tuple(state.get(KEYS["sources"]) or ()) if len(dataset.sources) > 1 else ()
    filters = Filters(
        failure_types=tuple(state.get(KEYS["types"]) or ()),
        match=MatchMode(state.get(KEYS["match"]) or MatchMode.ANY),
        forces=tuple(state.get(KEYS["forces"]) or ()),
        judgements=tuple(state.get(KEYS["judgements"]) or ()),
        protection=tuple(state.get(KEYS["protection"]) or ()),
        min_confidence=state.get(KEYS["confidence"]) or LOWEST_CONFIDENCE,
        window=Window(state.get(KEYS["window"]) or Window.LETTER),
        sources=sources,
    )
    return filters, Layer(state.get(KEYS["layer"]) or Layer.COUNCILS)
