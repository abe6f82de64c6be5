"""The detail panel for one council or police force area: renders what `cpmap.detail` answers."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from components.text import md, md_link
from cpmap.dataset import Dataset
from cpmap.detail import (
    CouncilDetail,
    FindingItem,
    ForceDetail,
    InspectionFacts,
    LaterItem,
    LatestItem,
    council_detail,
    force_detail,
)
from cpmap.viewmodel import Status, View
from cpmap.vocab import CONFIDENCE_BADGES, REPORT, Window

TIMELINE_KEY = "timeline_open"  # the share link's `timeline=open`


class MarkdownRun:
    """The panel's consecutive Markdown blocks, sent as one element when something else comes (or at the end).

    Streamlit frames each element with about 130 bytes (two hashes, its path, its layout), and a click sends the
    whole panel: one element per run of text instead of one per paragraph keeps that down.
    """

    def __init__(self) -> None:
        self.blocks: list[str] = []

    def add(self, text: str) -> None:
        self.blocks.append(text)

    def flush(self) -> None:  # pragma: no mutate block (rendering: tests/test_app_panel.py)
        if self.blocks:
            st.markdown("\n\n".join(self.blocks))
            self.blocks = []


NOT_MATCHING = "not matching the current filters"


def latest_words(item: LatestItem) -> str:
    """What a later report says of an earlier weakness, in the words the rule book's statuses stand for."""
    if item.status == "improved":
        return "Improved" + (" (police named)" if item.basis == "named" else " (inferred: police not named)")
    if item.status == "persists":
        return "Still found, the police named"
    if item.reading == "weakness" and item.same_process == "yes":
        return "A weakness in the same process, the police not named (not counted as persisting)"
    if item.reading == "weakness":
        return "A weakness in a related process only (not the same one)"
    if item.reading == "strength":
        return "Praise of a related process only (not a fix)"
    return "Says nothing on it (not a fix)"


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


def _findings_section(
    items: tuple[FindingItem, ...], title: str, out: MarkdownRun
) -> None:  # pragma: no mutate block (rendering: tests/test_app_panel.py)
    out.add(f"### {title} ({len(items)})")
    out.flush()
    if not items:
        st.caption("None recorded in our sources.")
        return
    for item in items:
        text = finding_markdown(item)
        # Low-confidence evidence stands out in amber; everything else in the neutral box.
        (st.warning if item.confidence == "low" else st.info)(text)


def _responses(
    detail: CouncilDetail | ForceDetail, out: MarkdownRun
) -> None:  # pragma: no mutate block (rendering: tests/test_app_panel.py)
    if not detail.responses:
        out.flush()
        st.caption("No public response from the force is recorded.")
        return
    out.add(f"### The force's public response ({len(detail.responses)})")
    for r in detail.responses:
        out.add(
            f"> {md(r.summary)}  \n> Source: {md_link('response', r.source_url)} · {CONFIDENCE_BADGES[r.confidence]}"
        )


def _inspection(
    detail: CouncilDetail, out: MarkdownRun
) -> None:  # pragma: no mutate block (rendering: tests/test_app_panel.py)
    if len(detail.window_inspections) > 1:  # re-inspected within the window, or split since: each in turn
        latest = detail.window_inspections[0].window == "ilacs"
        title = "Latest Ofsted inspections, one per later council" if latest else "Ofsted inspections in the window"
        out.add(f"### {title} ({len(detail.window_inspections)})")
        for facts in detail.window_inspections:
            out.add(f"**Published {md(facts.published)}**  \n" + inspection_lines(facts, detail.name))
        return
    facts = detail.inspection
    heading = {"round": "### Ofsted inspection", "ilacs": "### Latest Ofsted inspection"}
    out.add(heading.get(facts.window, "### Ofsted inspection, 2015/16") if facts else "### Ofsted inspection, 2015/16")
    if facts is None:
        out.flush()
        st.caption("No 2015/16 inspection of this council is in our data.")
        return
    out.add(inspection_lines(facts, detail.name))


def inspection_lines(facts: InspectionFacts, area_name: str = "") -> str:
    lines = [
        f"Inspected: {md(facts.dates)} · published: {md(facts.published)}",
        f"Overall judgement: **{md(facts.overall)}**",
        *(f"{md(label)}: {md(value)}" for label, value in facts.judgements),
        f"{md_link('Open the Ofsted report', facts.report_url)}" if facts.report_url else "Report not in our source",
        f"Facts from: {md_link('source', facts.source_url)} · {CONFIDENCE_BADGES[facts.confidence]}",
    ]
    if area_name and facts.council_name and facts.council_name != area_name:
        lines.insert(0, f"Council inspected: **{md(facts.council_name)}**")
    if facts.window_note:
        lines.append(f"*{md(facts.window_note)}*")
    if facts.note:
        lines.append(f"Note: {md(facts.note)}")
    return "  \n".join(lines)


