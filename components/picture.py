"""The "Download this map (PNG)" button: the picture `cpmap render` draws for the same view, made when clicked."""

from __future__ import annotations

from functools import lru_cache

import streamlit as st

from cpmap.dataset import Dataset
from cpmap.layers import PreparedGeometry
from cpmap.picture import PictureLayers, load_picture_layers, render_png
from cpmap.urlstate import ViewState
from cpmap.viewmodel import View

LABEL = "Download this map (PNG)"
FILE_NAME = "cpmap-map.png"


@lru_cache(maxsize=2)
def picture_layers(geometry: PreparedGeometry) -> PictureLayers:
    """Read once per server process, on the first click: a page that is never downloaded never reads them."""
    return load_picture_layers(geometry)


def render_download(view: View, state: ViewState, dataset: Dataset, geometry: PreparedGeometry) -> None:
    st.download_button(
        LABEL,
        # Made when clicked, on Streamlit's own thread: drawing takes about a second, far too long for every rerun.
        lambda: render_png(view, state, dataset, picture_layers(geometry)),
        file_name=FILE_NAME,
        mime="image/png",
        key="download_map_png",
        on_click="ignore",
        help="The map as you set it, with its legend, the filters in words, the dates of the data and the "
        "attribution, 1900 pixels wide. The same picture comes from `cpmap render --query` with this view's link.",
    )
