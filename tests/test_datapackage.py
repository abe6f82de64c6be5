"""The data as a Frictionless Data Package: made from the table registry, valid, and a broken copy is caught;
the release bundle and the citation carry the same version."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest
from frictionless import Package, system

from cpmap import config
from cpmap.cli import main
from cpmap.datapackage import PACKAGE_FILE, package_descriptor, package_json
from cpmap.release import DATA_DATE, DATA_VERSION
from cpmap.validate import LOAD_ORDER, TABLES

PACKAGE = config.DATA_DIR / PACKAGE_FILE


def _validate(path: Path, *, trusted: bool = True):
    with system.use_context(trusted=trusted):
        return Package(str(path)).validate()


def test_the_committed_package_is_what_the_tables_make():
    assert PACKAGE.read_text(encoding="utf-8") == package_json(package_descriptor()), "run `cpmap package --write`"
    assert main(["package", "--check"]) == 0


def test_every_table_is_a_resource_with_its_header_keys_and_vocabularies():
    descriptor = json.loads(PACKAGE.read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert [r["name"] for r in descriptor["resources"]] == [*LOAD_ORDER, "councils", "successors"]
    for kind in LOAD_ORDER:
        with open(config.DATA_DIR / TABLES[kind].file_name, encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        assert [f["name"] for f in resources[kind]["schema"]["fields"]] == header, kind
    fields = {f["name"]: f for f in resources["findings"]["schema"]["fields"]}
    with open(config.DATA_DIR / "failure_types.csv", encoding="utf-8", newline="") as handle:
        assert fields["failure_type"]["constraints"]["enum"] == [r["id"] for r in csv.DictReader(handle)]
    assert fields["substantive"]["constraints"]["enum"] == ["yes", "no"]
    assert resources["findings"]["schema"]["primaryKey"] == ["finding_id"]
    assert {"fields": ["inspection_id"], "reference": {"resource": "inspections", "fields": ["inspection_id"]}} in (
        resources["findings"]["schema"]["foreignKeys"]
    )
    assert resources["councils"]["path"] == "../geo/2016/council_force_lookup.csv"
    assert resources["successors"]["path"] == "../geo/successors.csv"
    then_latest = {f["name"]: f for f in resources["then_latest"]["schema"]["fields"]}
    assert then_latest["status"]["constraints"]["enum"] == ["persists", "improved", "silent"]
    assert descriptor["version"] == DATA_VERSION and descriptor["created"].startswith(DATA_DATE)
    assert {lic["name"] for lic in descriptor["licenses"]} == {"OGL-UK-3.0", "CC-BY-4.0"}


def test_frictionless_finds_the_bundled_tables_valid():
    report = _validate(PACKAGE)
    assert report.valid, report.flatten(["type", "rowNumber", "fieldName", "note"])[:10]


@pytest.fixture
def broken_copy(tmp_path: Path) -> Path:
    """data/ and the committed lookup copied side by side as in the repository, for breaking."""
    shutil.copytree(config.DATA_DIR, tmp_path / "data")
    (tmp_path / config.LAYERS_SUBDIR).mkdir(parents=True)
    shutil.copy(config.LAYERS_DIR / config.LOOKUP_LAYER, tmp_path / config.LAYERS_SUBDIR / config.LOOKUP_LAYER)
    return tmp_path / "data"


def _edit(path: Path, line: int, column: str, value: str) -> None:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[line - 2][column] = value
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_a_broken_copy_fails_on_the_bad_value_and_the_broken_key(broken_copy):
    _edit(broken_copy / "findings.csv", 2, "failure_type", "NOT_A_TYPE")
    _edit(broken_copy / "findings.csv", 3, "inspection_id", "E08000002-1999-01-01")
    _edit(broken_copy / "inspections.csv", 4, "overall_judgement", "excellent")
    report = _validate(broken_copy / PACKAGE_FILE)
    assert not report.valid
    errors = {tuple(e) for e in report.flatten(["type", "rowNumber", "fieldName"])}
    assert ("constraint-error", 2, "failure_type") in errors
    assert ("foreign-key", 3, None) in errors
    assert ("constraint-error", 4, "overall_judgement") in errors


def test_the_release_bundle_holds_a_package_valid_on_its_own(tmp_path, capsys):
    out = tmp_path / "release"
    assert main(["export", "--all", "--out", str(out)]) == 0
    names = {p.name for p in out.iterdir()}
    assert {"datapackage.json", "findings.csv", "councils.csv", "councils.geojson", "forces.geojson"} <= names
    assert {"RULES.md", "DATA-README.md", "CITATION.cff", "README.md"} <= names
    report = _validate(out / PACKAGE_FILE, trusted=False)  # no path outside the folder
    assert report.valid, report.flatten(["type", "rowNumber", "fieldName", "note"])[:10]
    councils = json.loads((out / "councils.geojson").read_text(encoding="utf-8"))
    assert len(councils["features"]) == 152
    assert f"Data release {DATA_VERSION}" in (out / "README.md").read_text(encoding="utf-8")
    assert "wrote the data release" in capsys.readouterr().err


def test_export_needs_a_layer_and_format_or_all(tmp_path, capsys):
    assert main(["export", "--out", str(tmp_path / "x.csv")]) == 2
    assert "give --layer and --format, or --all" in capsys.readouterr().err


def test_the_citation_gives_the_release_version_and_date():
    text = (config.PROJECT_ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert re.search(rf'^version: "{re.escape(DATA_VERSION)}"$', text, re.MULTILINE)
    assert re.search(rf'^date-released: "{DATA_DATE}"$', text, re.MULTILINE)
    assert "cff-version: 1.2.0" in text and "type: dataset" in text


def test_the_pages_zip_is_the_same_release(dataset, tmp_path):
    import io
    import zipfile

    from cpmap.bundle import bundle_files, bundle_zip
    from cpmap.layers import committed_layers

    files = bundle_files(dataset, committed_layers(dataset.gazetteer))
    with zipfile.ZipFile(io.BytesIO(bundle_zip(files))) as archive:
        assert sorted(archive.namelist()) == sorted(f"cpmap-data/{name}" for name in files)
        assert archive.read("cpmap-data/findings.csv") == (config.DATA_DIR / "findings.csv").read_bytes()


def test_the_data_folder_is_the_one_configured_at_the_call_not_at_import(tmp_path, monkeypatch):
    # a default frozen at import once let a test's patched folder leak into the tests after it
    import shutil

    from cpmap import config
    from cpmap.datapackage import package_descriptor

    copy = tmp_path / "data"
    shutil.copytree(config.DATA_DIR, copy)
    (copy / "failure_types.csv").unlink()
    monkeypatch.setattr(config, "DATA_DIR", copy)
    with pytest.raises(FileNotFoundError, match=str(copy)):
        package_descriptor()
