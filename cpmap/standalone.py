"""A view of the map as one self-contained HTML file (folium, Leaflet inlined): for a page that cannot frame the
app. The same colours, tooltips and legend as the live map (`cpmap.mapspec`), the view's filters in words, the
dates of the data and the ONS/OS attribution; nothing is fetched when it opens."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import folium
from branca.element import Element

from cpmap import config
from cpmap.dataset import Dataset
from cpmap.describe import data_dates, filters_in_words
from cpmap.mapspec import council_spec, force_spec, legend_entries, then_now_spec
from cpmap.release import release_line
from cpmap.urlstate import ViewState
from cpmap.viewmodel import LAYER_LABELS, Layer, View

TITLE = "Police child-protection weaknesses found by Ofsted"


class LeafletMissingError(Exception):
    """Leaflet is not vendored (make vendor), so it cannot be inlined."""


def leaflet_files(vendor_dir: Path = config.VENDOR_DIR) -> tuple[str, str]:
    """Leaflet's script and style sheet, from the copy `make vendor` installs (never fetched here)."""
    js, css = vendor_dir / "leaflet" / "leaflet.js", vendor_dir / "leaflet" / "leaflet.css"
    if not js.is_file() or not css.is_file():
        raise LeafletMissingError(f"{js.parent}: Leaflet is not there (run `make vendor`)")
    return js.read_text(encoding="utf-8"), css.read_text(encoding="utf-8")


def _features(path: Path, colours: dict[str, str], details: dict[str, str], dashed: set[str]) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    for feature in data["features"]:
        code = str(feature["id"])
        props = feature["properties"]
        # folium's tooltip puts these into the page as HTML: escaped here, a name from data stays text
        props.update(
            name=html.escape(str(props.get("name", ""))),
            force=html.escape(str(props.get("force", ""))),
            detail=html.escape(details.get(code, "")),
            fill=colours[code],
            dashed=code in dashed,
        )
    return data


def _council_styles(view: View, layer: Layer) -> tuple[dict[str, str], dict[str, str], set[str]]:
    spec = then_now_spec(view) if layer is Layer.THEN_NOW else council_spec(view)
    colours, details, dashed = {}, {}, set()
    for code in view.councils.index:
        entry = spec["info"].get(str(code), spec["default"])  # [state, colour, tooltip detail, (low confidence)]
        colours[str(code)] = entry[1]
        details[str(code)] = entry[2] if isinstance(entry[2], str) else ""
        if layer is Layer.COUNCILS and len(entry) > 3 and entry[3] == 1:
            dashed.add(str(code))
    return colours, details, dashed


def _force_styles(view: View) -> tuple[dict[str, str], dict[str, str], set[str]]:
    spec = force_spec(view)
    colours, details = {}, {}
    for code in view.forces.index:
        entry = spec["info"].get(str(code), spec["default"])
        colours[str(code)], details[str(code)] = entry[0], entry[1]
    return colours, details, set()


def _legend(view: View, state: ViewState, dataset: Dataset) -> str:
    rows = "".join(
        f'<li><span style="background:{colour}"></span>{html.escape(label)}</li>'
        for colour, label in legend_entries(state.layer, state.filters.window)
    )
    words = "".join(f"<li>{html.escape(line)}</li>" for line in filters_in_words(state.filters, dataset))
    return (
        '<div class="cpmap-legend" role="region" aria-label="Legend">'
        f"<h1>{html.escape(TITLE)}</h1><p>{html.escape(view.figures.headline())}</p>"
        f"<h2>{html.escape(LAYER_LABELS[state.layer])}</h2><ul class='swatches'>{rows}</ul>"
        f"<h2>Filters</h2><ul>{words}</ul>"
        f"<p class='small'>{html.escape(data_dates(dataset, state.filters, state.layer))}. "
        f"{html.escape(release_line())}.</p>"
        f"<p class='small'>{html.escape(config.ATTRIBUTION)}</p></div>"
    )


LEGEND_CSS = """
.cpmap-legend{position:absolute;z-index:1000;top:10px;right:10px;max-width:330px;max-height:calc(100% - 40px);
overflow:auto;background:#fff;padding:8px 12px;border:1px solid #999;font:13px/1.35 sans-serif;color:#1a1a1a}
.cpmap-legend h1{font-size:15px;margin:0 0 4px}.cpmap-legend h2{font-size:13px;margin:8px 0 2px}
.cpmap-legend ul{margin:0;padding-left:16px}.cpmap-legend ul.swatches{list-style:none;padding:0}
.cpmap-legend .swatches span{display:inline-block;width:14px;height:12px;margin-right:6px;border:1px solid #666;
vertical-align:middle}.cpmap-legend .small{font-size:11px;color:#333;margin:6px 0 0}
html,body{margin:0;height:100%}
"""


def standalone_html(view: View, state: ViewState, dataset: Dataset, councils_path: Path, forces_path: Path) -> str:
    """The view as one HTML file with Leaflet, the geometry, the styles and the legend inside it."""
    leaflet_js, leaflet_css = leaflet_files()
    fmap = folium.Map(tiles=None, zoom_control=True, prefer_canvas=False)
    fmap.default_js, fmap.default_css = [], []  # nothing from a CDN: Leaflet is inlined below
    fmap.fit_bounds(config.ENGLAND_BOUNDS)
    root = fmap.get_root()
    root.header.add_child(Element(f"<style>{leaflet_css}</style><style>{LEGEND_CSS}</style>"), name="cpmap_css")
    root.header.add_child(Element(f"<script>{leaflet_js}</script>"), name="leaflet_inline")
    if state.layer is Layer.FORCES:
        data = _features(forces_path, *_force_styles(view))
    else:
        data = _features(councils_path, *_council_styles(view, state.layer))
    selected = state.area or ""
    folium.GeoJson(
        data,
        name=LAYER_LABELS[state.layer],
        style_function=lambda f: {
            "fillColor": f["properties"]["fill"],
            "fillOpacity": 0.85,
            "color": "#000000" if f["id"] == selected else "#8c8c8c",
            "weight": 3.5 if f["id"] == selected else 0.6,
            "dashArray": "4 3" if f["properties"]["dashed"] else None,
        },
        highlight_function=lambda f: {"weight": 2.5, "color": "#000000"},
        tooltip=folium.GeoJsonTooltip(fields=["name", "force", "detail"], labels=False, sticky=True),
    ).add_to(fmap)
    if state.layer is not Layer.FORCES:  # force borders over the councils, as on the page
        outline = json.loads(forces_path.read_text(encoding="utf-8"))
        folium.GeoJson(
            outline,
            style_function=lambda f: {"fill": False, "color": "#252525", "weight": 1.6, "opacity": 0.9},
            interactive=False,  # passed to Leaflet: the councils under it take the hover and the tooltip
            control=False,
        ).add_to(fmap)
    root.html.add_child(Element(_legend(view, state, dataset)))
    root.title = TITLE
    return root.render()
