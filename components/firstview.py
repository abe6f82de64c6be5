"""The first view of a session comes in two steps: the map first, then the rest of the page once it is drawn.

Streamlit renders a run's elements together, and on a first visit the browser spends a second or more building
the filters, figures, panel and tables while the map's frame waits behind them. So a session's first run sends
the header, the sidebar's heading and the map, plus a zero-height signal frame (map_drawn_signal/index.html) that
watches the map's frame and, once the areas are drawn (or the map reports an error, or 5 s pass), sets its value,
which reruns the app in full. From then on every run of the session is a full one, and the map keeps its place.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components_v1

FULL_PAGE = "full_page"  # session state: True once the map has been drawn in this session
SIGNAL_KEY = "map_drawn_signal"
# The container below the map, present only in a full page: browser tests and the benchmark wait for its class.
EVIDENCE_KEY = "evidence"
FULL_PAGE_SELECTOR = f".st-key-{EVIDENCE_KEY}"

# An iframe component, like the map: its frame reuses the component code the map's frame already loaded, and its
# page is one small file.
_signal = components_v1.declare_component("map_drawn_signal", path=str(Path(__file__).parent / "map_drawn_signal"))


def full_page() -> bool:
    """Whether this run draws the whole page (the map has been drawn once in this session)."""
    return bool(st.session_state.get(FULL_PAGE))


def _on_drawn() -> None:
    st.session_state[FULL_PAGE] = True


def await_map_drawn(downloads: dict[str, list[str]]) -> None:
    """The signal frame; its value reruns the app, which then draws the whole page.

    It also starts `downloads` (components.area_map.early_downloads) from the page: it loads before the map's frame has
    its scripts, so the geometry and Leaflet arrive sooner.
    """
    # Out of the keyboard's tab order: there is nothing in it to reach.
    _signal(key=SIGNAL_KEY, default=False, on_change=_on_drawn, tab_index=-1, downloads=downloads)
