"""The 2016 areas: every council in exactly one force, and every council code in the data joins to a boundary."""

from __future__ import annotations

import csv
import json

import pytest

from cpmap import config
from cpmap.gazetteer import load_gazetteer
from cpmap.geometry import prepare_geometry
from cpmap.problems import InputError


def test_152_english_councils_each_in_one_of_39_english_forces(gazetteer):
    english = gazetteer.english_councils
    assert len(english) == 152
    assert len(gazetteer.english_forces) == 39
    assert {c.force_code for c in english} == {f.code for f in gazetteer.english_forces}
    assert all(gazetteer.forces[c.force_code].in_england for c in english)


def test_welsh_councils_are_kept_apart_in_welsh_forces(gazetteer):
    welsh = [c for c in gazetteer.councils.values() if not c.in_england]
    assert len(welsh) == 22
    assert {c.force_code[:3] for c in welsh} == {"W15"}


def test_named_councils_have_their_known_forces(gazetteer):
    expected = {
        "E06000004": "Cleveland Police",
        "E06000033": "Essex Police",
        "E06000027": "Devon and Cornwall Police",
        "E10000009": "Dorset Police",
        "E08000002": "Greater Manchester Police",
        "E08000015": "Merseyside Police",
        "E06000031": "Cambridgeshire Constabulary",
        "E10000032": "Sussex Police",
    }
    assert {code: gazetteer.force_for_council(code).name for code in expected} == expected


def test_every_council_code_in_the_data_joins_to_a_2016_boundary(dataset, boundaries_dir):
    with open(boundaries_dir / config.COUNCIL_BOUNDARIES_FILE, encoding="utf-8") as handle:
        boundary_codes = {f["properties"]["ctyua16cd"] for f in json.load(handle)["features"]}
    data_codes = set(dataset.inspections["council_code"]) | set(dataset.findings["council_code"]) - {""}
    assert data_codes, "the bundled data names no councils"
    assert data_codes <= boundary_codes
    # and each finding's force is that council's force
    council_rows = dataset.findings[dataset.findings["council_code"] != ""]
    for _, row in council_rows.iterrows():
        assert dataset.gazetteer.councils[row["council_code"]].force_code == row["force_code"]


def test_force_lookup_agrees_with_ons_lookup_file(gazetteer, boundaries_dir):
    with open(boundaries_dir / config.COUNCIL_FORCE_LOOKUP_FILE, encoding="utf-8", newline="") as handle:
        rows = {r["CTYUA16CD"]: r["PFA16CD"] for r in csv.DictReader(handle)}
    assert {c.code: c.force_code for c in gazetteer.councils.values()} == rows


def test_missing_boundary_directory_names_the_file_and_the_setting(tmp_path):
    with pytest.raises(InputError) as caught:
        load_gazetteer(tmp_path / "nowhere")
    message = str(caught.value)
    assert config.COUNCIL_FORCE_LOOKUP_FILE in message
    assert "BOUNDARIES_DIR" in message


def test_prepared_geometry_has_every_area_keyed_by_code_and_is_rebuilt_when_inputs_change(
    gazetteer, boundaries_dir, tmp_path
):
    prepared = prepare_geometry(boundaries_dir, gazetteer, cache_dir=tmp_path)
    councils = json.loads(prepared.councils_path.read_text(encoding="utf-8"))
    forces = json.loads(prepared.forces_path.read_text(encoding="utf-8"))
    assert sorted(f["id"] for f in councils["features"]) == sorted(gazetteer.councils)
    assert sorted(f["id"] for f in forces["features"]) == sorted(gazetteer.forces)
    assert all(f["properties"]["code"] == f["id"] for f in councils["features"])
    # a second call reuses the cache; a different setting gives a different key
    again = prepare_geometry(boundaries_dir, gazetteer, cache_dir=tmp_path)
    assert again == prepared
    from cpmap.geometry import Settings

    other = prepare_geometry(boundaries_dir, gazetteer, cache_dir=tmp_path, settings=Settings(1500.0, 3))
    assert other.key != prepared.key
    assert other.councils_path.stat().st_size < prepared.councils_path.stat().st_size
