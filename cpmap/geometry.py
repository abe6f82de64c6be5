"""`cpmap prepare`: the committed map layers (geo/2016) made from the ONS originals.

Councils are simplified together so neighbours keep one shared border, forces are dissolved from them, coordinates
are rounded, and the council -> force lookup is written with the columns the app reads. The output depends only on
the input files, geo/prepare.toml and geo/force_names.csv, so a remake from the same originals gives the same bytes.
"""

from __future__ import annotations

import json
import os
import tomllib
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely

from cpmap import config
from cpmap.gazetteer import Gazetteer, load_ons_gazetteer, lookup_csv, require_file
from cpmap.problems import InputError, Problem

PRECISION_FILE = config.GEO_CONFIG_DIR / "prepare.toml"


@dataclass(frozen=True)
class LayerPrecision:
    """How finely the layers are drawn, from geo/prepare.toml; no defaults here, so the file is the one place the
    values live."""

    simplify_tolerance_m: float
    coordinate_decimals: int


def load_precision(path: Path = PRECISION_FILE) -> LayerPrecision:
    try:
        with open(path, "rb") as handle:
            raw = tomllib.load(handle)
        return LayerPrecision(float(raw["simplify_tolerance_m"]), int(raw["coordinate_decimals"]))
    except (OSError, tomllib.TOMLDecodeError, KeyError, ValueError, TypeError) as err:
        raise InputError(
            [
                Problem(
                    str(path), 0, "(file)", f"unusable settings: {err}", "simplify_tolerance_m and coordinate_decimals"
                )
            ]
        ) from err


def read_council_polygons(boundaries_dir: Path, gazetteer: Gazetteer) -> gpd.GeoDataFrame:
    """The ONS council polygons keyed by code, checked against the lookup; InputError names the file."""
    path = boundaries_dir / config.COUNCIL_BOUNDARIES_FILE
    require_file(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            frame = gpd.read_file(path)
    except Exception as err:  # pyogrio raises many types for unreadable files
        raise InputError(
            [Problem(str(path), 0, "(file)", f"cannot be read as GeoJSON: {err}", "a GeoJSON FeatureCollection")]
        ) from err
    problems: list[Problem] = []
    if "ctyua16cd" not in frame.columns:
        raise InputError(
            [
                Problem(
                    str(path), 0, "properties", "features lack the ctyua16cd code property", "ctyua16cd and ctyua16nm"
                )
            ]
        )
    if frame.crs is None:
        frame = frame.set_crs(4326)
    frame = frame.rename(columns={"ctyua16cd": "code"})[["code", "geometry"]]
    empty = frame[frame.geometry.isna() | frame.geometry.is_empty]
    for code in empty["code"]:
        problems.append(Problem(str(path), 0, "geometry", f"feature {code} has no geometry"))
    areal = frame.geometry.geom_type.isin(["Polygon", "MultiPolygon"]) | frame.geometry.isna()
    for code, kind in zip(frame.loc[~areal, "code"], frame.loc[~areal].geometry.geom_type, strict=True):
        problems.append(Problem(str(path), 0, "geometry", f"feature {code} is a {kind}", "a Polygon or MultiPolygon"))
    unknown = sorted(set(frame["code"]) - set(gazetteer.councils))
    missing = sorted(set(gazetteer.councils) - set(frame["code"]))
    if unknown:
        problems.append(
            Problem(str(path), 0, "ctyua16cd", f"codes not in the force lookup: {', '.join(map(str, unknown[:10]))}")
        )
    if missing:
        problems.append(
            Problem(str(path), 0, "ctyua16cd", f"councils in the lookup have no polygon: {', '.join(missing[:10])}")
        )
    if frame["code"].duplicated().any():
        problems.append(Problem(str(path), 0, "ctyua16cd", "some council codes appear more than once"))
    if problems:
        raise InputError(problems)
    frame["geometry"] = shapely.make_valid(frame.geometry.values)
    return frame.set_index("code", drop=False)


def _rounded(coords: Any, decimals: int) -> Any:
    if isinstance(coords, (float, int)):
        return round(coords, decimals)
    return [_rounded(c, decimals) for c in coords]


def _feature_collection(frame: gpd.GeoDataFrame, properties: list[str], decimals: int) -> dict[str, Any]:
    features = []
    for _, row in frame.iterrows():
        geometry = shapely.geometry.mapping(row.geometry)
        features.append(
            {
                "type": "Feature",
                "id": row["code"],
                "properties": {p: row[p] for p in properties},
                "geometry": {"type": geometry["type"], "coordinates": _rounded(geometry["coordinates"], decimals)},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def build_layers(
    councils: gpd.GeoDataFrame, gazetteer: Gazetteer, precision: LayerPrecision
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Simplified council and force layers in EPSG:4326; forces are dissolved from councils so borders match."""
    metric = councils.to_crs(27700)
    metric["geometry"] = metric.geometry.simplify_coverage(precision.simplify_tolerance_m)
    metric["name"] = [gazetteer.councils[c].name for c in metric["code"]]
    metric["force_code"] = [gazetteer.councils[c].force_code for c in metric["code"]]
    metric["force"] = [gazetteer.forces[f].name for f in metric["force_code"]]
    forces = metric.dissolve("force_code", as_index=False)[["force_code", "geometry"]].rename(
        columns={"force_code": "code"}
    )
    forces["name"] = [gazetteer.forces[f].name for f in forces["code"]]
    grid = 10.0**-precision.coordinate_decimals
    council_layer = metric.to_crs(4326)
    force_layer = forces.to_crs(4326)
    for layer in (council_layer, force_layer):
        layer["geometry"] = shapely.set_precision(layer.geometry.values, grid)
    return council_layer.reset_index(drop=True), force_layer.reset_index(drop=True)


def _json_bytes(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.write_bytes(data)
    tmp.replace(path)  # atomic: a reader never sees half a file


def make_layers(boundaries_dir: Path, precision: LayerPrecision) -> dict[str, bytes]:
    """The committed files' bytes, by file name, made from the ONS originals in `boundaries_dir`."""
    gazetteer = load_ons_gazetteer(boundaries_dir)
    councils = read_council_polygons(boundaries_dir, gazetteer)
    council_layer, force_layer = build_layers(councils, gazetteer, precision)
    decimals = precision.coordinate_decimals
    return {
        config.COUNCILS_LAYER: _json_bytes(_feature_collection(council_layer, ["code", "name", "force"], decimals)),
        config.FORCES_LAYER: _json_bytes(_feature_collection(force_layer, ["code", "name"], decimals)),
        config.LOOKUP_LAYER: lookup_csv(gazetteer),
    }


def prepare_layers(boundaries_dir: Path, out_dir: Path, precision: LayerPrecision | None = None) -> list[Path]:
    """Remake the layers from the originals into `out_dir`; nothing is written unless every file could be made."""
    files = make_layers(boundaries_dir, precision or load_precision())
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files.items():
        _write(out_dir / name, data)
        written.append(out_dir / name)
    return written
