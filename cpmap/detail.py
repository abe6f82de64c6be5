"""What the detail panel says about one council or force, as plain values: the domain's answers, not its layout."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from cpmap.dataset import BUNDLED, Dataset, council_inspections, latest_inspections
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
    Window,
    findings_in_window,
    judgement_of,
    then_now_of,
    windows_shown,
)
from cpmap.vocab import (
    FRAMEWORK_LABELS,
    ILACS_SUB_JUDGEMENTS,
    INFERRED,
    NEXT_TYPE_LABELS,
    NO,
    REPORT,
    SOURCE_KIND_LABELS,
    SUB_JUDGEMENTS,
    YES,
)


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
    council_name: str = ""  # the council inspected (a later council's name for an area changed since 2016)


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
    then_overall: str = ""  # the 2015/16 inspection's overall judgement


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
    timeline: tuple = ()  # TimelineEntry, oldest first
    successors: tuple = ()  # SuccessorFacts: councils formed since 2016 over this area
    latest: tuple = ()  # LatestItem: what the latest report says of each earlier substantive weakness


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
    rounds: tuple[tuple[str, int, int, int], ...] = ()  # (round, inspected, substantive, any) per round
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
    if view.filters.window is Window.LATEST:
        latest = latest_inspections(dataset)
        mine = rows.loc[latest.loc[latest["area_code"] == code, "inspection_id"]]
    else:
        mine = rows[(rows["council_code"] == code) & rows["window"].isin(windows_shown(view.filters.window))]
    named = bool(view.councils.at[code, "named_in_letter"])
    return tuple(_inspection_facts(row, named) for _, row in mine.sort_values("published").iterrows())


def _inspection_facts(row: pd.Series, named_in_letter: bool) -> InspectionFacts:
    ilacs = str(row.get("framework", "")).startswith("ilacs")
    labels = ILACS_SUB_JUDGEMENTS if ilacs else SUB_JUDGEMENTS
    judgements = [(label, row[column]) for column, label in labels.items() if row[column]]
    if ilacs and row["looked_after_judgement"] and not row["care_leavers_judgement"]:
        judgements = [
            (lab + " and care leavers" if lab == labels["looked_after_judgement"] else lab, v) for lab, v in judgements
        ]
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
    elif row["window"] == "ilacs":
        window_note = f"{FRAMEWORK_LABELS.get(row['framework'], 'ILACS')} (inspections of local authority children's services, 2018 on)."
        if row["council_name"] and row.get("police_read", YES) == NO:
            window_note += " Its police passages were not read."
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
        council_name=row["council_name"],
    )


def _next(dataset: Dataset, view: View, code: str, later: pd.DataFrame) -> NextFacts | None:
    nexts = dataset.next_inspections
    if code not in nexts.index:
        return None
    row = nexts.loc[code]
    # against the next inspection whatever the window: the view holds it, except in the latest window, whose
    # colours compare with the latest report
    if view.filters.window is Window.LATEST:
        then_now = ThenNow(then_now_of(dataset).get(code, ThenNow.NOT_IN_42))
    else:
        then_now = ThenNow(view.councils["then_now"].get(code, ThenNow.NOT_IN_42))
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
        then_overall=judgement_of(dataset, code),
    )


def council_detail(view: View, dataset: Dataset, code: str) -> CouncilDetail:
    """Everything the panel shows for council `code` under the view's filters."""
    council = view.councils.loc[code]
    force_code = council["force_code"]
    matching = set(view.findings["finding_id"])
    findings = dataset.findings
    own = findings[findings["council_code"].isin(area_codes(dataset, code))]
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
        timeline=timeline(dataset, code),
        successors=successors(dataset, code),
        latest=latest_items(dataset, code),
    )


def round_figures(dataset: Dataset, force_code: str) -> tuple[int, int, int, int]:
    """(councils inspected in the round, with a police weakness, with a substantive one, not read) of a force's
    councils; a council is not read when none of its reports is in our source."""
    rows = dataset.inspections
    if rows.empty:
        return (0, 0, 0, 0)
    rows = rows[rows["window"].isin((*THEN_WINDOWS, "round"))]
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
        rounds=force_rounds(dataset, code),
    )


@dataclass(frozen=True)
class TimelineWeakness:
    failure_label: str
    summary: str
    paragraphs: str
    substantive: bool | None
    row_id: str  # the finding's (F…) or later row's (L…) id


@dataclass(frozen=True)
class TimelineEntry:
    """One inspection in a council's timeline, with what its report says about the police."""

    inspection_id: str
    council_name: str  # the council inspected: the 2016 one, or a later council covering the area
    published: str
    framework: str
    overall: str
    police_read: bool  # our readers read the report's police passages
    report_url: str
    weaknesses: tuple[TimelineWeakness, ...]


@dataclass(frozen=True)
class SuccessorFacts:
    name: str
    code: str
    how: str
    note: str
    source_url: str


@dataclass(frozen=True)
class LatestItem:
    """What the latest report says of one earlier substantive weakness."""

    then_finding_id: str
    then_label: str
    then_published: str
    status: str  # persists, improved or silent
    basis: str
    reading: str  # what that report says of the process: weakness, strength or none
    same_process: str
    police_named: str
    summary: str
    paragraphs: str
    report_url: str
    published: str
    confidence: str


