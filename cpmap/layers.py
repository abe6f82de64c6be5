"""The committed map layers (geo/2016) at run time: checked against the lookup, and published where Streamlit serves
static files, under a name that changes with their content."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cpmap import config, settings
from cpmap.borders import borders_layer
from cpmap.gazetteer import Gazetteer, missing_layer_problem, read_file
from cpmap.problems import InputError, Problem

if TYPE_CHECKING:
    import geopandas as gpd

# Bump when the layer format changes, so a published copy of the old format is not reused.
FORMAT_VERSION = "5"
AREAL = ("Polygon", "MultiPolygon")


@dataclass(frozen=True)
class PreparedGeometry:
    """Where the two layers are (`directory`) and the content key that names their published copy."""

    directory: Path
    key: str

    @property
    def councils_path(self) -> Path:
        return self.directory / config.COUNCILS_LAYER

    @property
    def forces_path(self) -> Path:
        return self.directory / config.FORCES_LAYER

    @property
    def council_borders_path(self) -> Path:
        """The council layer's borders, each once (cpmap.borders): the outline over the force layer."""
        return self.directory / config.COUNCIL_BORDERS

    @property
    def force_borders_path(self) -> Path:
        """The force layer's borders, each once (cpmap.borders): the outline over the council layer."""
        return self.directory / config.FORCE_BORDERS

    def url(self, filename: str, base_path: str = "") -> str:
        """The URL of a file published beside the layers, under the server's base path."""
        return f"{config.static_url(base_path)}/cache/{self.key}/{filename}"


def check_layer(path: Path, data: bytes, codes: set[str]) -> None:
    """InputError naming `path` unless it is a FeatureCollection of polygons with one feature per code in `codes`."""

    def problem(field: str, message: str, expected: str = "") -> InputError:
        return InputError([Problem(str(path), 0, field, message, expected)])

    try:
        payload = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise problem("(file)", f"cannot be read: not UTF-8 ({err.reason})", "UTF-8 JSON") from err
    except json.JSONDecodeError as err:
        raise problem("(file)", f"cannot be read as JSON: {err.msg} at line {err.lineno}", "GeoJSON") from err
    features = payload.get("features") if isinstance(payload, dict) else None
    if not isinstance(features, list):
        raise problem("(file)", "is not a GeoJSON FeatureCollection", "a FeatureCollection")
    seen: list[str] = []
    for feature in features:
        code = str(feature.get("id", "")) if isinstance(feature, dict) else ""
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        kind = geometry.get("type") if isinstance(geometry, dict) else None
        if kind not in AREAL:
            raise problem(
                "geometry", f"feature {code[:20] or '(no id)'} is a {kind or 'missing geometry'}", "a polygon"
            )
        seen.append(code)
    unknown = sorted(set(seen) - codes)
    missing = sorted(codes - set(seen))
    if unknown:
        raise problem("id", f"codes not in the lookup: {', '.join(c[:20] for c in unknown[:10])}")
    if missing:
        raise problem("id", f"areas in the lookup have no polygon: {', '.join(missing[:10])}")
    if len(seen) != len(set(seen)):
        raise problem("id", "some area codes appear more than once")


def committed_layers(gazetteer: Gazetteer, layers_dir: Path | None = None) -> PreparedGeometry:
    """The layers in `layers_dir` (default: the committed geo/2016), checked against the gazetteer."""
    directory = layers_dir or settings.layers_dir()
    digest = hashlib.sha256(FORMAT_VERSION.encode())
    for name, codes in ((config.COUNCILS_LAYER, set(gazetteer.councils)), (config.FORCES_LAYER, set(gazetteer.forces))):
        path = directory / name
        data = read_file(path, missing_layer_problem)
        check_layer(path, data, codes)
        digest.update(hashlib.sha256(data).digest())
    return PreparedGeometry(directory, digest.hexdigest()[:16])


def publish(layers: PreparedGeometry, cache_dir: Path | None = None) -> PreparedGeometry:
    """Copy the layers into <cache_dir>/<key>/ (static/cache, served by Streamlit) with the outline of each
    (cpmap.borders), unless already there."""
    target = PreparedGeometry((cache_dir or config.CACHE_DIR) / layers.key, layers.key)
    for source, destination in ((layers.councils_path, target.councils_path), (layers.forces_path, target.forces_path)):
        if not destination.is_file():
            _write_atomic(destination, source.read_bytes())
    for source, borders in (
        (layers.councils_path, target.council_borders_path),
        (layers.forces_path, target.force_borders_path),
    ):
        if not borders.is_file():
            payload = borders_layer(json.loads(source.read_bytes().decode("utf-8")))
            _write_atomic(borders, json.dumps(payload, separators=(",", ":")).encode("utf-8"))
    return target


def _write_atomic(destination: Path, data: bytes) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    tmp = destination.with_suffix(f".tmp{os.getpid()}")
    tmp.write_bytes(data)
    tmp.replace(destination)  # atomic: a concurrent reader never sees half a file


def read_prepared_layer(path: Path) -> gpd.GeoDataFrame:
    """A layer as a GeoDataFrame (for exports), indexed by code."""
    import geopandas as gpd  # only when a layer is exported: the app starts without it

    frame = gpd.read_file(path)
    return frame.set_crs(4326, allow_override=True).set_index("code", drop=False)
