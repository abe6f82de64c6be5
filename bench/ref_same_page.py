"""Reference app for `make bench`: the dashboard itself, with its map holding a single polygon.

The page is the real app (app.py, run as is) except that the map's areas are replaced by one polygon and the
base map loads only Leaflet. Comparing the dashboard's time to map with this one isolates what drawing the
areas costs from what the rest of the page costs.
"""

import runpy

import folium
from branca.element import MacroElement
from jinja2 import Template

from bench.reference import TRIANGLE
from components import area_map
from cpmap import config


def _plain_base(geometry):
    fig = area_map.BaseMap(config.ATTRIBUTION)
    fig.default_js, fig.default_css = area_map.leaflet_assets()
    return fig


class _DrawnMark(MacroElement):
    """Marks the map's page as the real layer script does once drawn, so the full page follows as in the app."""

    _template = Template(
        '{% macro script(this, kwargs) %}document.body.setAttribute("data-cpmap-councils", "1");{% endmacro %}'
    )


def _one_polygon(view, layer, geometry):
    group = folium.FeatureGroup(name="areas", control=False)
    folium.GeoJson(TRIANGLE).add_to(group)
    _DrawnMark().add_to(group)
    return group


area_map.base_map = _plain_base
area_map.styled_layers = _one_polygon
# Nothing for the page to download early: the one polygon is in the map's own script.
area_map.early_downloads = lambda geometry, layer=None: {}
runpy.run_path(str(config.PROJECT_ROOT / "app.py"), run_name="__main__")
