"""Messages about bad input: shown as text, one line per problem, never a traceback."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from components.text import md
from cpmap.problems import Problem

MAX_LINES = 50


def render_problems(headline: str, problems: Sequence[Problem]) -> None:
    lines = [f"- {md(p)}" for p in problems[:MAX_LINES]]
    if len(problems) > MAX_LINES:
        lines.append(f"- … and {len(problems) - MAX_LINES} more")
    st.error(f"{md(headline)}\n\n" + "\n".join(lines))


def render_url_notices(messages: Sequence[str]) -> None:
    if messages:
        body = "\n".join(f"- {md(m)}" for m in messages[:MAX_LINES])
        st.warning(f"Parts of the link could not be used; the rest of the view is shown.\n\n{body}", icon="⚠️")
