"""The detail panel for one council or police force area: renders what `cpmap.detail` answers."""

from __future__ import annotations

import streamlit as st

from components.text import md, md_link
from cpmap.dataset import Dataset
from cpmap.detail import (
    CouncilDetail,
    FindingItem,
    ForceDetail,
    InspectionFacts,
    LaterItem,
    council_detail,
    force_detail,
)
from cpmap.viewmodel import Status, View
from cpmap.vocab import CONFIDENCE_BADGES, REPORT

NOT_MATCHING = "not matching the current filters"
INFERRED_NOTE = "Tied to this council by us: inferred, not confirmed"
UNNAMED_NOTE = "The passage does not name the police: inferred, not confirmed"
LETTER_ONLY_NOTE = "The letter says this; the report does not"
SILENT_NOTE = "The next report is silent on this: it does not say it was fixed"
LATER_WORDS = {
    "persists": "Still found at the next inspection",
    "improved": "Improved at the next inspection",
    "new": "New at the next inspection",
}


def _source_line(item: FindingItem) -> str:
    link = md_link("report" if item.source_kind == REPORT else item.source_label, item.source_url)
    label = item.source_label + (
        f" ({item.inspection_published})" if item.source_kind == REPORT and item.inspection_published else ""
    )
    where = f"{md(label)}, paragraph{'s' if ',' in item.paragraphs else ''} {md(item.paragraphs)} · {link}"
    if not item.paragraphs:
        where = f"Source: {link}"
    return f"{where} · {CONFIDENCE_BADGES.get(item.confidence, md(item.confidence))}"


def verdict_line(item: FindingItem) -> str:
    """How often the report says it happened, in its own words, and the rule behind substantive or minor."""
    parts = []
    if item.quantifier:
        parts.append(f"Report's words for how often: “{md(item.quantifier)}”")
    if item.verdict_reason:
        verdict = {True: "Substantive", False: "Minor", None: "Not assessed"}[item.substantive]
        parts.append(f"{verdict} under rule R2: {md(item.verdict_reason)}")
    return " · ".join(parts)


def _later_line(item: LaterItem) -> str:
    words = LATER_WORDS.get(item.status, item.status)
    if item.status == "improved":
        words += " (police named)" if item.basis == "named" else " (inferred: police not named)"
    paragraphs = f", paragraph{'s' if ',' in item.paragraphs else ''} {md(item.paragraphs)}"
    return (
        f"↳ **{md(words)}** ({md(item.published)}{paragraphs}, {md_link('next report', item.report_url)}): "
        f"{md(item.summary)}"
    )


def finding_markdown(item: FindingItem) -> str:
    """One finding as escaped Markdown: label, what was found, where it comes from, and what came after."""
    flags = []
    if item.substantive is False:
        flags.append("minor")
    if item.inferred:
        flags.append(UNNAMED_NOTE if item.source_kind == REPORT else INFERRED_NOTE)
    if item.letter_not_in_report:
        flags.append(LETTER_ONLY_NOTE)
    if item.upload:
        flags.append(f"from upload {md(item.upload)}")
    if not item.matches:
        flags.append(f"*{NOT_MATCHING}*")
    lines = [f"**{md(item.failure_label)}**" + "".join(f" · {f}" for f in flags), md(item.summary), _source_line(item)]
    if verdict_line(item):
        lines.append(f"*{verdict_line(item)}*")
    lines += [_later_line(later) for later in item.later]
    if item.silent_next:
        lines.append(f"↳ {md(SILENT_NOTE)}")
    return "  \n".join(lines)


def _findings_section(items: tuple[FindingItem, ...], title: str) -> None:
    st.markdown(f"### {title} ({len(items)})")
    if not items:
        st.caption("None recorded in our sources.")
        return
    for item in items:
        text = finding_markdown(item)
        # Low-confidence evidence stands out in amber; everything else in the neutral box.
        (st.warning if item.confidence == "low" else st.info)(text)


def _responses(detail: CouncilDetail | ForceDetail) -> None:
    if not detail.responses:
        st.caption("No public response from the force is recorded.")
        return
    st.markdown(f"### The force's public response ({len(detail.responses)})")
    for r in detail.responses:
        st.markdown(
            f"> {md(r.summary)}  \n> Source: {md_link('response', r.source_url)} · {CONFIDENCE_BADGES[r.confidence]}"
        )


