"""Summarise a mutmut run (`make mutate`): counts per area and file, survivors, and a last line of JSON.

Reads mutmut's results in mutants/**/*.py.meta. Mutants listed in mutation/equivalent.txt (one name per line,
then a reason) cannot change behaviour and are left out of the score; they are still counted and listed.
Score = (killed + timed out) / (mutants checked - equivalent), as mutmut counts it: a timeout is a detection.
`make mutate` checks a fixed sample of the mutants by default (see the Makefile); the rest are "not run".
"""

from __future__ import annotations

import fnmatch
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATUS = {1: "killed", 3: "killed", 0: "survived", 33: "no_tests", 5: "no_tests", 36: "timed_out", 24: "timed_out"}
STATUS |= {-24: "timed_out", 152: "timed_out", 255: "timed_out", 34: "skipped", None: "not_run"}


def equivalents(path: Path = ROOT / "mutation" / "equivalent.txt") -> dict[str, str]:
    """Mutant name → why it is equivalent."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines() if path.is_file() else []:
        if line.strip() and not line.startswith("#"):
            name, _, reason = line.partition(" ")
            out[name] = reason.strip()
    return out


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
    equivalent = equivalents()
    stale = sorted(n for n in set(equivalent) - set(rows) if fnmatch.fnmatch(n, pattern))
    by_area = {area: {n: r for n, r in rows.items() if r[0].startswith(area + "/")} for area in ("cpmap", "components")}
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
        print(f"\nmutation/equivalent.txt names {len(stale)} mutants this run did not make: {', '.join(stale)}")
    summary = {"pattern": pattern} | tally(rows, equivalent)
    summary |= {area: tally(part, equivalent) for area, part in by_area.items()}
    print(json.dumps(summary, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
