"""The page's "Download this map (PNG)" button under AppTest: there for every layer, and drawn only when clicked."""

from __future__ import annotations

from unittest import mock

from components import picture
from tests.apptest import full_app


def test_the_map_download_is_offered_and_nothing_is_drawn_until_it_is_clicked():
    at = full_app(60)
    at.query_params["layer"] = "thennow"
    at.query_params["area"] = "E06000004"
    with (
        mock.patch("components.picture.render_png") as render,
        mock.patch("components.picture.load_picture_layers") as load,
    ):
        at.run()
        at.run()  # a rerun, as after any widget change
    assert not at.exception, [e.value for e in at.exception]
    buttons = [b for b in at.get("download_button") if b.proto.label == picture.LABEL]
    assert len(buttons) == 1
    assert buttons[0].proto.help.startswith("The map as you set it")
    assert render.call_count == 0 and load.call_count == 0
