"""What the map picture draws besides its fills (gaps shown by `make mutate`): the other layer's borders, the
selection's width, the map centred in its box, and words drawn as written and kept inside the picture."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from cpmap.picture import (
    INDENT,
    MARGIN_PX,
    WIDTH_PX,
    _fit,
    draw_picture,
    map_frame,
    render_png,
    wrap_to_fit,
)
from cpmap.urlstate import parse_query
from cpmap.viewmodel import build_view
from tests.picturecheck import app_layers, metres_per_pixel

STOCKTON, MIDDLESBROUGH, CLEVELAND = "E06000004", "E06000002", "E23000013"
# Capitals and underscores are the widest characters a query holds: cut by a count of characters, as before, this
# query's lines ran to 1,912 px on the 1,900 px picture.
LONG_QUERY = (
    "type=DA_LATE&type=STRAT_NONATTEND&type=CONF_NONATTEND&type=MASH_INFO&type=POLPROT_NO_CONSULT&match=all"
    "&force=E23000013&force=E23000001&judgement=inadequate&judgement=good&protection=good&confidence=medium"
    f"&area={STOCKTON}"
)


@pytest.fixture(scope="module")
def layers(dataset, layers_dir):
    return app_layers(dataset, layers_dir)


def rendered(query: dict, dataset, layers) -> np.ndarray:
    state, notices = parse_query(query, dataset)
    assert notices == []
    png = render_png(build_view(dataset, state.filters), state, dataset, layers)
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def test_the_force_layer_draws_the_council_borders_inside_each_force(dataset, layers):
    # Stockton and Middlesbrough are both in Cleveland: their shared border is a council border, not a force one.
    border = layers.councils.geometry[STOCKTON].intersection(layers.councils.geometry[MIDDLESBROUGH])
    point = border.interpolate(0.5, normalized=True)
    assert layers.forces.geometry[CLEVELAND].boundary.distance(point) > 2_000  # 4 px from the force's border
    frame = map_frame(layers)
    column, row = (int(v) for v in frame.to_pixel(point.x, point.y))
    inside = layers.forces.geometry[CLEVELAND].representative_point()
    fill_column, fill_row = (int(v) for v in frame.to_pixel(inside.x, inside.y))
    rgb = rendered({"layer": ["forces"]}, dataset, layers)
    fill = rgb[fill_row, fill_column].sum()
    # the border (#737373 at 0.5 px) darkens some pixel where it runs; without it all is Cleveland's fill
    assert rgb[row - 1 : row + 2, column - 1 : column + 2].sum(axis=2).min() < fill - 60


@pytest.mark.parametrize("code", [STOCKTON, CLEVELAND])
def test_the_selected_area_is_outlined_as_wide_as_on_the_live_map(dataset, layers, code):
    frame = map_frame(layers)
    areas = layers.forces if code == CLEVELAND else layers.councils
    rgb = rendered({"area": [code]}, dataset, layers)[
        frame.top : frame.top + frame.height, frame.left : frame.left + frame.width
    ]
    black = int((rgb.sum(axis=2) == 0).sum())  # nothing else on the map is pure black
    border_px = areas.geometry[code].boundary.length / metres_per_pixel(frame)
    # A 3.5 px line leaves 2 to 3 wholly black pixels across it (2.4-2.7 measured); Matplotlib's default width
    # (1.5 pt, 2.1 px) leaves 1.3-1.6.
    assert 2.0 < black / border_px < 3.5


def test_a_map_box_wider_or_taller_than_the_areas_centres_them():
    wide = _fit((0.0, 0.0, 100.0, 100.0), 10, 20, 200, 100)
    assert wide.extent == (-50.0, 0.0, 150.0, 100.0)
    tall = _fit((0.0, 0.0, 100.0, 100.0), 10, 20, 100, 200)
    assert tall.extent == (0.0, -50.0, 100.0, 150.0)
    assert tall.to_pixel(50.0, 50.0) == (60.0, 120.0)  # the middle of the areas, the middle of the box


def picture_texts(query: dict, dataset, layers, uploads: tuple[str, ...] = ()):
    """Each text drawn on the page (not the maps) with its left and right edge in pixels, as rendered."""
    record = {k: str(v) for k, v in dataset.findings.iloc[0].items() if k not in ("source", "confidence_rank")}
    for n, label in enumerate(uploads):
        dataset = dataset.with_findings([{**record, "finding_id": f"X{n}"}], label)
    state, _ = parse_query(query, dataset)
    figure = draw_picture(build_view(dataset, state.filters), state, dataset, layers)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()  # raises if a text cannot be drawn
    renderer = canvas.get_renderer()
    return [
        (t.get_text(), t.get_window_extent(renderer).x0, t.get_window_extent(renderer).x1) for t in figure.axes[0].texts
    ]


def test_text_from_data_is_not_read_as_mathtext(dataset, layers):
    # "$\frac$" is broken TeX: read as maths, drawing it raises; as data it is drawn as written.
    label = r"upload: cost $\frac$ notes.csv"
    drawn = " ".join(text for text, _, _ in picture_texts({}, dataset, layers, uploads=(label,)))
    assert label in drawn


def test_long_queries_and_upload_labels_stay_inside_the_picture(dataset, layers):
    from urllib.parse import parse_qs

    labels = tuple(f"upload: {letter * 50}_{n}.CSV" for n, letter in enumerate("WMQ"))
    texts = picture_texts(parse_qs(LONG_QUERY), dataset, layers, uploads=labels)
    right = WIDTH_PX - MARGIN_PX
    outside = [(text, round(x1)) for text, _, x1 in texts if x1 > right + 1]
    assert outside == []
    # the query is printed whole, its lines cut where the room runs out (a character more would not fit)
    start = next(i for i, (text, _, _) in enumerate(texts) if text.startswith("Link query:"))
    block = [texts[start]]
    for line in texts[start + 1 :]:
        if not line[0].startswith(INDENT):
            break
        block.append(line)
    printed = "".join(text.strip() for text, _, _ in block)
    assert re.sub(r"^Link query:\s*", "", printed) == f"?{LONG_QUERY}"
    assert len(block) >= 4
    for _, _, x1 in block[1:-1]:
        assert x1 > right - 16, "a line of the query stops short of the margin"
    # the three upload labels are named below the map, over more than one line
    footer = " ".join(" ".join(text for text, x0, _ in texts if x0 < MARGIN_PX + 1).split())
    assert all(label in footer for label in labels)


def test_wrapping_breaks_at_spaces_and_cuts_only_words_too_wide_for_a_line():
    def fits(line: str) -> bool:
        return len(line) <= 8

    assert wrap_to_fit("one two three", fits) == ["one two", "  three"]
    assert wrap_to_fit("abcdefghijklmnop", fits) == ["abcdefgh", "  ijklmn", "  op"]
    assert wrap_to_fit("go abcdefghij", fits) == ["go", "  abcdef", "  ghij"]
    assert wrap_to_fit("", fits) == [""]
    # room for less than a character: one character a line all the same, and the wrapping ends
    assert wrap_to_fit("abc", lambda line: len(line) <= 1) == ["a", "  b", "  c"]
    assert wrap_to_fit("fits  exactly", lambda line: len(line) <= 12) == ["fits exactly"]
