"""What the detail panel says about one council or force, as plain values: the domain's answers, not its layout."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from cpmap.dataset import BUNDLED, Dataset, council_inspections
from cpmap.rules import substantive_reason
from cpmap.viewmodel import (
    GENERAL,
    NOT_INSPECTED,
    STATUS_LABELS,
    THEN_NOW_LABELS,
    THEN_WINDOWS,
    Status,
    ThenNow,
    View,
    findings_in_window,
    windows_shown,
)
from cpmap.vocab import INFERRED, NEXT_TYPE_LABELS, NO, REPORT, SOURCE_KIND_LABELS, SUB_JUDGEMENTS, YES


@dataclass(frozen=True)
class LaterItem:
    """What a council's next full inspection says about the police."""

    failure_label: str
    status: str  # persists, new or improved
    basis: str  # named or inferred, for improvements
    summary: str
    paragraphs: str
    report_url: str
    published: str
    confidence: str


@dataclass(frozen=True)
class FindingItem:
    finding_id: str
    failure_type: str
    failure_label: str
    summary: str
    paragraphs: str
    source_kind: str
    source_label: str
    source_url: str
    confidence: str
    substantive: bool | None  # None: not assessed (e.g. an older uploaded file)
    inferred: bool  # tied to this council by us, not by the source
    letter_not_in_report: bool  # "the letter says this; the report does not"
    matches: bool  # passes the current filters
    upload: str  # the upload's label, or '' for the bundled data
    later: tuple[LaterItem, ...] = ()  # what the next inspection says about this weakness
    silent_next: bool = False  # a next inspection was read and says nothing about it
    quantifier: str = ""  # the report's own words for how often ("not always"), if it gives any
    inspection_published: str = ""  # when the report it comes from was published
    verdict_reason: str = ""  # why substantive or minor under rule R2 ('' when not assessed)


@dataclass(frozen=True)
class InspectionFacts:
    dates: str
    published: str
    window: str
    overall: str
    judgements: tuple[tuple[str, str], ...]  # (label, judgement), sub-judgements then the LSCB's
    report_url: str
    source_url: str
    confidence: str
    note: str
    window_note: str


@dataclass(frozen=True)
class NextFacts:
    type_label: str
    published: str
    overall: str
    report_url: str
    source_url: str
    confidence: str
    note: str
    then_now: str
    then_now_label: str
    new_weaknesses: tuple[LaterItem, ...]


@dataclass(frozen=True)
class ResponseItem:
    summary: str
    source_url: str
    confidence: str


@dataclass(frozen=True)
class CouncilDetail:
    code: str
    name: str
    force_code: str
    force_name: str
    status: Status
    status_label: str
    inspection: InspectionFacts | None
    weaknesses: tuple[FindingItem, ...]
    named_only: tuple[FindingItem, ...]
    force_level: tuple[FindingItem, ...]
    responses: tuple[ResponseItem, ...]
    other_councils: tuple[tuple[str, int], ...]  # (name, matching findings) of the force's other matching councils
    next: NextFacts | None
    window_inspections: tuple[InspectionFacts, ...] = ()  # every inspection of the council in the window


@dataclass(frozen=True)
class ForceDetail:
    code: str
    name: str
    ons_name: str
    n_councils: int
    inspected: tuple[tuple[str, str, str], ...]  # (council, judgement, status label)
    n_matching: int
    failure_labels: tuple[str, ...]
    force_level: tuple[FindingItem, ...]
    responses: tuple[ResponseItem, ...]
    then_now: dict[str, int] = field(default_factory=dict)
    # the whole single-inspection round (2013-18), whatever the filters: councils inspected, with a police weakness
    # in any of their reports, with a substantive one, and whose reports are not in our source (not read)
    round_councils: tuple[int, int, int, int] = (0, 0, 0, 0)


def _label(dataset: Dataset, failure_type: str) -> str:
    failure = dataset.failure_types.get(failure_type)
    return failure.label if failure else failure_type


def _later_items(dataset: Dataset, rows: pd.DataFrame) -> tuple[LaterItem, ...]:
    return tuple(
        LaterItem(
            failure_label=_label(dataset, r.failure_type),
            status=r.status,
            basis=r.basis,
            summary=r.summary,
            paragraphs=r.paragraphs,
            report_url=r.report_url,
            published=r.published,
            confidence=r.confidence,
        )
        for r in rows.itertuples()
    )


