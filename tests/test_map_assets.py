"""Where the map's browser files come from: the app's own static files (under any base path), or, without a
vendored Leaflet, folium's public CDN, which the server log says."""

from __future__ import annotations

import logging

import folium
import pytest
from streamlit import config as st_config

from components import area_map
from cpmap.layers import PreparedGeometry


@pytest.fixture
def base_path():
    """Set server.baseUrlPath for one test, as `streamlit run --server.baseUrlPath=...` would."""
    before = st_config.get_option("server.baseUrlPath")

    def setter(value: str) -> None:
        st_config.set_option("server.baseUrlPath", value)

    yield setter
    st_config.set_option("server.baseUrlPath", before)


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def test_vendored_leaflet_and_the_layers_are_served_under_the_base_path(tmp_path, monkeypatch, base_path):
    vendored = tmp_path / "vendor" / "leaflet" / "leaflet.js"
    vendored.parent.mkdir(parents=True)
    vendored.write_text("/* leaflet */")
    monkeypatch.setattr(area_map, "LEAFLET_VENDORED", vendored)
    base_path("cpmap")
    js, css = area_map.leaflet_assets()
    assert js == [("leaflet", "/cpmap/app/static/vendor/leaflet/leaflet.js")]
    assert css == [("leaflet_css", "/cpmap/app/static/vendor/leaflet/leaflet.css")]
    script = area_map.layer_script_url(PreparedGeometry(tmp_path, "abc"))
    assert script.startswith("/cpmap/app/static/cache/abc/layers-")
    base_path("")
    assert area_map.leaflet_assets()[0] == [("leaflet", "/app/static/vendor/leaflet/leaflet.js")]


def test_without_vendored_leaflet_the_map_uses_folium_s_cdn_and_the_log_says_so_once(tmp_path, monkeypatch):
    monkeypatch.setattr(area_map, "LEAFLET_VENDORED", tmp_path / "absent" / "leaflet.js")
    area_map._warn_cdn_once.cache_clear()
    records = _Records()
    area_map._log.addHandler(records)
    try:
        first = area_map.leaflet_assets()
        again = area_map.leaflet_assets()
    finally:
        area_map._log.removeHandler(records)
        area_map._warn_cdn_once.cache_clear()
    js, css = first
    assert first == again
    assert js == [("leaflet", dict(folium.Map.default_js)["leaflet"])]
    assert css == [("leaflet_css", dict(folium.Map.default_css)["leaflet_css"])]
    assert js[0][1].startswith("https://cdn.jsdelivr.net/npm/leaflet@")
    assert len(records.messages) == 1, records.messages
    assert "not vendored" in records.messages[0] and js[0][1] in records.messages[0]
