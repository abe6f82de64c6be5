"""The map's colours are told apart by colour-blind readers, and every colour on the map is named in the legend.

Each legend's colours are simulated as seen with protanopia, deuteranopia and tritanopia (Machado et al. 2009,
full severity) and compared by CIEDE2000 (tests/colourvision.py): as legend swatches, and as painted on the map
(fill opacity 0.85 over the map's background). Categories need a clear difference; the steps of an ordered ramp
(more failure types, more councils) a smaller one, and they must stay in order of lightness in every simulation.
"""

from __future__ import annotations

from itertools import combinations, pairwise

import pytest
from colourvision import MACHADO, VISIONS, blend, ciede2000, difference, hex_to_rgb, simulate, to_lab

from components.summary import with_map_colour
from cpmap.dataset import Dataset
from cpmap.export import findings_table
from cpmap.mapspec import (
    FORCE_RAMP,
    WEAKNESS_RAMP,
    council_spec,
    force_spec,
    legend_entries,
    map_colour_names,
    then_now_spec,
)
from cpmap.viewmodel import Filters, Layer, build_view

# How the map paints a fill (the layer script and the map's CSS): what a reader compares on screen.
MAP_BACKGROUND, FILL_OPACITY = "#eef2f5", 0.85
MIN_CATEGORY_DE, MIN_PAINTED_DE, MIN_STEP_DE = 10.0, 9.0, 7.0
RAMPS = {Layer.COUNCILS: WEAKNESS_RAMP, Layer.FORCES: FORCE_RAMP, Layer.THEN_NOW: ()}


def steps(ramp: tuple[str, ...]) -> set[frozenset[str]]:
    return {frozenset(pair) for pair in pairwise(ramp)}


def test_ciede2000_matches_the_published_test_data():
    # Sharma, Wu & Dalal (2005), table 1: pairs 1, 7 and 25 (hue wrap-around, grey, large difference).
    assert ciede2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert ciede2000((50, 0, 0), (50, -1, 2)) == pytest.approx(2.3669, abs=1e-4)
    assert ciede2000((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387)) == pytest.approx(1.2644, abs=1e-4)
    assert to_lab(hex_to_rgb("#ff0000")) == pytest.approx((53.24, 80.09, 67.20), abs=0.01)


@pytest.mark.parametrize("vision", sorted(MACHADO))
def test_the_simulation_keeps_greys_and_merges_what_it_should(vision):
    # A dichromat sees neutral greys unchanged (each matrix row sums to 1)...
    assert simulate("#808080", vision) == pytest.approx(hex_to_rgb("#808080"), abs=0.01)
    # ...and loses exactly the contrast their missing cone gave: red-green for protan/deutan, blue-yellow for tritan.
    pair = ("#2166ac", "#4d9221") if vision == "tritanopia" else ("#d95f02", "#7fb800")
    assert difference(*pair, vision) < difference(*pair) / 2


@pytest.mark.parametrize("layer", list(Layer))
def test_every_two_legend_colours_are_told_apart_with_every_kind_of_colour_vision(layer):
    colours = [colour for colour, _ in legend_entries(layer)]
    assert len(set(colours)) == len(colours), "two legend entries share a colour"
    painted = {c: blend(c, FILL_OPACITY, MAP_BACKGROUND) for c in colours}
    ramp_steps = steps(RAMPS[layer])
    too_close = []
    for a, b in combinations(colours, 2):
        need, need_painted = (MIN_STEP_DE, MIN_STEP_DE) if {a, b} in ramp_steps else (MIN_CATEGORY_DE, MIN_PAINTED_DE)
        for vision in VISIONS:
            swatch, on_map = difference(a, b, vision), difference(painted[a], painted[b], vision)
            if swatch < need or on_map < need_painted:
                too_close.append(f"{a}/{b} {vision}: {swatch:.1f} (on the map {on_map:.1f})")
    assert too_close == []


@pytest.mark.parametrize("layer", [Layer.COUNCILS, Layer.FORCES])
def test_a_ramp_stays_in_order_of_lightness_for_every_kind_of_colour_vision(layer):
    for vision in VISIONS:
        lightness = [to_lab(simulate(c, vision))[0] for c in RAMPS[layer]]
        assert lightness == sorted(lightness, reverse=True), f"{vision}: {lightness}"


def filter_sets(dataset: Dataset) -> list[Filters]:
    some_force = dataset.gazetteer.english_forces[0].code
    return [
        Filters(),
        *(Filters(failure_types=(t,)) for t in sorted(dataset.failure_types)),
        Filters(forces=(some_force,)),
        Filters(min_confidence="high"),
    ]


@pytest.mark.parametrize("layer", list(Layer))
def test_every_colour_the_map_draws_is_named_in_the_legend(dataset, layer):
    legend = {colour for colour, _ in legend_entries(layer)}
    seen: set[str] = set()
    for filters in filter_sets(dataset):
        view = build_view(dataset, filters)
        if layer is Layer.FORCES:
            spec, field = force_spec(view), 0
        else:
            spec, field = (then_now_spec(view) if layer is Layer.THEN_NOW else council_spec(view)), 1
        drawn = {entry[field] for entry in spec["info"].values()} | {spec["default"][field]}
        assert drawn <= legend, f"{filters}: colours without a legend entry: {drawn - legend}"
        seen |= drawn
        names = map_colour_names(view, layer)
        areas = view.forces.index if layer is Layer.FORCES else view.councils.index
        assert set(names) == {str(code) for code in areas}
    assert len(seen) >= 5, "the filters tried show too few of the legend's colours to mean much"


def test_the_findings_table_names_each_area_s_colour_as_the_legend_does(dataset):
    force = dataset.gazetteer.english_forces[0].code
    view = build_view(dataset, Filters())
    table = findings_table(view, dataset)
    for layer in Layer:
        labels = {label for _, label in legend_entries(layer)}
        shown = with_map_colour(table, view, layer)
        names = map_colour_names(view, layer)
        key = "force_code" if layer is Layer.FORCES else "council_code"
        for code, name in zip(shown[key], shown["map_colour"], strict=True):
            assert name == names.get(code, ""), code
            assert name in labels or (name == "" and code == "")
    # under a force filter, the other forces' findings are not in the table, and the force's own is named
    filtered = build_view(dataset, Filters(forces=(force,)))
    shown = with_map_colour(findings_table(filtered, dataset), filtered, Layer.FORCES)
    assert set(shown["force_code"]) <= {force}