def _finding_items(
    dataset: Dataset, rows: pd.DataFrame, matching: set[str], later: pd.DataFrame | None = None
) -> tuple[FindingItem, ...]:
    items = []
    for r in rows.sort_values("finding_id").itertuples():
        follow_up: tuple[LaterItem, ...] = ()
        silent = False
        # Only a report's own finding is followed to the next report (a letter row points at one of them).
        followed = r.source_kind == REPORT and r.failure_type != GENERAL and r.substantive != NO
        if later is not None and followed and r.source == BUNDLED:
            follow_up = _later_items(dataset, later[later["then_finding_id"] == r.finding_id])
            silent = not follow_up
        items.append(
            FindingItem(
                finding_id=r.finding_id,
                failure_type=r.failure_type,
                failure_label=_label(dataset, r.failure_type),
                summary=r.summary,
                paragraphs=r.paragraphs,
                source_kind=r.source_kind,
                source_label=SOURCE_KIND_LABELS.get(r.source_kind, r.source_kind),
                source_url=r.source_url,
                confidence=r.confidence,
                substantive={YES: True, NO: False}.get(r.substantive),
                inferred=r.attribution == INFERRED,
                letter_not_in_report=r.source_kind != REPORT and r.in_report == NO,
                matches=r.finding_id in matching,
                upload="" if r.source == BUNDLED else r.source,
                later=follow_up,
                silent_next=silent,
                quantifier=r.report_quantifier,
                inspection_published=_published(dataset, getattr(r, "inspection_id", "")),
                verdict_reason=substantive_reason(r._asdict()),
            )
        )
    return tuple(items)


def _published(dataset: Dataset, inspection_id: str) -> str:
    rows = dataset.inspections
    return str(rows.at[inspection_id, "published"]) if inspection_id and inspection_id in rows.index else ""


def _responses(dataset: Dataset, force_code: str, council_code: str | None = None) -> tuple[ResponseItem, ...]:
    rows = dataset.responses
    mine = rows[rows["force_code"] == force_code]
    if council_code:
        mine = mine[(mine["council_code"] == "") | (mine["council_code"] == council_code)]
    return tuple(ResponseItem(r.summary, r.source_url, r.confidence) for r in mine.itertuples())


def _inspection(dataset: Dataset, view: View, code: str) -> InspectionFacts | None:
    """The council's inspection in the view's window, else its 2015/16 one (None if neither)."""
    chosen = view.councils.at[code, "inspection_id"] if "inspection_id" in view.councils else ""
    if not chosen:
        then = council_inspections(dataset, THEN_WINDOWS)
        chosen = then.at[code, "inspection_id"] if code in then.index else ""
    if not chosen or chosen not in dataset.inspections.index:
        return None
    return _inspection_facts(dataset.inspections.loc[chosen], bool(view.councils.at[code, "named_in_letter"]))


def _window_inspections(dataset: Dataset, view: View, code: str) -> tuple[InspectionFacts, ...]:
    """Every inspection of the council in the view's window, oldest first (two where it was re-inspected)."""
    rows = dataset.inspections
    if rows.empty:
        return ()
    mine = rows[(rows["council_code"] == code) & rows["window"].isin(windows_shown(view.filters.window))]
    named = bool(view.councils.at[code, "named_in_letter"])
    return tuple(_inspection_facts(row, named) for _, row in mine.sort_values("published").iterrows())


def _inspection_facts(row: pd.Series, named_in_letter: bool) -> InspectionFacts:
    judgements = [(label, row[column]) for column, label in SUB_JUDGEMENTS.items() if row[column]]
    if row["lscb_judgement"]:
        judgements.append(("Local Safeguarding Children Board", row["lscb_judgement"]))
    window_note = ""
    if row["window"] == "fy_only":
        window_note = (
            "Published before the letter's window (October 2015 – September 2016): one of financial year 2015/16."
        )
        if named_in_letter:
            window_note += " Shown with the letter's 42 because the letter names this council."
    elif row["window"] == "round":
        window_note = "Published in the single-inspection round (2013–18), outside financial year 2015/16."
    return InspectionFacts(
        dates=" to ".join(d for d in (row["inspection_start"], row["inspection_end"]) if d) or "dates not found",
        published=row["published"] or "not found",
        window=row["window"],
        overall=row["overall_judgement"],
        judgements=tuple(judgements),
        report_url=row["report_url"],
        source_url=row["source_url"],
        confidence=row["confidence"],
        note=row["note"],
        window_note=window_note,
    )


