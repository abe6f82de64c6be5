"""The joined exports against the committed council -> force lookup and the bundled CSVs read independently, and the README's figures."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter, defaultdict

import pytest

from cpmap import config
from cpmap.coverage import compute_coverage, coverage_table, readme_section
from cpmap.dataset import DATA_FILES
from cpmap.export import COUNCIL_COLUMNS, FORCE_COLUMNS, export_layer, findings_table, neutralise_formula
from cpmap.layers import committed_layers
from cpmap.viewmodel import Filters, build_view


def read_csv_file(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def parse_export_csv(payload: bytes) -> list[dict[str, str]]:
    assert payload.startswith(b"\xef\xbb\xbf"), "a BOM, so that spreadsheets read UTF-8"
    return list(csv.DictReader(io.StringIO(payload.decode("utf-8-sig"), newline="")))


@pytest.fixture(scope="module")
def lookup(layers_dir) -> list[dict[str, str]]:
    return read_csv_file(layers_dir / config.LOOKUP_LAYER)


@pytest.fixture(scope="module")
def geometry(dataset, layers_dir):
    return committed_layers(dataset.gazetteer, layers_dir)


@pytest.fixture(scope="module")
def findings_rows() -> list[dict[str, str]]:
    return read_csv_file(config.DATA_DIR / "findings.csv")


@pytest.fixture(scope="module")
def council_rows(dataset, geometry) -> list[dict[str, str]]:
    return parse_export_csv(export_layer(dataset, geometry, "councils", "csv"))


@pytest.fixture(scope="module")
def force_rows(dataset, geometry) -> list[dict[str, str]]:
    return parse_export_csv(export_layer(dataset, geometry, "forces", "csv"))


# ------------------------------------------------------------------------------------------------- councils


def test_council_export_has_the_152_english_areas_with_their_lookup_forces(council_rows, lookup):
    english = {r["council_code"]: r for r in lookup if r["council_code"].startswith("E")}
    assert len(english) == 152
    assert list(council_rows[0]) == COUNCIL_COLUMNS
    assert len(council_rows) == 152
    assert {r["code"] for r in council_rows} == set(english)
    for row in council_rows:
        assert row["force_code"] == english[row["code"]]["force_code"], row["code"]
        assert row["name"] == english[row["code"]]["council_name"]


def then_inspections() -> dict[str, dict[str, str]]:
    """Each council's 2015/16 inspection (the letter's window or the rest of the financial year), by council."""
    rows = read_csv_file(config.DATA_DIR / "inspections.csv")
    return {r["council_code"]: r for r in rows if r["window"] in ("letter", "fy_only")}


def test_council_export_counts_and_types_match_the_findings_file(council_rows, findings_rows):
    # The default export: each council's 2015/16 inspection and the findings that point at it.
    then = {code: r["inspection_id"] for code, r in then_inspections().items()}
    findings_rows = [
        r for r in findings_rows if r["council_code"] and r["inspection_id"] == then.get(r["council_code"])
    ]
    counts = Counter(r["council_code"] for r in findings_rows)
    types = defaultdict(set)
    urls = defaultdict(set)
    for r in findings_rows:
        if r["council_code"]:
            types[r["council_code"]].add(r["failure_type"])
            urls[r["council_code"]].add(r["source_url"])
    for row in council_rows:
        assert int(row["n_findings"]) == counts.get(row["code"], 0), row["code"]
        assert set(filter(None, row["failure_types"].split(";"))) == types.get(row["code"], set())
        assert urls.get(row["code"], set()) <= set(row["sources"].split(";"))
    stockton = next(r for r in council_rows if r["code"] == "E06000004")
    assert stockton["n_findings"] == str(counts["E06000004"]) and stockton["status"] == "weakness"


def test_council_export_judgements_come_from_the_inspections_file(council_rows):
    inspections = then_inspections()
    for row in council_rows:
        source = inspections.get(row["code"], {})
        for column in ("overall_judgement", "help_protection_judgement", "lscb_judgement", "published", "window"):
            assert row[column] == source.get(column, ""), (row["code"], column)


def letter_window_councils(findings_rows) -> set[str]:
    """Councils the default map shows: the letter's 42, and any council a stated letter finding names."""
    inspections = read_csv_file(config.DATA_DIR / "inspections.csv")
    named = {
        r["council_code"]
        for r in findings_rows
        if r["source_kind"] == "letter" and r["attribution"] == "stated" and r["council_code"]
    }
    return {r["council_code"] for r in inspections if r["window"] == "letter"} | named


