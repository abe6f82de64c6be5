"""A picture of the map for a report: the view drawn with geopandas and matplotlib, as PNG bytes.

Colours come from the same lookups the live map is styled from (`cpmap.mapspec`), so a council is the same colour
in both. Fills are opaque here (the live map lays them at 85% over a pale background): the picture shows the
legend's colours exactly. Drawing is pure: the layers arrive as GeoDataFrames (`load_picture_layers` is the one
function here that reads files, at the boundary), and no pyplot state is touched, so a download button may draw
on any thread.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

import geopandas as gpd
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from PIL import Image

from cpmap import config
from cpmap.dataset import Dataset
from cpmap.describe import data_dates, filters_in_words, layer_in_words
from cpmap.layers import PreparedGeometry, read_prepared_layer
from cpmap.mapspec import LOW_CONFIDENCE_LEGEND, council_spec, force_spec, legend_entries, then_now_spec
from cpmap.urlstate import ViewState, to_query
from cpmap.viewmodel import Layer, View

TITLE = "Police child-protection weaknesses found by Ofsted, 2015/16"
CRS = 27700  # British National Grid: true shapes for England and Wales, unlike the web map's Mercator
DPI = 100  # one point is 100/72 pixels; sizes below are in pixels
WIDTH_PX = 1900
MAP_HEIGHT_PX = 1300
MARGIN_PX = 30
HEADER_PX = 120
FOOTER_PX = 80
GAP_PX = 40
PAD_M = 8_000.0  # around the areas' extent
LONDON_PREFIX = "E09"  # GSS codes of the London boroughs and the City
# Line styles of the live map (components/area_map.py LAYER_JS), in pixels.
AREA_EDGE = ("#8c8c8c", 0.6)
LOW_EDGE = ("#4d4d4d", 1.6)
FORCE_OUTLINE = ("#252525", 1.6)
COUNCIL_OUTLINE = ("#737373", 0.5)
SELECTED_EDGE = ("#000000", 3.5)
TEXT = "#1a1a1a"
MUTED = "#404040"
INDENT = "  "  # before the continuation lines of a wrapped line


def _pt(px: float) -> float:
    return px * 72 / DPI


@dataclass(frozen=True)
class PictureLayers:
    """Council and force polygons in EPSG:27700, indexed by GSS code."""

    councils: gpd.GeoDataFrame
    forces: gpd.GeoDataFrame


def load_picture_layers(geometry: PreparedGeometry) -> PictureLayers:
    """The prepared layers the live map draws, reprojected for the picture."""
    councils = read_prepared_layer(geometry.councils_path)[["code", "name", "geometry"]].to_crs(CRS)
    forces = read_prepared_layer(geometry.forces_path)[["code", "name", "geometry"]].to_crs(CRS)
    return PictureLayers(councils, forces)


@dataclass(frozen=True)
class MapFrame:
    """Where the map sits in the picture: its pixel box and the EPSG:27700 extent drawn in it."""

    left: int
    top: int
    width: int
    height: int
    extent: tuple[float, float, float, float]  # x0, y0, x1, y1 in metres

    def to_pixel(self, x: float, y: float) -> tuple[float, float]:
        """Picture (column, row) of a point in metres; row 0 is the top."""
        x0, y0, x1, y1 = self.extent
        return self.left + (x - x0) / (x1 - x0) * self.width, self.top + (y1 - y) / (y1 - y0) * self.height


def _padded(bounds, pad: float) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in bounds)
    return x0 - pad, y0 - pad, x1 + pad, y1 + pad


def _fit(extent: tuple[float, float, float, float], left: int, top: int, width: int, height: int) -> MapFrame:
    """A frame of the given box showing at least `extent`, widened on one axis so a metre is as long across as up."""
    x0, y0, x1, y1 = extent
    scale = max((x1 - x0) / width, (y1 - y0) / height)  # metres per pixel
    dx, dy = (width * scale - (x1 - x0)) / 2, (height * scale - (y1 - y0)) / 2
    return MapFrame(left, top, width, height, (x0 - dx, y0 - dy, x1 + dx, y1 + dy))


def map_frame(layers: PictureLayers) -> MapFrame:
    """The map box: fixed height, width from the areas' extent."""
    x0, y0, x1, y1 = _padded(layers.councils.total_bounds, PAD_M)
    width = round(MAP_HEIGHT_PX * (x1 - x0) / (y1 - y0))
    return _fit((x0, y0, x1, y1), MARGIN_PX, HEADER_PX, width, MAP_HEIGHT_PX)


