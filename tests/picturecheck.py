"""Reading a map picture back: the colour of its pixel inside a given area."""

from __future__ import annotations

import io

import shapely
from PIL import Image
from shapely.ops import polylabel

from cpmap.layers import committed_layers
from cpmap.picture import MapFrame, PictureLayers, load_picture_layers


def app_layers(dataset, layers_dir=None) -> PictureLayers:
    """The layers the app draws, as the picture reads them (the one place tests name where they come from)."""
    return load_picture_layers(committed_layers(dataset.gazetteer, layers_dir))


def inside_point(geometry) -> tuple[shapely.Point, float]:
    """The point of the area's largest part farthest from its border, and that distance in metres.

    A representative point may lie a few metres inside a border, where the border line covers it; this one
    lies as deep inside as the area allows.
    """
    parts = list(geometry.geoms) if hasattr(geometry, "geoms") else [geometry]
    largest = max(parts, key=lambda p: p.area)
    point = polylabel(largest, tolerance=50)
    return point, largest.exterior.distance(point) if not largest.interiors else largest.boundary.distance(point)


def pixel_hex(png: bytes, frame: MapFrame, point: shapely.Point) -> str:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    column, row = frame.to_pixel(point.x, point.y)
    r, g, b = image.getpixel((int(column), int(row)))
    return f"#{r:02x}{g:02x}{b:02x}"


def metres_per_pixel(frame: MapFrame) -> float:
    return (frame.extent[2] - frame.extent[0]) / frame.width


def deepest_per_colour(colours: dict[str, str], geometries) -> dict[str, str]:
    """For each colour, the area of that colour whose inside point is deepest (best to sample): colour -> code."""
    best: dict[str, tuple[float, str]] = {}
    for code, colour in colours.items():
        _, depth = inside_point(geometries[code])
        if depth > best.get(colour, (-1.0, ""))[0]:
            best[colour] = (depth, code)
    return {colour: code for colour, (_, code) in best.items()}
