"""The bundled findings dataset, validated and held as tables, plus user-supplied findings beside it."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import pandas as pd

from cpmap import config, settings
from cpmap.gazetteer import Gazetteer, load_gazetteer
from cpmap.problems import InputError, Problem
from cpmap.validate import LOAD_ORDER, TABLES, Reference, Validated, validate_bytes
from cpmap.vocab import CONFIDENCE_RANK

BUNDLED = "bundled"
DATA_FILES = {kind: TABLES[kind].file_name for kind in LOAD_ORDER}


@dataclass(frozen=True)
class FailureType:
    id: str
    label: str
    definition: str


@dataclass(frozen=True)
class Dataset:
    """Every table of the data, validated. Columns are those of the table kinds in `cpmap.validate.TABLES`.

    - `inspections`: one row per inspection, indexed by inspection_id (`window`: letter, fy_only or round); a
      council may have several (a re-inspection). `council_inspections` picks one per council for a window.
    - `findings`: one police weakness per row, council- or force-level (council_code ''); `source` names the
      source of findings it came from (`bundled`, or an upload's label) and `confidence_rank` orders confidence.
    - `next_inspections`: each council's next full inspection, indexed by council_code.
    - `later_findings`: what those next reports say about the police (status persists, new or improved).
    - `then_latest`: for each earlier substantive weakness, what the latest report says (persists, improved,
      silent). A council code may be a later council's (BCP): `gazetteer.areas_of` gives its 2016 areas.
    """

    gazetteer: Gazetteer
    failure_types: dict[str, FailureType]
    inspections: pd.DataFrame
    findings: pd.DataFrame
    responses: pd.DataFrame
    letters: pd.DataFrame
    next_inspections: pd.DataFrame
    later_findings: pd.DataFrame
    # Every passage of the reports read that names the police, with its reading and the findings it supports.
    passages: pd.DataFrame = field(default_factory=pd.DataFrame)
    # One row per earlier substantive weakness: what the council's latest report says of the same process.
    then_latest: pd.DataFrame = field(default_factory=pd.DataFrame)

    @cached_property
    def latest(self) -> pd.DataFrame:
        """See `latest_inspections`."""
        return _latest_of(self.inspections, self.gazetteer)

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
    def sources(self) -> list[str]:
        """The sources of findings: `bundled` first, then each upload's label."""
        return list(dict.fromkeys(self.findings["source"]))


def _findings_frame(records: list[dict[str, str]], label: str) -> pd.DataFrame:
    columns = TABLES["findings"].schema.columns
    frame = pd.DataFrame.from_records(records)
    for column in columns:  # uploads may be of the older, shorter format
        if column not in frame:
            frame[column] = ""
    frame["source"] = label
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
    for kind in LOAD_ORDER[1:]:
        results[kind] = _validate_file(data_dir / DATA_FILES[kind], kind, reference)
    return results


def _cross(
    results: dict[str, Validated], kind: str, record: dict[str, str], column: str, message: str, expected: str
) -> Problem:
    return Problem(results[kind].source, int(record["line"]), column, message, expected)


def cross_table_problems(results: dict[str, Validated]) -> list[Problem]:
    """What one table says of another's rows: a finding's inspection exists and is of the finding's council; a
    then-and-latest row's findings and inspection exist."""
    inspections = {r["inspection_id"]: r["council_code"] for r in results["inspections"].records}
    findings = {r["finding_id"]: r for r in results["findings"].records}
    problems = []
    for record in results["findings"].records:
        inspection = record.get("inspection_id", "")
        if not inspection:
            continue
        if inspection not in inspections:
            problems.append(
                _cross(
                    results,
                    "findings",
                    record,
                    "inspection_id",
                    f"{inspection} is not an inspection in {DATA_FILES['inspections']}",
                    "the id of the report's inspection",
                )
            )
        elif inspections[inspection] != record["council_code"]:
            problems.append(
                _cross(
                    results,
                    "findings",
                    record,
                    "inspection_id",
                    f"{inspection} is an inspection of another council",
                    f"an inspection of {record['council_name']}",
                )
            )
    for record in results.get("then_latest", Validated("then_latest", "")).records:
        then = findings.get(record["then_finding_id"])
        if then is None or then.get("substantive") != "yes":
            problems.append(
                _cross(
                    results,
                    "then_latest",
                    record,
                    "then_finding_id",
                    f"{record['then_finding_id']} is not a substantive finding in {DATA_FILES['findings']}",
                    "an earlier substantive finding's id",
                )
            )
        if record["inspection_id"] not in inspections:
            problems.append(
                _cross(
                    results,
                    "then_latest",
                    record,
                    "inspection_id",
                    f"{record['inspection_id']} is not an inspection in {DATA_FILES['inspections']}",
                    "the latest inspection's id",
                )
            )
        latest = record["latest_finding_id"]
        if latest and (latest not in findings or findings[latest].get("inspection_id") != record["inspection_id"]):
            problems.append(
                _cross(
                    results,
                    "then_latest",
                    record,
                    "latest_finding_id",
                    f"{latest} is not a finding of inspection {record['inspection_id']}",
                    "a finding of the latest inspection",
                )
            )
    return problems


def council_inspections(dataset: Dataset, windows: tuple[str, ...]) -> pd.DataFrame:
    """One inspection per council among those in `windows`, indexed by council_code: the latest published."""
    rows = dataset.inspections
    if rows.empty:
        return rows
    chosen = rows[rows["window"].isin(windows)].sort_values("published")
    return chosen.drop_duplicates("council_code", keep="last").set_index("council_code", drop=False)


def latest_inspections(dataset: Dataset) -> pd.DataFrame:
    """Each 2016 English area's latest inspection(s), one row each, with `area_code`: the latest report of the
    council itself, or of each later council covering it (two for a split county), whichever is newer.

    Worked out once per dataset (the latest window asks for it several times a run)."""
    return dataset.latest


def _latest_of(inspections: pd.DataFrame, gazetteer: Gazetteer) -> pd.DataFrame:
    if inspections.empty:
        return inspections.assign(area_code=pd.Series(dtype=str))
    newest = inspections.sort_values("published").drop_duplicates("council_code", keep="last")
    english = [c.code for c in gazetteer.english_councils]
    later = [(s.area_code, s.successor_code) for s in gazetteer.successors if s.relation != "same_area"]
    # (area, council code, whether a later council's) for every council an area's inspections may come from
    ties = pd.DataFrame(
        [(a, a, False) for a in english] + [(a, c, True) for a, c in later], columns=["area_code", "code", "later"]
    )
    found = ties.merge(newest, left_on="code", right_on="council_code").drop(columns="code")
    own = found[~found["later"]].set_index("area_code")["published"]
    newest_later = found[found["later"]].groupby("area_code")["published"].max()
    # a later council's reports replace the area's own when they are newer (or the area has none)
    use_later = newest_later.gt(own.reindex(newest_later.index).fillna(""))
    keep = found["later"] == found["area_code"].map(use_later).fillna(False).astype(bool)
    return found[keep].drop(columns="later").reset_index(drop=True)


def _frame(records: list[dict[str, str]], kind: str, index: str | None = None) -> pd.DataFrame:
    columns = [*TABLES[kind].schema.columns, "line"]
    frame = pd.DataFrame.from_records(records) if records else pd.DataFrame(columns=columns)
    return frame.set_index(index, drop=False) if index else frame


def load_dataset(data_dir: Path | None = None, layers_dir: Path | None = None) -> Dataset:
    """Load and validate the bundled data (`data_dir`: config.DATA_DIR as it is at the call); InputError lists every
    problem, file by file."""
    data_dir = data_dir or config.DATA_DIR
    gazetteer = load_gazetteer(layers_dir or settings.layers_dir())
    results = validate_dataset(data_dir, gazetteer)
    problems = [p for r in results.values() for p in r.problems] or cross_table_problems(results)
    if problems:
        raise InputError(problems)
    failure_types = {
        r["id"]: FailureType(r["id"], r["label"], r["definition"]) for r in results["failure_types"].records
    }
    records = {kind: result.records for kind, result in results.items()}
    return Dataset(
        gazetteer=gazetteer,
        failure_types=failure_types,
        inspections=_frame(records["inspections"], "inspections", "inspection_id"),
        findings=_findings_frame(records["findings"], BUNDLED),
        responses=_frame(records["force_responses"], "force_responses"),
        letters=_frame(records["letters"], "letters"),
        next_inspections=_frame(records["next_inspections"], "next_inspections", "council_code"),
        later_findings=_frame(records["later_findings"], "later_findings"),
        passages=_frame(records["passages"], "passages"),
        then_latest=_frame(records["then_latest"], "then_latest"),
    )
