"""Outline layers draw every border of a polygon layer once (cpmap/borders.py)."""

from __future__ import annotations

import json
from itertools import pairwise

from cpmap import config
from cpmap.borders import BORDERS_ID, border_lines, borders_layer
from cpmap.layers import PreparedGeometry, publish

# Two unit squares side by side share the edge x = 1; a third square touches them at one corner only.
LEFT = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
RIGHT = [[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]]
FAR = [[2, 1], [3, 1], [3, 2], [2, 2], [2, 1]]


def collection(*rings: list[list[int]]) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": str(n), "geometry": {"type": "Polygon", "coordinates": [ring]}}
            for n, ring in enumerate(rings)
        ],
    }


def segments(lines: list) -> list[frozenset]:
    return [frozenset((tuple(a), tuple(b))) for line in lines for a, b in pairwise(line)]


def ring_segments(layer: dict) -> set[frozenset]:
    found = set()
    for feature in layer["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for polygon in polygons:
            for ring in polygon:
                found.update(frozenset((tuple(a), tuple(b))) for a, b in pairwise(ring) if a != b)
    return found


def test_a_shared_border_is_drawn_once_and_every_other_edge_too():
    drawn = segments(border_lines(collection(LEFT, RIGHT, FAR)))
    assert len(drawn) == len(set(drawn)) == 11  # 4 + 4 + 4 edges, less the one the squares share
    assert drawn.count(frozenset(((1.0, 0.0), (1.0, 1.0)))) == 1


def test_lines_run_along_the_rings_and_break_only_where_a_border_was_drawn_before():
    lines = border_lines(collection(LEFT, RIGHT))
    assert lines[0] == [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)]
    assert lines[1:] == [[(1.0, 0.0), (2.0, 0.0), (2.0, 1.0), (1.0, 1.0)]]  # stops before the shared edge


def test_the_layer_is_valid_geojson_with_one_line_feature():
    assert borders_layer(collection(LEFT, RIGHT)) == {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": "borders",
                "properties": {},
                "geometry": {
                    "type": "MultiLineString",
                    "coordinates": [
                        [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]],
                        [[1.0, 0.0], [2.0, 0.0], [2.0, 1.0], [1.0, 1.0]],
                    ],
                },
            }
        ],
    }


def test_a_repeated_point_ends_a_line_and_the_next_starts_from_it_so_nothing_is_lost():
    ring = [[0, 0], [1, 0], [1, 0], [1, 1], [0, 0]]
    assert border_lines(collection(ring)) == [[(0.0, 0.0), (1.0, 0.0)], [(1.0, 0.0), (1.0, 1.0), (0.0, 0.0)]]


def test_the_layer_is_one_multilinestring_feature():
    layer = borders_layer(collection(LEFT, RIGHT))
    (feature,) = layer["features"]
    assert feature["id"] == BORDERS_ID and feature["geometry"]["type"] == "MultiLineString"
    assert segments(feature["geometry"]["coordinates"]) == segments(border_lines(collection(LEFT, RIGHT)))


def test_the_committed_force_layer_loses_no_border_and_draws_none_twice():
    forces = json.loads((config.PROJECT_ROOT / "geo" / "2016" / config.FORCES_LAYER).read_text(encoding="utf-8"))
    lines = border_lines(forces)
    drawn = segments(lines)
    assert len(drawn) == len(set(drawn))
    assert set(drawn) == ring_segments(forces)
    # the neighbours' shared borders were drawn twice before: now about half the points, in one path
    points = sum(len(line) for line in lines)
    before = sum(len(ring) for f in forces["features"] for poly in _polygons(f) for ring in poly)
    assert points < 0.75 * before


def _polygons(feature: dict) -> list:
    geometry = feature["geometry"]
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def test_publishing_writes_each_layers_borders_beside_it(tmp_path):
    source = tmp_path / "layers"
    source.mkdir()
    (source / config.COUNCILS_LAYER).write_text(json.dumps(collection(LEFT, RIGHT)), encoding="utf-8")
    (source / config.FORCES_LAYER).write_text(json.dumps(collection(LEFT, FAR)), encoding="utf-8")
    published = publish(PreparedGeometry(source, "k1"), tmp_path / "cache")
    council_borders = json.loads(published.council_borders_path.read_text(encoding="utf-8"))
    force_borders = json.loads(published.force_borders_path.read_text(encoding="utf-8"))
    assert council_borders == borders_layer(collection(LEFT, RIGHT))
    assert force_borders == borders_layer(collection(LEFT, FAR))
    assert published.councils_path.read_bytes() == (source / config.COUNCILS_LAYER).read_bytes()
    # compact, as every byte goes to each first-time visitor
    assert b", " not in published.force_borders_path.read_bytes()
    assert b'": ' not in published.force_borders_path.read_bytes()