def _next(dataset: Dataset, view: View, code: str, later: pd.DataFrame) -> NextFacts | None:
    nexts = dataset.next_inspections
    if code not in nexts.index:
        return None
    row = nexts.loc[code]
    then_now = ThenNow(view.councils.at[code, "then_now"])
    return NextFacts(
        type_label=NEXT_TYPE_LABELS.get(row["next_type"], row["next_type"]),
        published=row["published"],
        overall=row["overall_judgement"],
        report_url=row["report_url"],
        source_url=row["source_url"],
        confidence=row["confidence"],
        note=row["note"],
        then_now=then_now.value,
        then_now_label=THEN_NOW_LABELS[then_now],
        new_weaknesses=_later_items(dataset, later[later["status"] == "new"]),
    )


def council_detail(view: View, dataset: Dataset, code: str) -> CouncilDetail:
    """Everything the panel shows for council `code` under the view's filters."""
    council = view.councils.loc[code]
    force_code = council["force_code"]
    matching = set(view.findings["finding_id"])
    findings = dataset.findings
    own = findings[findings["council_code"] == code]
    # this window's inspections (a user's uploaded findings whatever their year, as on the map)
    own = own[findings_in_window(dataset, own, view.councils, view.filters.window) | (own["source"] != BUNDLED)]
    later = dataset.later_findings[dataset.later_findings["council_code"] == code]
    has_next = code in dataset.next_inspections.index and bool(dataset.next_inspections.at[code, "report_url"])
    weak_matching = view.councils["status"].isin([Status.WEAKNESS, Status.MINOR, Status.NAMED])
    others = view.councils[
        (view.councils["force_code"] == force_code) & (view.councils["code"] != code) & weak_matching
    ]
    status = Status(council["status"])
    return CouncilDetail(
        code=code,
        name=council["name"],
        force_code=force_code,
        force_name=council["force_name"],
        status=status,
        status_label=STATUS_LABELS[status],
        inspection=_inspection(dataset, view, code),
        window_inspections=_window_inspections(dataset, view, code),
        weaknesses=_finding_items(dataset, own[own["failure_type"] != GENERAL], matching, later if has_next else None),
        named_only=_finding_items(dataset, own[own["failure_type"] == GENERAL], matching),
        force_level=_finding_items(
            dataset, findings[(findings["force_code"] == force_code) & (findings["council_code"] == "")], matching
        ),
        responses=_responses(dataset, force_code, code),
        other_councils=tuple((r.name, int(r.n_findings)) for r in others.itertuples()),
        next=_next(dataset, view, code, later),
    )


def round_figures(dataset: Dataset, force_code: str) -> tuple[int, int, int, int]:
    """(councils inspected in the round, with a police weakness, with a substantive one, not read) of a force's
    councils; a council is not read when none of its reports is in our source."""
    rows = dataset.inspections
    if rows.empty:
        return (0, 0, 0, 0)
    mine = {c for c, council in dataset.gazetteer.councils.items() if council.force_code == force_code}
    inspected = set(rows.loc[rows["council_code"].isin(mine), "council_code"])
    read = set(rows.loc[rows["council_code"].isin(mine) & (rows["report_url"] != ""), "council_code"])
    findings = dataset.findings
    weak = findings[
        findings["council_code"].isin(inspected)
        & (findings["source_kind"] == REPORT)
        & (findings["source"] == BUNDLED)
        & findings["inspection_id"].isin(rows.index)
    ]
    substantive = weak.loc[weak["substantive"] == YES, "council_code"].nunique()
    return (len(inspected), weak["council_code"].nunique(), substantive, len(inspected - read))


def force_detail(view: View, dataset: Dataset, code: str) -> ForceDetail:
    """Everything the panel shows for police force area `code` under the view's filters."""
    force = dataset.gazetteer.forces[code]
    row = view.forces.loc[code]
    councils = view.councils[view.councils["force_code"] == code]
    inspected = councils[councils["judgement"] != NOT_INSPECTED]
    findings = dataset.findings
    matching = set(view.findings["finding_id"])
    return ForceDetail(
        code=code,
        name=force.name,
        ons_name=force.ons_name,
        n_councils=int(row["n_councils"]),
        inspected=tuple((r.name, r.judgement, STATUS_LABELS[Status(r.status)]) for r in inspected.itertuples()),
        n_matching=int(councils["status"].isin([Status.WEAKNESS, Status.MINOR, Status.NAMED]).sum()),
        failure_labels=tuple(_label(dataset, t) for t in row["failure_types"] if t in dataset.failure_types),
        force_level=_finding_items(
            dataset, findings[(findings["force_code"] == code) & (findings["council_code"] == "")], matching
        ),
        responses=_responses(dataset, code),
        then_now={
            "persisted": int(row["n_persisted"]),
            "improved": int(row["n_improved"]),
            "silent": int(row["n_silent"]),
            "new": int(row["n_new"]),
        },
        round_councils=round_figures(dataset, code),
    )
