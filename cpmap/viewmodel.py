"""What the dashboard shows for a set of filters: area statuses, force counts, figures, the findings table."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import pandas as pd

from cpmap import config
from cpmap.dataset import CONFIDENCE_RANK, Dataset

GENERAL = "GENERAL"
NOT_INSPECTED = "not identified"


class MatchMode(StrEnum):
    ANY = "any"
    ALL = "all"


class Layer(StrEnum):
    COUNCILS = "councils"
    FORCES = "forces"


class Status(StrEnum):
    """A council's state under the current filters, in legend order."""

    WEAKNESS = "weakness"
    NAMED = "named"
    INSPECTED = "inspected"
    FILTERED_OUT = "filtered_out"
    NOT_IDENTIFIED = "not_identified"
    OUT_OF_SCOPE = "out_of_scope"


STATUS_LABELS = {
    Status.WEAKNESS: "Police weakness recorded",
    Status.NAMED: "Named in the letter, detail not recovered",
    Status.INSPECTED: "Inspected 2015/16, no police weakness in our sources",
    Status.FILTERED_OUT: "Has evidence, but not matching the filters",
    Status.NOT_IDENTIFIED: "Not among the 2015/16 inspections identified",
    Status.OUT_OF_SCOPE: "Wales: out of scope (Ofsted inspects England)",
}


@dataclass(frozen=True)
class Filters:
    failure_types: tuple[str, ...] = ()
    match: MatchMode = MatchMode.ANY
    forces: tuple[str, ...] = ()
    judgements: tuple[str, ...] = ()
    min_confidence: str = "low"
    datasets: tuple[str, ...] = ()  # empty: every source of findings

    @property
    def active(self) -> bool:
        return self != Filters(datasets=self.datasets)


@dataclass(frozen=True)
class Figures:
    inspections_identified: int
    inspections_in_letter: int
    councils_with_weaknesses: int
    councils_named_only: int
    forces_involved: int
    findings: int


@dataclass
class View:
    filters: Filters
    councils: pd.DataFrame  # indexed by code
    forces: pd.DataFrame  # indexed by code
    findings: pd.DataFrame  # matching findings, council- and force-level
    figures: Figures
    by_type: pd.DataFrame = field(default_factory=pd.DataFrame)  # failure type → matching findings


def judgement_of(dataset: Dataset, council_code: str) -> str:
    if council_code in dataset.inspections.index:
        return str(dataset.inspections.at[council_code, "overall_judgement"])
    return NOT_INSPECTED


def _findings_passing(dataset: Dataset, filters: Filters, judgements: pd.Series) -> pd.DataFrame:
    rows = dataset.findings
    keep = rows["confidence_rank"] >= CONFIDENCE_RANK[filters.min_confidence]
    if filters.datasets:
        keep &= rows["dataset"].isin(filters.datasets)
    if filters.forces:
        keep &= rows["force_code"].isin(filters.forces)
    if filters.judgements:
        keep &= rows["council_code"].map(judgements).isin(filters.judgements)
    if filters.failure_types:
        keep &= rows["failure_type"].isin(filters.failure_types)
    return rows[keep]


