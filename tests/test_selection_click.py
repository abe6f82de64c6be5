"""A map click, as st_folium's on_change callback sees it: the clicked feature's code becomes the selected area.

The callback runs before the rerun it causes, so the panel and the highlight change in that one pass; app.py has no
second way of applying a click. The real click in a browser is in tests/browser/test_click_path.py.
"""

from __future__ import annotations

import pytest

from components import selected_area
from cpmap.clicked_area import code_from_clicked_feature

BURY, CARDIFF = "E08000002", "W06000015"


def clicked(code: object, lat: float = 53.59, props: object = None) -> dict[str, object]:
    return {
        "last_active_drawing": {"type": "Feature", "id": code, "properties": props if props is not None else {}},
        "last_object_clicked": {"lat": lat, "lng": -2.3},
    }


@pytest.fixture
def state(monkeypatch) -> dict[str, object]:
    """Session state as a plain dict, with the search box's options as the app stores them."""
    fake: dict[str, object] = {"area_options": {BURY: "Bury", "E06000004": "Stockton-on-Tees"}}
    monkeypatch.setattr(selected_area.st, "session_state", fake)
    return fake


def test_a_click_selects_the_area_and_puts_it_in_the_search_box(state):
    state[selected_area.MAP_KEY] = clicked(BURY)
    selected_area.on_map_change()
    assert state[selected_area.AREA] == BURY
    assert state[selected_area.AREA_SELECT] == BURY


def test_the_same_click_replayed_by_a_rerun_is_not_taken_again(state):
    state[selected_area.MAP_KEY] = clicked(BURY)
    selected_area.on_map_change()
    state[selected_area.AREA] = "E06000004"  # then the user picks another area in the search box
    selected_area.on_map_change()  # st_folium still returns the old click
    assert state[selected_area.AREA] == "E06000004"
    state[selected_area.MAP_KEY] = clicked(BURY, lat=53.6)  # a new click on the same area counts
    selected_area.on_map_change()
    assert state[selected_area.AREA] == BURY


def test_a_welsh_area_is_selected_but_not_put_in_the_search_box(state):
    state[selected_area.MAP_KEY] = clicked(CARDIFF)
    selected_area.on_map_change()
    assert state[selected_area.AREA] == CARDIFF
    assert state[selected_area.AREA_SELECT] is None


@pytest.mark.parametrize("returned", [None, {}, clicked("<script>"), clicked(None, props=None), clicked("E0800000")])
def test_a_click_on_anything_but_an_area_changes_nothing(state, returned):
    state[selected_area.AREA] = BURY
    state[selected_area.MAP_KEY] = returned
    selected_area.on_map_change()
    assert state[selected_area.AREA] == BURY


def test_choosing_in_the_search_box_selects_that_area(state):
    state[selected_area.AREA_SELECT] = "E06000004"
    selected_area.on_select_change()
    assert state[selected_area.AREA] == "E06000004"


def test_select_without_options_always_fills_the_search_box(state):
    selected_area.select(CARDIFF)
    assert state[selected_area.AREA] == state[selected_area.AREA_SELECT] == CARDIFF
    selected_area.select(CARDIFF, {BURY: "Bury"})
    assert state[selected_area.AREA_SELECT] is None


def test_click_tokens_tell_clicks_apart():
    assert selected_area.click_token(None) == "" and selected_area.click_token({}) == ""
    assert selected_area.click_token(clicked(BURY)) == selected_area.click_token(clicked(BURY))
    assert selected_area.click_token(clicked(BURY)) != selected_area.click_token(clicked(BURY, lat=53.6))


def test_area_options_are_english_areas_sorted_by_name(dataset):
    options = selected_area.area_options(dataset)
    assert len(options) == 152 + 39  # the English councils and forces
    names = list(options.values())
    assert names == sorted(names, key=str.lower)
    assert options[BURY] == "Bury" and options["E23000013"] == "Cleveland Police"
    assert CARDIFF not in options and "W15000002" not in options


@pytest.mark.parametrize(
    ("returned", "code"),
    [
        (clicked(BURY), BURY),
        (clicked("nonsense", props={"code": BURY}), BURY),
        (clicked(7, props={"code": CARDIFF}), CARDIFF),
        (clicked("e08000002"), None),
        (clicked(BURY + "1"), None),
        (clicked(" " + BURY), None),
        ({"last_active_drawing": "E08000002"}, None),
        (["E08000002"], None),
        (clicked(None, props=["E08000002"]), None),
    ],
)
def test_the_code_comes_only_from_a_well_formed_feature(returned, code):
    assert code_from_clicked_feature(returned) == code
