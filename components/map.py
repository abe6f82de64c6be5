"""The folium map inside streamlit-folium: a byte-stable base map plus a small per-view styling layer."""

from __future__ import annotations

import json
import os
from typing import Any

import folium
import streamlit as st
import streamlit_folium
from branca.element import Element, MacroElement
from jinja2 import Template

from cpmap import config
from cpmap.geometry import PreparedGeometry
from cpmap.mapspec import council_spec, force_spec, legend_entries
from cpmap.viewmodel import Layer, View

LEAFLET_JS = f"{config.STATIC_URL}/vendor/leaflet/leaflet.js"
LEAFLET_CSS = f"{config.STATIC_URL}/vendor/leaflet/leaflet.css"
LEAFLET_CDN = "https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/leaflet"
MAP_HEIGHT = 600
ENGLAND_AND_WALES = [[49.86, -6.42], [55.82, 1.77]]
MAP_CSS = (
    "<style>.leaflet-container{background:#eef2f5;font:12px/1.4 system-ui,sans-serif}"
    ".leaflet-control-attribution{font-size:11px;max-width:70%}</style>"
)


def leaflet_assets() -> tuple[list[tuple[str, str]], list[tuple[str, str]], bool]:
    """(js, css, served locally): Leaflet from the app itself when set-up vendored it, else from a CDN."""
    local = (config.VENDOR_DIR / "leaflet" / "leaflet.js").is_file()
    js = LEAFLET_JS if local else f"{LEAFLET_CDN}.js"
    css = LEAFLET_CSS if local else f"{LEAFLET_CDN}.css"
    return [("leaflet", js)], [("leaflet_css", css)], local


class _Attribution(MacroElement):
    _template = Template(
        """{% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.setPrefix(false).addAttribution({{ this.text|tojson }});
        {% endmacro %}"""
    )

    def __init__(self, text: str):
        super().__init__()
        self._name = "Attribution"
        self.text = text


class _AreaLayer(MacroElement):
    """A GeoJSON layer fetched once per page from a static URL and styled from a lookup keyed by feature id.

    Tooltip text is built with textContent, so names and notes from data are never parsed as HTML.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function () {
          var spec = {{ this.spec_json }};
          var cache = window.__cpmapGeometry = window.__cpmapGeometry || {};
          if (!cache[spec.url]) {
            cache[spec.url] = fetch(spec.url).then(function (r) {
              if (!r.ok) { throw new Error("HTTP " + r.status + " for " + spec.url); }
              return r.json();
            });
          }
          function info(f) { return spec.info[f.id] || spec["default"]; }
          function style(f) {
            var i = info(f), selected = f.id === spec.selected;
            if (spec.kind === "outline") {
              return {fill: false, color: "#252525", weight: 1.6, opacity: 0.9, interactive: false};
            }
            if (spec.kind === "council-outline") {
              return {fill: false, color: "#737373", weight: 0.5, opacity: 0.7, interactive: false};
            }
            var low = spec.kind === "councils" && i[3] === 1;
            return {
              fillColor: spec.kind === "councils" ? i[1] : i[0], fillOpacity: low ? 0.55 : 0.85,
              color: selected ? "#000000" : (low ? "#4d4d4d" : "#8c8c8c"),
              weight: selected ? 3.5 : (low ? 1.6 : 0.6), dashArray: low ? "4 3" : null
            };
          }
          function tooltip(layer) {
            var f = layer.feature, i = info(f), p = f.properties || {}, box = document.createElement("div");
            var lines = [p.name, p.force, spec.kind === "councils" ? i[2] : i[1]];
            lines.forEach(function (text, n) {
              if (!text) { return; }
              var el = document.createElement(n === 0 ? "strong" : "div");
              el.textContent = text; box.appendChild(el);
            });
            return box;
          }
          var interactive = spec.kind === "councils" || spec.kind === "forces";
          var layer = L.geoJSON(null, {style: style, interactive: interactive, bubblingMouseEvents: false});
          if (interactive) { layer.bindTooltip(tooltip, {sticky: true, direction: "top", opacity: 0.95}); }
          layer.addTo({{ this._parent.get_name() }});
          cache[spec.url].then(function (data) {
            layer.addData(data);
            layer.eachLayer(function (l) { if (l.feature.id === spec.selected && l.bringToFront) { l.bringToFront(); } });
            if (!interactive) { layer.bringToFront(); }
            document.body.setAttribute("data-cpmap-" + spec.kind, String(data.features.length));
          }).catch(function (err) {
            document.body.setAttribute("data-cpmap-error", String(err));
            var note = document.createElement("div");
            note.className = "cpmap-error";
            note.textContent = "The map areas could not be loaded (" + err.message + "). Reload the page.";
            note.style.cssText = "position:absolute;top:8px;left:50px;z-index:1000;background:#fff;padding:4px 8px;border:1px solid #b30000";
            document.body.appendChild(note);
          });
        })();
        {% endmacro %}"""
    )

    def __init__(self, spec: dict[str, Any]):
        super().__init__()
        self._name = "AreaLayer"
        # "</" cannot end the script element this lands in: data text stays data.
        self.spec_json = json.dumps(spec, separators=(",", ":"), ensure_ascii=True).replace("</", "<\\/")