def _next_inspection(
    detail: CouncilDetail, out: MarkdownRun
) -> None:  # pragma: no mutate block (rendering: tests/test_app_panel.py)
    facts = detail.next
    if facts is None:
        return
    out.add("### Then and now: the next full inspection")
    report = md_link("Open the next report", facts.report_url) if facts.report_url else "Report not in our source"
    before = facts.then_overall or "not known"
    out.add(
        "  \n".join(
            [
                f"{md(facts.type_label)}, published {md(facts.published)} · {report}",
                f"Overall judgement: **{md(facts.overall)}** (2015/16: {md(before)})",
                f"Police then and now: **{md(facts.then_now_label)}**",
            ]
        )
    )
    for item in facts.new_weaknesses:
        out.flush()
        st.info(f"**{md(item.failure_label)}** · new at the next inspection  \n{_later_line(item)}")


def successor_lines(detail: CouncilDetail) -> list[str]:
    """Which later council(s) now cover the area, and how: the later inspections are theirs."""
    return [
        f"Since 2016 this area is covered by **{md(s.name)}** ({md(s.code)}): {md(s.how)}. {md(s.note)} "
        f"{md_link('Source', s.source_url)}"
        for s in detail.successors
    ]


def latest_lines(detail: CouncilDetail) -> list[str]:
    """What the latest report(s) say of each earlier substantive police weakness, oldest report first."""
    lines = []
    for item in sorted(detail.latest, key=lambda i: (i.published, i.then_finding_id)):
        words = latest_words(item)
        where = ""
        if item.paragraphs:
            where = f", paragraph{'s' if ',' in item.paragraphs else ''} {md(item.paragraphs)}"
        line = (
            f"**{md(item.then_label)}** ({md(item.then_published)}) → **{md(words)}** "
            f"({md(item.published)}{where}, {md_link('report', item.report_url)})"
        )
        if item.summary:
            line += f": {md(item.summary)}"
        lines.append(line + f" · {CONFIDENCE_BADGES.get(item.confidence, md(item.confidence))}")
    return lines


def timeline_lines(detail: CouncilDetail) -> list[str]:
    """Every inspection of the area, oldest first: its judgement and the police weaknesses its report names."""
    lines = []
    for entry in detail.timeline:
        report = md_link("report", entry.report_url) if entry.report_url else "report not in our source"
        who = f"{md(entry.council_name)}, " if entry.council_name != detail.name else ""
        head = f"**{md(entry.published)}** · {who}{md(entry.framework)} · overall: {md(entry.overall)} · {report}"
        if not entry.police_read:
            body = "Police passages not read."
        elif not entry.weaknesses:
            body = "No police weakness recorded from this report."
        else:
            body = "  \n".join(
                f"– {md(w.failure_label)}{'' if w.substantive is not False else ' (minor)'}: {md(w.summary)}"
                + (f" (paragraph{'s' if ',' in w.paragraphs else ''} {md(w.paragraphs)})" if w.paragraphs else "")
                for w in entry.weaknesses
            )
        lines.append(f"{head}  \n{body}")
    return lines


def _later_councils(
    detail: CouncilDetail, out: MarkdownRun
) -> None:  # pragma: no mutate block (rendering: tests/test_app_panel.py)
    if detail.successors:
        out.add("  \n".join(successor_lines(detail)))


def _then_and_latest(
    detail: CouncilDetail, out: MarkdownRun
) -> None:  # pragma: no mutate block (rendering: tests/test_app_panel.py)
    if not detail.latest:
        return
    out.add("### Then and latest: the earlier substantive weaknesses in later reports")
    out.add("  \n".join(latest_lines(detail)))


def _timeline(
    detail: CouncilDetail, with_latest: bool, out: MarkdownRun
) -> None:  # pragma: no mutate block (rendering: tests/test_app_panel.py)
    if not detail.timeline:
        return
    out.flush()
    if st.toggle(
        f"Timeline: every inspection in our data ({len(detail.timeline)})",
        key=TIMELINE_KEY,
        help="Each inspection from 2013 to 2026 with its judgement and the police weaknesses its report names, "
        "and what later reports said of the earlier weaknesses.",
    ):
        for line in timeline_lines(detail):
            out.add(line)
        if with_latest:  # outside the latest window, the comparison with the latest reports lives here
            _then_and_latest(detail, out)