def inset_frame(layers: PictureLayers) -> MapFrame:
    """London's boroughs enlarged, at the foot of the side panel: on the whole map they are a few pixels each."""
    main = map_frame(layers)
    london = layers.councils[layers.councils.index.str.startswith(LONDON_PREFIX)]
    x0, y0, x1, y1 = _padded(london.total_bounds, 2_000.0)
    left = main.left + main.width + GAP_PX
    width = WIDTH_PX - MARGIN_PX - left
    height = round(width * (y1 - y0) / (x1 - x0))
    return _fit((x0, y0, x1, y1), left, main.top + main.height - height, width, height)


def _fills(view: View, layer: Layer, frame: gpd.GeoDataFrame) -> tuple[list[str], list[bool]]:
    """Fill colour and low-confidence flag per area of `frame`, from the live map's lookup."""
    if layer is Layer.FORCES:
        spec = force_spec(view)
        entries = [spec["info"].get(code, spec["default"]) for code in frame.index]
        return [e[0] for e in entries], [False] * len(entries)
    spec = then_now_spec(view) if layer is Layer.THEN_NOW else council_spec(view)
    entries = [spec["info"].get(code, spec["default"]) for code in frame.index]
    return [e[1] for e in entries], [bool(e[3]) for e in entries]


def _draw_map(ax, view: View, layer: Layer, selected: str | None, layers: PictureLayers) -> None:
    filled = layers.forces if layer is Layer.FORCES else layers.councils
    colours, low = _fills(view, layer, filled)
    filled.plot(ax=ax, color=colours, edgecolor=AREA_EDGE[0], linewidth=_pt(AREA_EDGE[1]), aspect=None, zorder=1)
    dashed = filled[low]
    if len(dashed):
        dashed.boundary.plot(
            ax=ax, color=LOW_EDGE[0], linewidth=_pt(LOW_EDGE[1]), linestyle=(0, (4, 3)), aspect=None, zorder=2
        )
    outline, (colour, width) = (
        (layers.councils, COUNCIL_OUTLINE) if layer is Layer.FORCES else (layers.forces, FORCE_OUTLINE)
    )
    outline.boundary.plot(ax=ax, color=colour, linewidth=_pt(width), alpha=0.9, aspect=None, zorder=3)
    for frame in (layers.councils, layers.forces):
        if selected in frame.index:
            frame.loc[[selected]].boundary.plot(
                ax=ax, color=SELECTED_EDGE[0], linewidth=_pt(SELECTED_EDGE[1]), aspect=None, zorder=4
            )


def _area_name(selected: str | None, dataset: Dataset) -> str | None:
    gaz = dataset.gazetteer
    if selected in gaz.councils:
        return f"{gaz.councils[selected].name} (council)"
    if selected in gaz.forces:
        return f"{gaz.forces[selected].name} (police force area)"
    return None


def wrap_to_fit(text: str, fits: Callable[[str], bool]) -> list[str]:
    """`text` in lines that each `fits`, broken at spaces; inside a word only where the word alone is too wide (a
    link query has no spaces). Continuation lines start with INDENT.

    >>> wrap_to_fit("ab cd efghijkl", lambda line: len(line) <= 6)
    ['ab cd', '  efgh', '  ijkl']
    """
    lines: list[str] = []
    line = ""
    for word in text.split():
        joined = f"{line} {word}" if line else (INDENT if lines else "") + word
        if fits(joined):
            line = joined
            continue
        if line:
            lines.append(line)
        line = (INDENT if lines else "") + word
        while not fits(line):
            # The longest start of it that fits, keeping at least one character of the word so that this ends;
            # a single character too wide for the room stays on a line of its own.
            shortest = len(INDENT) + 1 if lines else 1
            if len(line) <= shortest:
                break
            low, high = shortest, len(line) - 1
            while low < high:
                middle = (low + high + 1) // 2
                low, high = (middle, high) if fits(line[:middle]) else (low, middle - 1)
            lines.append(line[:low])
            line = INDENT + line[low:]
    return [*lines, line]  # "" for a text without words


