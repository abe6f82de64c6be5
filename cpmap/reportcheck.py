"""Check the data against the reports' own text: every citation, quotation and police passage.

The texts are those of `../shared/reports/` (`pdftotext -layout`, an `index.csv` naming each report's file by its
`report_url`); they are read in place and never copied. Each problem names the data file, line and column, as
`cpmap validate` does.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cpmap.frontpage import front_page
from cpmap.problems import Problem
from cpmap.reporttext import Passage, contains_phrase, passages
from cpmap.rules import quoted_phrases
from cpmap.vocab import REPORT, YES

Record = Mapping[str, str]


@dataclass
class ReportTexts:
    """The reports' texts by report_url, parsed into passages on first use."""

    directory: Path
    files: dict[str, str] = field(default_factory=dict)
    _parsed: dict[str, dict[str, Passage]] = field(default_factory=dict)

    @classmethod
    def open(cls, directory: Path) -> ReportTexts:
        """The texts named by DIR/index.csv (`report_url`, `text` columns)."""
        with open(directory / "index.csv", newline="", encoding="utf-8") as handle:
            files = {r["report_url"]: r["text"] for r in csv.DictReader(handle) if r.get("text")}
        return cls(directory, files)

    def has(self, url: str) -> bool:
        return url in self.files

    def name(self, url: str) -> str:
        return self.files.get(url, url)

    def text(self, url: str) -> str:
        return (self.directory / self.files[url]).read_text(encoding="utf-8")

    def passages(self, url: str) -> dict[str, Passage]:
        if url not in self._parsed:
            self._parsed[url] = {p.label: p for p in passages(self.text(url))}
        return self._parsed[url]


@dataclass(frozen=True)
class Tables:
    """The validated records the checker reads, each with the file it came from."""

    findings: list[Record]
    later_findings: list[Record]
    passages: list[Record]
    reports_read: list[str]  # report_url of every report read (inspections and next inspections)
    files: Mapping[str, str]  # kind -> file name, for messages
    then_latest: list[Record] = field(default_factory=list)
    inspections: list[Record] = field(default_factory=list)


@dataclass
class CheckResult:
    problems: list[Problem] = field(default_factory=list)
    reports: int = 0
    citations: int = 0
    quotations: int = 0
    police_passages: int = 0

    def summary(self) -> str:
        return (
            f"{self.reports} reports, {self.citations} citations, {self.quotations} quotations, "
            f"{self.police_passages} police passages checked: {len(self.problems)} problem(s)"
        )


def _labels(cell: str) -> list[str]:
    return [p.strip() for p in cell.replace(";", ",").split(",") if p.strip()]


class _Checker:
    def __init__(self, tables: Tables, texts: ReportTexts):
        self.tables, self.texts, self.result = tables, texts, CheckResult()

    def fail(self, kind: str, record: Record | None, column: str, message: str, expected: str = "") -> None:
        line = int(record.get("line", 0) or 0) if record else 0
        self.result.problems.append(Problem(self.tables.files[kind], line, column, message, expected))

    def cited(self, kind: str, record: Record, url: str, column: str = "paragraphs") -> list[Passage]:
        """The passages a row cites; a label the report does not have is a problem."""
        found = []
        if not self.texts.has(url):
            self.fail(
                kind,
                record,
                "report_url" if kind != "findings" else "source_url",
                f"{url} is not among the report texts",
                "a report listed in the texts' index.csv",
            )
            return found
        report = self.texts.passages(url)
        for label in _labels(record.get(column, "")):
            self.result.citations += 1
            if label in report:
                found.append(report[label])
            else:
                self.fail(
                    kind,
                    record,
                    column,
                    f"{label!r} is not a paragraph or section of {self.texts.name(url)}",
                    "a label as the report's text has it (cpmap check-reports --list)",
                )
        return found

    def check_row(self, kind: str, record: Record, url: str) -> list[Passage]:
        cited = self.cited(kind, record, url)
        if not cited:
            return cited
        words = tuple(w for p in cited for w in (*p.words, ""))
        for phrase in quoted_phrases(record.get("summary", "")):
            self.result.quotations += 1
            if not contains_phrase(words, phrase):
                self.fail(
                    kind,
                    record,
                    "summary",
                    f"quotes {phrase[:60]!r}, which is not word for word in "
                    f"{record.get('paragraphs')} of {self.texts.name(url)}",
                    "the report's exact words",
                )
        quantifier = record.get("report_quantifier", "")
        if quantifier and not contains_phrase(words, quantifier):
            self.fail(
                kind,
                record,
                "report_quantifier",
                f"{quantifier!r} is not in the cited paragraphs",
                "the report's own words for how often",
            )
        if record.get("police_named") == YES and not any(p.mentions_police for p in cited):
            self.fail(
                kind,
                record,
                "police_named",
                "is yes but no cited passage names the police",
                "no, or a citation of the passage that names them",
            )
        if record.get("fixed_paragraphs"):
            self.cited(kind, record, url, "fixed_paragraphs")
        return cited


