"""Councils formed since 2016 (geo/successors.csv): which December 2016 area(s) each later council covers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from cpmap import config
from cpmap.csvtable import read_csv
from cpmap.problems import InputError, Problem

SUCCESSORS_FILE = config.GEO_CONFIG_DIR / "successors.csv"
COLUMNS = ("area_code", "area_name", "successor_code", "successor_name", "since", "relation", "note", "source_url")
# How the later council maps onto the 2016 area, in the panel's words.
RELATIONS = {
    "same_area": "the same area under a new code",
    "merged": "merged with its neighbours into one council",
    "most_of_area": "most of the 2016 area (a part went to another council)",
    "split": "the 2016 area was split between two councils",
}
_CODE = re.compile(r"^E(06|08|09|10)\d{6}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Successor:
    """One later council's tie to one December 2016 area."""

    area_code: str
    area_name: str
    successor_code: str
    successor_name: str
    since: str
    relation: str
    note: str
    source_url: str

    @property
    def how(self) -> str:
        """'merged with its neighbours into one council (since 2019-04-01)'."""
        return f"{RELATIONS[self.relation]} (since {self.since})"


def load_successors(path: Path = SUCCESSORS_FILE, area_codes: frozenset[str] | None = None) -> tuple[Successor, ...]:
    """The successor table; InputError naming file, line and field on anything unusable."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError([Problem(str(path), 0, "(file)", f"cannot be read: {err.strerror or err}")]) from err
    table = read_csv(data, str(path))
    problems = list(table.problems)
    if table.header and not set(COLUMNS) <= set(table.header):
        missing = ", ".join(c for c in COLUMNS if c not in table.header)
        problems.append(
            Problem(str(path), table.header_line, "(header)", f"lacks column(s) {missing}", ", ".join(COLUMNS))
        )
        raise InputError(problems)
    rows = []
    for row in table.rows:
        v = {c: row.values.get(c, "").strip() for c in COLUMNS}
        for column in ("area_code", "successor_code"):
            if not _CODE.match(v[column]):
                problems.append(
                    Problem(
                        str(path), row.line, column, f"{v[column][:20]!r} is not an English council code", "E06000058"
                    )
                )
        if area_codes is not None and v["area_code"] not in area_codes:
            problems.append(
                Problem(
                    str(path),
                    row.line,
                    "area_code",
                    f"{v['area_code']} is not a December 2016 council",
                    "a code in geo/2016",
                )
            )
        if v["relation"] not in RELATIONS:
            problems.append(
                Problem(
                    str(path), row.line, "relation", f"{v['relation'][:20]!r} is not a relation", ", ".join(RELATIONS)
                )
            )
        if not _DATE.match(v["since"]):
            problems.append(Problem(str(path), row.line, "since", f"{v['since'][:20]!r} is not a date", "YYYY-MM-DD"))
        if not v["source_url"].startswith("https://"):
            problems.append(
                Problem(str(path), row.line, "source_url", "is not an https address", "the order or ONS page")
            )
        if not v["successor_name"]:
            problems.append(Problem(str(path), row.line, "successor_name", "is blank", "the later council's name"))
        rows.append(Successor(**v))
    if problems:
        raise InputError(problems)
    return tuple(rows)


def successors_of(successors: tuple[Successor, ...], area_code: str) -> tuple[Successor, ...]:
    """The later councils covering a 2016 area (none when the council is unchanged)."""
    return tuple(s for s in successors if s.area_code == area_code)


def areas_of(successors: tuple[Successor, ...], code: str) -> tuple[str, ...]:
    """The 2016 area codes a council code stands for: its own, or those a later council covers.

    >>> s = (Successor("E06000028", "Bournemouth", "E06000058", "BCP", "2019-04-01", "merged", "", "https://x"),
    ...      Successor("E06000029", "Poole", "E06000058", "BCP", "2019-04-01", "merged", "", "https://x"))
    >>> areas_of(s, "E06000058"), areas_of(s, "E08000029")
    (('E06000028', 'E06000029'), ('E08000029',))
    """
    covered = tuple(s.area_code for s in successors if s.successor_code == code)
    return covered or (code,)
