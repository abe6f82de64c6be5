"""`cpmap validate`, `cpmap export` and `cpmap coverage` as a user runs them: exit codes and message format."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cpmap import config
from cpmap.cli import main
from cpmap.coverage import compute_coverage, coverage_table

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TALLY = re.compile(
    r"^(?P<file>.+): (?P<kind>[a-z_]+): (?P<verdict>valid|INVALID): "
    r"rows read (?P<read>\d+) = accepted (?P<accepted>\d+) \+ rejected (?P<rejected>\d+)$"
)
PROBLEM = re.compile(r"^(?P<file>.+?)(?::(?P<line>\d+))?: (?P<column>[^:]+): (?P<message>.+) \(expected .+\)$")


def cpmap(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed entry point's module, run as a separate process on the committed layers."""
    return subprocess.run(
        [sys.executable, "-m", "cpmap.cli", *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def tallies(stdout: str) -> dict[str, re.Match[str]]:
    return {m["file"]: m for m in map(TALLY.match, stdout.splitlines()) if m}


def test_the_bundled_files_are_valid_and_exit_0():
    files = [str(config.DATA_DIR / f"{kind}.csv") for kind in ("findings", "inspections")]
    done = cpmap("validate", *files)
    assert done.returncode == 0, done.stdout + done.stderr
    found = tallies(done.stdout)
    assert set(found) == set(files)
    for match in found.values():
        assert match["verdict"] == "valid" and match["read"] == match["accepted"] and match["rejected"] == "0"


def test_every_bundled_table_validates_with_its_kind_detected(capsys):
    files = sorted(str(p) for p in config.DATA_DIR.glob("*.csv"))
    assert main(["validate", *files]) == 0
    found = tallies(capsys.readouterr().out)
    assert {m["kind"] for m in found.values()} == {
        "findings",
        "inspections",
        "failure_types",
        "force_responses",
        "letters",
        "next_inspections",
        "passages",
        "later_findings",
        "then_latest",
    }


def test_a_broken_copy_gets_one_line_per_problem_then_the_count_and_exit_1(tmp_path):
    with open(config.DATA_DIR / "findings.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[2][rows[0].index("confidence")] = "certain"  # line 3
    rows[5][rows[0].index("source_url")] = "javascript://example.org/"  # line 6
    rows[7][rows[0].index("council_code")] = "E06999999"  # line 8
    broken = tmp_path / "broken findings.csv"
    with open(broken, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    lines = rows
    done = cpmap("validate", str(broken))
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    out = done.stdout.splitlines()
    problems = [PROBLEM.match(line) for line in out[:-1]]
    assert all(problems), out
    assert [(int(m["line"]), m["column"]) for m in problems] == [
        (3, "confidence"),
        (6, "source_url"),
        (8, "council_code"),
    ]
    assert all(m["file"] == str(broken) for m in problems)
    tally = TALLY.match(out[-1])
    assert tally and tally["verdict"] == "INVALID"
    assert (int(tally["read"]), int(tally["accepted"]), int(tally["rejected"])) == (len(lines) - 1, len(lines) - 4, 3)


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("empty.csv", b"", "is empty"),
        ("header-only.csv", None, "no data rows"),
        ("semicolons.csv", "semicolons", "semicolons"),
        ("bom.csv", "bom", None),
        ("latin1.csv", "latin1", "UTF-8"),
        ("garbage.bin", bytes(range(256)) * 8, "NUL"),
    ],
)
def test_awkward_bytes_never_give_a_traceback_and_always_give_a_count(tmp_path, name, data, words, capsys):
    good = (config.DATA_DIR / "findings.csv").read_bytes()
    if data is None:
        data = good.split(b"\n", 1)[0] + b"\n"
    elif data == "semicolons":
        data = good.replace(b",", b";")
    elif data == "bom":
        data = b"\xef\xbb\xbf" + good
    elif data == "latin1":
        data = good.decode("utf-8").replace("Bury", "B\u00fcry", 1).encode("latin-1")
    path = tmp_path / name
    path.write_bytes(data)
    status = main(["validate", str(path)])
    out = capsys.readouterr().out.splitlines()
    tally = TALLY.match(out[-1])
    assert tally, out
    assert int(tally["read"]) == int(tally["accepted"]) + int(tally["rejected"])
    if words is None:
        assert status == 0 and tally["verdict"] == "valid"
    else:
        assert status == 1 and tally["verdict"] == "INVALID"
        assert any(words in line for line in out[:-1]), out


def test_the_rows_of_a_refused_file_are_still_counted(tmp_path, capsys):
    rows = len((config.DATA_DIR / "findings.csv").read_text(encoding="utf-8").splitlines()) - 1
    path = tmp_path / "semi.csv"
    path.write_bytes((config.DATA_DIR / "findings.csv").read_bytes().replace(b",", b";"))
    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().out.splitlines()[-1].endswith(f"rows read {rows} = accepted 0 + rejected {rows}")


def test_a_directory_and_a_missing_file_are_named_and_counted(tmp_path, capsys):
    (tmp_path / "folder.csv").mkdir()
    status = main(["validate", str(tmp_path / "folder.csv"), str(tmp_path / "nope.csv")])
    out = capsys.readouterr().out
    assert status == 1
    assert f"{tmp_path / 'folder.csv'}: (file): cannot be read" in out
    assert f"{tmp_path / 'nope.csv'}: (file): cannot be read: No such file or directory" in out
    assert len(tallies(out)) == 2


def test_one_bad_file_among_good_ones_makes_the_exit_status_1(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("failure_type\n", encoding="utf-8")
    assert main(["validate", str(config.DATA_DIR / "findings.csv"), str(bad)]) == 1
    verdicts = {Path(f).name: m["verdict"] for f, m in tallies(capsys.readouterr().out).items()}
    assert verdicts == {"findings.csv": "valid", "bad.csv": "INVALID"}


def test_kind_can_be_forced(capsys):
    assert main(["validate", "--kind", "inspections", str(config.DATA_DIR / "findings.csv")]) == 1
    out = capsys.readouterr().out
    assert "lacks column(s) overall_judgement" in out


def test_against_bundled_rejects_repeats_of_the_bundled_findings(capsys):
    assert main(["validate", "--against-bundled", str(config.DATA_DIR / "findings.csv")]) == 1
    out = capsys.readouterr().out.splitlines()
    assert "repeats bundled finding F001" in out[0]
    n = len(read_csv_rows(config.DATA_DIR / "findings.csv"))
    assert out[-1].endswith(f"rows read {n} = accepted 0 + rejected {n}")


def read_csv_rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_a_usage_error_exits_2_with_argparse_help():
    done = cpmap("validate", "--kind", "nonsense", "x.csv")
    assert done.returncode == 2
    assert "invalid choice" in done.stderr and "Traceback" not in done.stderr


def test_export_to_an_unwritable_place_exits_2_naming_it(tmp_path):
    target = tmp_path / "no-such-folder" / "councils.csv"
    done = cpmap("export", "--layer", "councils", "--format", "csv", "--out", str(target))
    assert done.returncode == 2
    assert f"{target}: (file): cannot be written" in done.stderr
    assert "Traceback" not in done.stderr


def test_export_to_stdout_writes_the_csv(capsysbinary):
    assert main(["export", "--layer", "forces", "--format", "csv", "--out", "-"]) == 0
    out = capsysbinary.readouterr().out.decode("utf-8-sig").splitlines()
    assert out[0] == "code,name,n_councils,n_councils_inspected,n_councils_with_findings,failure_types,n_findings"
    assert len(out) == 1 + 39


def test_coverage_prints_the_table_computed_from_the_data(capsys, dataset):
    assert main(["coverage"]) == 0
    assert capsys.readouterr().out.strip() == coverage_table(compute_coverage(dataset))
