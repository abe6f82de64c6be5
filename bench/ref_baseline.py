"""Reference app for `make bench`: the naive way, the raw ONS council file embedded into folium as it is.

Default `st_folium` settings. Only Leaflet is pointed at the app's own copy (the bench machine is offline and
folium's CDN links would never load); no base tiles for the same reason.
"""

import json

import folium
import streamlit as st
from streamlit_folium import st_folium

from bench.reference import LEAFLET_CSS, LEAFLET_JS
from cpmap import config, settings

st.title("Naive baseline")
originals = settings.boundaries_dir()
if originals is None:
    st.error("The naive baseline embeds the raw ONS council file: set BOUNDARIES_DIR (see geo/README.md).")
    st.stop()
data = json.loads((originals / config.COUNCIL_BOUNDARIES_FILE).read_text(encoding="utf-8"))
fig = folium.Map(location=[52.9, -1.9], zoom_start=6, tiles=None)
fig.default_js = [("leaflet", LEAFLET_JS)]
fig.default_css = [("leaflet_css", LEAFLET_CSS)]
folium.GeoJson(data).add_to(fig)
st_folium(fig)
