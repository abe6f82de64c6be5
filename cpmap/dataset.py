"""The bundled findings dataset, validated and held as tables, plus user-supplied findings beside it."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from cpmap import config
from cpmap.gazetteer import Gazetteer, load_gazetteer
from cpmap.problems import InputError, Problem
from cpmap.validate import Reference, Validated, validate_bytes

BUNDLED = "bundled"
DATA_FILES = {
    "failure_types": "failure_types.csv",
    "inspections": "inspections.csv",
    "findings": "findings.csv",
    "force_responses": "force_responses.csv",
    "letters": "letters.csv",
}
CONFIDENCE_RANK = {"high": 3, "medium": 2, "low": 1}


@dataclass(frozen=True)
class FailureType:
    id: str
    label: str
    definition: str


@dataclass(frozen=True)
class Dataset:
    gazetteer: Gazetteer
    failure_types: dict[str, FailureType]
    inspections: pd.DataFrame  # indexed by council_code
    findings: pd.DataFrame  # one row per finding; column `dataset` names where it came from
    responses: pd.DataFrame
    letters: pd.DataFrame
    # Names this dataset's content: unique to each load, then derived from it and each set of findings added, so
    # a view computed for one revision can be reused for the same revision and never for another.
    revision: str = field(default_factory=lambda: uuid.uuid4().hex)

    @property
    def reference(self) -> Reference:
        return Reference(self.gazetteer, frozenset(self.failure_types))

    def with_findings(self, records: list[dict[str, str]], label: str, digest: str | None = None) -> Dataset:
        """This dataset with extra findings (e.g. an upload) labelled as their own source.

        `digest` names the records (an uploaded file's SHA-256, say); without it they are hashed here.
        """
        if not records:
            return self
        extra = _findings_frame(records, label)
        extra["finding_id"] = f"{label}:" + extra["finding_id"]
        digest = digest or hashlib.sha256(json.dumps(records, sort_keys=True).encode()).hexdigest()
        return replace(
            self,
            findings=pd.concat([self.findings, extra], ignore_index=True),
            revision=hashlib.sha256(f"{self.revision}\n{label}\n{digest}".encode()).hexdigest()[:16],
        )

    @property
    def datasets(self) -> list[str]:
        return list(dict.fromkeys(self.findings["dataset"]))


def _findings_frame(records: list[dict[str, str]], label: str) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records)
    frame["dataset"] = label
    frame["confidence_rank"] = frame["confidence"].map(CONFIDENCE_RANK).astype(int)
    return frame


def _validate_file(path: Path, kind: str, reference: Reference) -> Validated:
    if not path.is_file():
        result = Validated(kind, str(path))
        result.problems.append(Problem(str(path), 0, "(file)", "is missing", f"the bundled {kind} table"))
        return result
    return validate_bytes(path.read_bytes(), str(path), reference, kind)


def validate_dataset(data_dir: Path, gazetteer: Gazetteer) -> dict[str, Validated]:
    """Validate every bundled table; failure types first, as findings are checked against them."""
    results = {
        "failure_types": _validate_file(
            data_dir / DATA_FILES["failure_types"], "failure_types", Reference(gazetteer, frozenset())
        )
    }
    reference = Reference(gazetteer, frozenset(r["id"] for r in results["failure_types"].records))
    for kind in ("inspections", "findings", "force_responses", "letters"):
        results[kind] = _validate_file(data_dir / DATA_FILES[kind], kind, reference)
    return results


def load_dataset(data_dir: Path = config.DATA_DIR, layers_dir: Path | None = None) -> Dataset:
    """Load and validate the bundled data; InputError lists every problem, file by file."""
    gazetteer = load_gazetteer(layers_dir or config.layers_dir())
    results = validate_dataset(data_dir, gazetteer)
    problems = [p for r in results.values() for p in r.problems]
    if problems:
        raise InputError(problems)
    failure_types = {
        r["id"]: FailureType(r["id"], r["label"], r["definition"]) for r in results["failure_types"].records
    }
    inspections = pd.DataFrame.from_records(results["inspections"].records).set_index("council_code", drop=False)
    return Dataset(
        gazetteer=gazetteer,
        failure_types=failure_types,
        inspections=inspections,
        findings=_findings_frame(results["findings"].records, BUNDLED),
        responses=pd.DataFrame.from_records(results["force_responses"].records),
        letters=pd.DataFrame.from_records(results["letters"].records),
    )
