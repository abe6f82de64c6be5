"""The folium map inside streamlit-folium: a byte-stable base map plus a small per-view styling layer.

st_folium re-sends its whole element (base map, header and per-view layer) whenever any part changes, e.g. on
every click or filter change, so each part is kept small: the layer code is a static file the browser fetches
once (LAYER_JS), the geometry is a static file (cpmap.geometry), and a rerun sends only the styling lookups
(cpmap.mapspec). The base map's script never changes, so st_folium keeps the same Leaflet map across reruns.
"""

from __future__ import annotations

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

from cpmap import config
from cpmap.geometry import PreparedGeometry
from cpmap.mapspec import council_spec, force_spec, grouped_info, interned_texts, legend_entries, then_now_spec
from cpmap.viewmodel import Layer, View

LEAFLET_JS = f"{config.STATIC_URL}/vendor/leaflet/leaflet.js"
LEAFLET_CSS = f"{config.STATIC_URL}/vendor/leaflet/leaflet.css"
LEAFLET_CDN = "https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/leaflet"
MAP_HEIGHT = 600
# England, Isles of Scilly to Berwick; Wales lies inside it. The view opens on it at a fractional zoom.
ENGLAND = [[49.86, -6.42], [55.82, 1.77]]
# Panning stops a little beyond Great Britain.
PAN_LIMITS = [[47.5, -12.0], [61.5, 6.0]]
MIN_ZOOM, MAX_ZOOM, ZOOM_SNAP = 5, 12, 0.25

# Loaded once per page from a static file (see layer_script_url). It starts fetching the geometry named in its
# own URL at once, in parallel with Leaflet, and defines window.cpmapLayers(group, specs), which each rerun's
# small layer calls. Tooltip text is set with textContent, so names and notes from data are never parsed as HTML.
LAYER_JS = r"""/* cpmap map layers: geometry fetched once per page, styled from per-view lookups keyed by GSS code. */
(function () {
  "use strict";
  var geometry = window.__cpmapGeometry = window.__cpmapGeometry || {};
  // Geometry files sit beside this script; specs and the prefetch list name them relative to it.
  var here = document.currentScript ? new URL(document.currentScript.src) : null;
  function resolve(name) { return here ? new URL(name, here).pathname : name; }
  function load(url) {
    if (!geometry[url]) {
      geometry[url] = fetch(url).then(function (r) {
        if (!r.ok) { throw new Error("HTTP " + r.status + " for " + url); }
        return r.json();
      });
      geometry[url].catch(function () {});  // reported when a layer uses it, not as an unhandled rejection
    }
    return geometry[url];
  }
  var prefetch = here && here.searchParams.get("prefetch");
  (prefetch ? prefetch.split(",") : []).forEach(function (name) { load(resolve(name)); });

  var FIXED = {
    outline: {fill: false, color: "#252525", weight: 1.6, opacity: 0.9, interactive: false},
    "council-outline": {fill: false, color: "#737373", weight: 0.5, opacity: 0.7, interactive: false}
  };
  function lookup(spec) {
    var info = {};
    (spec.groups || []).forEach(function (g) { g[1].split(" ").forEach(function (code) { info[code] = g[0]; }); });
    return function (f) { return info[f.id] || spec["default"]; };
  }
  function styler(spec, info) {
    return function (f) {
      if (FIXED[spec.kind]) { return FIXED[spec.kind]; }
      var i = info(f), selected = f.id === spec.selected, low = spec.kind === "councils" && i[3] === 1;
      return {
        fillColor: spec.kind === "councils" ? i[1] : i[0], fillOpacity: low ? 0.55 : 0.85,
        color: selected ? "#000000" : (low ? "#4d4d4d" : "#8c8c8c"),
        weight: selected ? 3.5 : (low ? 1.6 : 0.6), dashArray: low ? "4 3" : null
      };
    };
  }
  function detail(spec, parts) {
    return Array.isArray(parts) ? parts.map(function (k) { return spec.texts[k]; }).join(" \u00b7 ") : parts;
  }
  function tooltip(spec, info) {
    return function (layer) {
      var f = layer.feature, i = info(f), p = f.properties || {}, box = document.createElement("div");
      [p.name, p.force, detail(spec, spec.kind === "councils" ? i[2] : i[1])].forEach(function (text, n) {
        if (!text) { return; }
        var el = document.createElement(n === 0 ? "strong" : "div");
        el.textContent = text;
        box.appendChild(el);
      });
      return box;
    };
  }
  function fail(err) {
    document.body.setAttribute("data-cpmap-error", String(err));
    var note = document.createElement("div");
    note.className = "cpmap-error";
    note.setAttribute("role", "alert");
    note.textContent = "The map areas could not be loaded (" + err.message + "). Reload the page.";
    note.style.cssText = "position:absolute;top:8px;left:50px;z-index:1000;background:#fff;padding:4px 8px;border:1px solid #b30000";
    document.body.appendChild(note);
  }
  window.cpmapLayers = function (group, specs) {
    specs.forEach(function (spec) {
      var info = lookup(spec), interactive = !FIXED[spec.kind];
      var layer = L.geoJSON(null, {style: styler(spec, info), interactive: interactive, bubblingMouseEvents: false});
      if (interactive) { layer.bindTooltip(tooltip(spec, info), {sticky: true, direction: "top", opacity: 0.95}); }
      layer.addTo(group);
      load(resolve(spec.url)).then(function (data) {
        layer.addData(data);
        layer.eachLayer(function (l) { if (l.feature.id === spec.selected && l.bringToFront) { l.bringToFront(); } });
        if (!interactive) { layer.bringToFront(); }
        document.body.setAttribute("data-cpmap-" + spec.kind, String(data.features.length));
      }).catch(fail);
    });
  };
})();
"""