def check_reports(tables: Tables, texts: ReportTexts) -> CheckResult:
    """Every cited paragraph exists, every quotation is word for word, police_named holds, and every passage of
    the reports read that names the police has a row in passages.csv whose findings cite it."""
    checker = _Checker(tables, texts)
    cited_by: dict[tuple[str, str], set[str]] = {}
    findings = {r["finding_id"]: r for r in tables.findings}
    for record in tables.findings:
        if record.get("source_kind") == REPORT:
            for p in checker.check_row("findings", record, record["source_url"]):
                cited_by.setdefault((record["source_url"], p.label), set()).add(record["finding_id"])
    for record in tables.later_findings:
        for p in checker.check_row("later_findings", record, record["report_url"]):
            cited_by.setdefault((record["report_url"], p.label), set()).add(record["later_id"])
        _check_then(checker, record, findings)
    report_of = {r["inspection_id"]: r["report_url"] for r in tables.inspections}
    for record in tables.then_latest:
        if record.get("paragraphs"):
            checker.check_row("then_latest", record, report_of.get(record["inspection_id"], ""))
    _check_front_pages(checker, tables)
    _check_passages(checker, tables, cited_by)
    return checker.result


def _check_front_pages(checker: _Checker, tables: Tables) -> None:
    """An ILACS inspection row's dates and judgements are those of its report's front page."""
    for record in tables.inspections:
        url = record.get("report_url", "")
        if not record.get("framework", "").startswith("ilacs") or not checker.texts.has(url):
            continue
        page = front_page(checker.texts.text(url))
        if page is None:
            checker.fail("inspections", record, "framework", "is ILACS but the report has no judgement grid", "sif")
            continue
        stated = {"inspection_start": page.inspection_start, "inspection_end": page.inspection_end, **page.judgements}
        for column in ("inspection_start", "inspection_end", *ILACS_COLUMNS):
            if record.get(column, "") != stated.get(column, ""):
                checker.fail(
                    "inspections",
                    record,
                    column,
                    f"{record.get(column, '') or 'blank'!r} is not what {checker.texts.name(url)}'s front page says",
                    stated.get(column, "") or "blank",
                )


ILACS_COLUMNS = (
    "overall_judgement",
    "leadership_judgement",
    "help_protection_judgement",
    "looked_after_judgement",
    "care_leavers_judgement",
)


def _check_then(checker: _Checker, record: Record, findings: Mapping[str, Record]) -> None:
    then_id = record.get("then_finding_id", "")
    if not then_id:
        return
    then = findings.get(then_id)
    if then is None:
        checker.fail("later_findings", record, "then_finding_id", f"{then_id} is not a finding", "an id in findings")
    elif then.get("council_code") != record.get("council_code"):
        checker.fail(
            "later_findings",
            record,
            "then_finding_id",
            f"{then_id} is about another council",
            f"a finding of {record.get('council_name')}",
        )
    elif record.get("then_failure_type") and then.get("failure_type") != record.get("then_failure_type"):
        checker.fail(
            "later_findings",
            record,
            "then_failure_type",
            f"{record.get('then_failure_type')} is not the type of {then_id}",
            then.get("failure_type", ""),
        )


def _check_passages(checker: _Checker, tables: Tables, cited_by: Mapping[tuple[str, str], set[str]]) -> None:
    listed: dict[tuple[str, str], Record] = {}
    for record in tables.passages:
        url, label = record["report_url"], record["paragraph"]
        listed[(url, label)] = record
        if not checker.texts.has(url):
            checker.fail("passages", record, "report_url", f"{url} is not among the report texts", "a listed report")
            continue
        if label not in checker.texts.passages(url):
            checker.fail(
                "passages",
                record,
                "paragraph",
                f"{label!r} is not a paragraph or section of {checker.texts.name(url)}",
                "a label it has",
            )
            continue
        for finding_id in record.get("finding_ids", "").split():
            if finding_id not in cited_by.get((url, label), set()):
                checker.fail(
                    "passages",
                    record,
                    "finding_ids",
                    f"{finding_id} does not cite {label!r} of this report",
                    "the rows that cite it",
                )
    for (url, label), ids in sorted(cited_by.items()):
        if (url, label) not in listed:
            checker.fail(
                "passages",
                None,
                "paragraph",
                f"{checker.texts.name(url)} {label!r} is cited by {' '.join(sorted(ids))} but has no row",
                "a row for every cited passage",
            )
            continue
        missing = sorted(ids - set(listed[(url, label)].get("finding_ids", "").split()))
        if missing:
            checker.fail(
                "passages",
                listed[(url, label)],
                "finding_ids",
                f"leaves out {' '.join(missing)}, which cite{'s' if len(missing) == 1 else ''} {label!r} of this report",
                "every row that cites it",
            )
    for url in _unique(tables.reports_read):
        if not checker.texts.has(url):
            continue
        checker.result.reports += 1
        for label, passage in checker.texts.passages(url).items():
            if passage.mentions_police:
                checker.result.police_passages += 1
                if (url, label) not in listed:
                    checker.fail(
                        "passages",
                        None,
                        "paragraph",
                        f"{checker.texts.name(url)} {label!r} names the police but has no row",
                        "a row reading it as weakness, strength, neutral or remedy",
                    )


def _unique(items: Iterable[str]) -> list[str]:
    return [i for i in dict.fromkeys(items) if i]


def list_passages(texts: ReportTexts, url: str, police_only: bool = True) -> list[tuple[str, int, bool]]:
    """(label, line, names the police) of a report's passages, for finding candidates to read."""
    return [
        (p.label, p.line, p.mentions_police)
        for p in texts.passages(url).values()
        if p.mentions_police or not police_only
    ]


__all__ = ["CheckResult", "ReportTexts", "Tables", "check_reports", "list_passages"]
