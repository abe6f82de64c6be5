"""The detail panel for one council or police force area."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.text import md, md_link
from cpmap.dataset import Dataset
from cpmap.viewmodel import GENERAL, STATUS_LABELS, Status, View

SOURCE_KIND_LABELS = {
    "letter": "the Wilshaw letter (as reported)",
    "inspection_report": "Ofsted inspection report",
    "press": "press report",
    "force_response": "force's response",
}
CONFIDENCE_BADGES = {"high": "high confidence", "medium": "medium confidence", "low": "⚠ LOW confidence"}


def _finding_markdown(row: pd.Series, dataset: Dataset, matches: bool) -> str:
    failure = dataset.failure_types.get(row["failure_type"])
    label = failure.label if failure else row["failure_type"]
    kind = SOURCE_KIND_LABELS.get(row["source_kind"], row["source_kind"])
    origin = "" if row["dataset"] == "bundled" else f" · from upload {md(row['dataset'])}"
    faded = "" if matches else " · *not matching the current filters*"
    confidence = CONFIDENCE_BADGES.get(row["confidence"], row["confidence"])
    return (
        f"**{md(label)}**  \n{md(row['summary'])}  \n"
        f"Source: {md_link(kind, row['source_url'])} · {confidence}{origin}{faded}"
    )


def _findings_section(rows: pd.DataFrame, dataset: Dataset, view: View, title: str) -> None:
    st.markdown(f"##### {title} ({len(rows)})")
    if rows.empty:
        st.caption("None recorded in our sources.")
        return
    matching_ids = set(view.findings["finding_id"])
    for _, row in rows.iterrows():
        text = _finding_markdown(row, dataset, row["finding_id"] in matching_ids)
        if row["confidence"] == "low":
            st.warning(text)
        else:
            st.info(text)


def _responses(dataset: Dataset, force_code: str, council_code: str | None = None) -> None:
    responses = dataset.responses
    if responses.empty:
        return
    mine = responses[responses["force_code"] == force_code]
    if council_code:
        mine = mine[(mine["council_code"] == "") | (mine["council_code"] == council_code)]
    if mine.empty:
        st.caption("No public response from the force is recorded.")
        return
    st.markdown(f"##### The force's public response ({len(mine)})")
    for _, row in mine.iterrows():
        st.markdown(
            f"> {md(row['summary'])}  \n> Source: {md_link('response', row['source_url'])} · {CONFIDENCE_BADGES[row['confidence']]}"
        )


def _inspection(dataset: Dataset, code: str) -> None:
    st.markdown("##### Ofsted inspection, 2015/16")
    if code not in dataset.inspections.index:
        st.caption("Not among the 2015/16 inspections identified in our sources.")
        return
    row = dataset.inspections.loc[code]
    dates = " to ".join(d for d in (row["inspection_start"], row["inspection_end"]) if d) or "dates not found"
    lines = [
        f"Inspected: {md(dates)} · published: {md(row['published'] or 'not found')}",
        f"Overall judgement: **{md(row['overall_judgement'])}**"
        + (f" · safeguarding board (LSCB): **{md(row['lscb_judgement'])}**" if row["lscb_judgement"] else ""),
        f"Source: {md_link('inspection source', row['source_url'])} · {CONFIDENCE_BADGES[row['confidence']]}",
    ]
    if row["note"]:
        lines.append(f"Note: {md(row['note'])}")
    st.markdown("  \n".join(lines))


def render_council(view: View, dataset: Dataset, code: str) -> None:
    council = view.councils.loc[code]
    force = dataset.gazetteer.forces[council["force_code"]]
    st.subheader(md(council["name"]))
    st.caption(f"Council area {code} · children's services authority")
    st.markdown(f"Police force: **{md(force.name)}** ({md(force.code)})")
    status = Status(council["status"])
    st.markdown(f"Status under the current filters: **{md(STATUS_LABELS[status])}**")
    if status is Status.OUT_OF_SCOPE:
        st.info("Ofsted inspects children's services in England only; Welsh councils are outside this dataset.")
        return
    _inspection(dataset, code)
    own = dataset.findings[dataset.findings["council_code"] == code].sort_values("finding_id")
    specific, general = own[own["failure_type"] != GENERAL], own[own["failure_type"] == GENERAL]
    _findings_section(specific, dataset, view, "Police weaknesses")
    if not general.empty:
        _findings_section(general, dataset, view, "Named without recovered detail")
    force_level = dataset.findings[
        (dataset.findings["force_code"] == force.code) & (dataset.findings["council_code"] == "")
    ]
    if not force_level.empty:
        _findings_section(force_level, dataset, view, f"Findings about {md(force.name)} as a whole")
    _responses(dataset, force.code, code)
    others = view.councils[
        (view.councils["force_code"] == force.code)
        & (view.councils["code"] != code)
        & view.councils["status"].isin([Status.WEAKNESS, Status.NAMED])
    ]
    st.markdown(f"##### Other {md(force.name)} councils with weaknesses")
    if others.empty:
        st.caption("None under the current filters.")
    else:
        st.markdown("  \n".join(f"- {md(r['name'])} ({r['n_findings']} matching)" for _, r in others.iterrows()))


def render_force(view: View, dataset: Dataset, code: str) -> None:
    force = dataset.gazetteer.forces[code]
    row = view.forces.loc[code]
    st.subheader(md(force.name))
    st.caption(f"Police force area {code} · ONS name: {md(force.ons_name)}")
    councils = view.councils[view.councils["force_code"] == code]
    inspected = councils[councils["judgement"] != "not identified"]
    weak = councils[councils["status"].isin([Status.WEAKNESS, Status.NAMED])]
    st.markdown(
        f"Councils in the force area: **{row['n_councils']}** · inspected 2015/16 (identified): **{len(inspected)}** · "
        f"with police weaknesses matching the filters: **{len(weak)}**"
    )
    if not inspected.empty:
        st.markdown("##### Councils inspected")
        st.markdown(
            "  \n".join(
                f"- {md(r['name'])}: {md(r['judgement'])} · {md(STATUS_LABELS[Status(r['status'])])}"
                for _, r in inspected.iterrows()
            )
        )
    types = [dataset.failure_types[t].label for t in row["failure_types"] if t in dataset.failure_types]
    st.markdown("##### Failure types recorded")
    st.markdown(md(", ".join(types)) if types else "None matching the current filters.")
    force_level = dataset.findings[(dataset.findings["force_code"] == code) & (dataset.findings["council_code"] == "")]
    _findings_section(force_level, dataset, view, "Force-level findings")
    _responses(dataset, code)