def render_council(
    view: View, dataset: Dataset, code: str
) -> None:  # pragma: no mutate block (rendering: tests/test_app_panel.py)
    detail = council_detail(view, dataset, code)
    st.header(md(detail.name), anchor=False)
    st.caption(f"Council area {code} · children's services authority")
    out = MarkdownRun()
    out.add(f"Police force: **{md(detail.force_name)}** ({md(detail.force_code)})")
    out.add(f"Status under the current filters: **{md(detail.status_label)}**")
    if detail.status is Status.OUT_OF_SCOPE:
        out.flush()
        st.info("Ofsted inspects children's services in England only; Welsh councils are outside this dataset.")
        return
    _later_councils(detail, out)
    _inspection(detail, out)
    _findings_section(detail.weaknesses, "Police weaknesses", out)
    if detail.named_only:
        _findings_section(detail.named_only, "Named without recovered detail", out)
    if detail.force_level:
        _findings_section(detail.force_level, f"Findings about {md(detail.force_name)} as a whole", out)
    _next_inspection(detail, out)
    # In the latest window the comparison with the latest report is the point; elsewhere it waits in the timeline,
    # so a click sends only what the window is about.
    latest_window = view.filters.window is Window.LATEST
    if latest_window:
        _then_and_latest(detail, out)
    _timeline(detail, not latest_window, out)
    _responses(detail, out)
    out.add(f"### Other {md(detail.force_name)} councils with weaknesses")
    if not detail.other_councils:
        out.flush()
        st.caption("None under the current filters.")
    else:
        out.add("  \n".join(f"- {md(name)} ({n} matching)" for name, n in detail.other_councils))
    out.flush()


def rounds_frame(detail: ForceDetail) -> pd.DataFrame:
    """The force's councils per round, for the chart: substantive, and minor only."""
    return pd.DataFrame(
        {
            "Round": [label for label, *_ in detail.rounds],
            "Substantive": [substantive for _, _, substantive, _ in detail.rounds],
            "Minor only": [weak - substantive for _, _, substantive, weak in detail.rounds],
        }
    )


def rounds_chart(detail: ForceDetail) -> alt.Chart:
    """A small stacked bar per round, in time order: councils with a substantive, or a minor only, weakness."""
    frame = rounds_frame(detail).melt("Round", var_name="Weakness", value_name="Councils")
    order = [label for label, *_ in detail.rounds]
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("Round:N", sort=order, title=None),
            x=alt.X("sum(Councils):Q", title="Councils of the force", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "Weakness:N",
                sort=["Substantive", "Minor only"],
                scale=alt.Scale(domain=["Substantive", "Minor only"], range=["#b2182b", "#f4a582"]),
                legend=alt.Legend(orient="bottom", title=None),
            ),
            order=alt.Order("Weakness:N", sort="descending"),
            tooltip=["Round:N", "Weakness:N", "Councils:Q"],
        )
        .properties(height=alt.Step(28))
    )


def render_force(
    view: View, dataset: Dataset, code: str
) -> None:  # pragma: no mutate block (rendering: tests/test_app_panel.py)
    detail = force_detail(view, dataset, code)
    st.header(md(detail.name), anchor=False)
    st.caption(f"Police force area {code} · ONS name: {md(detail.ons_name)}")
    out = MarkdownRun()
    out.add(
        f"Councils in the force area: **{detail.n_councils}** · inspected in the chosen window: "
        f"**{len(detail.inspected)}** · with police weaknesses matching the filters: **{detail.n_matching}**"
    )
    if detail.inspected:
        out.add("### Councils inspected")
        out.add(
            "  \n".join(f"- {md(name)}: {md(judgement)} · {md(label)}" for name, judgement, label in detail.inspected)
        )
    out.add("### Failure types recorded")
    out.add(md(", ".join(detail.failure_labels)) if detail.failure_labels else "None matching the current filters.")
    inspected, weak, substantive, not_read = detail.round_councils
    unread = f" The reports of {not_read} of them are not in our source, so were not read." if not_read else ""
    out.add(
        f"In the whole single-inspection round (2013–18): police weaknesses in the reports of **{weak}** of its "
        f"**{inspected}** councils inspected (**{substantive}** substantive).{unread}"
    )
    if detail.rounds:
        out.add("### Councils with a police weakness, round by round")
        out.flush()
        st.altair_chart(rounds_chart(detail), width="stretch")
        st.caption(
            "  \n".join(
                f"{md(label)}: {substantive} substantive, {weak} with any police weakness, of {inspected} inspected"
                for label, inspected, substantive, weak in detail.rounds
            )
        )
    t = detail.then_now
    out.add("### Then and now")
    out.add(
        f"At the councils' next full inspections: weakness persisted in **{t['persisted']}**, improved in "
        f"**{t['improved']}**, next report silent in **{t['silent']}**, new police weakness in **{t['new']}**."
    )
    _findings_section(detail.force_level, "Force-level findings", out)
    _responses(detail, out)
    out.flush()
