"""The page's map picture in a real browser: the download is the picture `cpmap render` makes of the same view."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from components.picture import LABEL
from cpmap.picture import render_png
from cpmap.urlstate import parse_query
from cpmap.viewmodel import build_view
from tests.browser.test_downloads import download
from tests.picturecheck import app_layers

pytestmark = pytest.mark.browser


def test_the_map_download_is_the_same_picture_as_cpmap_render_makes(visit, dataset, layers_dir):
    query = "type=DA_LATE&area=E06000004"
    app = visit(query)
    png = download(app, LABEL)
    state, notices = parse_query(parse_qs(query), dataset)
    assert notices == []
    layers = app_layers(dataset, layers_dir)
    assert png == render_png(build_view(dataset, state.filters), state, dataset, layers)
    # and not the default view's picture: the page drew its own filters and selection
    default, _ = parse_query({}, dataset)
    assert png != render_png(build_view(dataset, default.filters), default, dataset, layers)
    app.assert_clean()
