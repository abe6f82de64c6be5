"""The folium map inside streamlit-folium: a byte-stable base map plus a small per-view styling layer.

st_folium re-sends its whole element (base map, header and per-view layer) whenever any part changes, e.g. on
every click or filter change, so each part is kept small: the layer code is a static file the browser fetches
once (LAYER_JS), the geometry is a static file (cpmap.geometry), and a rerun sends only the styling lookups
(cpmap.mapspec). The base map's script never changes, so st_folium keeps the same Leaflet map across reruns.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

import folium
import streamlit as st
import streamlit_folium
from branca.element import MacroElement
from jinja2 import Template
from streamlit.logger import get_logger

from components.selected_area import MAP_KEY
from cpmap import config, settings
from cpmap.layers import PreparedGeometry
from cpmap.mapspec import (
    LOW_CONFIDENCE_LEGEND,
    council_spec,
    force_spec,
    grouped_info,
    interned_texts,
    legend_entries,
    then_now_spec,
)
from cpmap.viewmodel import Layer, View
from cpmap.vocab import Window

LEAFLET_VENDORED = config.VENDOR_DIR / "leaflet" / "leaflet.js"
# Without a vendored copy the map loads Leaflet where folium itself does by default (a public CDN).
LEAFLET_CDN_JS = dict(folium.Map.default_js)["leaflet"]
LEAFLET_CDN_CSS = dict(folium.Map.default_css)["leaflet_css"]
_log = get_logger(__name__)
MAP_HEIGHT = 600
# The view opens on England (Wales lies inside it) at a fractional zoom.
ENGLAND = config.ENGLAND_BOUNDS
# Panning stops a little beyond Great Britain.
PAN_LIMITS = [[47.5, -12.0], [61.5, 6.0]]
MIN_ZOOM, MAX_ZOOM, ZOOM_SNAP = 5, 12, 0.25

# The layer script (map_frontend/layers.js), loaded once per page from a static file (see layer_script_url). It
# starts fetching the geometry named in its own URL at once, in parallel with Leaflet, and defines
# window.cpmapLayers(group, specs), which each rerun's small layer calls. Read once at import: it is code, not data.
LAYER_JS = (Path(__file__).parent / "map_frontend" / "layers.js").read_text(encoding="utf-8")


def base_path() -> str:
    """The server's `server.baseUrlPath` (e.g. "cpmap" when the app is reached at http://host/cpmap/)."""
    return str(st.get_option("server.baseUrlPath") or "")


def layer_script_url(geometry: PreparedGeometry, preload: tuple[str, ...] = ()) -> str:
    """URL of LAYER_JS, written beside the prepared geometry under a name that changes with its content.

    The query string names the geometry files (beside the script), so it can start fetching them before
    Leaflet has loaded, and the files loaded after it (`preload`: Leaflet's script and style sheet), so their
    downloads start at once too: streamlit-folium loads a map's scripts one after another, and its style sheets
    only after them.
    """
    name = f"layers-{hashlib.sha256(LAYER_JS.encode()).hexdigest()[:12]}.js"
    _write_once(geometry.directory / name, LAYER_JS)
    # the default view's files: the page has usually started them already (early_downloads)
    prefetch = ",".join(path.name for path in layer_files(Layer.COUNCILS, geometry))
    query = f"prefetch={quote(prefetch, safe=',')}"
    if preload:
        query += f"&preload={quote(','.join(preload), safe=',/:')}"
    return f"{geometry.url(name, base_path())}?{query}"


def early_downloads(geometry: PreparedGeometry, layer: Layer = Layer.COUNCILS) -> dict[str, list[str]]:
    """What the page itself can start downloading before the map's frame exists (see components/firstview.py):
    the geometry files, fetched and parsed once for the map's layer script, and the map's scripts and style sheet,
    preloaded: the layer script (the frame asks for it only once its component bundle has run, a tenth of a second
    on a phone's processor) and Leaflet's files. The browser's cache hands them to the frame (static files carry
    Last-Modified, so they are fresh for a while)."""
    js, css = leaflet_assets()
    return {
        "geometry": [geometry.url(path.name, base_path()) for path in layer_files(layer, geometry)],
        "preload": [map_layer_script(geometry), *(url for _, url in [*js, *css])],
    }


def map_layer_script(geometry: PreparedGeometry) -> str:
    """The map's layer script URL, as the base map loads it (with Leaflet's files to start at once)."""
    js, css = leaflet_assets()
    return layer_script_url(geometry, tuple(url for _, url in [*js, *css]))


def _write_once(path: Path, text: str) -> None:
    if path.is_file():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)  # atomic: a concurrent reader never sees half a file


