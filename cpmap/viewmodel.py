"""What the dashboard shows for a set of filters: area statuses, force counts, figures, the findings table."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import pandas as pd

from cpmap.dataset import BUNDLED, Dataset, council_inspections, latest_inspections
from cpmap.vocab import CONFIDENCE_RANK, LOWEST_CONFIDENCE, NO, STATED, Window

GENERAL = "GENERAL"


class MatchMode(StrEnum):
    ANY = "any"
    ALL = "all"


class Layer(StrEnum):
    COUNCILS = "councils"
    FORCES = "forces"
    THEN_NOW = "thennow"


LAYER_LABELS = {
    Layer.COUNCILS: "Council areas",
    Layer.FORCES: "Police force areas",
    Layer.THEN_NOW: "Then and now",
}


class Status(StrEnum):
    """A council's state under the current filters, in legend order."""

    WEAKNESS = "weakness"
    MINOR = "minor"
    NAMED = "named"
    INSPECTED = "inspected"
    FILTERED_OUT = "filtered_out"
    NOT_IDENTIFIED = "not_identified"
    OUT_OF_SCOPE = "out_of_scope"


STATUS_LABELS = {
    Status.WEAKNESS: "Substantive police weakness",
    Status.MINOR: "Minor police weakness only (training, data, one case, or not the police's alone)",
    Status.NAMED: "Named in the letter, detail not recovered",
    Status.INSPECTED: "Inspected, no police weakness in the report",
    Status.FILTERED_OUT: "Has evidence, but not matching the filters",
    Status.NOT_IDENTIFIED: "No inspection report in the chosen window",
    Status.OUT_OF_SCOPE: "Wales: out of scope (Ofsted inspects England)",
}
NOT_INSPECTED = STATUS_LABELS[Status.NOT_IDENTIFIED]


class ThenNow(StrEnum):
    """What the council's next full inspection said about its 2015/16 police weakness, in legend order."""

    PERSISTED = "persisted"
    NEW = "new"
    IMPROVED_NAMED = "improved_named"
    IMPROVED_INFERRED = "improved_inferred"
    SILENT = "silent"
    NONE = "none"
    UNKNOWN = "unknown"
    NOT_IN_42 = "not_in_42"


THEN_NOW_LABELS = {
    ThenNow.PERSISTED: "Weakness persisted: found again at the next inspection",
    ThenNow.NEW: "New police weakness at the next inspection",
    ThenNow.IMPROVED_NAMED: "Improved: the next report says so, naming the police",
    ThenNow.IMPROVED_INFERRED: "Improved (inferred): the process is called good, police not named",
    ThenNow.SILENT: "Silent: the next report does not mention it (not a fix)",
    ThenNow.NONE: "No substantive weakness then, none now",
    ThenNow.UNKNOWN: "Next report not read (not in our source)",
    ThenNow.NOT_IN_42: "Not among the letter's 42 inspections",
}


@dataclass(frozen=True)
class Filters:
    """What the user chose. Empty tuples mean "any"; `sources` empty means every source of findings."""

    failure_types: tuple[str, ...] = ()
    match: MatchMode = MatchMode.ANY
    forces: tuple[str, ...] = ()
    judgements: tuple[str, ...] = ()
    protection: tuple[str, ...] = ()  # the help-and-protection sub-judgement
    min_confidence: str = LOWEST_CONFIDENCE
    window: Window = Window.LETTER
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Figures:
    inspections: int  # inspections in the chosen window
    councils_with_weaknesses: int  # substantive or minor, matching the filters
    councils_substantive: int
    councils_named_only: int
    forces_involved: int
    findings: int
    # Shown on the map because the letter names them, but their report is outside the window (Peterborough):
    # not counted in the figures above, which are about the window's inspections.
    named_outside_window: tuple[str, ...] = ()

    def headline(self) -> str:
        """One line: '42 inspections · police weaknesses in N (M substantive) · K forces'."""
        line = (
            f"{self.inspections} inspections · police weaknesses in {self.councils_with_weaknesses} "
            f"({self.councils_substantive} substantive) · {self.forces_involved} forces"
        )
        if self.named_outside_window:
            line += f" · also shown: {', '.join(self.named_outside_window)}, named by the letter"
        return line