class _Page:
    """Text and swatches placed in pixels from the top left, on an axes that spans the figure."""

    def __init__(self, fig: Figure, width: int, height: int):
        self.ax = fig.add_axes((0, 0, 1, 1))
        self.ax.set_xlim(0, width)
        self.ax.set_ylim(height, 0)
        self.ax.set_axis_off()
        self._measure = RendererAgg(1, 1, DPI)  # lays text out as the figure's canvas will

    def fitted(self, x: float, y: float, lines: list[str], size: float, right: float, **style) -> float:
        """Lines wrapped by their drawn width so that none passes `right`; returns the y below them.

        For text made of data (filters, the link query, dates and upload labels): a count of characters cannot
        say how wide "W" and "_" are, and a long query ran off the picture's edge.
        """
        prop = FontProperties(size=size, weight=style.get("weight", "normal"))

        def fits(line: str) -> bool:
            return self._measure.get_text_width_height_descent(line, prop, ismath=False)[0] <= right - x

        step = size * DPI / 72 * 1.35
        for line in lines:
            for part in wrap_to_fit(line, fits):
                self.text(x, y, part, size, **style)
                y += step
        return y

    def text(self, x: float, y: float, text: str, size: float, **style) -> None:
        # parse_math off: names and upload labels are data, and a "$" must not start mathtext.
        self.ax.text(x, y, text, fontsize=size, va="top", ha="left", parse_math=False, **{"color": TEXT, **style})

    def lines(self, x: float, y: float, lines: list[str], size: float, chars: int, **style) -> float:
        """Wrapped lines from y down; returns the y below them."""
        step = size * DPI / 72 * 1.35
        for line in lines:
            for part in textwrap.wrap(line, chars, subsequent_indent="  ") or [""]:
                self.text(x, y, part, size, **style)
                y += step
        return y

    def swatch(self, x: float, y: float, colour: str, label: str, size: float, chars: int) -> float:
        self.ax.add_patch(Rectangle((x, y), 30, 20, facecolor=colour, edgecolor="#666666", linewidth=_pt(1)))
        return max(y + 26, self.lines(x + 42, y + 1, [label], size, chars))

    def stroke(self, x: float, y: float, colour: str, width: float, label: str, size: float, chars: int, **line):
        self.ax.add_line(Line2D([x, x + 30], [y + 10, y + 10], color=colour, linewidth=_pt(width), **line))
        return max(y + 26, self.lines(x + 42, y + 1, [label], size, chars))


def _legend_strokes(layer: Layer, area: str | None) -> list[tuple[str, float, str, dict]]:
    strokes: list[tuple[str, float, str, dict]] = []
    if layer is Layer.FORCES:
        strokes.append((*COUNCIL_OUTLINE, "Council border", {}))
    else:
        strokes.append((*FORCE_OUTLINE, "Police force area border", {}))
    if layer is Layer.COUNCILS:
        strokes.append((*LOW_EDGE, LOW_CONFIDENCE_LEGEND, {"linestyle": (0, (4, 3))}))
    if area:
        strokes.append((*SELECTED_EDGE, f"Selected: {area}", {}))
    return strokes


def _map_axes(fig: Figure, frame: MapFrame, height: int):
    ax = fig.add_axes(
        (frame.left / WIDTH_PX, 1 - (frame.top + frame.height) / height, frame.width / WIDTH_PX, frame.height / height)
    )
    ax.set_axis_off()
    return ax


def _fix_limits(fig: Figure, frames: list[MapFrame]) -> None:
    # After drawing: geopandas sets its own limits and aspect.
    for ax, frame in zip(fig.axes[1:], frames, strict=True):
        x0, y0, x1, y1 = frame.extent
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("auto")


def _side_column(page: _Page, left: float, view: View, state: ViewState, dataset: Dataset, area: str | None) -> None:
    """Right of the map: the legend (fills, then strokes), the filters in words and the view's link query."""
    chars = int((WIDTH_PX - MARGIN_PX - left - 42) / 9.3)
    y = page.lines(left, HEADER_PX, ["Legend"], 15, chars, weight="bold") + 4
    for colour, label in legend_entries(state.layer, state.filters.window):
        y = page.swatch(left, y, colour, label, 12, chars)
    for colour, width, label, style in _legend_strokes(state.layer, area):
        y = page.stroke(left, y, colour, width, label, 12, chars, **style)

    y = page.lines(left, y + 22, ["Filters"], 15, chars, weight="bold") + 4
    words = filters_in_words(view.filters, dataset)
    if state.layer is Layer.THEN_NOW:
        words.append("This layer shows the letter's 42 councils whatever the filters")
    right = WIDTH_PX - MARGIN_PX
    y = page.fitted(left, y, words, 12, right)
    query = urlencode(to_query(state), doseq=True)
    page.fitted(left, y + 10, [f"Link query: ?{query}" if query else "Link query: none (the default view)"], 11, right)


