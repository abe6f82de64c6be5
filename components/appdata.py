"""Loading at the boundary: cached once per server process, never inside the domain code."""

from __future__ import annotations

import streamlit as st

from cpmap import config
from cpmap.dataset import Dataset, load_dataset
from cpmap.geometry import PreparedGeometry, prepare_geometry
from cpmap.viewmodel import Filters, View, build_view


@st.cache_resource(show_spinner="Loading the findings and preparing the boundaries…")
def load_app_data() -> tuple[Dataset, PreparedGeometry]:
    """The validated dataset and the prepared geometry; raises InputError with line-numbered problems."""
    dataset = load_dataset(config.DATA_DIR, config.boundaries_dir())
    geometry = prepare_geometry(config.boundaries_dir(), dataset.gazetteer)
    return dataset, geometry


@st.cache_data(max_entries=256, show_spinner=False)
def view_for(_dataset: Dataset, revision: str, filters: Filters) -> View:
    """build_view, computed once per (findings revision, filters) for all sessions: most visitors share a view."""
    return build_view(_dataset, filters)


def current_view(dataset: Dataset, filters: Filters) -> View:
    return view_for(dataset, dataset.revision, filters)
