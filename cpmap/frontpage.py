"""The front page of an ILACS report (2018 on): its inspection dates and its grid of judgements.

Reports inspected from April 2026 give no overall effectiveness judgement; `overall` is then NOT_GIVEN.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

NOT_GIVEN = "not given (framework changed April 2026)"

# The grid's rows, in the columns of data/inspections.csv. A pre-2023 report judges children in care and care
# leavers together; that grade goes in looked_after (care_leavers stays blank: the report gives no separate one).
_ROWS = (
    ("leadership_judgement", re.compile(r"impact of leaders")),
    ("help_protection_judgement", re.compile(r"need help and protection")),
    ("looked_after_judgement", re.compile(r"children in care(?! leavers)")),
    ("care_leavers_judgement", re.compile(r"(?:progress of|children) care leavers")),
    ("overall_judgement", re.compile(r"Overall effectiveness")),
)
_GRADE = re.compile(r"Requires improvement|Outstanding|Good|Inadequate", re.IGNORECASE)
_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
_DATES = re.compile(r"Inspection dates?:?\s*(.+)")
_DAY = re.compile(r"(\d{1,2})\s*([A-Za-z]+)?\s*(\d{4})?")


@dataclass(frozen=True)
class FrontPage:
    """What an ILACS report's front page states."""

    inspection_start: str  # YYYY-MM-DD
    inspection_end: str
    judgements: dict[str, str] = field(default_factory=dict)  # inspections.csv column -> grade, lower case


def _grade(text: str) -> str:
    return text.lower()


def _grid(lines: list[str]) -> dict[str, str]:
    """Judgement rows and grades in the order they stand; a label may wrap, its grade on any of its lines."""
    start = next((i for i, line in enumerate(lines) if re.match(r"\s*Judgement\s+Grade\s*$", line)), None)
    if start is None:
        return {}
    block: list[str] = []
    indented = lines[start].startswith(" ")
    for line in lines[start + 1 :]:
        if indented and line.strip() and not line.startswith(" "):
            break  # the prose under the grid starts at the margin; the grid is indented
        block.append(line)
        if "Overall effectiveness" in line:
            break  # older reports indent their prose too
    # 'Requires improvement to be good' may wrap with 'to be good' on the label's next line.
    text = re.sub(r"\bto\s+be\s+good\b", " ", " ".join(block), flags=re.IGNORECASE)
    text = re.sub(r"(Requires improvement)\s+to\b", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(r"\bbe\s+good\b", " ", text)
    grades = [_grade(g) for g in _GRADE.findall(text)]
    labels = " ".join(_GRADE.sub(" ", text).split())
    found = sorted((m.start(), column) for column, pattern in _ROWS for m in [pattern.search(labels)] if m)
    if len(found) != len(grades):
        raise ValueError(f"judgement grid: {len(found)} rows but {len(grades)} grades")
    return {column: grade for (_, column), grade in zip(found, grades, strict=True)}


def _dates(line: str) -> tuple[str, str]:
    """'8 to 19 June 2026', '11 November 2019 to 22 November 2019', '11 – 22 July 2022' -> ISO start, end."""
    # An inspection in two visits ('5 to 9 December 2022 and 14 to 15 February 2023') spans both.
    visits = line.strip().split(" and ")
    if len(visits) > 1:
        return _dates(visits[0])[0], _dates(visits[-1])[1]
    parts = re.split(r"\s+(?:to|–|-)\s+|–|(?<=\d)-(?=\d)", line.strip())
    if len(parts) != 2:
        raise ValueError(f"inspection dates not understood: {line.strip()!r}")
    (d1, m1, y1), (d2, m2, y2) = (_DAY.search(p).groups() for p in parts)  # type: ignore[union-attr]
    year2 = int(y2)
    month2 = _MONTHS[m2.lower()]
    month1 = _MONTHS[m1.lower()] if m1 else month2
    year1 = int(y1) if y1 else (year2 - 1 if month1 > month2 else year2)
    return date(year1, month1, int(d1)).isoformat(), date(year2, month2, int(d2)).isoformat()


def front_page(text: str) -> FrontPage | None:
    """The front page of an ILACS report's text, or None when the text has no ILACS judgement grid.

    >>> page = front_page('''Inspection of X local authority
    ... Inspection dates: 8 to 19 June 2026
    ...
    ...  Judgement                             Grade
    ...
    ...  The impact of leaders on social work  Good
    ...  practice with children and families
    ...  The experiences and progress of       Inadequate
    ...  children who need help and protection
    ...
    ... Prose.''')
    >>> page.inspection_start, page.inspection_end, page.judgements['help_protection_judgement']
    ('2026-06-08', '2026-06-19', 'inadequate')
    >>> page.judgements['overall_judgement']
    'not given (framework changed April 2026)'
    """
    lines = text.splitlines()[:80]
    grid = _grid(lines)
    if not grid:
        return None
    at = next((i for i, line in enumerate(lines) if _DATES.search(line)), None)
    if at is None:
        raise ValueError("no inspection dates on the front page")
    dates = _DATES.search(lines[at]).group(1)  # type: ignore[union-attr]
    if dates.rstrip().endswith(("to", "–")):  # the dates wrap onto the next line
        dates = f"{dates} {lines[at + 1].strip()}"
    start, end = _dates(dates)
    if "overall_judgement" not in grid:
        if start < "2026-04-01":
            raise ValueError("no overall effectiveness judgement in a report inspected before April 2026")
        grid["overall_judgement"] = NOT_GIVEN
    return FrontPage(start, end, grid)
