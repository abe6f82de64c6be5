"""Hostile input shared by the hostile-input tests: payloads, and broken copies of real files built at test time.

Nothing here is committed data: every broken file is derived from the real bundled CSVs or the committed map layers
(geo/2016), inside a test's tmp_path. Files shaped like the ONS originals are rebuilt from the committed layers, so
these tests need nothing beside the repository.
"""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cpmap import config

# Each sets a global or opens a dialog if it ever runs; the tests look for both.
IMG_PAYLOAD = "<img src=x onerror=window.__pwned=1>"
SCRIPT_PAYLOAD = '"><script>window.__pwned=1</script>'
JS_URL_PAYLOAD = "javascript:window.__pwned=1"
MARKDOWN_PAYLOAD = "**bold** [link](javascript:alert(1))"
# What an uploaded summary carries in the upload test: HTML, Markdown emphasis and a javascript: link at once.
HOSTILE_SUMMARY = f"{IMG_PAYLOAD}{MARKDOWN_PAYLOAD}"
RTL_OVERRIDE = "\u202e"

FIFTY_MB = 50 * 1024 * 1024


def hostile_text_values() -> dict[str, str]:
    """Text that must always be shown literally, keyed by a short id for test names."""
    return {
        "img": IMG_PAYLOAD,
        "script": SCRIPT_PAYLOAD,
        "js_url": JS_URL_PAYLOAD,
        "markdown": HOSTILE_SUMMARY,
        "directive": ":red[red] $x^2$ :material/home: &lt;b&gt; ~~gone~~",
        "rtl": f"abc{RTL_OVERRIDE}fdp.exe",
    }


# ---------------------------------------------------------------------------------------------------- CSV files