def area_codes(dataset: Dataset, code: str) -> tuple[str, ...]:
    """The council codes whose inspections belong to a 2016 area: its own and the later councils covering it."""
    later = [
        s.successor_code for s in dataset.gazetteer.successors if s.area_code == code and s.relation != "same_area"
    ]
    return (code, *later)


def successors(dataset: Dataset, code: str) -> tuple[SuccessorFacts, ...]:
    """The councils that took over a 2016 area since, and how each maps onto it."""
    return tuple(
        SuccessorFacts(s.successor_name, s.successor_code, s.how, s.note, s.source_url)
        for s in dataset.gazetteer.successors
        if s.area_code == code
    )


def timeline(dataset: Dataset, code: str) -> tuple[TimelineEntry, ...]:
    """Every inspection of a 2016 area in our data, oldest first, with the police weaknesses its report names:
    findings of that inspection, or the later rows read from it as a next inspection."""
    rows = dataset.inspections
    if rows.empty:
        return ()
    mine = rows[rows["council_code"].isin(area_codes(dataset, code))].sort_values("published")
    findings = dataset.findings[(dataset.findings["source"] == BUNDLED) & (dataset.findings["source_kind"] == REPORT)]
    later = dataset.later_findings
    later = later[later["status"].isin(["persists", "new"])]
    entries = []
    for _, row in mine.iterrows():
        own = findings[findings["inspection_id"] == row["inspection_id"]]
        items = [
            TimelineWeakness(
                _label(dataset, f.failure_type),
                f.summary,
                f.paragraphs,
                None if f.substantive == "" else f.substantive == YES,
                f.finding_id,
            )
            for f in own.itertuples()
        ]
        if row["report_url"]:
            read_later = later[later["report_url"] == row["report_url"]]
            items += [
                TimelineWeakness(_label(dataset, r.failure_type), r.summary, r.paragraphs, True, r.later_id)
                for r in read_later.itertuples()
            ]
        entries.append(
            TimelineEntry(
                inspection_id=row["inspection_id"],
                council_name=row["council_name"],
                published=row["published"],
                framework=FRAMEWORK_LABELS.get(row["framework"], row["framework"]),
                overall=row["overall_judgement"],
                police_read=row.get("police_read", YES) == YES,
                report_url=row["report_url"],
                weaknesses=tuple(items),
            )
        )
    return tuple(entries)


def latest_items(dataset: Dataset, code: str) -> tuple[LatestItem, ...]:
    """What the area's latest report(s) say of each of its earlier substantive police weaknesses."""
    rows = dataset.then_latest
    if rows.empty:
        return ()
    mine = rows[rows["council_code"] == code]
    findings = dataset.findings.set_index("finding_id", drop=False)
    inspections = dataset.inspections
    items = []
    for r in mine.itertuples():
        then = findings.loc[r.then_finding_id] if r.then_finding_id in findings.index else None
        then_published = _published(dataset, then["inspection_id"]) if then is not None else ""
        latest = inspections.loc[r.inspection_id] if r.inspection_id in inspections.index else None
        items.append(
            LatestItem(
                then_finding_id=r.then_finding_id,
                then_label=_label(dataset, then["failure_type"]) if then is not None else r.then_finding_id,
                then_published=then_published,
                status=r.status,
                basis=r.basis,
                reading=r.reading,
                same_process=r.same_process,
                police_named=r.police_named,
                summary=r.summary,
                paragraphs=r.paragraphs,
                report_url=latest["report_url"] if latest is not None else "",
                published=_published(dataset, r.inspection_id),
                confidence=r.confidence,
            )
        )
    return tuple(items)


ROUNDS = (
    ("2015/16", THEN_WINDOWS),
    ("2013–18 round", (*THEN_WINDOWS, "round")),
    ("Latest (to 2026)", ("latest",)),
)


def force_rounds(dataset: Dataset, force_code: str) -> tuple[tuple[str, int, int, int], ...]:
    """Per round: (round, councils of the force inspected, with a substantive police weakness, with any)."""
    gaz = dataset.gazetteer
    areas = [c.code for c in gaz.english_councils if c.force_code == force_code]
    findings = dataset.findings[(dataset.findings["source"] == BUNDLED) & (dataset.findings["source_kind"] == REPORT)]
    result = []
    for label, windows in ROUNDS:
        if windows == ("latest",):
            latest = latest_inspections(dataset)
            chosen = latest[latest["area_code"].isin(areas)]
            ids = dict(zip(chosen["inspection_id"], chosen["area_code"], strict=False))
        else:
            rows = dataset.inspections
            chosen = rows[rows["window"].isin(windows) & rows["council_code"].isin(areas)]
            ids = dict(zip(chosen["inspection_id"], chosen["council_code"], strict=False))
        hit = findings[findings["inspection_id"].isin(list(ids))]
        any_weak = {ids[i] for i in hit["inspection_id"]}
        substantive = {ids[i] for i in hit.loc[hit["substantive"] == YES, "inspection_id"]}
        result.append((label, len(set(ids.values())), len(substantive), len(any_weak)))
    return tuple(result)
