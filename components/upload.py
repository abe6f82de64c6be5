"""Bring your own findings: a CSV upload, validated like `cpmap validate`, added as its own labelled source."""

from __future__ import annotations

import hashlib
from dataclasses import replace

import streamlit as st

from components.text import md
from cpmap.dataset import BUNDLED, Dataset
from cpmap.validate import (
    UPLOAD_LABEL_PREFIX,
    UPLOAD_MAX_BYTES,
    Reference,
    Validated,
    known_findings,
    upload_name,
    validate_upload,
)

UPLOAD_KEY = "upload_findings"
_RESULTS = "upload_results"  # session state: (sha256, file name) → Validated, so reruns don't re-validate
LIMIT_MB = UPLOAD_MAX_BYTES // (1024 * 1024)
HELP = (
    "A CSV with the same columns as the bundled findings.csv: failure_type, summary, source_url, source_kind "
    "(letter, inspection_report, press or force_response), confidence (high, medium or low), and council_code or "
    "council_name or force_code. Council names are matched to 2016 areas; every row is checked, and the rows "
    f"that fail are listed with the reason. The same file can be checked with `cpmap validate`. Up to {LIMIT_MB} MB."
)


def upload_label(filename: str) -> str:
    """The source label the uploaded findings carry on the map, in the table and in the filters."""
    return UPLOAD_LABEL_PREFIX + upload_name(filename)


def reference_for_upload(dataset: Dataset) -> Reference:
    """The checks for an upload: the dataset's areas and failure types, and its bundled findings to catch repeats."""
    bundled = dataset.findings[dataset.findings["source"] == BUNDLED]
    return replace(dataset.reference, known_findings=known_findings(bundled.to_dict("records")))


def check_upload(data: bytes, digest: str, filename: str, dataset: Dataset) -> Validated:
    """Validate an upload once per distinct file (by content digest and name) in this session."""
    results: dict[tuple[str, str], Validated] = st.session_state.setdefault(_RESULTS, {})
    key = (digest, filename)
    if key not in results:
        results.clear()  # only the current upload is kept
        with st.spinner(f"Checking {upload_name(filename)} row by row…"):
            results[key] = validate_upload(data, filename, reference_for_upload(dataset))
    return results[key]


def _too_big_message(name: str, size: int) -> str:
    return (
        f"{name} is {size:,} bytes, over the {LIMIT_MB} MB ({UPLOAD_MAX_BYTES:,}-byte) "
        "limit for uploads, so it was not read. Split it into smaller files, or check it with `cpmap validate`."
    )


REPORT_LINES_UNSCROLLED = 15


def _render_report(result: Validated, label: str) -> None:
    """Every rejected row's reasons as plain text (never Markdown), one line each, plus the count."""
    if not result.problems and not result.notes:
        return
    lines = [str(p) for p in result.problems] + [f"note: {n}" for n in result.notes]
    title = (
        f"Your upload: {result.rejected} of {result.rows_read} rows rejected — the reasons"
        if result.rejected or result.problems
        else "Your upload: notes"
    )
    with st.expander(md(title), expanded=bool(result.problems)):
        st.caption(md(f"{result.source}: {result.tally()}. One line per problem: file:line: column: what is wrong."))
        # As tall as its text when short: a scrolling box that cannot take the keyboard's focus is an accessibility
        # failure (axe: scrollable-region-focusable). Only a long report scrolls; the download holds it all.
        height = 400 if len(lines) > REPORT_LINES_UNSCROLLED else "content"
        st.code("\n".join(lines), language=None, wrap_lines=True, height=height)
        st.download_button(
            "Download this list (text)",
            ("\n".join([*lines, f"{result.source}: {result.tally()}"]) + "\n").encode("utf-8"),
            file_name="cpmap-upload-problems.txt",
            mime="text/plain",
            on_click="ignore",
            key="upload_problems_download",
        )


def render_upload(dataset: Dataset) -> Dataset:
    """The sidebar uploader; returns the dataset with the accepted rows added as source 'upload: <file>'."""
    # Collapsed until used, so that the filters stay at the top of the sidebar for most readers.
    has_file = st.session_state.get(UPLOAD_KEY) is not None
    with st.sidebar.expander("Add your own findings (CSV)", expanded=has_file):
        uploaded = st.file_uploader(
            f"Add a findings CSV (up to {LIMIT_MB} MB)",
            type=["csv"],
            key=UPLOAD_KEY,
            help=HELP,
            max_upload_size=LIMIT_MB,
        )
        if uploaded is None:
            st.caption("Uploaded findings are shown beside the bundled data as their own source. Nothing is stored.")
            return dataset
        if uploaded.size > UPLOAD_MAX_BYTES:
            st.error(md(_too_big_message(upload_name(uploaded.name), uploaded.size)))
            return dataset
        label = upload_label(uploaded.name)
        data = uploaded.getvalue()
        digest = hashlib.sha256(data).hexdigest()
        result = check_upload(data, digest, uploaded.name, dataset)
        summary = md(f"{result.source}: {result.tally()}")
        if result.accepted and result.ok:
            st.success(f"{summary}  \nAdded as source “{md(label)}”.")
        elif result.accepted:
            st.warning(
                f"{summary}  \nAccepted rows added as source “{md(label)}”; the rejected rows are listed on the page."
            )
        else:
            st.error(f"{summary}  \nNo rows could be used; the reasons are listed on the page.")
    _render_report(result, label)
    # the file's digest names the findings added, so views computed for them are reused on every rerun
    return dataset.with_findings(result.records, label, digest=digest)
