"""The bundled data against the reports' own text in ../shared/reports (never copied into the repository): every
citation, quotation and police passage. Skipped, saying why, on a machine without it (a user's clone)."""

from __future__ import annotations

import pytest

from cpmap import config
from cpmap.cli import main

TEXTS = config.PROJECT_ROOT / config.REPORT_TEXTS_BESIDE


@pytest.fixture(scope="module")
def texts():
    if not (TEXTS / "index.csv").is_file():
        pytest.skip(f"the reports' text is not beside the project ({TEXTS}): nothing to check the citations against")
    return TEXTS


def test_the_bundled_data_checks_out_against_every_report_read(texts, capsys):
    status = main(["check-reports", "--texts", str(texts)])
    out = capsys.readouterr().out
    assert status == 0, out
    assert out.splitlines()[-1].startswith("cpmap check-reports: 357 reports, ")
    assert out.splitlines()[-1].endswith(" police passages checked: 0 problem(s)")


def test_a_report_lists_its_passages_as_the_checker_cuts_them(texts, capsys):
    stockton_2016 = "https://files.ofsted.gov.uk/v1/file/2761258"
    assert main(["check-reports", "--texts", str(texts), "--list", stockton_2016]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "* '16' (line 492)" in lines
    assert any(line.startswith("* 'exec summary'") for line in lines)


# Our own words, quoting a few words at most: no text of ours repeats this many consecutive words of its report.
MAX_COPIED_RUN = 8


def test_no_text_of_ours_repeats_a_long_run_of_its_reports_words(texts):
    import csv

    from cpmap.reportcheck import ReportTexts
    from cpmap.reporttext import words_of

    reports = ReportTexts.open(texts)
    runs: dict[str, set[tuple[str, ...]]] = {}

    def report_runs(url: str) -> set[tuple[str, ...]]:
        if url not in runs:
            words = words_of((texts / reports.files[url]).read_text(encoding="utf-8"))
            runs[url] = {tuple(words[i : i + MAX_COPIED_RUN]) for i in range(len(words) - MAX_COPIED_RUN + 1)}
        return runs[url]

    tables = (
        ("findings", "source_url", ("summary", "note", "override_reason")),
        ("later_findings", "report_url", ("summary", "note")),
        ("passages", "report_url", ("note",)),
        ("inspections", "report_url", ("note",)),
    )
    copied = []
    for table, url_column, columns in tables:
        with open(config.DATA_DIR / f"{table}.csv", encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                url = row[url_column]
                if not reports.has(url):
                    continue
                for column in columns:
                    words = words_of(row.get(column, ""))
                    grams = {tuple(words[i : i + MAX_COPIED_RUN]) for i in range(len(words) - MAX_COPIED_RUN + 1)}
                    if grams & report_runs(url):
                        copied.append(f"{table}.csv:{line}: {column}")
    assert copied == [], copied
