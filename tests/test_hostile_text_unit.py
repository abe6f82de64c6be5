"""Text from data and uploads stays text: escaping, links, spreadsheet formulas, and the app's own pages.

The browser tests (tests/browser/test_hostile_*.py) check what actually renders; these check the helpers and
every Markdown-bearing element the app produces, headless.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import string

import pandas as pd
import pytest
from hostile import (
    HOSTILE_SUMMARY,
    IMG_PAYLOAD,
    RTL_OVERRIDE,
    copy_data_renaming,
    copy_layers,
    hostile_text_values,
    rename_area,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from components.text import md, md_link, plain, safe_url
from cpmap.export import FORMULA_PREFIXES, findings_table, safe_csv
from cpmap.layers import publish
from cpmap.urlstate import PARAMS, parse_query, to_query
from cpmap.validate import JUDGEMENTS, validate_bytes
from cpmap.viewmodel import Filters, build_view
from tests.apptest import full_app

PUNCTUATION = set(string.punctuation)
FINDINGS_HEADER = "council_code,force_code,failure_type,summary,source_url,source_kind,confidence"


def unescaped_punctuation(markdown: str) -> list[str]:
    """ASCII punctuation in Markdown not preceded by a backslash escape (each is potential syntax)."""
    found, i = [], 0
    while i < len(markdown):
        if markdown[i] == "\\" and i + 1 < len(markdown) and markdown[i + 1] in PUNCTUATION:
            i += 2
            continue
        if markdown[i] in PUNCTUATION:
            found.append(markdown[i])
        i += 1
    return found


def unescape(markdown: str) -> str:
    return re.sub(r"\\([" + re.escape(string.punctuation) + "])", r"\1", markdown)


# ----------------------------------------------------------------------------------------------------------- md()


@given(st.text())
def test_md_leaves_no_markdown_syntax_and_loses_no_text(text):
    escaped = md(text)
    assert unescaped_punctuation(escaped) == []
    assert "\n" not in escaped and "\r" not in escaped
    # what the reader sees is the text itself (line breaks as spaces, invisible controls as U+FFFD)
    assert unescape(escaped) == plain(text)
    assert len(plain(text)) <= len(text)


@pytest.mark.parametrize("text", list(hostile_text_values().values()), ids=list(hostile_text_values()))
def test_md_escapes_every_hostile_payload(text):
    escaped = md(text)
    assert "<" not in escaped.replace("\\<", "")
    assert "](" not in escaped
    assert unescape(escaped) == plain(text)


def test_md_turns_direction_overrides_and_controls_into_visible_marks():
    assert md(f"abc{RTL_OVERRIDE}def") == "abc\ufffddef"
    assert plain("a\x00b\x1bc\u2066d\u200fe") == "a\ufffdb\ufffdc\ufffdd\ufffde"
    assert plain("one\r\ntwo\nthree\u2028four") == "one two three four"
    assert plain("tab\tand é ü ß 中文 🙂 stay") == "tab\tand é ü ß 中文 🙂 stay"


def test_md_escapes_entities_and_setext_underlines():
    # "&lt;" would otherwise show as "<", and "===" under a line would turn it into a heading
    assert md("&lt;b&gt;") == "\\&lt\\;b\\&gt\\;"
    assert md("===") == "\\=\\=\\="


# ------------------------------------------------------------------------------------------------------ md_link()


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "  javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\x00javascript:alert(1)",
        "javascript://example.org/%0Aalert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "../../etc/passwd",
        "//evil.example/x",
        "https:/no-host",
        "http://",
        "mailto:someone@example.org",
        f"https://example.org/{RTL_OVERRIDE}gpj.exe",
        "",
    ],
)
def test_md_link_never_links_anything_but_an_absolute_http_address(url):
    assert safe_url(url) is None
    out = md_link("source", url)
    assert "](" not in out
    assert "withheld" in out


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("https://example.org/x", "https://example.org/x"),
        ("HTTP://Example.org/a?b=1&c=2#d", "HTTP://Example.org/a?b=1&c=2#d"),
        ("https://example.org/a b", "https://example.org/a%20b"),
        ("https://example.org/)](javascript:alert(1))", "https://example.org/%29%5D%28javascript:alert%281%29%29"),
        ('https://example.org/"><img src=x>', "https://example.org/%22%3E%3Cimg%20src=x%3E"),
    ],
)
def test_md_link_links_http_addresses_with_nothing_that_could_end_the_link(url, target):
    out = md_link("a [label]", url)
    assert out == f"[a \\[label\\]](<{target}>)"
    destination = out[out.index("](<") + 3 : -2]
    assert not set(destination) & set('<>()[] \n\t"\\`')


def test_md_link_escapes_a_hostile_label():
    out = md_link(HOSTILE_SUMMARY, "https://example.org/x")
    label = out[1 : out.index("](<")]
    assert unescaped_punctuation(label) == []


# ------------------------------------------------------------------------------------------------- CSV downloads


def spreadsheet_rows(payload: bytes) -> list[list[str]]:
    """Rows as a spreadsheet reads them: a bare CR, LF or CRLF outside quotes ends a row."""
    return list(csv.reader(io.StringIO(payload.decode("utf-8-sig"), newline="")))


FORMULAS = [
    '=HYPERLINK("https://evil.example","click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "=cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("cell", FORMULAS)
def test_safe_csv_neutralises_formula_cells(cell):
    payload = safe_csv(pd.DataFrame({"summary": [cell], "n": [1]}))
    assert payload.startswith("\ufeff".encode())
    rows = spreadsheet_rows(payload)
    assert rows[1][0] == "'" + cell
    assert rows[1][1] == "1"


@pytest.mark.parametrize("cell", ["note\r=1+1", "note\n=1+1", "note\r\n@SUM(A1)"])
def test_safe_csv_keeps_a_line_break_inside_its_cell(cell):
    """Otherwise what follows the break starts a row of its own, and its formula runs."""
    rows = spreadsheet_rows(safe_csv(pd.DataFrame({"summary": [cell], "n": [1]})))
    assert rows == [["summary", "n"], [cell, "1"]]


def test_safe_csv_leaves_ordinary_text_and_numbers_alone():
    frame = pd.DataFrame({"text": ["Cleveland Police", "'quoted", "a=b", "1-2"], "n": [-1, 0, 2, 3]})
    rows = spreadsheet_rows(safe_csv(frame))
    assert [r[0] for r in rows[1:]] == ["Cleveland Police", "'quoted", "a=b", "1-2"]
    assert [r[1] for r in rows[1:]] == ["-1", "0", "2", "3"]


def _upload(dataset, rows: list[str], source: str = "hostile.csv"):
    return validate_bytes((FINDINGS_HEADER + "\n" + "\n".join(rows) + "\n").encode("utf-8"), source, dataset.reference)


def test_the_findings_download_has_no_formula_cell_even_from_a_hostile_upload(dataset):
    summaries = [f'"{f}"' if "," in f or '"' in f else f for f in (c.replace('"', '""') for c in FORMULAS[:5])]
    rows = [f"E06000001,E23000013,DA_LATE,{s},https://example.org/{n},press,medium" for n, s in enumerate(summaries)]
    result = _upload(dataset, rows)
    assert result.ok, [str(p) for p in result.problems]
    combined = dataset.with_findings(result.records, "=upload.csv")
    payload = safe_csv(findings_table(build_view(combined, Filters()), combined))
    cells = [cell for row in spreadsheet_rows(payload) for cell in row]
    assert not [c for c in cells if c.startswith(FORMULA_PREFIXES)]
    assert "'" + FORMULAS[0] in cells  # the summary is kept, made inert
    assert "'=upload.csv" in cells


# ------------------------------------------------------------------------------------------- links from uploads


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "data:text/html,x", "ftp://example.org/x", "//example.org/x", "https://", "file:///x"],
)
def test_an_upload_with_a_non_http_source_url_is_rejected_naming_the_line(dataset, url):
    result = _upload(dataset, [f'E06000001,E23000013,DA_LATE,Some summary,"{url}",press,medium'], "links.csv")
    assert result.accepted == 0
    assert any(p.line == 2 and p.column == "source_url" for p in result.problems)
    assert all(str(p).startswith("links.csv:2") for p in result.problems)


def test_the_findings_table_only_ever_carries_http_links(dataset):
    table = findings_table(build_view(dataset, Filters()), dataset)
    assert table["source_url"].map(lambda u: safe_url(u) is not None).all()


# ---------------------------------------------------------------------------------- the app's Markdown elements

# Elements whose body Streamlit renders as Markdown.
MARKDOWN_ELEMENTS = ("markdown", "subheader", "header", "title", "caption", "info", "warning", "error", "success")
HOSTILE_NAME = f"{IMG_PAYLOAD}**Hart**pool :red[x]"
HOSTILE_FORCE_NAME = "**Cleve**<b>land</b>"


def markdown_bodies(at: AppTest) -> list[str]:
    return [str(element.value) for kind in MARKDOWN_ELEMENTS for element in getattr(at, kind)]


# Any of these unescaped in a Markdown body would render as HTML, emphasis or a coloured directive.
RAW_FORMS = (IMG_PAYLOAD, "**Hart**", ":red[x]", "**Cleve**", "<b>")


@pytest.fixture
def hostile_names_app(monkeypatch, tmp_path):
    """The app over a copy of the layers that names Hartlepool (E06000001) and Cleveland's force (its ONS name,
    E23000013) with HTML and Markdown."""
    from components import appdata

    directory = copy_layers(tmp_path / "layers")
    rename_area(directory, "E06000001", HOSTILE_NAME)
    # The data names Hartlepool too (its inspections): a copy of it says the same hostile name, so it still loads.
    data = copy_data_renaming(tmp_path / "data", "E06000001", HOSTILE_NAME)
    monkeypatch.setenv("CPMAP_DATA_DIR", str(data))
    rename_area(directory, "E23000013", HOSTILE_FORCE_NAME)
    monkeypatch.setenv("CPMAP_LAYERS_DIR", str(directory))
    monkeypatch.setattr(appdata, "publish", functools.partial(publish, cache_dir=tmp_path / "published"))
    appdata.load_app_data.clear()
    yield
    appdata.load_app_data.clear()


@pytest.mark.apptest
@pytest.mark.parametrize(("area", "name"), [("E06000001", HOSTILE_NAME), ("E23000013", HOSTILE_FORCE_NAME)])
def test_area_names_from_the_boundary_files_are_shown_as_text_everywhere(hostile_names_app, area, name):
    at = full_app(60)
    at.query_params["area"] = area
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]  # the data loaded: the page is the real one
    bodies = markdown_bodies(at)
    assert any(name in unescape(b) for b in bodies), "the hostile name is shown somewhere"
    offending = [b for b in bodies if any(raw in b for raw in RAW_FORMS)]
    assert offending == [], "Markdown bodies carrying the name unescaped"


# ------------------------------------------------------------------------------------------ the URL, any content

_PARAM_NAMES = st.sampled_from([*PARAMS, "zoom", "", "type ", "AREA", IMG_PAYLOAD])
_VALUES = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["DA_LATE", "E23000013", "E06000004", "inadequate", "forces", "all", "high", "Stockton"]),
    st.just("x" * 5000),
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(_PARAM_NAMES, st.lists(_VALUES, max_size=40), max_size=8))
def test_any_query_gives_a_valid_view_and_short_printable_notices(dataset, query):
    state, notices = parse_query(query, dataset)
    f = state.filters
    assert set(f.failure_types) <= set(dataset.failure_types)
    assert all(dataset.gazetteer.forces[c].in_england for c in f.forces)
    assert set(f.judgements) <= set(JUDGEMENTS)
    assert f.min_confidence in ("low", "medium", "high")
    assert state.area is None or state.area in dataset.gazetteer.councils or state.area in dataset.gazetteer.forces
    for notice in notices:
        assert len(notice) < 400
        assert not re.search(r"[\x00-\x1f\x7f-\x9f]", notice), repr(notice)
    # the view it gives always survives its own link, with no notices
    assert parse_query(to_query(state), dataset) == (state, [])