def leaflet_assets() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(js, css): Leaflet from the app itself when set-up vendored it (`make run`), else from folium's public CDN.

    The CDN is the documented path for a host without npm (README, "Putting it online"); the server log says it
    once, since the map then needs internet access.
    """
    if LEAFLET_VENDORED.is_file():
        static = config.static_url(base_path())
        js, css = f"{static}/vendor/leaflet/leaflet.js", f"{static}/vendor/leaflet/leaflet.css"
        return [("leaflet", js)], [("leaflet_css", css)]
    _warn_cdn_once()
    return [("leaflet", LEAFLET_CDN_JS)], [("leaflet_css", LEAFLET_CDN_CSS)]


@functools.cache
def _warn_cdn_once() -> None:
    _log.warning(
        "Leaflet is not vendored in %s (`make run` installs it from npm), so browsers load it from %s: "
        "the map needs internet access",
        LEAFLET_VENDORED.parent,
        LEAFLET_CDN_JS,
    )


class BaseMap(folium.Map):
    """folium.Map with a compact template: only what this map needs, since every byte is re-sent per rerun.

    Unlike folium.Map with tiles=None, min/max zoom reach Leaflet. The attribution stays visible (bottom right),
    short, with the full statement one tap away (attribution_html). The map fills its frame's height, which the
    page's style may make smaller than MAP_HEIGHT on a small screen (components/layout.py). The map is created
    without a view and fitBounds sets the first one: a map that already had a view would animate the zoom and then
    redraw every area once the animation ends (about 0.1 s on a phone's processor).
    """

    _template = Template(
        """{% macro header(this, kwargs) %}<style>html,body{width:100%;height:100%;margin:0;padding:0}
#{{ this.get_name() }}{position:relative;width:100%;height:100%}
.leaflet-container{background:#eef2f5;font:12px/1.4 system-ui,sans-serif}
.leaflet-control-attribution{font-size:11px;max-width:75%}
.cpmap-licence summary{cursor:pointer}.cpmap-licence[open] summary{margin-bottom:2px}
#map_div{height:100vh!important}</style>
{% endmacro %}{% macro html(this, kwargs) %}<div class="folium-map" id={{ this.get_name()|tojson }} ></div>
{% endmacro %}{% macro script(this, kwargs) %}var {{ this.get_name() }} = L.map({{ this.get_name()|tojson }}, {{ this.leaflet_options|tojson }});
{{ this.get_name() }}.attributionControl.setPrefix(false).addAttribution({{ this.attribution|tojson }});
{{ this.get_name() }}.fitBounds({{ this.bounds|tojson }}, {padding: [6, 6], animate: false});
if (!{{ this.get_name() }}.getSize().y) {  // a frame with no height yet (an embedded page): fit once it has one
  {{ this.get_name() }}.once("resize", function () {
    {{ this.get_name() }}.fitBounds({{ this.bounds|tojson }}, {padding: [6, 6], animate: false});
  });
}
{% endmacro %}"""
    )

    def __init__(self, attribution: str):
        super().__init__(tiles=None, zoom_start=6, location=[52.9, -1.9])
        self.attribution = attribution
        self.bounds = ENGLAND
        self.leaflet_options = {
            "minZoom": MIN_ZOOM,
            "maxZoom": MAX_ZOOM,
            "zoomSnap": ZOOM_SNAP,
            "maxBounds": PAN_LIMITS,
            "maxBoundsViscosity": 0.8,
        }


class _AreaLayers(MacroElement):
    """One rerun's layers: a call into LAYER_JS with the styling lookups (no geometry, no code)."""

    _template = Template(
        "{% macro script(this, kwargs) %}cpmapLayers({{ this._parent.get_name() }}, {{ this.specs_json }});"
        "{% endmacro %}"
    )

    def __init__(self, specs: list[dict[str, Any]]):
        super().__init__()
        self._name = "AreaLayers"
        # "</" cannot end the script element this lands in: data text stays data.
        self.specs_json = json.dumps(specs, separators=(",", ":"), ensure_ascii=True).replace("</", "<\\/")


def attribution_html() -> str:
    """Leaflet's attribution: the ONS/OS attribution in short, always shown; the full wording and a link to
    the licence in a <details> that opens with one tap or the keyboard (no script, so nothing to go wrong)."""
    full = html.escape(config.ATTRIBUTION).replace(
        "Open Government Licence v.3.0",
        f'<a href="{html.escape(config.OGL_URL)}" target="_blank" rel="noopener">Open Government Licence v.3.0</a>',
    )
    return f'<details class="cpmap-licence"><summary>{html.escape(config.ATTRIBUTION_SHORT)}</summary>{full}</details>'


def base_map(geometry: PreparedGeometry) -> folium.Map:
    """The part of the map that never changes between reruns, so st_folium keeps the same Leaflet map."""
    fig = BaseMap(attribution_html())
    js, css = leaflet_assets()
    # The layer script first: it starts the geometry downloads and Leaflet's while it is the only script loaded.
    fig.default_js = [("cpmap_layers", map_layer_script(geometry)), *js]
    fig.default_css = css
    tiles, tile_attribution = settings.tiles()
    if tiles:
        folium.TileLayer(tiles=tiles, attr=tile_attribution, name="Base map").add_to(fig)
    return fig


def layer_specs(view: View, layer: Layer, geometry: PreparedGeometry) -> list[dict[str, Any]]:
    """What the browser needs for this view: per layer its kind, geometry file and grouped styling lookup.

    Geometry files are named relative to the layer script, which sits beside them. The selected area is not in
    them (see selection_html): a click leaves the map's element as it was, so the map is not sent again.
    """
    if layer is Layer.FORCES:
        styled = {"kind": "forces", "url": geometry.forces_path.name, **_lookup(force_spec(view), text_field=1)}
        return [{"kind": "council-outline", "url": geometry.council_borders_path.name}, styled]
    spec = then_now_spec(view) if layer is Layer.THEN_NOW else council_spec(view)
    styled = {"kind": "councils", "url": geometry.councils_path.name, **_lookup(spec, text_field=2)}
    return [styled, {"kind": "outline", "url": geometry.force_borders_path.name}]


def layer_files(layer: Layer, geometry: PreparedGeometry) -> tuple[Path, Path]:
    """The two geometry files a layer's view draws: its areas, and the other layer's borders over them."""
    if layer is Layer.FORCES:
        return geometry.council_borders_path, geometry.forces_path
    return geometry.councils_path, geometry.force_borders_path


def _lookup(spec: dict[str, Any], text_field: int) -> dict[str, Any]:
    groups, texts = interned_texts(grouped_info(spec["info"]), text_field)
    return {"groups": groups, "default": spec["default"], "texts": texts}


def styled_layers(view: View, layer: Layer, geometry: PreparedGeometry) -> folium.FeatureGroup:
    """The per-view layers: fills and tooltips from the view, geometry by URL."""
    group = folium.FeatureGroup(name="areas", control=False)
    _AreaLayers(layer_specs(view, layer, geometry)).add_to(group)
    return group


SELECTED_MARK = "data-cpmap-selected"
# Streamlit gives every element a place in the column's flow: the mark's own rule takes it out again.
_SELECTION_STYLE = f"<style>.stElementContainer:has([{SELECTED_MARK}]){{display:none}}</style>"


def selection_html(selected: str | None) -> str:
    """A hidden mark naming the selected area, which the map's layer script reads from the page (same origin).

    A click then sends this small element and the panel, not the map again (st_folium re-sends its whole
    element, about 5 KB, whenever any of its arguments changes).
    """
    return f'{_SELECTION_STYLE}<div hidden {SELECTED_MARK}="{html.escape(selected or "", quote=True)}"></div>'


def render_selection(selected: str | None) -> None:
    """The selection mark beside the map (see selection_html)."""
    st.html(selection_html(selected))


def render_map(
    view: View,
    layer: Layer,
    selected: str | None,
    geometry: PreparedGeometry,
    on_change: Any = None,
    height: int = MAP_HEIGHT,
) -> Any:
    """Draw the map and the selection mark beside it; return what st_folium returns (the last clicked feature)."""
    returned = streamlit_folium.st_folium(
        base_map(geometry),
        key=MAP_KEY,
        height=height,
        use_container_width=True,
        returned_objects=["last_active_drawing", "last_object_clicked"],
        feature_group_to_add=styled_layers(view, layer, geometry),
        on_change=on_change,
    )
    render_selection(selected)
    return returned


_LEGEND_CSS = (
    "<style>.cpmap-legend{font-size:.85em}.cpmap-legend div{display:flex;align-items:center;gap:.5em;margin:.15em 0}"
    ".cpmap-legend span:first-child{display:inline-block;width:1.1em;height:1.1em;border:1px solid #666}</style>"
)


def legend_html(layer: Layer, window: Window = Window.LETTER) -> str:
    """The legend as HTML; colours and labels are the app's own constants, never data."""
    rows = "".join(
        f'<div role="listitem"><span style="background:{colour}"></span><span>{label}</span></div>'
        for colour, label in legend_entries(layer, window)
    )
    if layer is Layer.COUNCILS:
        rows += (
            '<div role="listitem"><span style="border:2px dashed #4d4d4d"></span>'
            f"<span>{LOW_CONFIDENCE_LEGEND}</span></div>"
        )
    return f'{_LEGEND_CSS}<div class="cpmap-legend" role="list" aria-label="Map legend">{rows}</div>'


def render_legend(layer: Layer, window: Window = Window.LETTER) -> None:
    """Legend beside the map, and the boundary attribution.

    st.html, not st.markdown(unsafe_allow_html=True): the latter makes the browser load and run a 190 KB HTML
    parser before the page (and the map in it) can render.
    """
    st.html(legend_html(layer, window))
    st.caption(config.ATTRIBUTION)
