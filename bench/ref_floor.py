"""Reference app for `make bench`: the floor, a folium map holding a single polygon.

Same Streamlit set-up and the same map settings as the dashboard (local Leaflet, no tiles, same size, column
and `st_folium` options): nothing can draw a map in this stack faster than this.
"""

import folium
import streamlit as st
from streamlit_folium import st_folium

from bench.reference import LEAFLET_CSS, LEAFLET_JS, TRIANGLE

st.set_page_config(page_title="Floor", layout="wide")
st.title("Floor")
fig = folium.Map(location=[52.9, -1.9], zoom_start=6, tiles=None)
fig.default_js = [("leaflet", LEAFLET_JS)]
fig.default_css = [("leaflet_css", LEAFLET_CSS)]
folium.GeoJson(TRIANGLE).add_to(fig)
map_column, _ = st.columns([3, 2], gap="medium")
with map_column:
    st_folium(fig, key="area_map", height=600, use_container_width=True, returned_objects=["last_active_drawing"])
