"""An Ofsted report's text (`pdftotext -layout`) as citable passages: numbered paragraphs and named summaries.

A passage is what a `paragraphs` cell cites: the report's own number ("24") or, for unnumbered text, the name of
its section ("exec summary", "help and protection summary", "what needs to improve"). Numbers run on from the
recommendations through the body, so a paragraph is only taken as numbered when its number follows the last one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "24.   Text" at the start of a line, a few spaces of indent at most.
_NUMBERED = re.compile(r"^ {0,8}(\d{1,3})\.(?:\s+\S.*)?$")  # the number may stand alone, its text below
_PAGE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
# A footnote starts with its number alone at the margin (a page number is right-aligned) and ends at a blank line.
_FOOTNOTE_MARK = re.compile(r"^(\d{1,2})\s*$")
# Later reports' running footer: "Inspection of X local authority children's services" over "dates      3".
_FOOTER_PAGE = re.compile(r"\S\s{10,}\d{1,3}\s*$")
_FOOTER_TITLE = re.compile(r"^Inspection of .*services\s*$")
_POLICE = re.compile(r"\bpolic(?:e|ing)\b|\bconstabular(?:y|ies)\b|\bconstables?\b", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9£%]+")
# A front-page table of judgements numbers its rows 1-4; the paragraphs start again at 1 after it.
_MAX_FRONT_TABLE = 4

# Section headings (lower case, the line alone) and the name a citation gives their unnumbered text.
_MAIN_SECTIONS = (
    ("local safeguarding children board", "LSCB"),
    ("help and protection", "help and protection"),
    ("looked after", "looked after"),
    ("children in care", "looked after"),
    ("adoption", "adoption"),
    ("care leavers", "care leavers"),
    ("leadership", "leadership"),
)


@dataclass(frozen=True)
class Passage:
    """One citable unit of a report: its label ('24' or 'exec summary'), first line (1-based) and text."""

    label: str
    line: int
    text: str

    @property
    def words(self) -> tuple[str, ...]:
        return words_of(self.text)

    @property
    def mentions_police(self) -> bool:
        return mentions_police(self.text)


def normalise(text: str) -> str:
    """Lower case, straight quotes and dashes, one space between words."""
    table = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "−": "-", "\u00a0": " "})
    return " ".join(text.translate(table).lower().split())


def words_of(text: str) -> tuple[str, ...]:
    """The words of a text for matching a quotation: letters and digits only, so line breaks and hyphenation
    at a line's end do not matter ("self-\\nassessment" and "self-assessment" give the same words)."""
    return tuple(_WORD.findall(normalise(text).replace("'", "")))


_LABEL_CHARS = re.compile(r"[^a-z0-9 '&/():?-]")


def clean_label(name: str) -> str:
    """A section's name as a citation can hold it: no commas (they separate a row's citations), no symbols
    (bullets that pdftotext leaves in a heading), one space between words, at most 100 characters.

    >>> clean_label("Leadership, management and \uf06e governance are"), clean_label("LSCB exec summary")
    ('leadership management and governance are', 'LSCB exec summary')
    """
    if name.isdigit():
        return name
    text = " ".join(_LABEL_CHARS.sub(" ", name.lower().replace(",", "")).split())[:100].strip()
    return "LSCB" + text[4:] if name.startswith("LSCB ") else text


def mentions_police(text: str) -> bool:
    """Whether a text names the police (police, policing, constabulary, a constable)."""
    return bool(_POLICE.search(text))


def contains_phrase(text_words: tuple[str, ...], phrase: str) -> bool:
    """Whether the phrase's words occur together, in order, in text_words."""
    wanted = words_of(phrase)
    if not wanted:
        return False
    n = len(wanted)
    return any(text_words[i : i + n] == wanted for i in range(len(text_words) - n + 1))


# Justified prose runs to ~80 characters a line; headings are shorter and start at the margin.
_MAX_HEADING = 70


_SUMMARY_HEADINGS = ("summary", "executive summary")
# The grade a judgement's heading prints beside it, left out when the heading is named.
_GRADES = re.compile(r"\b(?:outstanding|good|requires improvement|inadequate)\b")


def _heading_width(line: str) -> int:
    """A line's width without the grade a judgement's heading prints far to its right."""
    return len(re.split(r"\s{4,}", line.strip())[0])


def _is_heading(line: str, previous_blank: bool) -> bool:
    stripped = line.strip()
    return (
        previous_blank
        and line.removeprefix(" ")[:1].isupper()
        and _heading_width(line) <= _MAX_HEADING
        and not stripped.endswith((".", ",", ";"))
        and not _PAGE_NUMBER.match(line)
    )


