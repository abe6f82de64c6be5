"""The bundled tables as a Frictionless Data Package (data/datapackage.json), made from the table registry.

Every table of `cpmap.validate.TABLES` is a resource; its fields are the committed file's columns, typed and
constrained from the closed vocabularies (`cpmap.vocab`, `cpmap.rules`, the failure types), with the primary and
foreign keys that tie findings to inspections and failure types, and inspections to the councils of the committed
2016 lookup. `cpmap package --write` writes it; a test checks that the committed file is what this module makes
and that `frictionless` finds the tables valid.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cpmap import config
from cpmap.release import CITATION_TITLE, DATA_DATE, DATA_VERSION
from cpmap.rules import LATER_READINGS, READINGS, SCOPES
from cpmap.successors import COLUMNS as SUCCESSOR_COLUMNS
from cpmap.validate import LOAD_ORDER, TABLES
from cpmap.vocab import (
    ATTRIBUTIONS,
    CONFIDENCE_LEVELS,
    FRAMEWORKS,
    IMPROVEMENT_BASES,
    INSPECTION_WINDOWS,
    JUDGEMENTS,
    LATER_STATUSES,
    LATEST_READINGS,
    LATEST_STATUSES,
    NEXT_TYPES,
    SOURCE_KINDS,
    SUB_JUDGEMENTS,
)

PACKAGE_FILE = "datapackage.json"
# The committed council → force lookup, as the package names it: the councils every table's codes come from.
LOOKUP_RESOURCE = "councils"
LOOKUP_PATH = "../" + (config.LAYERS_SUBDIR / config.LOOKUP_LAYER).as_posix()
# Councils formed since 2016 and the 2016 areas they cover (geo/successors.csv): a later council's own code
# (BCP's E06000058) stands in inspections and findings, so those codes are checked by cpmap validate, not here.
SUCCESSORS_RESOURCE = "successors"
SUCCESSORS_PATH = "../geo/successors.csv"
_PARTIAL_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
_YES_NO = ("yes", "no")

# Column name → (description, constraints); a column not named here is free text.
_FIELDS: dict[str, tuple[str, dict[str, Any]]] = {
    "council_code": ("ONS December 2016 county/unitary code (CTYUA16CD)", {"pattern": r"^E\d{8}$"}),
    "council_name": ("ONS December 2016 name (CTYUA16NM)", {}),
    "force_code": ("ONS December 2016 police force area code (PFA16CD)", {"pattern": r"^[EW]23\d{6}$|^W15\d{6}$"}),
    "inspection_id": ("the council's code and the report's publication date", {}),
    "finding_id": ("stable id of a finding", {"pattern": r"^F\d{3,4}$"}),
    "later_id": ("stable id of a later finding", {"pattern": r"^L\d{3,4}$"}),
    "then_finding_id": ("the 2015/16 finding a later row speaks to", {"pattern": r"^F\d{3,4}$"}),
    "latest_finding_id": ("the latest report's finding on the same process", {"pattern": r"^F\d{3,4}$"}),
    "framework": ("the inspection framework of the report", {"enum": list(FRAMEWORKS)}),
    "police_read": ("whether our readers read the report's police passages", {"enum": list(_YES_NO)}),
    "failure_type": ("an id of failure_types", {}),
    "then_failure_type": ("the failure type of the 2015/16 finding", {}),
    "published": ("publication date: YYYY, YYYY-MM or YYYY-MM-DD", {"pattern": _PARTIAL_DATE}),
    "inspection_start": ("first day of fieldwork", {"pattern": _PARTIAL_DATE}),
    "inspection_end": ("last day of fieldwork", {"pattern": _PARTIAL_DATE}),
    "date": ("date: YYYY, YYYY-MM or YYYY-MM-DD", {"pattern": _PARTIAL_DATE}),
    "window": ("which window the report falls in", {"enum": list(INSPECTION_WINDOWS)}),
    "overall_judgement": ("Ofsted's overall judgement", {"enum": list(JUDGEMENTS)}),
    **{column: (label, {"enum": list(JUDGEMENTS)}) for column, label in SUB_JUDGEMENTS.items()},
    "lscb_judgement": ("the Local Safeguarding Children Board review's grade", {"enum": list(JUDGEMENTS)}),
    "substantive": ("substantive (yes) or minor (no) under rule R2; blank: not assessed", {"enum": list(_YES_NO)}),
    "attribution": ("stated or inferred under rule R1", {"enum": list(ATTRIBUTIONS)}),
    "source_kind": ("what the finding rests on", {"enum": list(SOURCE_KINDS)}),
    "in_report": ("for letter and press rows: does the council's report bear it out", {"enum": list(_YES_NO)}),
    "confidence": ("high, medium or low", {"enum": list(CONFIDENCE_LEVELS)}),
    "police_named": ("rule input: the cited passage names the police as a party", {"enum": list(_YES_NO)}),
    "council_named": ("rule input, letter rows: the source names the council", {"enum": list(_YES_NO)}),
    "fixed_before_inspection": ("rule input: put right by the inspection", {"enum": list(_YES_NO)}),
    "scope": ("rule input: how widely the report found it", {"enum": list(SCOPES)}),
    "same_process": ("rule input: the same process as the 2015/16 finding", {"enum": list(_YES_NO)}),
    "reading": ("what the passage says about the police", {"enum": list(READINGS)}),
    "status": ("then and now: persists, new or improved (rule R5)", {"enum": list(LATER_STATUSES)}),
    "basis": ("for improvements: named or inferred (rule R6)", {"enum": list(IMPROVEMENT_BASES)}),
    "next_type": ("the kind of the next inspection", {"enum": list(NEXT_TYPES)}),
    "report_url": ("the Ofsted report file", {"format": "uri"}),
    "source_url": ("where the row's facts were read", {"format": "uri"}),
}
_LATER_FIELDS = {"reading": ("a later passage: weakness or strength", {"enum": list(LATER_READINGS)})}
_THEN_LATEST_FIELDS = {
    "reading": ("what the latest report says of the process", {"enum": list(LATEST_READINGS)}),
    "status": ("persists, improved or silent (rules R4-R5)", {"enum": list(LATEST_STATUSES)}),
    "then_finding_id": ("the earlier substantive finding", {"pattern": r"^F\d{3,4}$"}),
    "inspection_id": ("the latest inspection read for it", {}),
}
_PRIMARY_KEYS = {
    "failure_types": ["id"],
    "inspections": ["inspection_id"],
    "findings": ["finding_id"],
    "letters": ["id"],
    "next_inspections": ["council_code"],
    "later_findings": ["later_id"],
    "passages": ["report_url", "paragraph"],
    "then_latest": ["then_finding_id", "inspection_id"],
}
# (table, its columns) → (the table they point at, its columns)
_FOREIGN_KEYS: tuple[tuple[str, list[str], str, list[str]], ...] = (
    ("findings", ["inspection_id"], "inspections", ["inspection_id"]),
    ("findings", ["failure_type"], "failure_types", ["id"]),
    ("next_inspections", ["council_code"], LOOKUP_RESOURCE, ["council_code"]),
    ("later_findings", ["then_finding_id"], "findings", ["finding_id"]),
    ("later_findings", ["failure_type"], "failure_types", ["id"]),
    ("then_latest", ["then_finding_id"], "findings", ["finding_id"]),
    ("then_latest", ["inspection_id"], "inspections", ["inspection_id"]),
    (SUCCESSORS_RESOURCE, ["area_code"], LOOKUP_RESOURCE, ["council_code"]),
)
LICENSES = [
    {
        "name": "OGL-UK-3.0",
        "title": "Open Government Licence v3.0: the facts, from Ofsted's reports and ONS's lookups",
        "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    },
    {
        "name": "CC-BY-4.0",
        "title": "Creative Commons Attribution 4.0: the project's own text (labels, definitions, summaries, notes)",
        "path": "https://creativecommons.org/licenses/by/4.0/",
    },
]
SOURCES = [
    {
        "title": "Ofsted inspection reports of local authority children's services, as held by the public "
        "repository JT-39/ofsted-ilacs-scrape-tool (Crown copyright, OGL v3.0)",
        "path": "https://github.com/JT-39/ofsted-ilacs-scrape-tool",
    },
    {
        "title": "ONS Open Geography: Counties and Unitary Authorities and Police Force Areas, December 2016. "
        + config.ATTRIBUTION,
        "path": "https://geoportal.statistics.gov.uk/",
    },
    {"title": "Press reports of the Wilshaw letter of 17 October 2016, cited row by row (see data/README.md)"},
]


def _header(path: Path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def _field(table: str, column: str, required: bool, failure_types: list[str]) -> dict[str, Any]:
    special = {"later_findings": _LATER_FIELDS, "then_latest": _THEN_LATEST_FIELDS}.get(table, {})
    description, constraints = special.get(column) or _FIELDS.get(column, ("", {}))
    constraints = dict(constraints)
    field: dict[str, Any] = {"name": column, "type": "string"}
    if "format" in constraints:
        field["format"] = constraints.pop("format")
    if column in ("failure_type", "then_failure_type") or (table == "failure_types" and column == "id"):
        constraints["enum"] = failure_types
    if required:
        constraints["required"] = True
    if description:
        field["description"] = description
    if constraints:
        field["constraints"] = constraints
    return field


def _lookup_resource(data_dir: Path) -> dict[str, Any]:
    columns = _header((data_dir / LOOKUP_PATH).resolve())
    return {
        "name": LOOKUP_RESOURCE,
        "path": LOOKUP_PATH,
        "title": "England's and Wales's councils (ONS December 2016) and their police force areas",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "licenses": [LICENSES[0]],
        "schema": {"fields": [{"name": c, "type": "string"} for c in columns], "primaryKey": ["council_code"]},
    }


def _successors_resource(path: str) -> dict[str, Any]:
    return {
        "name": SUCCESSORS_RESOURCE,
        "path": path,
        "title": "Councils formed since 2016 and the December 2016 areas they cover",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {
            "fields": [{"name": c, "type": "string"} for c in SUCCESSOR_COLUMNS],
            "primaryKey": ["area_code", "successor_code"],
            "foreignKeys": [
                {"fields": ["area_code"], "reference": {"resource": LOOKUP_RESOURCE, "fields": ["council_code"]}}
            ],
        },
    }


def package_descriptor(
    data_dir: Path | None = None, lookup_path: str = LOOKUP_PATH, successors_path: str = SUCCESSORS_PATH
) -> dict[str, Any]:
    """The Data Package descriptor of the tables in `data_dir` (config.DATA_DIR as it is at the call), with their
    committed headers."""
    data_dir = data_dir or config.DATA_DIR
    with open(data_dir / TABLES["failure_types"].file_name, encoding="utf-8", newline="") as handle:
        failure_types = [row["id"] for row in csv.DictReader(handle)]
    resources = []
    for kind in LOAD_ORDER:
        table = TABLES[kind]
        required = set(table.schema.required)
        schema: dict[str, Any] = {
            "fields": [_field(kind, c, c in required, failure_types) for c in _header(data_dir / table.file_name)],
            "missingValues": [""],
        }
        if kind in _PRIMARY_KEYS:  # a force's responses have no id of their own
            schema["primaryKey"] = _PRIMARY_KEYS[kind]
        keys = [
            {"fields": fields, "reference": {"resource": target, "fields": target_fields}}
            for source, fields, target, target_fields in _FOREIGN_KEYS
            if source == kind
        ]
        if keys:
            schema["foreignKeys"] = keys
        resources.append(
            {
                "name": kind,
                "path": table.file_name,
                "title": f"{table.row[0].upper()}{table.row[1:]} per row",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            }
        )
    lookup = _lookup_resource(data_dir)
    lookup["path"] = lookup_path
    resources.append(lookup)
    resources.append(_successors_resource(successors_path))
    return {
        "profile": "tabular-data-package",
        "name": "cpmap-police-child-protection",
        "title": CITATION_TITLE,
        "description": "What Ofsted's inspections of council children's services (single inspection framework, "
        "2013–18, each of the letter's 42 councils' next inspection, and every council's latest inspection to 2026) "
        "said about the police, read under the "
        "rule book in RULES.md: every police weakness cited to the paragraph, every police passage accounted for.",
        "version": DATA_VERSION,
        "created": f"{DATA_DATE}T00:00:00Z",
        "licenses": LICENSES,
        "sources": SOURCES,
        "resources": resources,
    }


def package_json(descriptor: Mapping[str, Any]) -> str:
    """The descriptor as the committed file holds it."""
    return json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
