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
    assert out.splitlines()[-1].startswith("cpmap check-reports: 203 reports, ")
    assert out.splitlines()[-1].endswith(" police passages checked: 0 problem(s)")


def test_a_report_lists_its_passages_as_the_checker_cuts_them(texts, capsys):
    stockton_2016 = "https://files.ofsted.gov.uk/v1/file/2761258"
    assert main(["check-reports", "--texts", str(texts), "--list", stockton_2016]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "* '16' (line 492)" in lines
    assert any(line.startswith("* 'exec summary'") for line in lines)