def test_exactly_the_letters_42_have_window_letter_each_with_a_judgement(council_rows):
    letter = [r for r in council_rows if r["window"] == "letter"]
    assert len(letter) == 42
    assert all(r["overall_judgement"] in ("outstanding", "good", "requires improvement", "inadequate") for r in letter)
    assert sum(int(r["n_substantive"]) >= 1 for r in council_rows) >= 20


def test_every_report_finding_cites_its_paragraphs(findings_rows):
    report = [r for r in findings_rows if r["source_kind"] == "inspection_report"]
    assert len(report) >= 50
    assert all(r["paragraphs"] for r in report), [r["finding_id"] for r in report if not r["paragraphs"]]


def test_the_findings_export_holds_every_finding_then_and_next(dataset, geometry, findings_rows):
    rows = parse_export_csv(export_layer(dataset, geometry, "findings", "csv"))
    later = read_csv_file(config.DATA_DIR / "later_findings.csv")
    assert len(rows) == len(findings_rows) + len(later)
    windows = {r["inspection_id"]: r["window"] for r in read_csv_file(config.DATA_DIR / "inspections.csv")}
    in_round = sum(windows.get(r["inspection_id"]) == "round" for r in findings_rows)
    latest = sum(windows.get(r["inspection_id"]) == "ilacs" for r in findings_rows)
    assert Counter(r["period"] for r in rows) == {
        "2015/16": len(findings_rows) - in_round - latest,
        "round": in_round,
        "latest": latest,
        "next": len(later),
    }
    by_id = {r["finding_id"]: r for r in rows}
    for source in findings_rows:
        row = by_id[source["finding_id"]]
        for column in ("council_code", "failure_type", "paragraphs", "substantive", "attribution", "source_url"):
            assert row[column] == source[column], (source["finding_id"], column)
    assert {by_id[r["later_id"]]["status"] for r in later} == {r["status"] for r in later}
    payload = json.loads(export_layer(dataset, geometry, "findings", "geojson"))
    assert len(payload["features"]) == len(rows)
    wirral = next(f for f in payload["features"] if f["properties"]["council_code"] == "E08000015")
    lon, lat = wirral["geometry"]["coordinates"]
    assert -3.3 < lon < -2.9 and 53.2 < lat < 53.5  # on the Wirral peninsula


# ------------------------------------------------------------------------------------------------- forces


def test_force_export_has_the_39_english_forces_with_lookup_counts(force_rows, lookup, findings_rows):
    english = [r for r in lookup if r["council_code"].startswith("E")]
    councils_per_force = Counter(r["force_code"] for r in english)
    force_of = {r["council_code"]: r["force_code"] for r in english}
    shown = letter_window_councils(findings_rows)
    inspected = Counter(force_of[code] for code in shown)
    windows = {r["inspection_id"]: r["window"] for r in read_csv_file(config.DATA_DIR / "inspections.csv")}

    def on_the_default_map(r: dict[str, str]) -> bool:
        window = windows.get(r["inspection_id"], "")
        return window == "letter" or (r["council_code"] in shown and window == "fy_only")

    findings = Counter(r["force_code"] for r in findings_rows if not r["council_code"] or on_the_default_map(r))
    assert list(force_rows[0]) == FORCE_COLUMNS
    assert len(force_rows) == 39 == len(councils_per_force)
    for row in force_rows:
        assert row["code"].startswith("E23")
        assert int(row["n_councils"]) == councils_per_force[row["code"]], row["code"]
        assert int(row["n_councils_inspected"]) == inspected.get(row["code"], 0), row["code"]
        assert int(row["n_findings"]) == findings.get(row["code"], 0), row["code"]
    assert sum(int(r["n_councils"]) for r in force_rows) == 152


# ------------------------------------------------------------------------------------------------- GeoJSON


@pytest.mark.parametrize(
    ("layer", "count", "columns"), [("councils", 152, COUNCIL_COLUMNS), ("forces", 39, FORCE_COLUMNS)]
)
def test_geojson_export_is_a_feature_collection_keyed_by_gss_code(dataset, geometry, layer, count, columns):
    payload = json.loads(export_layer(dataset, geometry, layer, "geojson"))
    assert payload["type"] == "FeatureCollection"
    assert len(payload["features"]) == count
    ids = [f["id"] for f in payload["features"]]
    assert len(set(ids)) == count
    for feature in payload["features"]:
        assert feature["type"] == "Feature"
        assert feature["id"] == feature["properties"]["code"]
        assert list(feature["properties"]) == columns
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        ring = feature["geometry"]["coordinates"][0]
        ring = ring[0] if feature["geometry"]["type"] == "MultiPolygon" else ring
        lon, lat = ring[0]
        assert -7 < lon < 2.1 and 49.8 < lat < 56, (feature["id"], lon, lat)  # England, in WGS84


