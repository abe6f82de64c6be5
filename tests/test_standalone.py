"""The standalone HTML map (`cpmap render --html`): Leaflet inside the file, nothing from another host, names from
the layers kept as text, and a clear message when Leaflet has not been installed."""

from __future__ import annotations

import re

import pytest
from hostile import copy_layers, rename_area

from cpmap import config
from cpmap.cli import main
from cpmap.layers import committed_layers
from cpmap.standalone import LeafletMissingError, leaflet_files, standalone_html
from cpmap.urlstate import ViewState
from cpmap.viewmodel import Filters, Layer, build_view

needs_leaflet = pytest.mark.skipif(
    not (config.VENDOR_DIR / "leaflet" / "leaflet.js").is_file(), reason="Leaflet not vendored: run `make vendor`"
)


@needs_leaflet
def test_the_file_carries_leaflet_and_fetches_nothing(dataset):
    layers = committed_layers(dataset.gazetteer)
    page = standalone_html(
        build_view(dataset, Filters()), ViewState(), dataset, layers.councils_path, layers.forces_path
    )
    assert "<script src=" not in page and not re.search(r"<link[^>]+href=\"https?:", page)
    assert "L.geoJson" in page or "L.geoJSON" in page
    assert config.ATTRIBUTION in page.replace("&#x27;", "'")


@needs_leaflet
def test_a_name_from_the_layers_stays_text(dataset, tmp_path):
    directory = copy_layers(tmp_path / "layers")
    rename_area(directory, "W06000015", "<img src=x onerror=alert(1)>Cardiff")
    layers = committed_layers(dataset.gazetteer)
    page = standalone_html(
        build_view(dataset, Filters()),
        ViewState(layer=Layer.COUNCILS),
        dataset,
        directory / config.COUNCILS_LAYER,
        layers.forces_path,
    )
    assert "<img src=x" not in page
    # escaped once for HTML (the tooltip shows the characters), then as JSON: "\\u0026lt;img ..."
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;Cardiff" in page


def test_without_leaflet_the_command_says_what_to_run(tmp_path, monkeypatch, capsys):
    with pytest.raises(LeafletMissingError, match="run `make vendor`"):
        leaflet_files(tmp_path)
    monkeypatch.setattr(config, "VENDOR_DIR", tmp_path)
    monkeypatch.setattr("cpmap.standalone.config.VENDOR_DIR", tmp_path)
    import cpmap.standalone

    monkeypatch.setattr(cpmap.standalone, "leaflet_files", lambda: leaflet_files(tmp_path))
    assert main(["render", "--html", str(tmp_path / "m.html")]) == 2
    assert "Leaflet is not there (run `make vendor`)" in capsys.readouterr().err
    assert not (tmp_path / "m.html").exists()


def test_render_needs_a_png_or_an_html_path(capsys):
    assert main(["render"]) == 2
    assert "give --out for a PNG picture, or --html" in capsys.readouterr().err