def layer_script_url(geometry: PreparedGeometry) -> str:
    """URL of LAYER_JS, written beside the prepared geometry under a name that changes with its content.

    The query string names the geometry files (beside the script), so it can start fetching them before
    Leaflet has loaded.
    """
    name = f"layers-{hashlib.sha256(LAYER_JS.encode()).hexdigest()[:12]}.js"
    _write_once(geometry.directory / name, LAYER_JS)
    prefetch = ",".join(Path(path).name for path in (geometry.councils_path, geometry.forces_path))
    return f"{geometry.url(name)}?prefetch={quote(prefetch, safe=',')}"


def _write_once(path: Path, text: str) -> None:
    if path.is_file():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)  # atomic: a concurrent reader never sees half a file


def leaflet_assets() -> tuple[list[tuple[str, str]], list[tuple[str, str]], bool]:
    """(js, css, served locally): Leaflet from the app itself when set-up vendored it, else from a CDN."""
    local = (config.VENDOR_DIR / "leaflet" / "leaflet.js").is_file()
    js = LEAFLET_JS if local else f"{LEAFLET_CDN}.js"
    css = LEAFLET_CSS if local else f"{LEAFLET_CDN}.css"
    return [("leaflet", js)], [("leaflet_css", css)], local


def tiles_setting() -> tuple[str | None, str]:
    """Optional base tiles from CPMAP_TILES (a URL template); off by default so the map works offline."""
    url = os.environ.get("CPMAP_TILES", "").strip()
    attribution = os.environ.get("CPMAP_TILES_ATTRIBUTION", "Base map tiles").strip()
    return (url or None), attribution


