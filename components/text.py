"""Text from data, shown as text: Markdown and HTML in it are escaped, links only for http(s)."""

from __future__ import annotations

import re
import string
from urllib.parse import quote, urlsplit

# CommonMark lets a backslash escape any ASCII punctuation, so escaping all of it leaves no syntax behind:
# not emphasis, links, HTML, entities (&), setext underlines (=), Streamlit's :colour[...] directives or $maths$.
_MARKDOWN_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")
# Line breaks would let text start a heading, list or code block of its own.
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\v\f\x85\u2028\u2029]")
# Control characters are invisible, and bidirectional overrides reorder what follows them on screen
# ("Trojan Source" spoofing), so a notice could read differently from what it says. Shown as U+FFFD instead.
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
SAFE_URL_CHARS = ":/?&=#%~+,;@!$'*"


def plain(text: object) -> str:
    """Text on one line with control and direction-override characters made visible as U+FFFD."""
    return _INVISIBLE.sub("\ufffd", _LINE_BREAKS.sub(" ", str(text)))


def md(text: object) -> str:
    """Escape text for st.markdown so it renders literally (no links, HTML, emphasis or maths)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", plain(text))


def safe_url(url: str) -> str | None:
    """The URL, percent-encoded, when it is an absolute http(s) address; otherwise None."""
    candidate = str(url).strip()
    if _INVISIBLE.search(candidate) or _LINE_BREAKS.search(candidate):
        return None
    parts = urlsplit(candidate)
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return quote(candidate, safe=SAFE_URL_CHARS)
    return None


def md_link(label: str, url: str) -> str:
    """A Markdown link when the URL is http(s); otherwise the label as text, saying the link was withheld."""
    target = safe_url(url)
    if target is None:
        return f"{md(label)} (link withheld: not an http(s) address)"
    return f"[{md(label)}](<{target.replace('>', '%3E').replace('<', '%3C')}>)"
