"""Text from data, shown as text: Markdown and HTML in it are escaped, links only for http(s)."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md(text: object) -> str:
    """Escape text for st.markdown so it renders literally (no links, HTML, emphasis or maths)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def safe_url(url: str) -> str | None:
    parts = urlsplit(url.strip())
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return quote(url.strip(), safe=":/?&=#%~+,;@!$'*")
    return None


def md_link(label: str, url: str) -> str:
    """A Markdown link when the URL is http(s); otherwise the label and the URL as plain text."""
    target = safe_url(url)
    if target is None:
        return f"{md(label)} (link withheld: not an http(s) address)"
    return f"[{md(label)}](<{target.replace('>', '%3E').replace('<', '%3C')}>)"
