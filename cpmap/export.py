"""Joined data out: per-area tables and GeoJSON, and the findings table, safe to open in a spreadsheet."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pandas as pd

from cpmap.dataset import Dataset
from cpmap.layers import PreparedGeometry, read_prepared_layer
from cpmap.viewmodel import Filters, View, build_view

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
COUNCIL_COLUMNS = [
    "code",
    "name",
    "force_code",
    "force_name",
    "status",
    "overall_judgement",
    "failure_types",
    "n_findings",
    "sources",
]
FORCE_COLUMNS = [
    "code",
    "name",
    "n_councils",
    "n_councils_inspected",
    "n_councils_with_findings",
    "failure_types",
    "n_findings",
]
FINDING_COLUMNS = [
    "finding_id",
    "council_code",
    "council_name",
    "force_code",
    "force_name",
    "failure_type",
    "failure_label",
    "summary",
    "confidence",
    "source_kind",
    "source_url",
    "dataset",
]


def neutralise_formula(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; other values pass through."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_csv(frame: pd.DataFrame) -> bytes:
    """CSV bytes (UTF-8 with BOM for spreadsheets) with formula-like text cells neutralised."""
    cleaned = frame.map(neutralise_formula)
    buffer = io.StringIO()
    # CRLF ends rows (RFC 4180): Python's csv writer then quotes any cell holding a CR or LF. With a bare LF a
    # cell with a lone CR is left unquoted, and a spreadsheet would start a new row (and run a formula) there.
    cleaned.to_csv(buffer, index=False, lineterminator="\r\n")
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def findings_table(view: View, dataset: Dataset) -> pd.DataFrame:
    """The matching findings as a flat table for display and download."""
    rows = view.findings.copy()
    forces = dataset.gazetteer.forces
    rows["force_name"] = rows["force_code"].map(lambda c: forces[c].name if c in forces else c)
    rows["failure_label"] = rows["failure_type"].map(
        lambda t: dataset.failure_types[t].label if t in dataset.failure_types else t
    )
    return rows.reindex(columns=FINDING_COLUMNS).reset_index(drop=True)


def council_table(dataset: Dataset, filters: Filters | None = None, *, england_only: bool = True) -> pd.DataFrame:
    """One row per council with its status, judgement, failure types and sources under `filters`."""
    view = build_view(dataset, filters or Filters())
    findings = dataset.findings[dataset.findings["council_code"] != ""]
    types = findings.groupby("council_code")["failure_type"].agg(lambda s: ";".join(sorted(set(s))))
    counts = findings.groupby("council_code").size()
    sources = findings.groupby("council_code")["source_url"].agg(lambda s: ";".join(dict.fromkeys(s)))
    table = view.councils.rename(columns={"judgement": "overall_judgement"}).copy()
    table["status"] = table["status"].astype(str)
    table["failure_types"] = types.reindex(table.index, fill_value="")
    table["n_findings"] = counts.reindex(table.index, fill_value=0).astype(int)
    inspection_sources = dataset.inspections["source_url"]
    table["sources"] = [
        ";".join(filter(None, dict.fromkeys([inspection_sources.get(code, ""), *sources.get(code, "").split(";")])))
        for code in table.index
    ]
    if england_only:
        table = table[table["code"].str.startswith("E")]
    return table[COUNCIL_COLUMNS].reset_index(drop=True)


def force_table(dataset: Dataset, *, england_only: bool = True) -> pd.DataFrame:
    view = build_view(dataset, Filters())
    table = view.forces.rename(columns={"n_councils_matching": "n_councils_with_findings"}).copy()
    table["failure_types"] = table["failure_types"].map(lambda t: ";".join(t))
    if england_only:
        table = table[table["in_england"]]
    return table[FORCE_COLUMNS].reset_index(drop=True)


def layer_geojson(table: pd.DataFrame, layer_path: Path) -> dict[str, Any]:
    """GeoJSON of the prepared layer with `table` as feature properties (areas not in `table` dropped)."""
    geometry = read_prepared_layer(layer_path)
    joined = geometry[["geometry"]].join(table.set_index("code", drop=False), how="inner")
    payload = json.loads(joined.to_json(drop_id=True))
    for feature in payload["features"]:
        feature["id"] = feature["properties"]["code"]
    return payload


def export_layer(dataset: Dataset, geometry: PreparedGeometry, layer: str, fmt: str) -> bytes:
    """The joined council or force layer as CSV or GeoJSON bytes."""
    table = council_table(dataset) if layer == "councils" else force_table(dataset)
    if fmt == "csv":
        return safe_csv(table)
    path = geometry.councils_path if layer == "councils" else geometry.forces_path
    return json.dumps(layer_geojson(table, path), ensure_ascii=False).encode("utf-8")
