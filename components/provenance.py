"""Where the data comes from and how much of the 42 inspections it covers: the figures of data/README.md."""

from __future__ import annotations

import streamlit as st

from components.appdata import coverage_for
from components.text import md, md_link
from cpmap import config
from cpmap.coverage import coverage_rows
from cpmap.dataset import BUNDLED, Dataset
from cpmap.release import release_line
from cpmap.rules import rule_texts
from cpmap.vocab import CONFIDENCE_BADGES, CONFIDENCE_MEANINGS, SOURCE_KIND_LABELS


def _plain(markdown: str) -> str:
    """A coverage value without its emphasis, to be shown escaped."""
    return markdown.replace("**", "").replace("`", "")


def render_provenance(dataset: Dataset) -> None:
    """An expander with the coverage figures, the two letters with their sources, and the licences."""
    cov = coverage_for(dataset, dataset.revision)
    with st.expander("About the data and its coverage"):
        st.caption(f"{release_line()} · how to cite it: CITATION.cff in the repository and in the release")
        cols = st.columns(4)
        cols[0].metric("Inspections in the letter's window", f"{len(cov.letter_window)} of {cov.inspections_in_letter}")
        cols[1].metric("Councils with a substantive weakness", len(cov.councils_substantive))
        cols[2].metric("Findings from the reports", cov.report_findings)
        cols[3].metric("Bundled findings", cov.findings)
        st.markdown("\n".join(f"- **{md(measure)}**: {md(_plain(value))}" for measure, value in coverage_rows(cov)))
        uploads = [d for d in dataset.sources if d != BUNDLED]
        if uploads:
            st.caption(
                md(
                    "These figures are for the bundled data only. Your uploaded findings ("
                    + ", ".join(uploads)
                    + ") are shown on the map and in the table as their own source."
                )
            )

        st.markdown("### The letters")
        for letter in dataset.letters.itertuples():
            st.markdown(
                f"**{md(letter.title)}** · {md(letter.date)}  \n"
                f"From {md(letter.author)} to {md(letter.recipient)}  \n"
                f"{md(letter.summary)}  \n"
                f"Source: {md_link('source', letter.source_url)} · {CONFIDENCE_BADGES.get(letter.confidence, md(letter.confidence))}"
            )

        render_rule_book(dataset)

        st.markdown("### Kinds of source and confidence")
        st.markdown(
            "\n".join(f"- `{kind}`: {md(label)}" for kind, label in SOURCE_KIND_LABELS.items())
            + "\n"
            + "\n".join(f"- {md(level)} confidence: {md(meaning)}" for level, meaning in CONFIDENCE_MEANINGS.items())
        )

        st.markdown("### Licences")
        st.markdown(
            "Summaries, labels and notes were written for this project (text CC BY 4.0; code MIT); each row names its "
            "public source. Police force responses are summarised in our words. Boundaries: "
            f"{md(config.ATTRIBUTION)} ({md_link('Open Government Licence v3.0', config.OGL_URL)})."
        )


def render_rule_book(dataset: Dataset) -> None:
    """How we read the reports: the rules the data is checked against, and what each failure type covers."""
    st.markdown("### How we read the reports")
    st.markdown(
        "Every row is checked against these rules (the rule book, `data/RULES.md`, gives an example that meets each "
        "rule and one that does not). What a row records from its passage (whether the police are named, whether "
        "the weakness was put right before the inspection, how widely it was found, and the report's own words for "
        "how often) decides its verdicts; a row that departs says why."
    )
    rules = [(number, title, text.replace("`", "")) for number, title, text in rule_texts()]
    st.markdown("\n".join(f"- **{md(number)} {md(title)}.** {md(text)}" for number, title, text in rules))
    # The definitions (about 6 KB) are sent only when asked for, so the page's first view does not carry them.
    if st.toggle("Show what each failure type covers, and what it does not", key="show_type_definitions"):
        st.markdown(
            "\n".join(f"- **{md(t.label)}** (`{t.id}`): {md(t.definition)}" for t in dataset.failure_types.values())
        )
