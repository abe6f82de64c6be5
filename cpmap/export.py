"""Joined data out: per-area tables and GeoJSON, and the findings table, safe to open in a spreadsheet."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pandas as pd

from cpmap.dataset import Dataset, council_inspections
from cpmap.layers import PreparedGeometry, read_prepared_layer
from cpmap.viewmodel import GENERAL, THEN_WINDOWS, Filters, View, build_view, findings_in_window
from cpmap.vocab import INFERRED, NO, STATED, YES

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
COUNCIL_COLUMNS = [
    "code",
    "name",
    "force_code",
    "force_name",
    "status",
    "inspection_id",
    "published",
    "window",
    "overall_judgement",
    "help_protection_judgement",
    "lscb_judgement",
    "report_url",
    "failure_types",
    "n_findings",
    "n_substantive",
    "sources",
    "next_published",
    "next_type",
    "next_judgement",
    "police_then_now",
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
    "period",
    "inspection_id",
    "council_code",
    "council_name",
    "force_code",
    "force_name",
    "failure_type",
    "failure_label",
    "summary",
    "paragraphs",
    "report_quantifier",
    "substantive",
    "attribution",
    "in_report",
    "status",
    "confidence",
    "source_kind",
    "source_url",
    "source",
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


def _labelled(rows: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    forces = dataset.gazetteer.forces
    rows["force_name"] = rows["force_code"].map(lambda c: forces[c].name if c in forces else c)
    rows["failure_label"] = rows["failure_type"].map(
        lambda t: dataset.failure_types[t].label if t in dataset.failure_types else t
    )
    table = rows.reindex(columns=FINDING_COLUMNS).reset_index(drop=True)
    return table.astype(object).where(table.notna(), "")


def findings_table(view: View, dataset: Dataset) -> pd.DataFrame:
    """The matching findings as a flat table for display and download (2015/16 only)."""
    rows = view.findings.copy()
    rows["period"] = _period(rows, dataset)
    return _labelled(rows, dataset)


def _period(rows: pd.DataFrame, dataset: Dataset) -> pd.Series | str:
    """2015/16 for the financial year's inspections (and the letter's rows), `round` for the rest of 2013-18,
    `latest` for an ILACS report's findings."""
    if dataset.inspections.empty or "inspection_id" not in rows:
        return "2015/16"
    window = rows["inspection_id"].map(dataset.inspections["window"])
    return window.map({"round": "round", "ilacs": "latest"}).fillna("2015/16")


def all_findings_table(dataset: Dataset) -> pd.DataFrame:
    """Every bundled finding (`period` 2015/16, round for the rest of 2013-18, latest for the ILACS reports), then
    what the next inspections said (`period` next, `status`)."""
    then = dataset.findings[dataset.findings["source"] == "bundled"].copy()
    then["period"] = _period(then, dataset)
    later = dataset.later_findings.copy()
    later = later.assign(
        finding_id=later["later_id"],
        period="next",
        source_kind="inspection_report",
        source_url=later["report_url"],
        source="bundled",
        # Rule R1 for a later row: stated where its passage names the police.
        attribution=later["police_named"].map({YES: STATED, NO: INFERRED}).fillna(STATED),
    )
    return _labelled(pd.concat([then, later], ignore_index=True), dataset)


def council_table(dataset: Dataset, filters: Filters | None = None, *, england_only: bool = True) -> pd.DataFrame:
    """One row per council: its 2015/16 inspection, its findings and its next inspection, under `filters`."""
    view = build_view(dataset, filters or Filters())
    findings = dataset.findings[dataset.findings["council_code"] != ""]
    window = (filters or Filters()).window
    # The findings of the inspection each row carries (the window's, else the 2015/16 one), every finding of the
    # window's inspections, and a user's uploaded findings.
    then = council_inspections(dataset, THEN_WINDOWS)
    carried = view.councils["inspection_id"].where(
        view.councils["inspection_id"] != "", then["inspection_id"].reindex(view.councils.index)
    )
    of_row = findings["inspection_id"].ne("") & findings["inspection_id"].eq(findings["council_code"].map(carried))
    in_window = findings_in_window(dataset, findings, view.councils, window)
    findings = findings[of_row | in_window | (findings["source"] != "bundled")]
    specific = findings[findings["failure_type"] != GENERAL]
    types = findings.groupby("council_code")["failure_type"].agg(lambda s: ";".join(sorted(set(s))))
    counts = findings.groupby("council_code").size()
    substantive = specific[specific["substantive"] != NO].groupby("council_code").size()
    sources = findings.groupby("council_code")["source_url"].agg(lambda s: ";".join(dict.fromkeys(s)))
    table = view.councils.copy()
    table["status"] = table["status"].astype(str)
    # The inspection's facts whatever the window (the one in the window, else the 2015/16 one); `window` says which
    # window it falls in, `status` what the map shows.
    ids = carried.reindex(table.index)
    inspections = dataset.inspections.reindex(ids.fillna("")).set_axis(table.index)
    table["inspection_id"] = ids.fillna("")
    table["window"] = inspections["window"].fillna("")
    for column in ("published", "overall_judgement", "help_protection_judgement", "lscb_judgement", "report_url"):
        table[column] = inspections[column].fillna("")
    table["failure_types"] = types.reindex(table.index, fill_value="")
    table["n_findings"] = counts.reindex(table.index, fill_value=0).astype(int)
    table["n_substantive"] = substantive.reindex(table.index, fill_value=0).astype(int)
    inspection_sources = inspections["source_url"].fillna("")
    table["sources"] = [
        ";".join(filter(None, dict.fromkeys([inspection_sources.get(code, ""), *sources.get(code, "").split(";")])))
        for code in table.index
    ]
    nexts = dataset.next_inspections
    table["next_published"] = nexts["published"].reindex(table.index).fillna("")
    table["next_type"] = nexts["next_type"].reindex(table.index).fillna("")
    table["next_judgement"] = nexts["overall_judgement"].reindex(table.index).fillna("")
    table["police_then_now"] = table["then_now"].astype(str).where(table["then_now"] != "not_in_42", "")
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


def findings_geojson(table: pd.DataFrame, councils_path: Path) -> dict[str, Any]:
    """One point feature per finding at its council's point on surface; force-level findings have no geometry."""
    councils = read_prepared_layer(councils_path)
    points = councils.to_crs(27700).representative_point().to_crs(4326)
    features = []
    for record in table.to_dict("records"):
        point = points.get(record["council_code"]) if record["council_code"] else None
        geometry = None if point is None else {"type": "Point", "coordinates": [round(point.x, 5), round(point.y, 5)]}
        features.append({"type": "Feature", "id": record["finding_id"], "geometry": geometry, "properties": record})
    return {"type": "FeatureCollection", "features": features}


def export_layer(dataset: Dataset, geometry: PreparedGeometry, layer: str, fmt: str) -> bytes:
    """The joined council or force layer, or every finding, as CSV or GeoJSON bytes."""
    if layer == "findings":
        table = all_findings_table(dataset)
        if fmt == "csv":
            return safe_csv(table)
        payload = findings_geojson(table, geometry.councils_path)
        return json.dumps(payload, ensure_ascii=False).encode("utf-8")
    table = council_table(dataset) if layer == "councils" else force_table(dataset)
    if fmt == "csv":
        return safe_csv(table)
    path = geometry.councils_path if layer == "councils" else geometry.forces_path
    return json.dumps(layer_geojson(table, path), ensure_ascii=False).encode("utf-8")
