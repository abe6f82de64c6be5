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
from cpmap.vocab import Window

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


def test_council_styles_are_the_maps_colours_details_and_dashes(dataset):
    from cpmap.mapspec import council_spec, then_now_spec
    from cpmap.standalone import _council_styles

    view = build_view(dataset, Filters())
    colours, details, dashed = _council_styles(view, Layer.COUNCILS)
    spec = council_spec(view)
    assert set(colours) == {str(c) for c in view.councils.index}
    stockton = spec["info"]["E06000004"]
    assert colours["E06000004"] == stockton[1] and details["E06000004"] == stockton[2]
    low = {code for code, entry in spec["info"].items() if len(entry) > 3 and entry[3] == 1}
    assert dashed == low
    latest = build_view(dataset, Filters(window=Window.LATEST))  # Harrow's one finding there is low confidence
    assert _council_styles(latest, Layer.COUNCILS)[2] == {"E09000015"}
    # a council without its own entry takes the default colour
    plain = next(str(c) for c in view.councils.index if str(c) not in spec["info"])
    assert colours[plain] == spec["default"][1]
    then_colours, _, then_dashed = _council_styles(view, Layer.THEN_NOW)
    assert then_colours["E06000004"] == then_now_spec(view)["info"]["E06000004"][1] and then_dashed == set()


def test_force_styles_are_the_force_layers(dataset):
    from cpmap.mapspec import force_spec
    from cpmap.standalone import _force_styles

    view = build_view(dataset, Filters())
    colours, details, dashed = _force_styles(view)
    entry = force_spec(view)["info"].get("E23000013")
    assert (colours["E23000013"], details["E23000013"]) == (entry[0], entry[1]) and dashed == set()
    assert set(colours) == {str(f) for f in view.forces.index}


def test_features_carry_fill_dash_and_escaped_text(tmp_path):
    import json

    from cpmap.standalone import _features

    path = tmp_path / "l.json"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {"type": "Feature", "id": "E1", "properties": {"name": "A & B", "force": "<F>"}, "geometry": None},
                    {"type": "Feature", "id": "E2", "properties": {}, "geometry": None},
                ],
            }
        ),
        encoding="utf-8",
    )
    data = _features(path, {"E1": "#111111", "E2": "#222222"}, {"E1": "2 types <b>"}, {"E1"})
    first, second = (f["properties"] for f in data["features"])
    assert first == {
        "name": "A &amp; B",
        "force": "&lt;F&gt;",
        "detail": "2 types &lt;b&gt;",
        "fill": "#111111",
        "dashed": True,
    }
    assert second == {"name": "", "force": "", "detail": "", "fill": "#222222", "dashed": False}


def test_the_legend_says_what_the_map_shows(dataset):
    from cpmap.describe import data_dates, filters_in_words
    from cpmap.mapspec import legend_entries
    from cpmap.release import release_line
    from cpmap.standalone import TITLE, _legend

    state = ViewState(filters=Filters(failure_types=("DA_LATE",)), layer=Layer.FORCES)
    view = build_view(dataset, state.filters)
    legend = _legend(view, state, dataset)
    assert legend.startswith('<div class="cpmap-legend" role="region" aria-label="Legend">')
    assert f"<h1>{TITLE}</h1>" in legend and "<h2>Police force areas</h2>" in legend
    assert legend.count("<li><span style=") == len(legend_entries(Layer.FORCES))
    for line in filters_in_words(state.filters, dataset):
        assert line.replace("'", "&#x27;") in legend
    assert data_dates(dataset, state.filters, state.layer) in legend and release_line() in legend
    assert view.figures.headline().replace("'", "&#x27;") in legend


@needs_leaflet
def test_the_selected_area_is_outlined_and_the_forces_drawn_over_the_councils(dataset):
    layers = committed_layers(dataset.gazetteer)
    page = standalone_html(
        build_view(dataset, Filters()), ViewState(area="E06000004"), dataset, layers.councils_path, layers.forces_path
    )
    assert '"color": "#000000", "dashArray": null, "fillColor"' in page or '"weight": 3.5' in page
    assert page.count('"weight": 3.5') == 1  # Stockton-on-Tees alone
    assert '"fillOpacity": 0.85' in page and '"weight": 0.6' in page
    assert '"color": "#252525", "fill": false, "opacity": 0.9, "weight": 1.6' in page  # the force borders
    assert "<title>Police child-protection weaknesses found by Ofsted</title>" in page
    forces = standalone_html(
        build_view(dataset, Filters()), ViewState(layer=Layer.FORCES), dataset, layers.councils_path, layers.forces_path
    )
    assert '"weight": 1.6' not in forces  # no second outline layer on the force layer
