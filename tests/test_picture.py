"""The map picture (`cpmap.picture`): its colours are the live map's, its words say what it shows."""

from __future__ import annotations

import io
from urllib.parse import parse_qs

import numpy as np
import pytest
from PIL import Image

from cpmap import config
from cpmap.describe import data_dates, filters_in_words, month_text
from cpmap.mapspec import LOW_CONFIDENCE_LEGEND, council_spec, force_spec, legend_entries, then_now_spec
from cpmap.picture import (
    LONDON_PREFIX,
    TITLE,
    draw_picture,
    inset_frame,
    map_frame,
    palette_png,
    render_png,
)
from cpmap.urlstate import parse_query
from cpmap.viewmodel import Filters, Layer, MatchMode, build_view
from cpmap.vocab import Window
from tests.picturecheck import app_layers, deepest_per_colour, inside_point, metres_per_pixel, pixel_hex

STOCKTON, CLEVELAND = "E06000004", "E23000013"


@pytest.fixture(scope="module")
def layers(dataset, layers_dir):
    return app_layers(dataset, layers_dir)


def picture(query: str, dataset, layers):
    state, notices = parse_query(parse_qs(query), dataset)
    assert notices == []
    view = build_view(dataset, state.filters)
    return view, state, render_png(view, state, dataset, layers)


def spec_colours(view, layer: Layer, codes) -> dict[str, str]:
    """What the live map fills each area with: the lookups components/area_map.py sends to the browser."""
    if layer is Layer.FORCES:
        spec = force_spec(view)
        return {c: spec["info"].get(c, spec["default"])[0] for c in codes}
    spec = then_now_spec(view) if layer is Layer.THEN_NOW else council_spec(view)
    return {c: spec["info"].get(c, spec["default"])[1] for c in codes}


def assert_areas_match(png: bytes, view, layer: Layer, layers, must_include: tuple[str, ...] = ()) -> int:
    """Every colour the map uses, sampled at its deepest area (and the named areas): the pixel is the spec's colour."""
    frame = map_frame(layers)
    areas = layers.forces if layer is Layer.FORCES else layers.councils
    colours = spec_colours(view, layer, areas.index)
    sampled = set(deepest_per_colour(colours, areas.geometry).values()) | set(must_include)
    for code in sorted(sampled):
        point, depth = inside_point(areas.geometry[code])
        assert depth > 3 * metres_per_pixel(frame), f"{code} is too small to sample"
        assert pixel_hex(png, frame, point) == colours[code], code
    return len({colours[c] for c in sampled})


def test_the_default_pictures_colours_are_the_live_maps(dataset, layers):
    view, _, png = picture("", dataset, layers)
    assert assert_areas_match(png, view, Layer.COUNCILS, layers) >= 5  # most of the legend, not one colour


def test_a_filtered_view_with_a_selected_council_keeps_the_live_maps_colours(dataset, layers):
    view, _, png = picture(f"type=DA_LATE&area={STOCKTON}", dataset, layers)
    default_view = build_view(dataset, Filters())
    # the filter changes some colours, so this is not the default picture again
    assert spec_colours(view, Layer.COUNCILS, view.councils.index) != spec_colours(
        default_view, Layer.COUNCILS, view.councils.index
    )
    assert assert_areas_match(png, view, Layer.COUNCILS, layers, must_include=(STOCKTON, "E10000016")) >= 4


def test_the_force_layers_colours_are_the_live_maps(dataset, layers):
    view, _, png = picture(f"layer=forces&area={CLEVELAND}", dataset, layers)
    assert assert_areas_match(png, view, Layer.FORCES, layers, must_include=(CLEVELAND,)) >= 4


def test_the_then_and_now_layers_colours_are_the_live_maps(dataset, layers):
    view, _, png = picture("layer=thennow", dataset, layers)
    assert assert_areas_match(png, view, Layer.THEN_NOW, layers) >= 5


def test_london_enlarged_has_the_live_maps_colours(dataset, layers):
    view, _, png = picture("", dataset, layers)
    frame = inset_frame(layers)
    boroughs = layers.councils[layers.councils.index.str.startswith(LONDON_PREFIX)]
    assert len(boroughs) == 33
    colours = spec_colours(view, Layer.COUNCILS, boroughs.index)
    sampled = deepest_per_colour(colours, boroughs.geometry)
    assert len(sampled) >= 3
    for colour, code in sampled.items():
        point, depth = inside_point(boroughs.geometry[code])
        assert depth > 3 * metres_per_pixel(frame)
        assert pixel_hex(png, frame, point) == colour, code


def test_the_picture_is_report_sized_and_the_same_view_gives_the_same_bytes(dataset, layers):
    _, _, png = picture("type=DA_LATE", dataset, layers)
    width, height = Image.open(io.BytesIO(png)).size
    assert width >= 1600 and height >= 1000
    assert picture("type=DA_LATE", dataset, layers)[2] == png
    assert picture("", dataset, layers)[2] != png


def test_the_selected_area_is_outlined(dataset, layers):
    frame = map_frame(layers)
    stockton = layers.councils.geometry[STOCKTON]
    # a stretch of Stockton's border away from the force border, which is dark in every picture
    inner = stockton.boundary.difference(layers.forces.geometry[CLEVELAND].boundary.buffer(3_000))
    assert not inner.is_empty
    point = inner.interpolate(0.5, normalized=True)
    darkness = {}
    for query in ("", f"area={STOCKTON}"):
        _, _, png = picture(query, dataset, layers)
        rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
        column, row = (int(v) for v in frame.to_pixel(point.x, point.y))
        darkness[query] = int(rgb[row - 1 : row + 2, column - 1 : column + 2].sum(axis=2).min())
    assert darkness[f"area={STOCKTON}"] < 60 < darkness[""]


