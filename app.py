"""cpmap dashboard: wiring only. Logic lives in cpmap/, UI pieces in components/."""

from __future__ import annotations

import streamlit as st

from components import (
    area_map,
    detail,
    downloads,
    embed,
    filters,
    firstview,
    layout,
    notices,
    picture,
    provenance,
    selected_area,
    share,
    summary,
    upload,
)
from components.appdata import current_view, load_app_data
from cpmap.dataset import Dataset
from cpmap.layers import PreparedGeometry
from cpmap.problems import InputError
from cpmap.urlstate import ViewState, parse_query
from cpmap.viewmodel import Filters, Layer, View
from cpmap.vocab import Window

st.set_page_config(
    page_title="cpmap · police child-protection weaknesses, Ofsted 2015/16", page_icon="🗺️", layout="wide"
)


def seed_from_url(dataset: Dataset) -> None:
    """On a session's first run, the URL decides the view; afterwards the widgets do."""
    if st.session_state.get("url_seeded"):
        return
    query = {key: st.query_params.get_all(key) for key in st.query_params}
    state, url_notices = parse_query(query, dataset)
    filters.seed_from_state(state)
    selected_area.select(state.area, selected_area.area_options(dataset))
    st.session_state["url_notices"] = url_notices
    st.session_state[detail.TIMELINE_KEY] = state.timeline
    st.session_state["url_seeded"] = True


def current_state(filters_now: Filters, layer: Layer) -> ViewState:
    """What the share link reproduces: filters, layer, the chosen area and whether its timeline is open."""
    return ViewState(
        filters=filters_now,
        layer=layer,
        area=st.session_state.get(selected_area.AREA),
        timeline=bool(st.session_state.get(detail.TIMELINE_KEY)),
    )


@st.fragment
def map_and_panel(dataset: Dataset, geometry: PreparedGeometry, view: View, layer: Layer, filters_now: Filters) -> None:
    """A map click reruns only this part of the page. On a session's first run, only the map (see firstview)."""
    options = selected_area.area_options(dataset)
    st.session_state["area_options"] = options
    map_column, panel_column = st.columns([3, 2], gap="medium")
    with map_column:
        # A click reaches the app only through this callback, which runs before the fragment's rerun: the panel
        # and the highlight follow in that one pass.
        area_map.render_map(
            view, layer, st.session_state.get(selected_area.AREA), geometry, on_change=selected_area.on_map_change
        )
        if not firstview.full_page():
            return
        area_map.render_legend(layer, filters_now.window)
        state = current_state(filters_now, layer)
        picture.render_download(view, state, dataset, geometry)
    with panel_column:
        st.selectbox(
            "Find a council or police force",
            list(options),
            format_func=options.get,
            key=selected_area.AREA_SELECT,
            index=None,
            placeholder="Type a name, or click the map",
            on_change=selected_area.on_select_change,
        )
        code = st.session_state.get(selected_area.AREA)
        if code and code in dataset.gazetteer.councils:
            detail.render_council(view, dataset, code)
        elif code and code in dataset.gazetteer.forces:
            detail.render_force(view, dataset, code)
        else:
            st.info(
                "Click an area on the map, or choose one above, to see what was found, where it comes from and how sure we are."
            )
    state = current_state(filters_now, layer)  # the panel may have opened or closed the timeline
    share.sync_url(state)
    share.render_share(state)


def embedded_page() -> None:
    """`?embed=true`: the map, its legend and a one-line headline for an article's iframe (components/embed.py)."""
    try:
        dataset, geometry = load_app_data()
    except InputError as err:
        notices.render_problems("The map's data could not be loaded.", err.problems)
        st.stop()
    seed_from_url(dataset)
    filters_now, layer = filters.current_filters(dataset)
    view = current_view(dataset, filters_now)
    state = current_state(filters_now, layer)
    embed.render_embed(view, layer, state, dataset, geometry)


def main() -> None:
    if embed.is_embedded():
        embedded_page()
        return
    layout.render_page_style()
    intro = st.container(key=layout.INTRO_KEY)
    intro.title("Police child-protection weaknesses found by Ofsted, 2015/16", anchor=False)
    intro.caption(
        "In October 2016 Ofsted's chief inspector told the police inspectorate that more than half of 42 inspections of "
        "council children's services had found serious weaknesses in what police contributed to protecting children. "
        "This map shows every police weakness in those 42 reports, cited to the paragraph, and what each council's "
        "next inspection said."
    )
    try:
        dataset, geometry = load_app_data()
    except InputError as err:
        notices.render_problems(
            "The bundled data or boundaries could not be loaded, so the dashboard cannot start.", err.problems
        )
        st.stop()
    seed_from_url(dataset)
    full = firstview.full_page()
    # The first run draws what a full run has above and beside the map (the heading, the sidebar), so that the map
    # neither moves nor resizes when the rest arrives; everything else goes below it.
    filters_box = st.sidebar.container()
    notices_slot = st.container()
    with notices_slot:
        notices.render_url_notices(st.session_state.get("url_notices", []))
    if full:
        with notices_slot:  # an upload's report on its rejected rows goes above the map
            dataset = upload.render_upload(dataset)
        filters_now, layer = filters.render_filters(dataset, filters_box)
    else:
        filters.render_heading(filters_box)
        filters_now, layer = filters.current_filters(dataset)
    view = current_view(dataset, filters_now)
    map_and_panel(dataset, geometry, view, layer, filters_now)
    if not full:
        firstview.await_map_drawn(area_map.early_downloads(geometry, layer))
        return
    with st.container(key=firstview.EVIDENCE_KEY):
        summary.render_headline(view)
        summary.render_figures(view)
        if filters_now.window is Window.LATEST:
            summary.render_latest_against_then(dataset)
        summary.render_chart(view)
        summary.render_table(view, dataset, layer)
        downloads.render_downloads(dataset, geometry)
        provenance.render_provenance(dataset)


main()
