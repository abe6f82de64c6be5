"""The committed map layers (geo/2016): what the repository carries, how the app publishes them, how they are made.

Everything here needs only the repository; remaking them from the real ONS files is tests/test_remake_layers.py.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import copy_boundaries, copy_layers

from cpmap import cli, config, settings
from cpmap.gazetteer import load_gazetteer
from cpmap.geometry import LayerPrecision, load_precision, prepare_layers
from cpmap.layers import committed_layers, publish
from cpmap.problems import InputError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# SHA-256 of the ONS files in ../shared/geo-sources (SOURCES.md there lists the first three): none may be committed.
ONS_ORIGINALS = {
    "e7e09d3efbe9eb5b95e1c4a021b7e36a97df09de0b63246590ab9375c694412e": "ctyua16_ew_dec2016.geojson",
    "fc28965c934ab8ee95425cbaa8e15d6de5c35b1d8601c7efab95cfaecb929014": "pfa16_ew_dec2016_buc.geojson",
    "2ff96f9ac03d0dabf5415038e44cd8e35521966a387d4b17a3f65a18c5a1e653": "pfa16_ew_derived_from_ctyua16.geojson",
    "ee3e8ceb71db8aaa943a5ee5a30fb2f3f874884e73f6c5a09fd9a94379234ffc": "ctyua16_to_pfa16_lookup.csv",
    "d1e661af550943556c12b24b46d5eabac2e35c7aa76884f3372c7b67fb97e0a9": "lad16_cty16_dec2016_lookup.csv",
    "5b3ed49a1266f253d7e8b9968b0631031887205a8cfff15bcbf577da262a1251": "lad17_csp17_pfa17_jan2017_lookup.csv",
}
GEOMETRY_BUDGET = 1_000_000  # bytes of tracked *.json and *.geojson


def tracked_files() -> list[Path]:
    if shutil.which("git") is None or not (PROJECT_ROOT / ".git").exists():
        pytest.skip("not a git checkout: no tracked files to check")
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=PROJECT_ROOT, capture_output=True, check=True, timeout=60
    ).stdout.decode()
    return [PROJECT_ROOT / name for name in listed.split("\0") if name and (PROJECT_ROOT / name).is_file()]


def test_the_repository_carries_no_ons_original_and_under_1_mb_of_geometry():
    files = tracked_files()
    assert PROJECT_ROOT / config.LAYERS_SUBDIR / config.COUNCILS_LAYER in files, "the layers are committed"
    originals = {hashlib.sha256(p.read_bytes()).hexdigest(): p for p in files}.keys() & ONS_ORIGINALS.keys()
    assert not originals, f"ONS originals committed: {[ONS_ORIGINALS[h] for h in originals]}"
    assert not {p.name for p in files} & set(ONS_ORIGINALS.values())
    geometry = sum(p.stat().st_size for p in files if p.suffix in {".json", ".geojson"})
    assert 0 < geometry < GEOMETRY_BUDGET, f"{geometry:,} bytes of committed geometry"


def test_the_layers_carry_the_attribution_and_the_licence_beside_them():
    licence = (config.LAYERS_DIR / "LICENCE").read_text(encoding="utf-8")
    readme = (config.LAYERS_DIR / "README.md").read_text(encoding="utf-8")
    for text in (licence, readme):
        assert "Open Government Licence v" in text
        assert "Contains OS data © Crown copyright and database right 2016" in text
    assert config.OGL_URL in licence


def test_the_committed_lookup_has_174_councils_in_43_forces_and_only_the_columns_the_app_reads(gazetteer):
    header = (config.LAYERS_DIR / config.LOOKUP_LAYER).read_text(encoding="utf-8").splitlines()[0]
    assert header == "council_code,council_name,force_code,force_name"
    assert len(gazetteer.councils) == 174 and len(gazetteer.forces) == 43


def test_publishing_copies_the_layers_under_a_name_that_changes_with_their_content(gazetteer, tmp_path):
    layers = committed_layers(gazetteer)
    published = publish(layers, tmp_path / "cache")
    assert published.directory == tmp_path / "cache" / layers.key
    assert published.councils_path.read_bytes() == layers.councils_path.read_bytes()
    assert published.forces_path.read_bytes() == layers.forces_path.read_bytes()
    assert published.url("councils.json") == f"/app/static/cache/{layers.key}/councils.json"
    assert published.url("councils.json", "cpmap") == f"/cpmap/app/static/cache/{layers.key}/councils.json"
    assert publish(layers, tmp_path / "cache") == published
    # other content, another key, so a browser never keeps an old copy
    other = copy_layers(tmp_path / "other")
    data = json.loads((other / config.FORCES_LAYER).read_text(encoding="utf-8"))
    data["features"][0]["properties"]["name"] = "Renamed"
    (other / config.FORCES_LAYER).write_text(json.dumps(data), encoding="utf-8")
    assert committed_layers(gazetteer, other).key != layers.key


def test_prepare_remakes_the_layers_from_ons_shaped_files(gazetteer, tmp_path):
    """From files shaped like the ONS originals (rebuilt from the committed layers): the lookup comes back byte for
    byte, both layers pass the app's checks, and a coarser tolerance gives smaller files."""
    originals = copy_boundaries(tmp_path / "originals")
    precision = load_precision()
    fine, coarse = tmp_path / "fine", tmp_path / "coarse"
    prepare_layers(originals, fine, precision)
    prepare_layers(originals, coarse, LayerPrecision(precision.simplify_tolerance_m * 4, precision.coordinate_decimals))
    assert (fine / config.LOOKUP_LAYER).read_bytes() == (config.LAYERS_DIR / config.LOOKUP_LAYER).read_bytes()
    for directory in (fine, coarse):
        assert load_gazetteer(directory) == gazetteer
        committed_layers(gazetteer, directory)
    assert (coarse / config.COUNCILS_LAYER).stat().st_size < (fine / config.COUNCILS_LAYER).stat().st_size


def test_geometry_settings_come_only_from_prepare_toml(tmp_path):
    assert load_precision() == LayerPrecision(simplify_tolerance_m=800.0, coordinate_decimals=3)  # geo/prepare.toml
    broken = tmp_path / "prepare.toml"
    broken.write_text("simplify_tolerance_m = 800\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_precision(broken)
    assert str(broken) in str(raised.value) and "coordinate_decimals" in str(raised.value)


def test_prepare_without_originals_says_where_to_find_them_and_that_the_app_needs_none(monkeypatch, capsys):
    monkeypatch.setattr(settings, "boundaries_dir", lambda: None)
    assert cli.main(["prepare"]) == cli.EXIT_USAGE
    said = capsys.readouterr().err
    assert "--from DIR" in said and "BOUNDARIES_DIR" in said and "geo/2016" in said


def test_a_plain_pip_install_finds_the_layers_and_data_from_the_clones_folder(tmp_path):
    """`pip install .` (not editable) puts the package in site-packages; run from the clone, it still works.

    `-P`: as the installed `cpmap` command, which does not put the current folder on sys.path."""
    site = tmp_path / "site-packages"
    shutil.copytree(PROJECT_ROOT / "cpmap", site / "cpmap", ignore=shutil.ignore_patterns("__pycache__"))
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(site), "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-P", "-m", "cpmap.cli", "validate", "data/findings.csv"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    where = subprocess.run(
        [sys.executable, "-P", "-c", "import cpmap.config as c; print(c.__file__); print(c.LAYERS_DIR)"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout.splitlines()
    assert where == [str(site / "cpmap" / "config.py"), str(PROJECT_ROOT / config.LAYERS_SUBDIR)]