def texts(fig) -> str:
    return "\n".join(t.get_text() for ax in fig.axes for t in ax.texts)


def test_the_picture_carries_title_legend_filters_dates_and_attribution(dataset, layers):
    state, _ = parse_query(parse_qs(f"type=DA_LATE&force={CLEVELAND}&confidence=medium&area={STOCKTON}"), dataset)
    view = build_view(dataset, state.filters)
    words = " ".join(texts(draw_picture(view, state, dataset, layers)).replace("\n  ", " ").split())
    assert TITLE in words
    for _, label in legend_entries(Layer.COUNCILS):
        assert " ".join(label.split()) in words
    assert LOW_CONFIDENCE_LEGEND in words
    assert dataset.failure_types["DA_LATE"].label in words
    assert "Police force: Cleveland" in words and "medium and high confidence only" in words
    assert "Selected: Stockton-on-Tees (council)" in words
    assert "42 inspection reports published Oct 2015 to Sep 2016" in words
    assert " ".join(config.ATTRIBUTION.split()) in words
    assert f"?type=DA_LATE&force={CLEVELAND}&confidence=medium&area={STOCKTON}" in words


def test_the_force_and_then_and_now_pictures_carry_their_own_legends(dataset, layers):
    for layer in (Layer.FORCES, Layer.THEN_NOW):
        state, _ = parse_query({"layer": [layer.value]}, dataset)
        words = texts(draw_picture(build_view(dataset, state.filters), state, dataset, layers))
        flat = " ".join(words.replace("\n  ", " ").split())
        assert all(" ".join(label.split()) in flat for _, label in legend_entries(layer))
    assert "next reports published" in flat  # the then-and-now layer dates the next inspections too


def test_filters_in_words_name_every_filter_in_the_sidebars_words(dataset):
    filters = Filters(
        failure_types=("DA_LATE", "STRAT_NONATTEND"),
        match=MatchMode.ALL,
        forces=(CLEVELAND,),
        judgements=("inadequate",),
        protection=("requires improvement",),
        min_confidence="high",
        window=Window.FINANCIAL_YEAR,
    )
    lines = filters_in_words(filters, dataset)
    types = dataset.failure_types
    assert lines == [
        "Inspections: All of financial year 2015/16",
        f"Failure types (all of): {types['DA_LATE'].label} and {types['STRAT_NONATTEND'].label}",
        f"Police force: {dataset.gazetteer.forces[CLEVELAND].name}",
        "Ofsted overall judgement: inadequate",
        "Help and protection judgement: requires improvement",
        "Evidence: high confidence only",
    ]
    assert filters_in_words(Filters(), dataset)[1] == "No other filter: every police weakness found"


def test_data_dates_follow_the_window(dataset):
    letter = data_dates(dataset, Filters(), Layer.COUNCILS)
    year = data_dates(dataset, Filters(window=Window.FINANCIAL_YEAR), Layer.COUNCILS)
    n_letter = int((dataset.inspections["window"] == "letter").sum())
    assert f"{n_letter} inspection reports published Oct 2015 to Sep 2016" in letter
    n_year = int(dataset.inspections["window"].isin(["letter", "fy_only"]).sum())
    assert f"{n_year} inspection reports published" in year and "Oct 2015 to" not in year
    whole = data_dates(dataset, Filters(window=Window.ROUND), Layer.COUNCILS)
    n_round = int(dataset.inspections["window"].isin(["letter", "fy_only", "round"]).sum())
    assert f"{n_round} inspection reports published 2014 to Aug 2018" in whole
    latest = data_dates(dataset, Filters(window=Window.LATEST), Layer.COUNCILS)
    assert "each council's latest: 153 inspection reports published Sep 2022 to Aug 2026" in latest
    assert [month_text(d) for d in ("2016-05-24", "2015-10", "2017")] == ["May 2016", "Oct 2015", "2017"]


def test_text_from_data_is_drawn_as_written(dataset, layers):
    """An upload's label is data: a '$' in it must not start matplotlib's maths typesetting."""
    record = {k: str(v) for k, v in dataset.findings.iloc[0].items() if k not in ("source", "confidence_rank")}
    record["finding_id"] = "X1"
    uploaded = dataset.with_findings([record], "my $x^{2}$ notes.csv")
    state, _ = parse_query({}, uploaded)
    png = render_png(build_view(uploaded, state.filters), state, uploaded, layers)
    assert png.startswith(b"\x89PNG")
    assert "uploaded as my $x^{2}$ notes.csv" in texts(
        draw_picture(build_view(uploaded, Filters()), state, uploaded, layers)
    )


def test_the_palette_keeps_the_chosen_colours_exact():
    rng = np.random.default_rng(7)
    rgb = rng.integers(0, 256, size=(60, 80, 3), dtype=np.uint8)  # thousands of colours for 256 places
    keep = ["#b30000", "#92c5de", "#ffffff"]
    for i, colour in enumerate(keep):
        rgb[i * 10 : i * 10 + 3, :5] = [int(colour[k : k + 2], 16) for k in (1, 3, 5)]
    back = np.asarray(Image.open(io.BytesIO(palette_png(rgb, keep))).convert("RGB"))
    assert back.shape == rgb.shape
    for i in range(len(keep)):
        assert (back[i * 10 : i * 10 + 3, :5] == rgb[i * 10 : i * 10 + 3, :5]).all()

    # the rest fall onto at most 256 colours, each taken from the image itself
    def colours(a):
        return {tuple(c) for c in a.reshape(-1, 3)}

    assert len(colours(back)) <= 256 < len(colours(rgb))
    assert colours(back) <= colours(rgb)
