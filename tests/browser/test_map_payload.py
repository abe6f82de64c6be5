"""What the map sends to the browser, checked without a browser: the per-view lookups expand back to exactly the
view model's styling, the layer script is a static file beside the geometry, and base tiles are off unless
configured. (The browser tests in this folder check the same things end to end.)"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from components import area_map
from cpmap.layers import PreparedGeometry
from cpmap.mapspec import TEXT_SEPARATOR, council_spec, force_spec, grouped_info, interned_texts, then_now_spec
from cpmap.viewmodel import Filters, Layer, build_view

codes = st.from_regex(r"[EW]\d{8}", fullmatch=True)
parts = st.text(alphabet=st.characters(blacklist_characters="·"), min_size=1, max_size=12)
entries = st.tuples(
    st.integers(0, 5), st.sampled_from(["#ffffff", "#b30000"]), st.lists(parts, max_size=3), st.integers(0, 1)
).map(lambda e: [e[0], e[1], TEXT_SEPARATOR.join(e[2]), e[3]])


def expand(groups: list[list], texts: list[str], field: int) -> dict[str, list]:
    """What LAYER_JS does with a lookup: every code gets its entry back, texts joined from their parts."""
    out = {}
    for entry, joined in groups:
        restored = [*entry[:field], TEXT_SEPARATOR.join(texts[i] for i in entry[field]), *entry[field + 1 :]]
        for code in joined.split(" "):
            out[code] = restored
    return out


@given(st.dictionaries(codes, entries, max_size=40))
def test_grouped_and_interned_lookup_expands_to_the_original(info):
    groups, texts = interned_texts(grouped_info(info), field=2)
    assert expand(groups, texts, field=2) == info
    assert len(groups) == len({json.dumps(e) for e in info.values()})  # one group per distinct entry
    assert len(texts) == len(set(texts))


@pytest.mark.parametrize("layer", list(Layer))
def test_each_view_lookup_expands_to_the_view_models_styling(dataset, layer, tmp_path):
    view = build_view(dataset, Filters(failure_types=(sorted(dataset.failure_types)[0],)))
    geometry = PreparedGeometry(tmp_path, "k")
    specs = area_map.layer_specs(view, layer, geometry)
    styled = next(s for s in specs if "groups" in s)
    field, spec = {
        Layer.COUNCILS: (2, council_spec(view)),
        Layer.THEN_NOW: (2, then_now_spec(view)),
        Layer.FORCES: (1, force_spec(view)),
    }[layer]
    assert expand(styled["groups"], styled["texts"], field) == spec["info"]
    assert styled["default"] == spec["default"] and "selected" not in styled
    # geometry is named, never embedded
    areas = "forces.json" if layer is Layer.FORCES else "councils.json"
    borders = "council-borders.json" if layer is Layer.FORCES else "force-borders.json"
    assert [s["url"] for s in specs if "groups" in s] == [areas]
    assert [s["url"] for s in specs if "groups" not in s] == [borders]  # the other layer's borders, each once


def test_the_selection_mark_names_the_area_escaped_and_hides_its_own_place():
    mark = area_map.selection_html('E06000004"><script>')
    assert 'data-cpmap-selected="E06000004&quot;&gt;&lt;script&gt;"' in mark
    assert "<script>" not in mark
    assert area_map.selection_html(None).endswith('<div hidden data-cpmap-selected=""></div>')
    assert ".stElementContainer:has([data-cpmap-selected]){display:none}" in mark


@pytest.mark.parametrize(
    ("layer", "files"),
    [
        (Layer.COUNCILS, ["councils.json", "force-borders.json"]),
        (Layer.THEN_NOW, ["councils.json", "force-borders.json"]),
        (Layer.FORCES, ["council-borders.json", "forces.json"]),
    ],
)
def test_the_page_starts_downloading_the_files_of_the_layer_it_opens_on(tmp_path, layer, files):
    downloads = area_map.early_downloads(PreparedGeometry(tmp_path, "abc"), layer)
    assert downloads["geometry"] == [f"/app/static/cache/abc/{name}" for name in files]
    # the layer script first (the map's frame asks for it last), then Leaflet's files
    assert downloads["preload"][0] == area_map.map_layer_script(PreparedGeometry(tmp_path, "abc"))
    assert [url.rsplit("/", 1)[1] for url in downloads["preload"][1:]] == ["leaflet.js", "leaflet.css"]


def test_layer_script_is_written_beside_the_geometry_and_prefetches_it(tmp_path):
    geometry = PreparedGeometry(tmp_path, "abc")
    url = area_map.layer_script_url(geometry)
    path, query = url.split("?")
    written = tmp_path / path.rsplit("/", 1)[1]
    assert path.startswith("/app/static/cache/abc/layers-") and written.read_text() == area_map.LAYER_JS
    assert query == "prefetch=councils.json,force-borders.json"  # the default view's files
    assert area_map.layer_script_url(geometry) == url  # same content, same name: the browser may cache it


def test_the_layer_script_starts_leaflets_downloads_and_the_first_view_is_not_animated(tmp_path):
    fig = area_map.base_map(PreparedGeometry(tmp_path, "abc"))
    (_, layers_url), *rest = fig.default_js
    leaflet_js, leaflet_css = rest[0][1], fig.default_css[0][1]
    query = dict(part.split("=", 1) for part in layers_url.split("?", 1)[1].split("&"))
    assert query["preload"].split(",") == [leaflet_js, leaflet_css]
    script = fig.get_root().render()
    # a map created with a view would animate fitBounds and redraw every area when the animation ends
    assert '"zoom"' not in script and "animate: false" in script


def test_base_tiles_are_off_unless_configured(monkeypatch, tmp_path):
    geometry = PreparedGeometry(tmp_path, "abc")
    monkeypatch.delenv("CPMAP_TILES", raising=False)
    fig = area_map.base_map(geometry)
    assert not [c for c in fig._children.values() if c._name == "TileLayer"]
    monkeypatch.setenv("CPMAP_TILES", "https://tiles.example.org/{z}/{x}/{y}.png")
    monkeypatch.setenv("CPMAP_TILES_ATTRIBUTION", "© Example tiles")
    fig = area_map.base_map(geometry)
    tiles = [c for c in fig._children.values() if c._name == "TileLayer"]
    assert len(tiles) == 1 and tiles[0].tiles == "https://tiles.example.org/{z}/{x}/{y}.png"
    assert "Example tiles" in fig.get_root().render()
