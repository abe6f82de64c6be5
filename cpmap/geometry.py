"""Prepare map geometry from the ONS council file: simplified, shared borders kept, cached by input hash."""

from __future__ import annotations

import hashlib
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
from cpmap.gazetteer import Gazetteer, read_boundary_file, require_boundary_file
from cpmap.problems import InputError, Problem

# Bump when the output format changes, so old caches are not reused.
FORMAT_VERSION = "3"
COUNCILS_FILE = "councils.json"
FORCES_FILE = "forces.json"


@dataclass(frozen=True)
class Settings:
    simplify_tolerance_m: float = 400.0
    coordinate_decimals: int = 4


def load_settings(path: Path = config.GEO_CONFIG_DIR / "prepare.toml") -> Settings:
    with open(path, "rb") as handle:
        raw = tomllib.load(handle)
    return Settings(float(raw["simplify_tolerance_m"]), int(raw["coordinate_decimals"]))


@dataclass(frozen=True)
class PreparedGeometry:
    """Paths of the prepared layers and the URLs the browser fetches them from."""

    directory: Path
    key: str

    @property
    def councils_path(self) -> Path:
        return self.directory / COUNCILS_FILE

    @property
    def forces_path(self) -> Path:
        return self.directory / FORCES_FILE

    def url(self, filename: str) -> str:
        return f"{config.STATIC_URL}/cache/{self.key}/{filename}"

    @property
    def councils_url(self) -> str:
        return self.url(COUNCILS_FILE)

    @property
    def forces_url(self) -> str:
        return self.url(FORCES_FILE)


def cache_key(boundaries_dir: Path, settings: Settings) -> str:
    digest = hashlib.sha256(FORMAT_VERSION.encode())
    digest.update(repr(settings).encode())
    for name in config.BOUNDARY_FILES:
        digest.update(read_boundary_file(boundaries_dir / name))
    digest.update((config.GEO_CONFIG_DIR / "force_names.csv").read_bytes())
    return digest.hexdigest()[:16]


def read_council_polygons(boundaries_dir: Path, gazetteer: Gazetteer) -> gpd.GeoDataFrame:
    """The ONS council polygons keyed by code, checked against the lookup; InputError names the file."""
    path = boundaries_dir / config.COUNCIL_BOUNDARIES_FILE
    require_boundary_file(path)
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
    councils: gpd.GeoDataFrame, gazetteer: Gazetteer, settings: Settings
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Simplified council and force layers in EPSG:4326; forces are dissolved from councils so borders match."""
    metric = councils.to_crs(27700)
    metric["geometry"] = metric.geometry.simplify_coverage(settings.simplify_tolerance_m)
    metric["name"] = [gazetteer.councils[c].name for c in metric["code"]]
    metric["force_code"] = [gazetteer.councils[c].force_code for c in metric["code"]]
    metric["force"] = [gazetteer.forces[f].name for f in metric["force_code"]]
    forces = metric.dissolve("force_code", as_index=False)[["force_code", "geometry"]].rename(
        columns={"force_code": "code"}
    )
    forces["name"] = [gazetteer.forces[f].name for f in forces["code"]]
    grid = 10.0**-settings.coordinate_decimals
    council_layer = metric.to_crs(4326)
    force_layer = forces.to_crs(4326)
    for layer in (council_layer, force_layer):
        layer["geometry"] = shapely.set_precision(layer.geometry.values, grid)
    return council_layer.reset_index(drop=True), force_layer.reset_index(drop=True)


def _write_json(path: Path, payload: dict[str, Any]) -> None:
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.write_text(json.dumps(payload, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


def prepare_geometry(
    boundaries_dir: Path,
    gazetteer: Gazetteer,
    cache_dir: Path = config.CACHE_DIR,
    settings: Settings | None = None,
) -> PreparedGeometry:
    """Build (or reuse) the cached layers for these inputs and settings."""
    settings = settings or load_settings()
    key = cache_key(boundaries_dir, settings)
    prepared = PreparedGeometry(cache_dir / key, key)
    if prepared.councils_path.is_file() and prepared.forces_path.is_file():
        return prepared
    councils = read_council_polygons(boundaries_dir, gazetteer)
    council_layer, force_layer = build_layers(councils, gazetteer, settings)
    prepared.directory.mkdir(parents=True, exist_ok=True)
    decimals = settings.coordinate_decimals
    _write_json(prepared.councils_path, _feature_collection(council_layer, ["code", "name", "force"], decimals))
    _write_json(prepared.forces_path, _feature_collection(force_layer, ["code", "name"], decimals))
    return prepared


def read_prepared_layer(path: Path) -> gpd.GeoDataFrame:
    """A prepared layer as a GeoDataFrame (for exports), indexed by code."""
    frame = gpd.read_file(path)
    return frame.set_crs(4326, allow_override=True).set_index("code", drop=False)