def draw_picture(view: View, state: ViewState, dataset: Dataset, layers: PictureLayers) -> Figure:
    """The whole picture: title, the map, its legend, the filters in words, data dates and attribution.

    `state` gives the layer and the selected area (and the query shown under the filters); the colours are
    `view`'s, which the caller built for `state.filters` (plus any upload sources, as on the page).
    """
    frame = map_frame(layers)
    height = HEADER_PX + MAP_HEIGHT_PX + FOOTER_PX
    # The base canvas until saving: geopandas asks for a redraw after each layer, which would draw it all each time.
    fig = Figure(figsize=(WIDTH_PX / DPI, height / DPI), dpi=DPI, facecolor="white")
    page = _Page(fig, WIDTH_PX, height)
    area = _area_name(state.area, dataset)

    page.text(MARGIN_PX, 24, TITLE, 24, weight="bold")
    page.text(MARGIN_PX, 74, layer_in_words(state.layer, state.filters.window), 15, color=MUTED)

    inset = inset_frame(layers)
    for box in (frame, inset):
        _draw_map(_map_axes(fig, box, height), view, state.layer, state.area, layers)
    x0, y0, x1, y1 = inset.extent
    fig.axes[-2].add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, edgecolor=MUTED, linewidth=_pt(1)))
    fig.axes[-1].add_patch(
        Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, edgecolor=MUTED, linewidth=_pt(2), clip_on=False)
    )
    page.text(inset.left, inset.top - 28, "London, enlarged", 13, weight="bold")

    _side_column(page, frame.left + frame.width + GAP_PX, view, state, dataset, area)

    footer = HEADER_PX + MAP_HEIGHT_PX + 14
    right = WIDTH_PX - MARGIN_PX
    y = page.fitted(MARGIN_PX, footer, [data_dates(dataset, view.filters, state.layer)], 11, right, color=MUTED)
    page.fitted(MARGIN_PX, y, [config.ATTRIBUTION], 11, right, color=MUTED)
    _fix_limits(fig, [frame, inset])
    return fig


def _hex_key(colour: str) -> int:
    return int(colour.lstrip("#")[:6], 16)


def palette_png(rgb: np.ndarray, keep: list[str]) -> bytes:
    """An RGB image as an 8-bit palette PNG: a third of the size, and every colour in `keep` stays exact.

    The palette is `keep`, then the image's most frequent other colours; any other colour (the edge of an
    antialiased line or letter) becomes the nearest palette colour. Pillow's own quantizer is not exact, and the
    map's fills must be the spec's colours to the bit.
    """
    keys = (rgb[..., 0].astype(np.int32) << 16) | (rgb[..., 1].astype(np.int32) << 8) | rgb[..., 2]
    colours, inverse, counts = np.unique(keys.ravel(), return_inverse=True, return_counts=True)
    fixed = list(dict.fromkeys(_hex_key(c) for c in keep))
    others = [int(c) for c in colours[np.lexsort((colours, -counts))] if int(c) not in set(fixed)]
    palette = np.array((fixed + others)[:256], dtype=np.int64)
    channels = lambda k: np.stack([(k >> 16) & 255, (k >> 8) & 255, k & 255], axis=-1)  # noqa: E731
    distance = ((channels(colours)[:, None, :] - channels(palette)[None, :, :]) ** 2).sum(axis=2)
    index = distance.argmin(axis=1).astype(np.uint8)[inverse].reshape(keys.shape)
    image = Image.fromarray(index)  # "L"; the palette makes it "P"
    image.putpalette(channels(palette).astype(np.uint8).ravel().tolist())
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def picture_colours(layer: Layer) -> list[str]:
    """Colours the picture must keep exact: white, the legend's fills, lines and text."""
    lines = [AREA_EDGE, LOW_EDGE, FORCE_OUTLINE, COUNCIL_OUTLINE, SELECTED_EDGE]
    return ["#ffffff", *(c for c, _ in legend_entries(layer)), *(c for c, _ in lines), TEXT, MUTED]


def render_png(view: View, state: ViewState, dataset: Dataset, layers: PictureLayers) -> bytes:
    """The picture as PNG bytes; the same inputs give the same bytes."""
    canvas = FigureCanvasAgg(draw_picture(view, state, dataset, layers))
    canvas.draw()
    # No software tag or date: the bytes depend on the view alone, so the page's download equals `cpmap render`'s.
    rgb = np.asarray(canvas.buffer_rgba())[..., :3]
    return palette_png(rgb, picture_colours(state.layer))
