"""What the map picture draws besides its fills: words kept inside the picture."""

from __future__ import annotations

import re

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from cpmap.picture import (
    INDENT,
    MARGIN_PX,
    WIDTH_PX,
    draw_picture,
    wrap_to_fit,
)
from cpmap.urlstate import parse_query
from cpmap.viewmodel import build_view
from tests.picturecheck import app_layers

STOCKTON = "E06000004"
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