@dataclass
class View:
    """The dashboard's state for one set of filters.

    `councils` (indexed by GSS code, every 2016 council of England and Wales): code, name, force_code, force_name,
    judgement (overall, or NOT_INSPECTED), protection_judgement, window, in_window, named_in_letter, n_types,
    n_findings, n_substantive, low_confidence, status (Status), then_now (ThenNow).
    `forces` (indexed by code): code, name, n_councils, n_councils_inspected, n_councils_matching,
    n_councils_with_weaknesses, n_force_findings, n_findings, failure_types (list), in_england, in_scope, and
    then-and-now counts n_persisted, n_improved, n_silent, n_new.
    `findings`: the matching findings, council- and force-level, with the columns of `Dataset.findings`.
    """

    filters: Filters
    councils: pd.DataFrame
    forces: pd.DataFrame
    findings: pd.DataFrame
    figures: Figures
    by_type: pd.DataFrame = field(default_factory=pd.DataFrame)  # failure type → matching findings


THEN_WINDOWS = ("letter", "fy_only")  # the 2015/16 inspections: the letter's window and the rest of the year


def judgement_of(dataset: Dataset, council_code: str) -> str:
    """The overall judgement of the council's 2015/16 inspection, or NOT_INSPECTED."""
    then = council_inspections(dataset, THEN_WINDOWS)
    if council_code in then.index:
        return str(then.at[council_code, "overall_judgement"])
    return NOT_INSPECTED


def windows_shown(window: Window) -> tuple[str, ...]:
    """The inspection windows a filter value takes in.

    >>> windows_shown(Window.FINANCIAL_YEAR), windows_shown(Window.ROUND)
    (('letter', 'fy_only'), ('letter', 'fy_only', 'round'))
    """
    if window is Window.LETTER:
        return ("letter",)
    if window is Window.LATEST:
        return ("ilacs",)  # narrowed to each area's latest report by `latest_inspections`
    return THEN_WINDOWS if window is Window.FINANCIAL_YEAR else (*THEN_WINDOWS, "round")


def letter_named_councils(dataset: Dataset) -> set[str]:
    """Councils the letter itself names (a stated letter finding): shown whatever their report's window."""
    rows = dataset.findings
    named = rows[(rows["source_kind"] == "letter") & (rows["attribution"] == STATED) & (rows["council_code"] != "")]
    return set(named["council_code"])


def _council_frame(dataset: Dataset, window: Window) -> pd.DataFrame:
    """Every council with its force, its inspection in the chosen window (if any) and whether the letter names it."""
    gaz = dataset.gazetteer
    codes = sorted(gaz.councils)
    councils = pd.DataFrame(
        {
            "code": codes,
            "name": [gaz.councils[c].name for c in codes],
            "force_code": [gaz.councils[c].force_code for c in codes],
        },
        index=pd.Index(codes),
    )
    councils["force_name"] = councils["force_code"].map({f.code: f.name for f in gaz.forces.values()})
    if window is Window.LATEST:
        return _latest_frame(dataset, councils)
    # The council's inspection in the window (its latest there); a council the letter names keeps its 2015/16 one.
    inspections = council_inspections(dataset, windows_shown(window))
    then = council_inspections(dataset, THEN_WINDOWS)
    councils["named_in_letter"] = councils.index.isin(list(letter_named_councils(dataset)))
    named_outside = councils.index[councils["named_in_letter"] & ~councils.index.isin(inspections.index)]
    inspections = pd.concat([inspections, then[then.index.isin(named_outside)]]) if len(then) else inspections
    councils["window"] = inspections["window"].reindex(councils.index, fill_value="") if len(inspections) else ""
    councils["inspection_id"] = (
        inspections["inspection_id"].reindex(councils.index, fill_value="") if len(inspections) else ""
    )
    councils["in_window"] = councils["window"].isin(windows_shown(window)) | councils["named_in_letter"]
    inspected = councils["in_window"] & councils.index.isin(inspections.index)
    overall = inspections["overall_judgement"].reindex(councils.index)
    councils["judgement"] = overall.where(inspected, NOT_INSPECTED)
    protection = inspections["help_protection_judgement"].reindex(councils.index)
    councils["protection_judgement"] = protection.where(inspected, "").fillna("")
    return councils