def tiles_setting() -> tuple[str | None, str]:
    """Optional base tiles from CPMAP_TILES (a URL template); off by default so the map works offline."""
    url = os.environ.get("CPMAP_TILES", "").strip()
    attribution = os.environ.get("CPMAP_TILES_ATTRIBUTION", "Base map tiles").strip()
    return (url or None), attribution


def base_map() -> folium.Map:
    """The part of the map that never changes between reruns, so Streamlit need not re-send it."""
    tiles, tile_attribution = tiles_setting()
    fig = folium.Map(
        location=[52.9, -1.9],
        zoom_start=6,
        min_zoom=5,
        max_zoom=12,
        tiles=None,
        max_bounds=True,
        max_bounds_viscosity=0.8,
    )
    fig.default_js, fig.default_css, _ = leaflet_assets()
    if tiles:
        folium.TileLayer(tiles=tiles, attr=tile_attribution, name="Base map").add_to(fig)
    _Attribution(config.ATTRIBUTION).add_to(fig)
    fig.get_root().header.add_child(Element(MAP_CSS), name="cpmap_css")
    fig.fit_bounds(ENGLAND_AND_WALES)
    return fig


def styled_layers(view: View, layer: Layer, selected: str | None, geometry: PreparedGeometry) -> folium.FeatureGroup:
    """The per-view layers: fills and tooltips from the view, geometry by URL."""
    group = folium.FeatureGroup(name="areas", control=False)
    if layer is Layer.FORCES:
        _AreaLayer({"kind": "council-outline", "url": geometry.councils_url, "info": {}, "default": []}).add_to(group)
        _AreaLayer({"kind": "forces", "url": geometry.forces_url, "selected": selected, **force_spec(view)}).add_to(
            group
        )
    else:
        _AreaLayer(
            {"kind": "councils", "url": geometry.councils_url, "selected": selected, **council_spec(view)}
        ).add_to(group)
        _AreaLayer({"kind": "outline", "url": geometry.forces_url, "info": {}, "default": []}).add_to(group)
    return group


def render_map(
    view: View, layer: Layer, selected: str | None, geometry: PreparedGeometry, on_change: Any = None
) -> Any:
    """Draw the map; return what st_folium returns (the last clicked feature, if any)."""
    return streamlit_folium.st_folium(
        base_map(),
        key="area_map",
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=["last_active_drawing", "last_object_clicked"],
        feature_group_to_add=styled_layers(view, layer, selected, geometry),
        on_change=on_change,
    )


def render_legend(layer: Layer) -> None:
    """Legend beside the map; colours and labels are the app's own constants, never data."""
    rows = "".join(
        f'<div style="display:flex;align-items:center;gap:.5em;margin:.15em 0">'
        f'<span style="display:inline-block;width:1.1em;height:1.1em;background:{colour};border:1px solid #666"></span>'
        f"<span>{label}</span></div>"
        for colour, label in legend_entries(layer)
    )
    low = (
        '<div style="display:flex;align-items:center;gap:.5em;margin:.15em 0">'
        '<span style="display:inline-block;width:1.1em;height:1.1em;border:2px dashed #4d4d4d"></span>'
        "<span>Dashed outline: low-confidence evidence only</span></div>"
        if layer is Layer.COUNCILS
        else ""
    )
    st.markdown(
        f'<div role="list" aria-label="Map legend" style="font-size:.85em">{rows}{low}</div>', unsafe_allow_html=True
    )
    st.caption(config.ATTRIBUTION)
