"""Outline layers: every border of a polygon layer drawn once, as one line feature.

Neighbouring areas share their borders point for point (the layers are simplified together, as a coverage), so a
layer of outlines drawn from the polygons draws each inner border twice: twice the points for the browser to project
and simplify, and one path per area. The outline of a layer here keeps each segment once and joins consecutive
segments into lines, in one feature: the same picture, from about half the points and a single path.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
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
    seen: set[tuple[Point, Point]] = set()
    lines: list[list[Point]] = []
    for feature in collection["features"]:
        for ring in _rings(feature["geometry"]):
            current: list[Point] = []
            for a, b in pairwise(ring):
                key = (a, b) if a <= b else (b, a)
                if a == b or key in seen:
                    if len(current) > 1:
                        lines.append(current)
                    current = []
                    continue
                seen.add(key)
                if not current:
                    current = [a]
                current.append(b)
            if len(current) > 1:
                lines.append(current)
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
