"""Loading at the boundary: cached once per server process, never inside the domain code."""

from __future__ import annotations

import streamlit as st

from cpmap import config
from cpmap.dataset import Dataset, load_dataset
from cpmap.geometry import PreparedGeometry, prepare_geometry


@st.cache_resource(show_spinner="Loading the findings and preparing the boundaries…")
def load_app_data() -> tuple[Dataset, PreparedGeometry]:
    """The validated dataset and the prepared geometry; raises InputError with line-numbered problems."""
    dataset = load_dataset(config.DATA_DIR, config.boundaries_dir())
    geometry = prepare_geometry(config.boundaries_dir(), dataset.gazetteer)
    return dataset, geometry
