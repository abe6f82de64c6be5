"""Problems found in input: one line each, naming the file, the line and the field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """Something wrong with one place in an input file (line 0: the file as a whole)."""

    source: str
    line: int
    column: str
    message: str
    expected: str = ""

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        tail = f" (expected {self.expected})" if self.expected else ""
        # One problem, one line: a line break in a file name or a quoted value must not split it.
        return f"{where}: {self.column}: {self.message}{tail}".replace("\r", "\\r").replace("\n", "\\n")


class InputError(Exception):
    """Input that cannot be used at all; carries the problems that say why."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
