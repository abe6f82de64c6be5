"""`cpmap render` as a user runs it: the PNG has the live map's colours, bad query values get the page's notices."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from cpmap.cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE, query_parameters
from cpmap.mapspec import council_spec, force_spec
from cpmap.picture import map_frame, render_png
from cpmap.urlstate import parse_query
from cpmap.viewmodel import build_view
from tests.picturecheck import app_layers, inside_point, pixel_hex
from tests.test_cli import PROJECT_ROOT, cpmap

STOCKTON, KENT, CUMBRIA, BURY = "E06000004", "E10000016", "E10000006", "E08000002"


@pytest.fixture(scope="module")
def layers(dataset, layers_dir):
    return app_layers(dataset, layers_dir)


def test_render_writes_the_live_maps_colours_for_the_query(tmp_path, dataset, layers):
    out = tmp_path / "map.png"
    done = cpmap("render", "--out", str(out), "--query", f"type=DA_LATE&area={STOCKTON}")
    assert done.returncode == EXIT_OK, done.stderr
    assert done.stdout == "" and f"wrote {out}: PNG" in done.stderr
    png = out.read_bytes()
    state, _ = parse_query(parse_qs(f"type=DA_LATE&area={STOCKTON}"), dataset)
    spec = council_spec(build_view(dataset, state.filters))
    frame = map_frame(layers)
    colours = set()
    for code in (STOCKTON, KENT, CUMBRIA, BURY):
        expected = spec["info"].get(code, spec["default"])[1]
        point, _ = inside_point(layers.councils.geometry[code])
        assert pixel_hex(png, frame, point) == expected, code
        colours.add(expected)
    assert len(colours) >= 3
    # the same view drawn in this process: the same bytes, which is what the page's download relies on
    assert png == render_png(build_view(dataset, state.filters), state, dataset, layers)


def test_render_takes_a_whole_link_and_draws_its_layer(tmp_path, dataset, layers):
    out = tmp_path / "forces.png"
    done = cpmap("render", "--out", str(out), "--query", "http://localhost:8501/?layer=forces&force=E23000013")
    assert done.returncode == EXIT_OK, done.stderr
    state, _ = parse_query({"layer": ["forces"], "force": ["E23000013"]}, dataset)
    spec = force_spec(build_view(dataset, state.filters))
    for code in ("E23000013", "E23000005", "E23000032"):  # Cleveland, Greater Manchester, Kent
        point, _ = inside_point(layers.forces.geometry[code])
        assert pixel_hex(out.read_bytes(), map_frame(layers), point) == spec["info"].get(code, spec["default"])[0]


def test_bad_query_values_get_the_pages_notices_and_exit_1(tmp_path, dataset):
    query = "type=NOPE&layer=maps&colour=red&area=Narnia"
    out = tmp_path / "map.png"
    done = cpmap("render", "--out", str(out), "--query", query)
    assert done.returncode == EXIT_INVALID
    _, notices = parse_query(query_parameters(query), dataset)
    assert len(notices) == 4
    assert done.stderr.splitlines()[:4] == [f"--query: {n}" for n in notices]
    for name in ("'type'", "'layer'", "'colour'", "'area'"):
        assert name in done.stderr
    # what is left is drawn, as the page shows it: here the default view
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_an_unwritable_output_is_a_usage_error(tmp_path):
    done = cpmap("render", "--out", str(tmp_path / "missing" / "map.png"))
    assert done.returncode == EXIT_USAGE
    assert "missing/map.png: (file): cannot be written" in done.stderr


def test_query_parameters_read_the_address_bars_forms():
    want = {"type": ["DA_LATE", "MASH_INFO"], "area": ["E06000004"]}
    for text in (
        "type=DA_LATE&type=MASH_INFO&area=E06000004",
        "?type=DA_LATE&type=MASH_INFO&area=E06000004",
        "https://example.org/cpmap/?type=DA_LATE&type=MASH_INFO&area=E06000004",
    ):
        assert query_parameters(text) == want
    assert query_parameters("") == {}
    assert query_parameters("area=") == {"area": [""]}


def test_the_readmes_picture_is_the_default_view_as_cpmap_render_draws_it(dataset, layers):
    committed = (PROJECT_ROOT / "docs" / "map-default.png").read_bytes()
    assert "](docs/map-default.png)" in (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert len(committed) < 400_000
    state, _ = parse_query({}, dataset)
    fresh = render_png(build_view(dataset, state.filters), state, dataset, layers)
    assert committed == fresh, (
        "docs/map-default.png is out of date: remake it with `cpmap render --out docs/map-default.png`"
    )
