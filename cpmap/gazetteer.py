"""The 2016 council and police force areas, from the ONS lookup read in place (no geometry)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from cpmap import config
from cpmap.csvtable import read_csv
from cpmap.problems import InputError, Problem

_COUNCIL_CODE = re.compile(r"^(E0[689]|E10|W06)\d{6}$")
_FORCE_CODE = re.compile(r"^(E23|W15)\d{6}$")


@dataclass(frozen=True)
class Force:
    code: str
    ons_name: str
    name: str  # the usual public name, e.g. "Cleveland Police"

    @property
    def in_england(self) -> bool:
        return self.code.startswith("E")


@dataclass(frozen=True)
class Council:
    code: str
    name: str
    force_code: str

    @property
    def in_england(self) -> bool:
        return self.code.startswith("E")


@dataclass(frozen=True)
class Gazetteer:
    councils: dict[str, Council]
    forces: dict[str, Force]

    def force_for_council(self, council_code: str) -> Force:
        return self.forces[self.councils[council_code].force_code]

    @property
    def english_councils(self) -> list[Council]:
        return sorted((c for c in self.councils.values() if c.in_england), key=lambda c: c.name)

    @property
    def english_forces(self) -> list[Force]:
        return sorted((f for f in self.forces.values() if f.in_england), key=lambda f: f.name)


def missing_boundary_problem(path: Path) -> Problem:
    return Problem(
        str(path),
        0,
        "(file)",
        "is missing: set BOUNDARIES_DIR to the folder holding the ONS December 2016 files "
        "(default ../shared/geo-sources beside the project)",
        f"files {', '.join(config.BOUNDARY_FILES)}",
    )


def require_boundary_file(path: Path) -> None:
    """InputError naming `path` unless it is a file."""
    if path.is_dir():
        raise InputError([Problem(str(path), 0, "(file)", "is a directory, not a file", "the ONS file of that name")])
    if not path.is_file():
        raise InputError([missing_boundary_problem(path)])


def read_boundary_file(path: Path) -> bytes:
    """The bytes of a file in BOUNDARIES_DIR; InputError naming it when it is missing or unreadable."""
    require_boundary_file(path)
    try:
        return path.read_bytes()
    except OSError as err:
        raise InputError([Problem(str(path), 0, "(file)", f"cannot be read: {err.strerror or err}")]) from err


def _display_names() -> dict[str, str]:
    with open(config.GEO_CONFIG_DIR / "force_names.csv", encoding="utf-8", newline="") as handle:
        return {row["force_code"]: row["display_name"] for row in csv.DictReader(handle)}


def load_gazetteer(boundaries_dir: Path) -> Gazetteer:
    """Read the council → force lookup; raise InputError naming the file on anything unusable."""
    path = boundaries_dir / config.COUNCIL_FORCE_LOOKUP_FILE
    table = read_csv(read_boundary_file(path), str(path))
    needed = {"ctyua16cd", "ctyua16nm", "pfa16cd", "pfa16nm"}
    problems = list(table.problems)
    if table.header and not needed <= set(table.header):
        missing = ", ".join(sorted(needed - set(table.header)))
        problems.append(
            Problem(str(path), table.header_line, "(header)", f"lacks column(s) {missing}", ", ".join(sorted(needed)))
        )
    if problems:
        raise InputError(problems)
    names = _display_names()
    councils: dict[str, Council] = {}
    forces: dict[str, Force] = {}
    for row in table.rows:
        code, force_code = row.values["ctyua16cd"], row.values["pfa16cd"]
        if not _COUNCIL_CODE.match(code):
            problems.append(
                Problem(
                    str(path),
                    row.line,
                    "ctyua16cd",
                    f"{code[:20]!r} is not a council GSS code",
                    "E06/E08/E09/E10/W06 code",
                )
            )
            continue
        if not _FORCE_CODE.match(force_code):
            problems.append(
                Problem(
                    str(path),
                    row.line,
                    "pfa16cd",
                    f"{force_code[:20]!r} is not a police force area code",
                    "E23 or W15 code",
                )
            )
            continue
        councils[code] = Council(code, row.values["ctyua16nm"], force_code)
        ons_name = row.values["pfa16nm"]
        forces.setdefault(force_code, Force(force_code, ons_name, names.get(force_code, ons_name)))
    if problems:
        raise InputError(problems)
    return Gazetteer(councils, forces)
