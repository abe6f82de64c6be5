"""Outline layers: every border of a polygon layer drawn once, as one line feature.

Neighbouring areas share their borders point for point (the layers are simplified together, as a coverage), so a
layer of outlines drawn from the polygons draws each inner border twice: twice the points for the browser to project
and simplify, and one path per area. The outline of a layer here keeps each segment once and joins consecutive
segments into lines, in one feature: the same picture, from about half the points and a single path.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby, pairwise
from typing import Any

Point = tuple[float, float]
BORDERS_ID = "borders"


def _rings(geometry: dict[str, Any]) -> Iterator[list[Point]]:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    for polygon in polygons:
        for ring in polygon:
            yield [(float(x), float(y)) for x, y, *_ in ring]


def border_lines(collection: dict[str, Any]) -> list[list[Point]]:
    """Every segment of every ring once (either direction), joined into lines along the rings they come from."""
    seen: set[frozenset[Point]] = set()
    lines: list[list[Point]] = []
    for feature in collection["features"]:
        for ring in _rings(feature["geometry"]):
            marked = []  # (segment, whether it is drawn here: not a repeated point, not drawn before)
            for a, b in pairwise(ring):
                key = frozenset((a, b))  # a segment is the same either way round
                marked.append(((a, b), a != b and key not in seen))
                seen.add(key)
            # each run of segments not drawn before is one line: its first point, then every segment's end
            for new, run in groupby(marked, key=lambda pair: pair[1]):
                if new:
                    ends = [segment for segment, _ in run]
                    lines.append([ends[0][0], *(b for _, b in ends)])
    return lines


def borders_layer(collection: dict[str, Any]) -> dict[str, Any]:
    """A FeatureCollection holding one MultiLineString: the borders of `collection`'s polygons, each once."""
    lines = [[list(point) for point in line] for line in border_lines(collection)]
    feature = {
        "type": "Feature",
        "id": BORDERS_ID,
        "properties": {},
        "geometry": {"type": "MultiLineString", "coordinates": lines},
    }
    return {"type": "FeatureCollection", "features": [feature]}
