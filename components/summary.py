"""Headline figures, the chart by failure type, and the matching findings table with its download."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from cpmap.dataset import Dataset
from cpmap.export import findings_table, safe_csv
from cpmap.mapspec import map_colour_names
from cpmap.viewmodel import Layer, View, latest_against_then

SUBSTANTIVE_RULE = (
    "A weakness is substantive unless the report limits it to training or data, a single case, or a failing it "
    "does not place on the police; those are shown as minor."
)


def render_headline(view: View) -> None:  # pragma: no mutate block (rendering: tests/test_app*.py)
    """The headline figures in one line, and how 'substantive' was decided."""
    st.markdown(f"**{view.figures.headline()}**")
    st.caption(SUBSTANTIVE_RULE)


def render_figures(view: View) -> None:  # pragma: no mutate block (rendering: tests/test_app*.py)
    f = view.figures
    cols = st.columns(4)
    cols[0].metric(
        "Inspections", f.inspections, help="Ofsted inspections of council children's services in the window."
    )
    cols[1].metric(
        "Councils with police weaknesses",
        f"{f.councils_with_weaknesses} ({f.councils_substantive} substantive)",
        help=f"Under the current filters. A further {f.councils_named_only} are named without recovered detail.",
    )
    cols[2].metric("Police forces involved", f.forces_involved, help="Forces with at least one matching finding.")
    cols[3].metric("Findings matching", f.findings)


def latest_sentence(figures: tuple[int, ...]) -> str:
    """'Of the 153 latest reports, 26 name a police weakness (23 substantive); of the 62 in 2015/16, …'."""
    n, weak, substantive, then_n, then_weak, then_substantive = figures
    return (
        f"Of the {n} latest reports, {weak} name a police weakness ({substantive} substantive); "
        f"of the {then_n} published in 2015/16, {then_weak} did ({then_substantive} substantive)."
    )


def render_latest_against_then(dataset: Dataset) -> None:  # pragma: no mutate block (rendering: tests/test_app*.py)
    """The latest reports against 2015/16's, by failure type: councils with a substantive police weakness."""
    figures, table = latest_against_then(dataset)
    st.markdown(latest_sentence(figures))
    st.dataframe(table, hide_index=True, width="stretch")


def render_chart(view: View) -> None:  # pragma: no mutate block (rendering: tests/test_app*.py)
    st.markdown("## Weaknesses by failure type")
    data = view.by_type[view.by_type["findings"] > 0]
    if data.empty:
        st.caption("No findings match the current filters.")
        return
    # Plain HTML bars: a Vega chart would add a large script download and render time to the first view.
    most = int(data["findings"].max())
    rows = "".join(
        f'<tr><th scope="row">{html.escape(str(row.label))}</th>'
        f'<td><div style="display:flex;align-items:center;gap:.4em"><div style="background:#e34a33;height:.9em;'
        f'width:{max(2, round(160 * int(row.findings) / most))}px"></div>{int(row.findings)}</div></td></tr>'
        for row in data.sort_values("findings", ascending=False).itertuples()
    )
    st.html(
        '<table aria-label="Matching findings by failure type" style="font-size:.9em;border-collapse:collapse">'
        '<thead><tr><th scope="col" style="text-align:left">Failure type</th><th scope="col" style="text-align:left">'
        f"Findings</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def with_map_colour(table: pd.DataFrame, view: View, layer: Layer) -> pd.DataFrame:
    """The table with `map_colour`: the legend's name for the colour its area has on the map now.

    The map is not the only way in: a reader who cannot tell the colours apart (or uses no mouse) finds the
    same category here. On the force layer the area is the force, otherwise the council ("" for a finding
    about a force as a whole).
    """
    names = map_colour_names(view, layer)
    key = "force_code" if layer is Layer.FORCES else "council_code"
    return table.assign(map_colour=[names.get(code, "") for code in table[key]])


def render_table(
    view: View, dataset: Dataset, layer: Layer = Layer.COUNCILS
) -> None:  # pragma: no mutate block (rendering: tests/test_app*.py)
    st.markdown("## Matching findings")
    table = findings_table(view, dataset)
    if table.empty:
        st.caption("No findings match the current filters.")
        return
    st.dataframe(
        with_map_colour(table, view, layer)[
            [
                "council_name",
                "force_name",
                "failure_label",
                "summary",
                "map_colour",
                "substantive",
                "paragraphs",
                "confidence",
                "source_kind",
                "source_url",
                "source",
            ]
        ],
        hide_index=True,
        width="stretch",
        column_config={
            "council_name": st.column_config.TextColumn("Council", help="Blank where only the force is known"),
            "force_name": "Police force",
            "map_colour": st.column_config.TextColumn("On the map", help="The legend's name for the area's colour"),
            "failure_label": "Failure type",
            "summary": st.column_config.TextColumn("What was found", width="large"),
            "substantive": "Substantive",
            "paragraphs": "Paragraphs",
            "confidence": "Confidence",
            "source_kind": "Kind of source",
            "source_url": st.column_config.LinkColumn("Source", display_text="open", validate=r"^https?://"),
            "source": "Source of findings",
        },
    )
    st.download_button(
        "Download these findings (CSV)",
        # Made when clicked: bytes given up front become a media file the browser fetches on every rerun to check it.
        lambda: safe_csv(table),
        file_name="cpmap-findings.csv",
        mime="text/csv",
        on_click="ignore",
        help="Cells that a spreadsheet would treat as formulas are prefixed with an apostrophe.",
    )