def build_view(dataset: Dataset, filters: Filters) -> View:
    """Classify every council and force under `filters` and collect the matching findings."""
    gaz = dataset.gazetteer
    codes = sorted(gaz.councils)
    judgements = pd.Series({code: judgement_of(dataset, code) for code in codes})
    passing = _findings_passing(dataset, filters, judgements)
    council_rows = passing[passing["council_code"] != ""]
    types_by_council = council_rows.groupby("council_code")["failure_type"].agg(set).to_dict()
    if filters.match is MatchMode.ALL and filters.failure_types:
        types_by_council = {c: t for c, t in types_by_council.items() if set(filters.failure_types) <= t}
        council_rows = council_rows[council_rows["council_code"].isin(types_by_council)]
    force_rows = passing[passing["council_code"] == ""]
    if filters.match is MatchMode.ALL and len(filters.failure_types) > 1:
        # A force-level finding has one failure type, so it cannot carry several at once.
        force_rows = force_rows.iloc[0:0]
    with_any_evidence = set(dataset.findings.loc[dataset.findings["council_code"] != "", "council_code"])

    councils = pd.DataFrame(
        {
            "code": codes,
            "name": [gaz.councils[c].name for c in codes],
            "force_code": [gaz.councils[c].force_code for c in codes],
        },
        index=pd.Index(codes, name=None),
    )
    councils["force_name"] = councils["force_code"].map({f.code: f.name for f in gaz.forces.values()})
    councils["judgement"] = judgements
    councils["n_types"] = [len(types_by_council.get(c, set()) - {GENERAL}) for c in codes]
    has_types = councils.index.isin(list(types_by_council))
    counts = council_rows.groupby("council_code").size()
    councils["n_findings"] = counts.reindex(councils.index, fill_value=0).astype(int)
    best = council_rows.groupby("council_code")["confidence_rank"].max()
    councils["low_confidence"] = best.reindex(councils.index, fill_value=0).eq(CONFIDENCE_RANK["low"])
    in_scope = pd.Series(True, index=councils.index)
    if filters.forces:
        in_scope &= councils["force_code"].isin(filters.forces)
    if filters.judgements:
        in_scope &= councils["judgement"].isin(filters.judgements)
    english = councils["code"].str.startswith("E")
    conditions = [
        ~english,
        ~in_scope,
        councils["n_types"] > 0,
        has_types,
        councils.index.isin(list(with_any_evidence)),
        councils["judgement"] != NOT_INSPECTED,
    ]
    choices = [
        Status.OUT_OF_SCOPE,
        Status.FILTERED_OUT,
        Status.WEAKNESS,
        Status.NAMED,
        Status.FILTERED_OUT,
        Status.INSPECTED,
    ]
    status = pd.Series(Status.NOT_IDENTIFIED, index=councils.index, dtype=object)
    for condition, choice in reversed(list(zip(conditions, choices, strict=True))):
        status[pd.Series(condition, index=councils.index).to_numpy()] = choice
    councils["status"] = status

    findings = pd.concat([council_rows, force_rows]).sort_values(["force_code", "council_code", "finding_id"])
    by_force = councils.groupby("force_code")
    matching = councils["status"].isin([Status.WEAKNESS, Status.NAMED])
    force_codes = sorted(gaz.forces)
    forces = pd.DataFrame(
        {
            "code": force_codes,
            "name": [gaz.forces[f].name for f in force_codes],
            "n_councils": by_force.size().reindex(force_codes, fill_value=0).to_numpy(),
            "n_councils_inspected": (councils["judgement"] != NOT_INSPECTED)
            .groupby(councils["force_code"])
            .sum()
            .reindex(force_codes, fill_value=0)
            .to_numpy(),
            "n_councils_matching": matching.groupby(councils["force_code"])
            .sum()
            .reindex(force_codes, fill_value=0)
            .to_numpy(),
            "n_councils_with_weaknesses": (councils["status"] == Status.WEAKNESS)
            .groupby(councils["force_code"])
            .sum()
            .reindex(force_codes, fill_value=0)
            .to_numpy(),
            "n_force_findings": force_rows.groupby("force_code").size().reindex(force_codes, fill_value=0).to_numpy(),
            "n_findings": findings.groupby("force_code").size().reindex(force_codes, fill_value=0).to_numpy(),
        },
        index=pd.Index(force_codes),
    )
    types_by_force = findings.groupby("force_code")["failure_type"].agg(lambda s: sorted(set(s)))
    forces["failure_types"] = [types_by_force.get(f, []) for f in force_codes]
    forces["in_england"] = forces["code"].str.startswith("E")
    forces["in_scope"] = [not filters.forces or f in filters.forces for f in force_codes]

    labels = {t.id: t.label for t in dataset.failure_types.values()}
    by_type = (
        findings.groupby("failure_type").size().reindex(list(labels), fill_value=0).rename("findings").reset_index()
    )
    by_type["label"] = by_type["failure_type"].map(labels)
    figures = Figures(
        inspections_identified=len(dataset.inspections),
        inspections_in_letter=config.INSPECTIONS_IN_LETTER,
        councils_with_weaknesses=int((councils["status"] == Status.WEAKNESS).sum()),
        councils_named_only=int((councils["status"] == Status.NAMED).sum()),
        forces_involved=int((forces["n_findings"] > 0).sum()),
        findings=len(findings),
    )
    return View(filters, councils, forces, findings, figures, by_type)
