"""The rule book (data/RULES.md) and what data/README.md says about the data agree with the code and the CSVs.

These stand on the repository alone; `tests/test_reports_shared.py` checks the data against the reports' text."""

from __future__ import annotations

import csv
import re

import pytest

from cpmap import config
from cpmap.rules import STRONG_WORDS, rule_texts


def _rows(name: str) -> list[dict[str, str]]:
    with open(config.DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _flat(text: str) -> str:
    return " ".join(text.split())


RULES = (config.DATA_DIR / "RULES.md").read_text(encoding="utf-8")
README = (config.DATA_DIR / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("number", "title", "text"), rule_texts())
def test_each_coded_rule_is_written_in_the_rule_book_word_for_word(number, title, text):
    section = re.search(rf"^## {number} {re.escape(title)}\n(.*?)(?=^## |\Z)", RULES, re.MULTILINE | re.DOTALL)
    assert section, f"RULES.md has no section '## {number} {title}'"
    assert text in _flat(section.group(1)), f"{number}'s text in RULES.md differs from cpmap/rules.py"
    # one example that meets the rule and one that does not
    assert "- Meets" in section.group(1) and ("- Does not" in section.group(1) or "and not `named`" in section.group(1))


def test_every_override_keeps_a_row_minor_and_says_so_as_the_rule_book_says():
    overridden = [r for r in _rows("findings.csv") if r["override_reason"]]
    assert overridden and not [r for r in _rows("later_findings.csv") if r["override_reason"]]
    for row in overridden:
        assert row["override_reason"].startswith("Kept minor: ") and row["substantive"] == "no", row["finding_id"]
    r2 = RULES[RULES.index("## R2") : RULES.index("## R3")]
    named = set(re.findall(r"F\d{3}(?=[ ),;])", r2.split("Joint shortfalls", 1)[1]))
    assert named <= {r["finding_id"] for r in overridden}
    assert 'Every\n  override in the data keeps a row minor and begins "Kept minor:"' in r2


def test_no_row_is_filed_as_a_nearest_fit_or_speaks_of_our_working():
    words = re.compile(r"nearest (fit|type)|closest type|types_needed|\bNEW\d|owner", re.IGNORECASE)
    for name in ("findings.csv", "later_findings.csv", "passages.csv", "failure_types.csv"):
        for row in _rows(name):
            for column, value in row.items():
                assert not words.search(value or ""), f"{name} {column}: {value[:80]}"


def test_summaries_use_words_that_say_how_often_only_in_quotation_marks():
    strong = re.compile(r"\b(" + "|".join(STRONG_WORDS) + r")\b", re.IGNORECASE)
    for name in ("findings.csv", "later_findings.csv"):
        for row in _rows(name):
            assert not strong.search(re.sub(r'"[^"]*"', "", row["summary"])), row["summary"]


def test_the_readme_names_the_types_with_one_row_and_the_reports_read():
    counts: dict[str, int] = {t["id"]: 0 for t in _rows("failure_types.csv")}
    for name in ("findings.csv", "later_findings.csv"):
        for row in _rows(name):
            counts[row["failure_type"]] += 1
    single = sorted(t for t, n in counts.items() if n == 1)
    assert single == ["MARAC_REFERRAL"]
    assert "One type holds a single row (`MARAC_REFERRAL`)" in _flat(README)
    assert not [t for t, n in counts.items() if n == 0], "a type with no rows: say so in data/README.md"
    reports = {r["report_url"] for r in _rows("next_inspections.csv")}
    reports |= {r["report_url"] for r in _rows("inspections.csv") if r["police_read"] == "yes"}
    reports.discard("")
    assert len(reports) == 357 and "passage of the 357 reports read" in _flat(README)


def test_every_cited_passage_has_a_row_and_every_row_names_findings_that_cite_it():
    cited = set()
    for row in _rows("findings.csv"):
        if row["source_kind"] == "inspection_report":
            cited |= {(row["source_url"], p.strip(), row["finding_id"]) for p in row["paragraphs"].split(",")}
    for row in _rows("later_findings.csv"):
        cited |= {(row["report_url"], p.strip(), row["later_id"]) for p in row["paragraphs"].split(",")}
    listed = {(r["report_url"], r["paragraph"], i) for r in _rows("passages.csv") for i in r["finding_ids"].split()}
    assert listed == cited
    read = {r["report_url"] for name in ("inspections.csv", "next_inspections.csv") for r in _rows(name)}
    assert {r["report_url"] for r in _rows("passages.csv")} <= read