def broken_csvs(good: bytes) -> dict[str, bytes]:
    """Broken versions of a real, valid CSV (findings or inspections), keyed by what is wrong with them."""
    text = good.decode("utf-8")
    accented = text.replace(",", ",Caf\u00e9 ", 1)  # one non-ASCII character, so the encoding matters
    return {
        "empty": b"",
        "whitespace_only": b"\n \r\n\t\n",
        "header_only": good.splitlines(keepends=True)[0],
        # Cut a few characters into a row's source address, half-way through the file: the row is left short.
        "truncated_mid_row": good[: good.index(b",http", len(good) // 2) + 6],
        "truncated_in_quote": _truncated_in_quote(good),
        "latin1": accented.encode("latin-1"),
        "windows_1252": text.replace(" ", " \u201c", 1).encode("cp1252"),
        "utf16_with_bom": text.encode("utf-16"),
        "utf16le_without_bom": text.encode("utf-16-le"),
        "semicolons": text.replace(",", ";").encode("utf-8"),
        "tabs": text.replace(",", "\t").encode("utf-8"),
        "binary_garbage": garbage(8192),
        "png_image": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + garbage(512, seed=6),
        "fifty_mb": _fifty_mb(good),
    }


def _truncated_in_quote(good: bytes) -> bytes:
    """Cut inside the first quoted field, so an opening quote never closes."""
    start = good.index(b',"') + 2
    return good[: start + 10]


def _fifty_mb(good: bytes) -> bytes:
    header, _, body = good.partition(b"\n")
    repeats = FIFTY_MB // max(len(body), 1) + 1
    return header + b"\n" + body * repeats


def garbage(size: int, seed: int = 5) -> bytes:
    """Reproducible random bytes: binary garbage where text should be."""
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(size))


def with_bom(good: bytes) -> bytes:
    """The same CSV with a UTF-8 byte-order mark, as Excel's 'CSV UTF-8' writes it."""
    return b"\xef\xbb\xbf" + good


# ------------------------------------------------------------------------------ the layers and ONS-shaped originals


def copy_layers(destination: Path, source: Path | None = None) -> Path:
    """Writable copies of the committed layers (or of `source`), in `destination` (which is created)."""
    source = source or config.LAYERS_DIR
    destination.mkdir(parents=True, exist_ok=True)
    for name in config.LAYER_FILES:
        shutil.copyfile(source / name, destination / name)
    return destination


def copy_boundaries(destination: Path) -> Path:
    """Files named and shaped like the two ONS originals `cpmap prepare` reads, rebuilt from the committed layers:
    the council polygons with ONS property names, and the lookup with ONS column names."""
    destination.mkdir(parents=True, exist_ok=True)
    councils = json.loads((config.LAYERS_DIR / config.COUNCILS_LAYER).read_text(encoding="utf-8"))
    features = [
        {
            "type": "Feature",
            "properties": {"ctyua16cd": f["id"], "ctyua16nm": f["properties"]["name"]},
            "geometry": f["geometry"],
        }
        for f in councils["features"]
    ]
    (destination / config.COUNCIL_BOUNDARIES_FILE).write_text(
        json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8"
    )
    with open(config.LAYERS_DIR / config.LOOKUP_LAYER, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["CTYUA16CD", "CTYUA16NM", "PFA16CD", "PFA16NM"])
    writer.writerows([r["council_code"], r["council_name"], r["force_code"], r["force_name"]] for r in rows)
    (destination / config.COUNCIL_FORCE_LOOKUP_FILE).write_text(out.getvalue(), encoding="utf-8")
    return destination


def rename_area(layers_dir: Path, code: str, name: str) -> None:
    """Give area `code` another name in a copy of the layers: in the lookup (panel) and the layer (tooltip)."""
    lookup = layers_dir / config.LOOKUP_LAYER
    with open(lookup, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["council_code"] == code:
            row["council_name"] = name
        if row["force_code"] == code:
            row["force_name"] = name
    with open(lookup, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    for layer in (config.COUNCILS_LAYER, config.FORCES_LAYER):
        path = layers_dir / layer
        data = json.loads(path.read_text(encoding="utf-8"))
        for feature in data["features"]:
            if feature["id"] == code:
                feature["properties"]["name"] = name
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _edit_features(edit: Callable[[dict[str, Any]], None]) -> Callable[[Path], None]:
    def apply(path: Path) -> None:
        data = json.loads(path.read_text(encoding="utf-8"))
        edit(data)
        path.write_text(json.dumps(data), encoding="utf-8")

    return apply


def _replace_with_directory(path: Path) -> None:
    path.unlink()
    path.mkdir()
    (path / "inside.txt").write_text("a directory where a file should be\n", encoding="utf-8")


def _first_geometry(geometry: dict[str, Any] | None) -> Callable[[Path], None]:
    def edit(data: dict[str, Any]) -> None:
        data["features"][0]["geometry"] = geometry

    return _edit_features(edit)


def _drop_property(name: str, *, every: bool) -> Callable[[Path], None]:
    def edit(data: dict[str, Any]) -> None:
        for feature in data["features"] if every else data["features"][:1]:
            feature["properties"].pop(name, None)

    return _edit_features(edit)


def _truncate_lookup_inside_force_code(path: Path) -> None:
    """Cut the lookup in the middle of the second row's force code: a council code with half a force code."""
    text = path.read_text(encoding="utf-8")
    row_start = text.index("\n", text.index("\n") + 1) + 1  # the second data row
    force_start = text.index(",E23", row_start) + 1
    path.write_text(text[: force_start + 4], encoding="utf-8")


def _latin1(path: Path) -> None:
    text = path.read_text(encoding="utf-8").replace("Hartlepool", "Hartl\u00e9pool", 1)
    path.write_bytes(text.encode("latin-1"))


GEOJSON = config.COUNCIL_BOUNDARIES_FILE
LOOKUP = config.COUNCIL_FORCE_LOOKUP_FILE
# A square ring whose edges cross (a bow tie) and one that never closes.
BOW_TIE = {"type": "Polygon", "coordinates": [[[-1.3, 54.6], [-1.2, 54.7], [-1.2, 54.6], [-1.3, 54.7], [-1.3, 54.6]]]}
UNCLOSED_RING = {"type": "Polygon", "coordinates": [[[-1.3, 54.6], [-1.2, 54.7], [-1.2, 54.6], [-1.25, 54.55]]]}

# (file broken, how, words the message must contain besides the file's path)
BROKEN_BOUNDARIES: dict[str, tuple[str, Callable[[Path], None], tuple[str, ...]]] = {
    "geojson_empty": (GEOJSON, lambda p: p.write_bytes(b""), ("cannot be read",)),
    "geojson_truncated": (
        GEOJSON,
        lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]),
        ("cannot be read",),
    ),
    "geojson_binary_garbage": (
        GEOJSON,
        lambda p: p.write_bytes(garbage(65536)),
        ("cannot be read",),
    ),
    "geojson_utf16": (GEOJSON, lambda p: p.write_bytes(p.read_text(encoding="utf-8").encode("utf-16")), ("cannot",)),
    "geojson_unclosed_ring": (GEOJSON, _first_geometry(UNCLOSED_RING), ("closed",)),
    "geojson_null_geometry": (GEOJSON, _first_geometry(None), ("E06000001", "no geometry")),
    "geojson_point_not_polygon": (
        GEOJSON,
        _first_geometry({"type": "Point", "coordinates": [-1.2, 54.65]}),
        ("E06000001", "Point"),
    ),
    "geojson_no_code_property": (GEOJSON, _drop_property("ctyua16cd", every=True), ("ctyua16cd",)),
    "geojson_one_feature_without_code": (GEOJSON, _drop_property("ctyua16cd", every=False), ("E06000001",)),
    "geojson_no_features": (GEOJSON, _edit_features(lambda d: d.update(features=[])), ("ctyua16cd",)),
    "geojson_is_a_directory": (GEOJSON, _replace_with_directory, ("directory",)),
    "lookup_empty": (LOOKUP, lambda p: p.write_bytes(b""), ("empty",)),
    "lookup_truncated_in_force_code": (LOOKUP, _truncate_lookup_inside_force_code, ("cut short",)),
    "lookup_latin1": (LOOKUP, _latin1, ("UTF-8",)),
    "lookup_utf16": (LOOKUP, lambda p: p.write_bytes(p.read_text(encoding="utf-8").encode("utf-16")), ("UTF-16",)),
    "lookup_semicolons": (
        LOOKUP,
        lambda p: p.write_text(p.read_text(encoding="utf-8").replace(",", ";")),
        ("semicolons",),
    ),
    "lookup_tabs": (LOOKUP, lambda p: p.write_text(p.read_text(encoding="utf-8").replace(",", "\t")), ("tabs",)),
    "lookup_binary_garbage": (
        LOOKUP,
        lambda p: p.write_bytes(garbage(8192, seed=6)),
        ("(file)",),
    ),
    "lookup_missing_column": (
        LOOKUP,
        lambda p: p.write_text(p.read_text(encoding="utf-8").replace("PFA16CD,", "FORCE,", 1)),
        ("pfa16cd",),
    ),
    "lookup_fifty_mb": (LOOKUP, lambda p: p.write_bytes(_fifty_mb(p.read_bytes())), ("bytes", "limit")),
    "lookup_is_a_directory": (LOOKUP, _replace_with_directory, ("directory",)),
}


def broken_boundaries(tmp_path: Path, case: str) -> tuple[Path, Path, tuple[str, ...]]:
    """ONS-shaped originals with one file broken: (directory, the broken file, words its message must contain)."""
    name, breaker, words = BROKEN_BOUNDARIES[case]
    directory = copy_boundaries(tmp_path / "boundaries")
    breaker(directory / name)
    return directory, directory / name, words


def _first_feature(edit: Callable[[dict[str, Any]], None]) -> Callable[[Path], None]:
    return _edit_features(lambda data: edit(data["features"][0]))


COUNCILS = config.COUNCILS_LAYER
FORCES = config.FORCES_LAYER
LAYER_LOOKUP = config.LOOKUP_LAYER
# (layer file broken, how, words the message must contain besides the file's path)
BROKEN_LAYERS: dict[str, tuple[str, Callable[[Path], None], tuple[str, ...]]] = {
    "councils_empty": (COUNCILS, lambda p: p.write_bytes(b""), ("cannot be read",)),
    "councils_truncated": (COUNCILS, lambda p: p.write_bytes(p.read_bytes()[:5000]), ("cannot be read",)),
    "councils_binary_garbage": (COUNCILS, lambda p: p.write_bytes(garbage(65536)), ("cannot be read",)),
    "councils_not_a_collection": (COUNCILS, lambda p: p.write_text("[1, 2]"), ("FeatureCollection",)),
    "councils_point_not_polygon": (
        COUNCILS,
        _first_feature(lambda f: f.update(geometry={"type": "Point", "coordinates": [-1.2, 54.65]})),
        ("E06000001", "Point"),
    ),
    "councils_unknown_code": (COUNCILS, _first_feature(lambda f: f.update(id="E06999999")), ("E06999999",)),
    "councils_missing": (COUNCILS, lambda p: p.unlink(), ("missing",)),
    "forces_is_a_directory": (FORCES, _replace_with_directory, ("directory",)),
    "forces_one_dropped": (FORCES, _edit_features(lambda d: d["features"].pop(0)), ("no polygon",)),
    "lookup_empty": (LAYER_LOOKUP, lambda p: p.write_bytes(b""), ("empty",)),
    "lookup_utf16": (
        LAYER_LOOKUP,
        lambda p: p.write_bytes(p.read_text(encoding="utf-8").encode("utf-16")),
        ("UTF-16",),
    ),
    "lookup_semicolons": (
        LAYER_LOOKUP,
        lambda p: p.write_text(p.read_text(encoding="utf-8").replace(",", ";")),
        ("semicolons",),
    ),
    "lookup_missing_column": (
        LAYER_LOOKUP,
        lambda p: p.write_text(p.read_text(encoding="utf-8").replace("force_code,", "force,", 1)),
        ("force_code",),
    ),
    "lookup_bad_force_code": (
        LAYER_LOOKUP,
        lambda p: p.write_text(p.read_text(encoding="utf-8").replace(",E23000013,", ",X23000013,", 1)),
        ("force_code", "X23000013"),
    ),
}


def broken_layers(tmp_path: Path, case: str) -> tuple[Path, Path, tuple[str, ...]]:
    """A copy of the committed layers with one file broken: (directory, the broken file, words of its message)."""
    name, breaker, words = BROKEN_LAYERS[case]
    directory = copy_layers(tmp_path / "layers")
    breaker(directory / name)
    return directory, directory / name, words


def copy_data_renaming(directory: Path, code: str, name: str) -> Path:
    """A copy of data/ in which every row of council `code` gives `name` as its council_name (to go with layers
    renamed by `rename_area`, so that the data still matches the areas and loads)."""
    shutil.copytree(config.DATA_DIR, directory)
    for table in directory.glob("*.csv"):
        with open(table, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        if not rows or "council_name" not in rows[0]:
            continue
        for row in rows:
            if row.get("council_code") == code:
                row["council_name"] = name
        with open(table, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return directory
