"""The 2016 areas: every council in exactly one force, and every council code in the data joins to a boundary."""

from __future__ import annotations

import csv
import json

import pytest

from cpmap import config
from cpmap.gazetteer import load_gazetteer, load_ons_gazetteer
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


def test_every_council_code_in_the_data_joins_to_a_2016_boundary(dataset, layers_dir):
    with open(layers_dir / config.COUNCILS_LAYER, encoding="utf-8") as handle:
        boundary_codes = {f["id"] for f in json.load(handle)["features"]}
    data_codes = set(dataset.inspections["council_code"]) | set(dataset.findings["council_code"]) - {""}
    assert data_codes, "the bundled data names no councils"
    # a council formed since 2016 (BCP, Dorset Council, the Northamptonshires, Cumbria's two) joins through the
    # 2016 areas it covers
    later = set(dataset.gazetteer.later_councils)
    assert later & data_codes == later
    assert data_codes - later <= boundary_codes
    assert {a for c in later for a in dataset.gazetteer.areas_of(c)} <= boundary_codes
    # and each finding's force is that council's force
    council_rows = dataset.findings[dataset.findings["council_code"] != ""]
    for _, row in council_rows.iterrows():
        assert dataset.gazetteer.council(row["council_code"]).force_code == row["force_code"]


def test_the_gazetteer_holds_the_committed_lookup_row_for_row(gazetteer, layers_dir):
    with open(layers_dir / config.LOOKUP_LAYER, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 174
    assert {r["council_code"]: r["force_code"] for r in rows} == {
        c.code: c.force_code for c in gazetteer.councils.values()
    }
    assert {r["force_code"]: r["force_name"] for r in rows} == {f.code: f.ons_name for f in gazetteer.forces.values()}


def test_the_layers_name_each_area_as_the_gazetteer_does(gazetteer, layers_dir):
    """The names drawn in tooltips are baked into the layers: they must agree with the lookup and force_names.csv."""
    councils = json.loads((layers_dir / config.COUNCILS_LAYER).read_text(encoding="utf-8"))["features"]
    forces = json.loads((layers_dir / config.FORCES_LAYER).read_text(encoding="utf-8"))["features"]
    assert {f["id"]: (f["properties"]["name"], f["properties"]["force"]) for f in councils} == {
        c.code: (c.name, gazetteer.force_for_council(c.code).name) for c in gazetteer.councils.values()
    }
    assert {f["id"]: f["properties"]["name"] for f in forces} == {f.code: f.name for f in gazetteer.forces.values()}
    assert all(f["properties"]["code"] == f["id"] for f in [*councils, *forces])


def test_missing_layers_name_the_file_and_where_they_are_committed(tmp_path):
    with pytest.raises(InputError) as caught:
        load_gazetteer(tmp_path / "nowhere")
    message = str(caught.value)
    assert config.LOOKUP_LAYER in message and "geo/2016" in message


def test_missing_originals_name_the_file_and_the_setting(tmp_path):
    with pytest.raises(InputError) as caught:
        load_ons_gazetteer(tmp_path / "nowhere")
    message = str(caught.value)
    assert config.COUNCIL_FORCE_LOOKUP_FILE in message and "BOUNDARIES_DIR" in message


def test_the_mini_gazetteer_is_a_true_part_of_the_committed_one(gazetteer, mini_gazetteer):
    """The rules shown on tests/minigazetteer.py hold for real areas: each of its councils and forces is the
    committed lookup's, code, names and force alike."""
    assert {c: gazetteer.councils[c] for c in mini_gazetteer.councils} == mini_gazetteer.councils
    assert {f: gazetteer.forces[f] for f in mini_gazetteer.forces} == mini_gazetteer.forces