def test_geojson_and_csv_exports_carry_the_same_properties(dataset, geometry, council_rows):
    payload = json.loads(export_layer(dataset, geometry, "councils", "geojson"))
    by_code = {f["id"]: f["properties"] for f in payload["features"]}
    for row in council_rows:
        props = by_code[row["code"]]
        assert {k: str(v) for k, v in props.items()} == row


# ------------------------------------------------------------------------------------------------- uploads, safety


def test_uploaded_findings_are_counted_in_the_export(dataset, geometry):
    record = {
        "finding_id": "U1",
        "council_code": "E06000023",
        "council_name": "Bristol, City of",
        "force_code": "E23000036",
        "failure_type": "DA_LATE",
        "summary": '=HYPERLINK("http://evil")',
        "source_url": "https://example.org/later",
        "source_kind": "press",
        "confidence": "medium",
        "line": "2",
    }
    combined = dataset.with_findings([record], "upload: later.csv")
    rows = {r["code"]: r for r in parse_export_csv(export_layer(combined, geometry, "councils", "csv"))}
    assert rows["E06000023"]["n_findings"] == "1"
    assert rows["E06000023"]["failure_types"] == "DA_LATE"
    assert "https://example.org/later" in rows["E06000023"]["sources"]
    table = findings_table(build_view(combined, Filters()), combined)
    uploaded = table[table["source"] == "upload: later.csv"].iloc[0]
    assert uploaded["summary"] == record["summary"]
    assert neutralise_formula(uploaded["summary"]).startswith("'=")


# ------------------------------------------------------------------------------------------------- README figures


def test_the_readme_coverage_table_matches_the_data(dataset):
    readme = (config.DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert readme_section(readme) == coverage_table(compute_coverage(dataset)), "run `cpmap coverage --write`"


def test_the_coverage_figures_match_the_csvs_read_independently(dataset, findings_rows):
    cov = compute_coverage(dataset)
    inspections = read_csv_file(config.DATA_DIR / "inspections.csv")
    letter = [r for r in inspections if r["window"] == "letter"]
    assert len(cov.letter_window) == len(letter) == cov.inspections_in_letter == 42
    published = [r for r in letter if re.match(r"^(2015-1[0-2]|2016-0[1-9])", r["published"])]
    assert len(published) == 42, "the letter's window is publication from October 2015 to September 2016"
    assert len(cov.fy_only) == sum(r["window"] == "fy_only" for r in inspections) == 20
    the_42 = {r["council_code"] for r in letter}
    ilacs = {r["inspection_id"] for r in inspections if r["window"] == "ilacs"}  # later reports: not 2015/16's
    specific = [
        r
        for r in findings_rows
        if r["council_code"] in the_42 and r["failure_type"] != "GENERAL" and r["inspection_id"] not in ilacs
    ]
    substantive = {r["council_code"] for r in specific if r["substantive"] != "no"}
    assert len(cov.councils_substantive) == len(substantive)
    assert len(cov.councils_minor_only) == len({r["council_code"] for r in specific} - substantive)
    assert cov.findings == len(findings_rows)
    assert cov.report_findings == sum(r["source_kind"] == "inspection_report" for r in findings_rows)
    assert sum(n for _, n in cov.judgements) == 42


def test_the_page_headline_exports_and_coverage_agree(dataset, council_rows):
    view = build_view(dataset, Filters())
    cov = compute_coverage(dataset)
    the_42 = [r for r in council_rows if r["window"] == "letter"]
    weak = [r for r in the_42 if r["status"] in ("weakness", "minor")]
    assert view.figures.councils_substantive == len(cov.councils_substantive) == 19
    assert view.figures.councils_substantive == sum(r["status"] == "weakness" for r in the_42)
    assert view.figures.councils_with_weaknesses == len(weak) == 31
    assert view.figures.forces_involved == cov.forces_with_weaknesses
    assert view.figures.headline().startswith(
        f"{len(cov.letter_window)} inspections · police weaknesses in {len(weak)}"
    )
    assert view.figures.named_outside_window == cov.named_outside_window == ("Peterborough",)


def test_the_readme_row_counts_agree_with_the_data():
    readme = (config.DATA_DIR / "README.md").read_text(encoding="utf-8")
    for name in DATA_FILES.values():
        rows = len(read_csv_file(config.DATA_DIR / name))
        assert re.search(rf"^\| `{re.escape(name)}` \| {rows} \|", readme, re.MULTILINE), name