_JUDGEMENT_RANK = {"inadequate": 0, "requires improvement": 1, "good": 2, "outstanding": 3}


def _latest_frame(dataset: Dataset, councils: pd.DataFrame) -> pd.DataFrame:
    """The council frame for the latest window: an area split between two later councils takes the graver of
    their two judgements (its panel shows both)."""
    latest = latest_inspections(dataset)
    councils["named_in_letter"] = councils.index.isin(list(letter_named_councils(dataset)))
    if latest.empty:
        for column, value in (
            ("window", ""),
            ("inspection_id", ""),
            ("in_window", False),
            ("protection_judgement", ""),
        ):
            councils[column] = value
        councils["judgement"] = NOT_INSPECTED
        return councils
    latest = latest.assign(rank=latest["overall_judgement"].map(_JUDGEMENT_RANK).fillna(9))
    primary = latest.sort_values(["rank", "published"]).drop_duplicates("area_code").set_index("area_code")
    councils["window"] = primary["window"].reindex(councils.index, fill_value="")
    councils["inspection_id"] = primary["inspection_id"].reindex(councils.index, fill_value="")
    councils["in_window"] = councils.index.isin(primary.index)
    councils["judgement"] = primary["overall_judgement"].reindex(councils.index).fillna(NOT_INSPECTED)
    councils["protection_judgement"] = primary["help_protection_judgement"].reindex(councils.index).fillna("")
    return councils


def latest_inspection_ids(dataset: Dataset) -> set[str]:
    """Every 2016 area's latest inspection ids (a split county has two)."""
    return set(latest_inspections(dataset)["inspection_id"])


