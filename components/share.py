"""The link that reproduces the current view."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from cpmap.urlstate import ViewState, to_query


def sync_url(state: ViewState) -> None:  # pragma: no mutate block (st.query_params: tests/test_app*.py)
    """Write the view into the address bar, only when it changed (each write is a message to the browser)."""
    query = to_query(state)
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    if current != query:
        st.query_params.from_dict(query)


def view_link(base: str, state: ViewState) -> str:
    """The link to `state` at the app's address `base` (as Streamlit reports it), or a bare query without one.

    >>> view_link("http://host/cpmap", ViewState(area="E06000004"))
    'http://host/cpmap/?area=E06000004'
    """
    query = urlencode(to_query(state), doseq=True)
    parts = urlsplit(base)
    # Under a base path (server.baseUrlPath=cpmap) Streamlit reports http://host/cpmap; the app's own address, the
    # one the address bar shows, is http://host/cpmap/.
    path = parts.path if parts.path.endswith("/") else f"{parts.path}/"
    return urlunsplit((parts.scheme, parts.netloc, path, query, "")) if parts.netloc else f"?{query}"


def share_url(state: ViewState) -> str:  # pragma: no mutate block (st.context: tests/browser/test_base_path.py)
    try:
        base = st.context.url or ""
    except Exception:  # not available outside a browser session (e.g. in tests)
        base = ""
    return view_link(base, state)


def render_share(state: ViewState) -> None:  # pragma: no mutate block (rendering: tests/test_app*.py)
    st.markdown("## Share this view")
    st.caption("The link holds every filter, the map layer and the selected area; opening it shows this view again.")
    # A text box, not st.code: the code block's syntax highlighter is a 1.5 MB download on first view.
    st.text_input("Link to this view", value=share_url(state), help="Select the text and copy it.")