class BaseMap(folium.Map):
    """folium.Map with a compact template: only what this map needs, since every byte is re-sent per rerun.

    Unlike folium.Map with tiles=None, min/max zoom reach Leaflet. The attribution stays visible (bottom right),
    short, with the full statement one tap away (attribution_html). The map fills its frame's height, which the
    page's style may make smaller than MAP_HEIGHT on a small screen (components/layout.py).
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
{{ this.get_name() }}.fitBounds({{ this.bounds|tojson }}, {padding: [6, 6]});
{% endmacro %}"""
    )

    def __init__(self, attribution: str):
        super().__init__(tiles=None, zoom_start=6, location=[52.9, -1.9])
        self.attribution = attribution
        self.bounds = ENGLAND
        self.leaflet_options = {
            "center": self.location,
            "zoom": 6,
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
    js, css, _ = leaflet_assets()
    # The layer script first: it starts the geometry downloads while Leaflet is still loading.
    fig.default_js = [("cpmap_layers", layer_script_url(geometry)), *js]
    fig.default_css = css
    tiles, tile_attribution = tiles_setting()
    if tiles:
        folium.TileLayer(tiles=tiles, attr=tile_attribution, name="Base map").add_to(fig)
    return fig


def layer_specs(view: View, layer: Layer, selected: str | None, geometry: PreparedGeometry) -> list[dict[str, Any]]:
    """What the browser needs for this view: per layer its kind, geometry file and grouped styling lookup.

    Geometry files are named relative to the layer script, which sits beside them.
    """
    councils, forces = geometry.councils_path.name, geometry.forces_path.name
    if layer is Layer.FORCES:
        styled = {"kind": "forces", "url": forces, **_lookup(force_spec(view), selected, text_field=1)}
        return [{"kind": "council-outline", "url": councils}, styled]
    spec = then_now_spec(view) if layer is Layer.THEN_NOW else council_spec(view)
    styled = {"kind": "councils", "url": councils, **_lookup(spec, selected, text_field=2)}
    return [styled, {"kind": "outline", "url": forces}]


def _lookup(spec: dict[str, Any], selected: str | None, text_field: int) -> dict[str, Any]:
    groups, texts = interned_texts(grouped_info(spec["info"]), text_field)
    return {"selected": selected, "groups": groups, "default": spec["default"], "texts": texts}


def styled_layers(view: View, layer: Layer, selected: str | None, geometry: PreparedGeometry) -> folium.FeatureGroup:
    """The per-view layers: fills and tooltips from the view, geometry by URL."""
    group = folium.FeatureGroup(name="areas", control=False)
    _AreaLayers(layer_specs(view, layer, selected, geometry)).add_to(group)
    return group


def render_map(
    view: View, layer: Layer, selected: str | None, geometry: PreparedGeometry, on_change: Any = None
) -> Any:
    """Draw the map; return what st_folium returns (the last clicked feature, if any)."""
    return streamlit_folium.st_folium(
        base_map(geometry),
        key="area_map",
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=["last_active_drawing", "last_object_clicked"],
        feature_group_to_add=styled_layers(view, layer, selected, geometry),
        on_change=on_change,
    )


_LEGEND_CSS = (
    "<style>.cpmap-legend{font-size:.85em}.cpmap-legend div{display:flex;align-items:center;gap:.5em;margin:.15em 0}"
    ".cpmap-legend span:first-child{display:inline-block;width:1.1em;height:1.1em;border:1px solid #666}</style>"
)


def legend_html(layer: Layer) -> str:
    """The legend as HTML; colours and labels are the app's own constants, never data."""
    rows = "".join(
        f'<div role="listitem"><span style="background:{colour}"></span><span>{label}</span></div>'
        for colour, label in legend_entries(layer)
    )
    if layer is Layer.COUNCILS:
        rows += (
            '<div role="listitem"><span style="border:2px dashed #4d4d4d"></span>'
            "<span>Dashed outline: low-confidence evidence only</span></div>"
        )
    return f'{_LEGEND_CSS}<div class="cpmap-legend" role="list" aria-label="Map legend">{rows}</div>'


def render_legend(layer: Layer) -> None:
    """Legend beside the map, and the boundary attribution.

    st.html, not st.markdown(unsafe_allow_html=True): the latter makes the browser load and run a 190 KB HTML
    parser before the page (and the map in it) can render.
    """
    st.html(legend_html(layer))
    st.caption(config.ATTRIBUTION)