def by_area(rows: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """Findings with `council_code` replaced by the 2016 area(s) it covers: a later council's (BCP) row once for
    each of its areas. Rows of a 2016 council are unchanged."""
    gaz = dataset.gazetteer
    later = rows["council_code"].isin(list(gaz.later_councils))
    if not later.any():
        return rows
    spread = rows[later].assign(council_code=rows.loc[later, "council_code"].map(gaz.areas_of)).explode("council_code")
    return pd.concat([rows[~later], spread])


def _findings_passing(dataset: Dataset, filters: Filters, councils: pd.DataFrame) -> pd.DataFrame:
    """Findings that pass every filter but the failure-type match mode (see `_apply_match`)."""
    rows = dataset.findings
    keep = rows["confidence_rank"] >= CONFIDENCE_RANK[filters.min_confidence]
    # A council's bundled findings count only while its inspection is in the window; force-level ones and a
    # user's uploaded findings (their own evidence, of any year) always do.
    keep &= (
        (rows["council_code"] == "")
        | findings_in_window(dataset, rows, councils, filters.window)
        | (rows["source"] != BUNDLED)
    )
    if filters.sources:
        keep &= rows["source"].isin(filters.sources)
    if filters.forces:
        keep &= rows["force_code"].isin(filters.forces)
    if filters.judgements or filters.protection:  # a later council's finding is judged by its first 2016 area
        area = rows["council_code"].map(lambda c: dataset.gazetteer.areas_of(c)[0] if c else c)
    if filters.judgements:
        keep &= area.map(councils["judgement"]).isin(filters.judgements)
    if filters.protection:
        keep &= area.map(councils["protection_judgement"]).isin(filters.protection)
    if filters.failure_types:
        keep &= rows["failure_type"].isin(filters.failure_types)
    return rows[keep]


def findings_in_window(dataset: Dataset, rows: pd.DataFrame, councils: pd.DataFrame, window: Window) -> pd.Series:
    """Whether each finding's inspection is in the window: by the inspection it names, else by its council's.

    A council the letter names keeps its 2015/16 findings in the letter's window (Peterborough)."""
    by_council = rows["council_code"].map(councils["in_window"]).fillna(False).astype(bool)
    if window is Window.LATEST:
        latest = latest_inspection_ids(dataset)
        return rows["inspection_id"].isin(latest) if "inspection_id" in rows else by_council & False
    if "inspection_id" not in rows or dataset.inspections.empty:
        return by_council
    inspection_window = rows["inspection_id"].map(dataset.inspections["window"])
    named = rows["council_code"].map(councils["named_in_letter"]).fillna(False).astype(bool)
    by_inspection = inspection_window.isin(windows_shown(window)) | (named & inspection_window.isin(THEN_WINDOWS))
    return by_inspection.where(inspection_window.notna(), by_council).astype(bool)


def _apply_match(passing: pd.DataFrame, filters: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(council-level, force-level) findings after the 'all selected types' rule."""
    council_rows = passing[passing["council_code"] != ""]
    force_rows = passing[passing["council_code"] == ""]
    if filters.match is MatchMode.ALL and filters.failure_types:
        types_by_council = council_rows.groupby("council_code")["failure_type"].agg(set)
        wanted = set(filters.failure_types)
        complete = [c for c, types in types_by_council.items() if wanted <= types]
        council_rows = council_rows[council_rows["council_code"].isin(complete)]
        if len(wanted) > 1:  # a force-level finding has one failure type, so it cannot carry several at once
            force_rows = force_rows.iloc[0:0]
    return council_rows, force_rows


def _count_by_council(rows: pd.DataFrame, index: pd.Index) -> pd.Series:
    return rows.groupby("council_code").size().reindex(index, fill_value=0).astype(int)


def _classify_councils(councils: pd.DataFrame, council_rows: pd.DataFrame, dataset: Dataset, filters: Filters) -> None:
    """Add n_types, n_findings, n_substantive, low_confidence and status to `councils` (in place)."""
    council_rows = by_area(council_rows, dataset)
    specific = council_rows[council_rows["failure_type"] != GENERAL]
    substantive = specific[specific["substantive"] != NO]
    councils["n_types"] = specific.groupby("council_code")["failure_type"].nunique().reindex(councils.index).fillna(0)
    councils["n_types"] = councils["n_types"].astype(int)
    councils["n_findings"] = _count_by_council(council_rows, councils.index)
    councils["n_substantive"] = _count_by_council(substantive, councils.index)
    best = council_rows.groupby("council_code")["confidence_rank"].max()
    councils["low_confidence"] = best.reindex(councils.index, fill_value=0).eq(CONFIDENCE_RANK[LOWEST_CONFIDENCE])
    in_scope = pd.Series(True, index=councils.index)
    if filters.forces:
        in_scope &= councils["force_code"].isin(filters.forces)
    if filters.judgements:
        in_scope &= councils["judgement"].isin(filters.judgements)
    if filters.protection:
        in_scope &= councils["protection_judgement"].isin(filters.protection)
    # Evidence that some filter hides: bundled findings of a council in the window, or any uploaded finding.
    rows = dataset.findings[dataset.findings["council_code"] != ""]
    shown = findings_in_window(dataset, rows, councils, filters.window) | (rows["source"] != BUNDLED)
    with_evidence = set(by_area(rows[shown], dataset)["council_code"])
    # First matching condition wins, in this order.
    rules = [
        (~councils["code"].str.startswith("E"), Status.OUT_OF_SCOPE),
        (~in_scope, Status.FILTERED_OUT),
        (councils["n_substantive"] > 0, Status.WEAKNESS),
        (councils["n_types"] > 0, Status.MINOR),
        (councils["n_findings"] > 0, Status.NAMED),
        (councils.index.isin(list(with_evidence)), Status.FILTERED_OUT),
        (councils["judgement"] != NOT_INSPECTED, Status.INSPECTED),
    ]
    status = pd.Series(Status.NOT_IDENTIFIED, index=councils.index, dtype=object)
    decided = pd.Series(False, index=councils.index)
    for condition, choice in rules:
        hit = pd.Series(condition, index=councils.index) & ~decided
        status[hit] = choice
        decided |= hit
    councils["status"] = status


def then_now_of(dataset: Dataset) -> pd.Series:
    """ThenNow for every council of the letter's 42; NOT_IN_42 for the rest (bundled data only, no filters)."""
    codes = pd.Index(sorted(dataset.gazetteer.councils))
    inspections, nexts, later = dataset.inspections, dataset.next_inspections, dataset.later_findings
    rows = dataset.findings
    if "inspection_id" in rows and not inspections.empty:  # "then" is 2015/16: not the rest of the round
        then_window = rows["inspection_id"].map(inspections["window"])
        rows = rows[then_window.isin(THEN_WINDOWS) | then_window.isna()]
    substantive = rows[(rows["source"] == BUNDLED) & (rows["failure_type"] != GENERAL) & (rows["substantive"] != NO)]
    improved = later[later["status"] == "improved"]

    def has(frame: pd.DataFrame) -> pd.Series:
        return pd.Series(codes.isin(list(frame["council_code"])), index=codes)

    # Sets are built once; a loop over the 42 filtering the later findings each time cost half of build_view.
    read = pd.Series(codes.isin(list(nexts.index[nexts["report_url"] != ""])), index=codes)
    # First matching condition wins, in this order.
    rules = [
        (~read, ThenNow.UNKNOWN),
        (has(later[later["status"] == "persists"]), ThenNow.PERSISTED),
        (has(substantive) & has(improved[improved["basis"] == "named"]), ThenNow.IMPROVED_NAMED),
        (has(substantive) & has(improved[improved["basis"] == "inferred"]), ThenNow.IMPROVED_INFERRED),
        (has(substantive), ThenNow.SILENT),
        (has(later[later["status"] == "new"]), ThenNow.NEW),
    ]
    result = pd.Series(ThenNow.NONE, index=codes, dtype=object)
    decided = pd.Series(False, index=codes)
    for condition, choice in rules:
        result[condition & ~decided] = choice
        decided |= condition
    in_42 = codes.isin(list(inspections.loc[inspections["window"] == "letter", "council_code"]))
    result[~in_42] = ThenNow.NOT_IN_42
    return result


THEN_LATEST_LABELS = {
    ThenNow.PERSISTED: "Weakness persisted: found again in the latest report",
    ThenNow.NEW: "New police weakness in the latest report",
    ThenNow.IMPROVED_NAMED: "Improved: the latest report says so, naming the police",
    ThenNow.IMPROVED_INFERRED: "Improved (inferred): the process is called good, police not named",
    ThenNow.SILENT: "Silent: the latest report does not mention it (not a fix)",
    ThenNow.NONE: "No substantive weakness then, none now",
    ThenNow.UNKNOWN: "Latest report not read",
    ThenNow.NOT_IN_42: "Not inspected 2013–18",
}


def then_now_labels(window: Window) -> dict[ThenNow, str]:
    """The then-and-now legend: against the next inspection, or (latest window) against the latest."""
    return THEN_LATEST_LABELS if window is Window.LATEST else THEN_NOW_LABELS


def then_latest_of(dataset: Dataset) -> pd.Series:
    """ThenNow of every council against its latest report: its earlier (2015/16, else SIF-round) substantive
    weaknesses' rows in `then_latest`, and the latest report's substantive weaknesses on other processes (new)."""
    codes = pd.Index(sorted(dataset.gazetteer.councils))
    rows, latest = dataset.then_latest, latest_inspections(dataset)
    if len(rows):  # an earlier ILACS report read on the way (Solihull 2023) is in the timeline, not here
        rows = rows[rows["inspection_id"].isin(set(latest["inspection_id"]))]
    findings = dataset.findings
    linked = set(rows["latest_finding_id"]) if len(rows) else set()
    fresh = findings[
        (findings["source"] == BUNDLED)
        & findings["inspection_id"].isin(set(latest["inspection_id"]))
        & (findings["substantive"] == "yes")
        & ~findings["finding_id"].isin(linked)
    ]
    new_areas = set(by_area(fresh, dataset)["council_code"])

    def has(frame: pd.DataFrame) -> pd.Series:
        return pd.Series(codes.isin(list(frame["council_code"])), index=codes)

    read = pd.Series(
        codes.isin(list(latest.loc[latest["police_read"] == "yes", "area_code"])) if len(latest) else False,
        index=codes,
    )
    improved = rows[rows["status"] == "improved"]
    rules = [
        (~read, ThenNow.UNKNOWN),
        (has(rows[rows["status"] == "persists"]), ThenNow.PERSISTED),
        (has(improved[improved["basis"] == "named"]), ThenNow.IMPROVED_NAMED),
        (has(improved[improved["basis"] == "inferred"]), ThenNow.IMPROVED_INFERRED),
        (has(rows), ThenNow.SILENT),
        (pd.Series(codes.isin(list(new_areas)), index=codes), ThenNow.NEW),
    ]
    result = pd.Series(ThenNow.NONE, index=codes, dtype=object)
    decided = pd.Series(False, index=codes)
    for condition, choice in rules:
        result[condition & ~decided] = choice
        decided |= condition
    then = council_inspections(dataset, (*THEN_WINDOWS, "round"))
    result[~codes.isin(list(then.index)) & ~has(rows)] = ThenNow.NOT_IN_42
    result[~codes.str.startswith("E")] = ThenNow.NOT_IN_42
    return result


def _force_frame(
    dataset: Dataset, councils: pd.DataFrame, findings: pd.DataFrame, force_rows: pd.DataFrame, filters: Filters
) -> pd.DataFrame:
    gaz = dataset.gazetteer
    codes = sorted(gaz.forces)
    by_force = councils.groupby("force_code")

    def per_force(flags: pd.Series) -> list[int]:
        return flags.groupby(councils["force_code"]).sum().reindex(codes, fill_value=0).astype(int).tolist()

    then_now = councils["then_now"]
    forces = pd.DataFrame(
        {
            "code": codes,
            "name": [gaz.forces[f].name for f in codes],
            "n_councils": by_force.size().reindex(codes, fill_value=0).to_numpy(),
            "n_councils_inspected": per_force(councils["judgement"] != NOT_INSPECTED),
            "n_councils_matching": per_force(councils["status"].isin([Status.WEAKNESS, Status.MINOR, Status.NAMED])),
            "n_councils_with_weaknesses": per_force(councils["status"].isin([Status.WEAKNESS, Status.MINOR])),
            "n_force_findings": force_rows.groupby("force_code").size().reindex(codes, fill_value=0).to_numpy(),
            "n_findings": findings.groupby("force_code").size().reindex(codes, fill_value=0).to_numpy(),
            "n_persisted": per_force(then_now == ThenNow.PERSISTED),
            "n_improved": per_force(then_now.isin([ThenNow.IMPROVED_NAMED, ThenNow.IMPROVED_INFERRED])),
            "n_silent": per_force(then_now == ThenNow.SILENT),
            "n_new": per_force(then_now == ThenNow.NEW),
        },
        index=pd.Index(codes),
    )
    types_by_force = findings.groupby("force_code")["failure_type"].agg(lambda s: sorted(set(s)))
    forces["failure_types"] = [types_by_force.get(f, []) for f in codes]
    forces["in_england"] = forces["code"].str.startswith("E")
    forces["in_scope"] = [not filters.forces or f in filters.forces for f in codes]
    return forces


def build_view(dataset: Dataset, filters: Filters) -> View:
    """Classify every council and force under `filters` and collect the matching findings."""
    councils = _council_frame(dataset, filters.window)
    passing = _findings_passing(dataset, filters, councils)
    council_rows, force_rows = _apply_match(passing, filters)
    _classify_councils(councils, council_rows, dataset, filters)
    then_now = then_latest_of if filters.window is Window.LATEST else then_now_of
    councils["then_now"] = then_now(dataset).reindex(councils.index)
    findings = pd.concat([council_rows, force_rows]).sort_values(["force_code", "council_code", "finding_id"])
    forces = _force_frame(dataset, councils, findings, force_rows, filters)
    labels = {t.id: t.label for t in dataset.failure_types.values()}
    by_type = (
        findings.groupby("failure_type").size().reindex(list(labels), fill_value=0).rename("findings").reset_index()
    )
    by_type["label"] = by_type["failure_type"].map(labels)
    in_window = councils["window"].isin(windows_shown(filters.window))
    extra = councils["named_in_letter"] & ~in_window
    status = councils.loc[~extra, "status"]
    counted = findings[~findings["council_code"].isin(councils.index[extra])]
    shown = dataset.inspections
    if filters.window is Window.LATEST:
        n_inspections = len(latest_inspection_ids(dataset))
    else:  # every inspection in the window: a council inspected twice in the round counts twice
        n_inspections = int(shown["window"].isin(windows_shown(filters.window)).sum()) if len(shown) else 0
    figures = Figures(
        inspections=n_inspections,
        councils_with_weaknesses=int(status.isin([Status.WEAKNESS, Status.MINOR]).sum()),
        councils_substantive=int((status == Status.WEAKNESS).sum()),
        councils_named_only=int((status == Status.NAMED).sum()),
        forces_involved=int(counted["force_code"].nunique()),
        findings=len(findings),
        named_outside_window=tuple(sorted(councils.loc[extra, "name"])),
    )
    return View(filters, councils, forces, findings, figures, by_type)


def latest_against_then(dataset: Dataset) -> tuple[tuple[int, ...], pd.DataFrame]:
    """The latest reports against 2015/16's: ((reports, naming a police weakness, with a substantive one) for the
    latest, then the same for 2015/16), and per failure type the councils with a substantive weakness of it."""
    rows = dataset.findings[(dataset.findings["source"] == BUNDLED) & (dataset.findings["failure_type"] != GENERAL)]
    windows = rows["inspection_id"].map(dataset.inspections["window"])
    then = rows[windows.isin(THEN_WINDOWS) & (rows["source_kind"] == "inspection_report")]
    latest_ids = latest_inspection_ids(dataset)
    latest = rows[rows["inspection_id"].isin(latest_ids)]
    then_reports = dataset.inspections["window"].isin(THEN_WINDOWS).sum()
    figures = (
        len(latest_ids),
        latest["inspection_id"].nunique(),
        latest.loc[latest["substantive"] == "yes", "inspection_id"].nunique(),
        int(then_reports),
        then["inspection_id"].nunique(),
        then.loc[then["substantive"] == "yes", "inspection_id"].nunique(),
    )
    labels = {t.id: t.label for t in dataset.failure_types.values() if t.id != GENERAL}

    def councils(frame: pd.DataFrame) -> pd.Series:
        frame = by_area(frame[frame["substantive"] == "yes"], dataset)
        return frame.groupby("failure_type")["council_code"].nunique().reindex(list(labels), fill_value=0)

    table = pd.DataFrame(
        {
            "Failure type": list(labels.values()),
            "2015/16": councils(then).to_numpy(),
            "Latest (to 2026)": councils(latest).to_numpy(),
        }
    )
    table = table[(table["2015/16"] > 0) | (table["Latest (to 2026)"] > 0)].reset_index(drop=True)
    return tuple(int(f) for f in figures), table