class _SectionNamer:
    """Names unnumbered text from the headings above it."""

    def __init__(self) -> None:
        self.main = ""  # the judgement section we are in ("help and protection", "LSCB", ...)
        self.heading = "front page"
        self.started = False  # past the front page: a summary, "what needs to improve" or paragraph 1

    def see_heading(self, heading: str) -> None:
        low = _GRADES.sub(" ", normalise(heading)).strip().rstrip(":")
        low = " ".join(low.split())
        if low in _SUMMARY_HEADINGS or low.startswith("what needs to improve"):
            self.started = True
        if not low.startswith(("summary", "executive summary")):
            for key, name in _MAIN_SECTIONS:
                if key in low and (low.startswith(("the ", "children", "leadership", "review")) or len(low) < 60):
                    self.main = name
                    break
        self.heading = low

    def name(self) -> str:
        return clean_label(self._name())

    def _name(self) -> str:
        heading = self.heading
        if not self.started:
            return "headline"
        if heading == "executive summary":
            return "LSCB exec summary" if self.main == "LSCB" else "exec summary"
        if heading == "summary":
            return f"{self.main} summary" if self.main else "summary"
        if heading.startswith("what needs to improve"):
            return "what needs to improve"
        return heading


def passages(text: str) -> list[Passage]:
    """The report's passages in order. Unnumbered text under one heading is one passage, named after it;
    the same name twice (two "summary" blocks under one heading) is joined into one passage."""
    lines = _without_footers([line.replace("\f", "") for line in text.splitlines()])
    starts = _numbered_starts(lines)
    namer = _SectionNamer()
    found: list[Passage] = []
    current_label, current_line, current_text = "", 0, []
    named: dict[str, tuple[int, list[str]]] = {}

    def close() -> None:
        if current_label and current_text:
            found.append(Passage(current_label, current_line, "\n".join(current_text)))

    previous_blank, heading, footnote = True, [], ""
    for index, line in enumerate(lines, start=1):
        mark = _FOOTNOTE_MARK.match(line)
        if mark:
            footnote = f"footnote {mark.group(1)}"
            continue
        if footnote:
            if line.strip():
                _first, body = named.setdefault(footnote, (index, []))
                body.append(line)
                continue
            footnote = ""
        if _PAGE_NUMBER.match(line) or not line.strip():
            previous_blank = True
            continue
        if heading and index - 1 == heading[-1][0] and _heading_width(line) <= _MAX_HEADING and index not in starts:
            # A heading over two lines, or the grade printed beside it ("   Good"); "Summary" just under a
            # judgement's heading is a heading of its own.
            if normalise(line) in _SUMMARY_HEADINGS:
                heading = [(index, line.strip())]
                namer.see_heading(line)
            else:
                heading.append((index, line.strip()))
                namer.see_heading(" ".join(h for _, h in heading))
            continue
        heading = []
        if index in starts:
            namer.started = True
            close()
            current_label, current_line, current_text = str(starts[index]), index, [line]
        elif current_label and line.startswith("  "):
            current_text.append(line)  # a numbered paragraph's indented continuation, across page breaks too
        elif _is_heading(line, previous_blank):
            close()
            current_label, current_text = "", []
            heading = [(index, line.strip())]
            namer.see_heading(line)
        else:
            close()
            current_label, current_text = "", []
            _first, body = named.setdefault(namer.name(), (index, []))
            body.append(line)
        previous_blank = False
    close()
    found.extend(Passage(name, first, "\n".join(body)) for name, (first, body) in named.items())
    return sorted(found, key=lambda p: p.line)


def _without_footers(lines: list[str]) -> list[str]:
    """The lines with running footers blanked (kept as empty lines so that line numbers stay the file's)."""
    kept = list(lines)
    for i, line in enumerate(lines):
        if _FOOTER_PAGE.search(line) and i and _FOOTER_TITLE.match(lines[i - 1]):
            kept[i - 1] = kept[i] = ""
    return kept


def _numbered_starts(lines: list[str]) -> dict[int, int]:
    """Line number (1-based) → paragraph number, for the lines that start a numbered paragraph in sequence."""
    starts: dict[int, int] = {}
    expected = 1
    for index, line in enumerate(lines, start=1):
        match = _NUMBERED.match(line)
        if not match:
            continue
        number = int(match.group(1))
        if number == 1 and 1 < expected <= _MAX_FRONT_TABLE + 1:
            starts.clear()  # the front page's table of judgements, not paragraphs
            expected = 1
        # One number may be lost to the layout (no full stop, say): the next one still counts.
        if number in (expected, expected + 1) and (number == expected or starts):
            starts[index] = number
            expected = number + 1
    return starts
