"""Summarise a mutmut run (`make mutate`): counts per area and file, survivors, and a last line of JSON.

Reads mutmut's results in mutants/**/*.py.meta. Mutants listed in mutation/equivalent.txt cannot change behaviour
and are left out of the score; they are still counted and listed. An entry names what the mutant changes, not
mutmut's number (which shifts when a function is split): `function | the mutated line | why`. An entry that matches
no mutant, or matches one some test killed, is stale, and the run fails on it.
Score = (killed + timed out) / (mutants checked - equivalent), as mutmut counts it: a timeout is a detection.
`make mutate` checks a fixed sample of the mutants by default (see the Makefile); the rest are "not run".
"""

from __future__ import annotations

import fnmatch
import json
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATUS = {1: "killed", 3: "killed", 0: "survived", 33: "no_tests", 5: "no_tests", 36: "timed_out", 24: "timed_out"}
STATUS |= {-24: "timed_out", 152: "timed_out", 255: "timed_out", 34: "skipped", None: "not_run"}


@dataclass(frozen=True)
class Equivalent:
    function: str  # mutmut's name of the function, e.g. components.text.x_md_link
    line: str  # the mutated line as the mutant has it, stripped
    reason: str
    line_no: int  # in equivalent.txt


def equivalents(path: Path = ROOT / "mutation" / "equivalent.txt") -> list[Equivalent]:
    """The entries of equivalent.txt: `function | mutated line | why`, one per line."""
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines() if path.is_file() else [], 1):
        if line.strip() and not line.startswith("#"):
            function, _, rest = line.partition(" | ")
            changed, _, reason = rest.rpartition(" | ")
            out.append(Equivalent(function.strip(), changed.strip(), reason.strip(), number))
    return out


def changed_line(name: str, source: str) -> str:
    """The line(s) a mutant has in place of the function's own, stripped (several joined by ' ⏎ ')."""
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    diff = get_diff_for_mutant(name, path=source)
    added = [line[1:].strip() for line in diff.splitlines()[2:] if line.startswith("+")]
    return " ⏎ ".join(added)


def match_equivalents(
    rows: dict[str, tuple[str, str]], entries: list[Equivalent], diff: Callable[[str, str], str] = changed_line
) -> tuple[dict[str, str], list[str]]:
    """(mutant name -> why it is equivalent, stale entries described) over every mutant mutmut made."""
    matched: dict[str, str] = {}
    stale = []
    for entry in entries:
        candidates = [n for n in rows if n.rpartition("__mutmut_")[0] == entry.function]
        hits = [n for n in candidates if diff(n, rows[n][0]) == entry.line]
        if not hits:
            stale.append(f"line {entry.line_no}: {entry.function} has no mutant making {entry.line!r}")
            continue
        killed = [n for n in hits if rows[n][1] in ("killed", "timed_out")]
        if killed:
            stale.append(f"line {entry.line_no}: {', '.join(killed)} ({entry.line!r}) is killed: not equivalent")
        for name in hits:
            matched[name] = entry.reason
    return matched, stale


def results(mutants_dir: Path = ROOT / "mutants") -> dict[str, tuple[str, str]]:
    """Mutant name → (source file, status)."""
    out = {}
    for meta in sorted(mutants_dir.rglob("*.py.meta")):
        source = str(meta.relative_to(mutants_dir))[: -len(".meta")]
        for name, code in json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"].items():
            out[name] = (source, STATUS.get(code, "suspicious"))
    return out


def tally(rows: dict[str, tuple[str, str]], equivalent: dict[str, str]) -> dict[str, object]:
    counts = Counter(status for _, status in rows.values())
    eq = sum(1 for name in rows if name in equivalent)
    eq_survived = sum(1 for name, (_, status) in rows.items() if name in equivalent and status != "killed")
    detected = counts["killed"] + counts["timed_out"]
    scored = len(rows) - eq_survived - counts["not_run"] - counts["skipped"]
    return {
        "mutants": len(rows),
        "checked": len(rows) - counts["not_run"],
        "killed": counts["killed"],
        "survived": counts["survived"] - sum(1 for n, (_, s) in rows.items() if n in equivalent and s == "survived"),
        "timed_out": counts["timed_out"],
        "no_tests": counts["no_tests"] - sum(1 for n, (_, s) in rows.items() if n in equivalent and s == "no_tests"),
        "equivalent": eq,
        "suspicious": counts["suspicious"],
        "not_run": counts["not_run"],
        "score": round(100 * detected / scored, 1) if scored else 0.0,
    }


def main(argv: list[str]) -> int:
    pattern = argv[0] if argv else "*"  # the mutants this run checked (make mutate's MUTATE_PATTERN)
    rows = {name: row for name, row in results().items() if fnmatch.fnmatch(name, pattern)}
    if not rows:
        print("no mutmut results in mutants/: run `make mutate`", file=sys.stderr)
        return 1
    everything = results()
    equivalent, stale = match_equivalents(everything, equivalents())
    areas = ("cpmap", "components", "serve")
    by_area = {area: {n: r for n, r in rows.items() if r[0].startswith(area + "/")} for area in areas}
    print(f"{'file':32} {'mutants':>8} {'killed':>7} {'survived':>9} {'timeout':>8} {'no tests':>9} {'equiv':>6} score")
    for source in sorted({s for s, _ in rows.values()}):
        t = tally({n: r for n, r in rows.items() if r[0] == source}, equivalent)
        print(
            f"{source:32} {t['mutants']:>8} {t['killed']:>7} {t['survived']:>9} {t['timed_out']:>8} "
            f"{t['no_tests']:>9} {t['equivalent']:>6} {t['score']}%"
        )
    survivors = sorted(n for n, (_, s) in rows.items() if s in ("survived", "no_tests") and n not in equivalent)
    print(f"\n{len(survivors)} mutants not killed (see `.venv/bin/mutmut show NAME`):")
    for name in survivors:
        print(f"  {rows[name][1]:9} {name}")
    if stale:
        print(f"\n{len(stale)} stale entries in mutation/equivalent.txt (the run fails on them):")
        for line in stale:
            print(f"  {line}")
    summary = {"pattern": pattern} | tally(rows, equivalent) | {"stale_equivalents": len(stale)}
    summary |= {area: tally(part, equivalent) for area, part in by_area.items()}
    print(json.dumps(summary, separators=(",", ":")))
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
