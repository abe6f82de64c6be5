"""The 2016 council and police force areas (no geometry): from the committed lookup, or from the ONS one."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from cpmap import config
from cpmap.csvtable import read_csv
from cpmap.problems import InputError, Problem
from cpmap.successors import SUCCESSORS_FILE, Successor, areas_of, load_successors

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
    successors: tuple[Successor, ...] = ()

    def force_for_council(self, council_code: str) -> Force:
        return self.forces[self.council(council_code).force_code]

    @cached_property
    def later_councils(self) -> dict[str, Council]:
        """Councils formed since 2016 over other areas (BCP, Dorset, the Northamptonshires, Cumbria's two)."""
        later: dict[str, Council] = {}
        for s in self.successors:
            if s.relation != "same_area" and s.successor_code not in self.councils:
                later.setdefault(
                    s.successor_code, Council(s.successor_code, s.successor_name, self.councils[s.area_code].force_code)
                )
        return later

    @cached_property
    def recoded(self) -> dict[str, str]:
        """A later code for the same area -> its December 2016 code (Buckinghamshire, North Yorkshire, Somerset)."""
        return {s.successor_code: s.area_code for s in self.successors if s.relation == "same_area"}

    def council(self, code: str) -> Council:
        """A 2016 council or a council formed since over other areas."""
        return self.councils[code] if code in self.councils else self.later_councils[code]

    def areas_of(self, code: str) -> tuple[str, ...]:
        """The 2016 areas a council code stands for."""
        return areas_of(self.successors, self.recoded.get(code, code))

    @property
    def english_councils(self) -> list[Council]:
        return sorted((c for c in self.councils.values() if c.in_england), key=lambda c: c.name)

    @property
    def english_forces(self) -> list[Force]:
        return sorted((f for f in self.forces.values() if f.in_england), key=lambda f: f.name)


def _missing(path: Path, remedy: str, files: tuple[str, ...]) -> Problem:
    return Problem(str(path), 0, "(file)", f"is missing: {remedy}", f"files {', '.join(files)}")


def missing_boundary_problem(path: Path) -> Problem:
    return _missing(
        path,
        "pass `cpmap prepare --from DIR` or set BOUNDARIES_DIR to the folder holding the ONS December 2016 files "
        "(see geo/README.md)",
        config.BOUNDARY_FILES,
    )


def missing_layer_problem(path: Path) -> Problem:
    return _missing(
        path,
        "the map layers are committed in geo/2016 (CPMAP_LAYERS_DIR, if set, points elsewhere); `cpmap prepare` "
        "remakes them from the ONS files",
        config.LAYER_FILES,
    )


def require_file(path: Path, missing: Callable[[Path], Problem] = missing_boundary_problem) -> None:
    """InputError naming `path` unless it is a file."""
    if path.is_dir():
        raise InputError([Problem(str(path), 0, "(file)", "is a directory, not a file", "a file of that name")])
    if not path.is_file():
        raise InputError([missing(path)])


def read_file(path: Path, missing: Callable[[Path], Problem] = missing_boundary_problem) -> bytes:
    """The bytes of an input file; InputError naming it when it is missing or unreadable."""
    require_file(path, missing)
    try:
        return path.read_bytes()
    except OSError as err:
        raise InputError([Problem(str(path), 0, "(file)", f"cannot be read: {err.strerror or err}")]) from err


def _display_names() -> dict[str, str]:
    with open(config.GEO_CONFIG_DIR / "force_names.csv", encoding="utf-8", newline="") as handle:
        return {row["force_code"]: row["display_name"] for row in csv.DictReader(handle)}


# (council code, council name, force code, force name) as each lookup spells them.
LAYER_COLUMNS = ("council_code", "council_name", "force_code", "force_name")
ONS_COLUMNS = ("ctyua16cd", "ctyua16nm", "pfa16cd", "pfa16nm")


def load_gazetteer(layers_dir: Path) -> Gazetteer:
    """The areas from the committed lookup (geo/2016); InputError naming the file on anything unusable."""
    path = layers_dir / config.LOOKUP_LAYER
    areas = _read_lookup(path, read_file(path, missing_layer_problem), LAYER_COLUMNS)
    successors = load_successors(SUCCESSORS_FILE, frozenset(areas.councils))
    return Gazetteer(areas.councils, areas.forces, successors)


def load_ons_gazetteer(boundaries_dir: Path) -> Gazetteer:
    """The areas from the ONS council -> force lookup in BOUNDARIES_DIR (for `cpmap prepare`)."""
    path = boundaries_dir / config.COUNCIL_FORCE_LOOKUP_FILE
    return _read_lookup(path, read_file(path), ONS_COLUMNS)


def lookup_csv(gazetteer: Gazetteer) -> bytes:
    """The committed lookup: one row per council, by code, with the columns load_gazetteer reads."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(LAYER_COLUMNS)
    for code in sorted(gazetteer.councils):
        council = gazetteer.councils[code]
        writer.writerow([code, council.name, council.force_code, gazetteer.forces[council.force_code].ons_name])
    return buffer.getvalue().encode("utf-8")


def _read_lookup(path: Path, data: bytes, columns: tuple[str, str, str, str]) -> Gazetteer:
    table = read_csv(data, str(path))
    code_column, name_column, force_column, force_name_column = columns
    problems = list(table.problems)
    if table.header and not set(columns) <= set(table.header):
        missing = ", ".join(sorted(set(columns) - set(table.header)))
        problems.append(
            Problem(str(path), table.header_line, "(header)", f"lacks column(s) {missing}", ", ".join(columns))
        )
    if problems:
        raise InputError(problems)
    names = _display_names()
    councils: dict[str, Council] = {}
    forces: dict[str, Force] = {}
    for row in table.rows:
        code, force_code = row.values[code_column], row.values[force_column]
        if not _COUNCIL_CODE.match(code):
            problems.append(
                Problem(
                    str(path),
                    row.line,
                    code_column,
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
                    force_column,
                    f"{force_code[:20]!r} is not a police force area code",
                    "E23 or W15 code",
                )
            )
            continue
        councils[code] = Council(code, row.values[name_column], force_code)
        ons_name = row.values[force_name_column]
        forces.setdefault(force_code, Force(force_code, ons_name, names.get(force_code, ons_name)))
    if problems:
        raise InputError(problems)
    return Gazetteer(councils, forces)