def _inspection(detail: CouncilDetail) -> None:
    if len(detail.window_inspections) > 1:  # re-inspected within the window: each inspection in turn
        st.markdown(f"### Ofsted inspections in the window ({len(detail.window_inspections)})")
        for facts in detail.window_inspections:
            st.markdown(f"**Published {md(facts.published)}**  \n" + _inspection_lines(facts))
        return
    facts = detail.inspection
    st.markdown(
        "### Ofsted inspection, 2015/16" if facts is None or facts.window != "round" else "### Ofsted inspection"
    )
    if facts is None:
        st.caption("No 2015/16 inspection of this council is in our data.")
        return
    st.markdown(_inspection_lines(facts))


def _inspection_lines(facts: InspectionFacts) -> str:
    lines = [
        f"Inspected: {md(facts.dates)} · published: {md(facts.published)}",
        f"Overall judgement: **{md(facts.overall)}**",
        *(f"{md(label)}: {md(value)}" for label, value in facts.judgements),
        f"{md_link('Open the Ofsted report', facts.report_url)}" if facts.report_url else "Report not in our source",
        f"Facts from: {md_link('source', facts.source_url)} · {CONFIDENCE_BADGES[facts.confidence]}",
    ]
    if facts.window_note:
        lines.append(f"*{md(facts.window_note)}*")
    if facts.note:
        lines.append(f"Note: {md(facts.note)}")
    return "  \n".join(lines)


def _next_inspection(detail: CouncilDetail) -> None:
    facts = detail.next
    if facts is None:
        return
    st.markdown("### Then and now: the next full inspection")
    report = md_link("Open the next report", facts.report_url) if facts.report_url else "Report not in our source"
    before = detail.inspection.overall if detail.inspection else "not known"
    st.markdown(
        "  \n".join(
            [
                f"{md(facts.type_label)}, published {md(facts.published)} · {report}",
                f"Overall judgement: **{md(facts.overall)}** (2015/16: {md(before)})",
                f"Police then and now: **{md(facts.then_now_label)}**",
            ]
        )
    )
    for item in facts.new_weaknesses:
        st.info(f"**{md(item.failure_label)}** · new at the next inspection  \n{_later_line(item)}")


def render_council(view: View, dataset: Dataset, code: str) -> None:
    detail = council_detail(view, dataset, code)
    st.header(md(detail.name), anchor=False)
    st.caption(f"Council area {code} · children's services authority")
    st.markdown(f"Police force: **{md(detail.force_name)}** ({md(detail.force_code)})")
    st.markdown(f"Status under the current filters: **{md(detail.status_label)}**")
    if detail.status is Status.OUT_OF_SCOPE:
        st.info("Ofsted inspects children's services in England only; Welsh councils are outside this dataset.")
        return
    _inspection(detail)
    _findings_section(detail.weaknesses, "Police weaknesses")
    if detail.named_only:
        _findings_section(detail.named_only, "Named without recovered detail")
    if detail.force_level:
        _findings_section(detail.force_level, f"Findings about {md(detail.force_name)} as a whole")
    _next_inspection(detail)
    _responses(detail)
    st.markdown(f"### Other {md(detail.force_name)} councils with weaknesses")
    if not detail.other_councils:
        st.caption("None under the current filters.")
    else:
        st.markdown("  \n".join(f"- {md(name)} ({n} matching)" for name, n in detail.other_councils))


def render_force(view: View, dataset: Dataset, code: str) -> None:
    detail = force_detail(view, dataset, code)
    st.header(md(detail.name), anchor=False)
    st.caption(f"Police force area {code} · ONS name: {md(detail.ons_name)}")
    st.markdown(
        f"Councils in the force area: **{detail.n_councils}** · inspected in the chosen window: "
        f"**{len(detail.inspected)}** · with police weaknesses matching the filters: **{detail.n_matching}**"
    )
    if detail.inspected:
        st.markdown("### Councils inspected")
        st.markdown(
            "  \n".join(f"- {md(name)}: {md(judgement)} · {md(label)}" for name, judgement, label in detail.inspected)
        )
    st.markdown("### Failure types recorded")
    st.markdown(md(", ".join(detail.failure_labels)) if detail.failure_labels else "None matching the current filters.")
    inspected, weak, substantive, not_read = detail.round_councils
    unread = f" The reports of {not_read} of them are not in our source, so were not read." if not_read else ""
    st.markdown(
        f"In the whole single-inspection round (2013–18): police weaknesses in the reports of **{weak}** of its "
        f"**{inspected}** councils inspected (**{substantive}** substantive).{unread}"
    )
    t = detail.then_now
    st.markdown("### Then and now")
    st.markdown(
        f"At the councils' next full inspections: weakness persisted in **{t['persisted']}**, improved in "
        f"**{t['improved']}**, next report silent in **{t['silent']}**, new police weakness in **{t['new']}**."
    )
    _findings_section(detail.force_level, "Force-level findings")
    _responses(detail)
