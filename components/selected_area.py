"""The selected area: one value in session state, set by a map click, the search box or the URL."""

from __future__ import annotations

import json
from typing import Any

import streamlit as st

from cpmap.clicked_area import code_from_clicked_feature
from cpmap.dataset import Dataset

AREA = "area"
AREA_SELECT = "area_select"
HANDLED_CLICK = "handled_click"
MAP_KEY = "area_map"  # st_folium's key: its value is the last click (components/area_map.py)


def area_options(dataset: Dataset) -> dict[str, str]:
    gaz = dataset.gazetteer
    # Plain names: force names already say "Police" or "Constabulary", and every byte of the options is
    # re-sent when a map click changes the selection.
    options = {c.code: c.name for c in gaz.english_councils}
    options.update({f.code: f.name for f in gaz.english_forces})
    return dict(sorted(options.items(), key=lambda item: item[1].lower()))


def select(code: str | None, options: dict[str, str] | None = None) -> None:
    """Make `code` the selected area; the search box shows it when it lists it (Welsh areas it does not)."""
    st.session_state[AREA] = code
    st.session_state[AREA_SELECT] = code if options is None or code in options else None


def click_token(returned: Any) -> str:
    """Identifies one click (the feature and where it was clicked), so a rerun does not replay it."""
    return json.dumps(returned, sort_keys=True, default=str) if returned else ""


def take_click(returned: Any) -> str | None:
    """The area code of a click not yet handled, or None."""
    token = click_token(returned)
    if not token or token == st.session_state.get(HANDLED_CLICK):
        return None
    st.session_state[HANDLED_CLICK] = token
    return code_from_clicked_feature(returned)


def on_map_change() -> None:
    """st_folium callback: runs before the rerun, so the panel and the highlight change in one pass."""
    code = take_click(st.session_state.get(MAP_KEY))
    if code:
        select(code, st.session_state.get("area_options"))


def on_select_change() -> None:
    st.session_state[AREA] = st.session_state.get(AREA_SELECT)
