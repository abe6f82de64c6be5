"""Loading at the boundary: cached once per server process, never inside the domain code."""

from __future__ import annotations

import streamlit as st

from cpmap import settings
from cpmap.coverage import Coverage, compute_coverage
from cpmap.dataset import Dataset, load_dataset
from cpmap.layers import PreparedGeometry, committed_layers, publish
from cpmap.viewmodel import Filters, View, build_view


@st.cache_resource(show_spinner="Loading the findings and the map layers…")
def load_app_data() -> tuple[Dataset, PreparedGeometry]:
    """The validated dataset and the committed layers, published where Streamlit serves static files (a first run
    on a bare clone makes that copy); raises InputError with line-numbered problems."""
    dataset = load_dataset(settings.data_dir(), settings.layers_dir())
    geometry = publish(committed_layers(dataset.gazetteer))
    return dataset, geometry


@st.cache_data(max_entries=256, show_spinner=False)
def view_for(_dataset: Dataset, revision: str, filters: Filters) -> View:
    """build_view, computed once per (findings revision, filters) for all sessions: most visitors share a view."""
    return build_view(_dataset, filters)


def current_view(dataset: Dataset, filters: Filters) -> View:
    return view_for(dataset, dataset.revision, filters)


@st.cache_resource(max_entries=16, show_spinner=False)
def coverage_for(_dataset: Dataset, revision: str) -> Coverage:
    """The coverage figures (four views' worth of work), once per dataset revision for all sessions."""
    return compute_coverage(_dataset)
