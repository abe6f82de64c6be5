"""The map for an article: `?embed=true` (Streamlit's own embed flag) shows a one-line headline, the map sized for
an iframe, its legend, a short summary of a clicked area and a link to the full view; the view's other parameters
apply as on the full page."""

from __future__ import annotations

import streamlit as st

from components import area_map, selected_area
from components.share import share_url
from components.text import md, md_link
from cpmap.dataset import Dataset
from cpmap.detail import council_detail, force_detail
from cpmap.layers import PreparedGeometry
from cpmap.urlstate import ViewState
from cpmap.viewmodel import Layer, View

# A 640 x 480 frame: the headline's line, the map, and the line that links out.
EMBED_MAP_HEIGHT = 290


def is_embedded() -> bool:
    """Whether the page was opened with Streamlit's embed flag (Streamlit keeps `embed` out of st.query_params)."""
    try:
        return bool(st.context.is_embedded)
    except Exception:  # no browser session (AppTest): never embedded
        return False


def _summary(view: View, dataset: Dataset, code: str) -> str:
    """A clicked area in one or two lines: its name, what the map shows for it, its findings."""
    if code in dataset.gazetteer.councils:
        detail = council_detail(view, dataset, code)
        found = len(detail.weaknesses)
        more = f" · {found} police weakness{'es' if found != 1 else ''} recorded" if found else ""
        return f"**{md(detail.name)}** ({md(detail.force_name)}): {md(detail.status_label)}{md(more)}"
    force = force_detail(view, dataset, code)
    return (
        f"**{md(force.name)}**: police weaknesses matching at {force.n_matching} of its "
        f"{len(force.inspected)} councils inspected in the window"
    )


def render_embed(view: View, layer: Layer, state: ViewState, dataset: Dataset, geometry: PreparedGeometry) -> None:
    """The embedded page: headline, map, legend, the clicked area's summary, and the link to the full view."""
    st.caption(f"**{md(view.figures.headline())}** · {md_link('Open the full view ↗', share_url(state))}")
    area_map.render_map(
        view,
        layer,
        state.area,
        geometry,
        on_change=selected_area.on_map_change,
        height=EMBED_MAP_HEIGHT,
    )
    code = st.session_state.get(selected_area.AREA)
    if code:
        st.markdown(_summary(view, dataset, code))
    with st.expander("Legend"):
        area_map.render_legend(layer, view.filters.window)
