"""Page-wide style: a compact header so the map starts inside a phone's first screen, and readable grey text.

Streamlit's defaults put 6rem of padding and a 2.75rem title above the content, so at 390×844 the title and
caption fill the first screen and the map starts below it; its caption grey (#828180 on white, 3.9:1) fails
WCAG's 4.5:1 contrast (Streamlit fades the caption with opacity: .6). The style is sent first, on every run including the first-view step, so the map
neither moves nor resizes when the rest of the page arrives.
"""

from __future__ import annotations

import streamlit as st

INTRO_KEY = "page_intro"  # the title and caption
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
# Below this width Streamlit stacks columns, so the panel comes under the map.
PHONE_MAX_WIDTH_PX = 640
# The map never takes more than this share of the screen's height, so a one-finger swipe on the map pans it
# and there is always page outside it to scroll by.
MAP_MAX_SCREEN_SHARE = 0.7
# 6.9:1 on white, 6.5:1 on the sidebar's grey (#f8f8f7); also for a disabled widget's label, which Streamlit
# greys to 2.3:1.
MUTED_TEXT = "#5a5a5a"

PAGE_CSS = f"""<style>
.stMainBlockContainer {{padding-top: 3.5rem; padding-bottom: 3rem}}
.stMain h1 {{font-size: 2rem; line-height: 1.2; padding: .25rem 0 .5rem}}
.stMain h2 {{font-size: 1.45rem; line-height: 1.25}}
.stMain h3 {{font-size: 1.15rem; line-height: 1.3}}
[data-testid="stCaptionContainer"] {{color: {MUTED_TEXT}; opacity: 1}}
[data-testid="stWidgetLabel"][disabled] {{color: {MUTED_TEXT}}}
{MAP_IFRAME} {{height: min(600px, {round(MAP_MAX_SCREEN_SHARE * 100)}svh) !important}}
@media (max-width: {PHONE_MAX_WIDTH_PX}px) {{
  .stMainBlockContainer {{padding: 4rem .75rem 2rem}}
  .stMain h1 {{font-size: 1.3rem; padding: 0 0 .25rem}}
  .stMain h2 {{font-size: 1.2rem}}
  .stMain h3 {{font-size: 1.05rem}}
  .st-key-{INTRO_KEY} [data-testid="stCaptionContainer"] {{font-size: .8rem; line-height: 1.35}}
  .cpmap-legend {{display: grid; grid-template-columns: 1fr 1fr; column-gap: .75em; font-size: .78em}}
}}
</style>"""


def render_page_style() -> None:
    """The page's style sheet (st.html with only a style element takes no space on the page)."""
    st.html(PAGE_CSS)
