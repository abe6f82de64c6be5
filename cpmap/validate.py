"""Check findings and inspections CSVs row by row against the 2016 areas and the failure types.

Every row is either accepted (normalised: council code resolved, council name and force filled in) or
rejected with one Problem per thing wrong with it, so `rows_read == accepted + rejected` always holds.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from cpmap.csvtable import MAX_CSV_BYTES, CsvTable, Row, read_csv
from cpmap.gazetteer import Gazetteer
from cpmap.names import CouncilResolver
from cpmap.problems import Problem
from cpmap.rules import (
    LATER_READINGS,
    READINGS,
    SCOPES,
    WEAKNESS,
    finding_breaches,
    later_breaches,
    latest_breaches,
    strong_words_outside_quotes,
)
from cpmap.vocab import (
    ATTRIBUTIONS,
    CONFIDENCE_LEVELS,
    FRAMEWORKS,
    IMPROVEMENT_BASES,
    INFERRED,
    INSPECTION_WINDOWS,
    JUDGEMENTS,
    LATER_STATUSES,
    LATEST_READINGS,
    LATEST_STATUSES,
    LETTER_WINDOW,
    NEXT_TYPES,
    NO,
    NOT_GIVEN,
    REPORT,
    SIF_ROUND,
    SOURCE_KINDS,
    STATED,
    SUB_JUDGEMENTS,
    YES,
)

MAX_SUMMARY_CHARS = 2000
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# A paragraph number or range (24, 24-26), or an unnumbered section named in words ("exec summary").
_PARAGRAPH = re.compile(r"^\d{1,3}(?:\s*[-–]\s*\d{1,3})?$|^[A-Za-z][A-Za-z0-9 '&/():?-]{1,118}[A-Za-z0-9)?]$")
# Columns that record what was read in a finding's passage (the rule inputs of data/RULES.md): a file with
# `police_named` has them all, and its verdicts must follow from them.
FINDING_RULE_INPUTS = (
    "police_named",
    "council_named",
    "fixed_before_inspection",
    "fixed_paragraphs",
    "scope",
    "report_quantifier",
    "override_reason",
)
LATER_RULE_INPUTS = (
    "then_finding_id",
    "reading",
    "same_process",
    "police_named",
    "report_quantifier",
    "override_reason",
)
# One passage's label: a paragraph number, or a section's name (which may hold a comma).
_PASSAGE_LABEL = re.compile(r"^\d{1,3}$|^[A-Za-z][A-Za-z0-9 '&/():?,-]{1,118}[A-Za-z0-9)?]$")
# An inspection: its council's code and its report's publication date.
_INSPECTION_ID = re.compile(r"^E\d{8}-\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_FINDING_ID = re.compile(r"^[FL]\d{3,4}$")


@dataclass(frozen=True)
class Reference:
    """What rows are checked against."""

    gazetteer: Gazetteer
    failure_type_ids: frozenset[str]
    # Findings already held (finding_key → a label such as "bundled finding F001"): an upload repeating one is
    # rejected, so the same weakness is not counted twice on the map.
    known_findings: Mapping[tuple[str, ...], str] = field(default_factory=dict)

    @property
    def resolver(self) -> CouncilResolver:
        return CouncilResolver(self.gazetteer)


@dataclass(frozen=True)
class Schema:
    kind: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    # At least one of these must be a column: how the row names its area.
    area_columns: tuple[str, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + tuple(c for c in self.optional if c not in self.required)


@dataclass
class Validated:
    kind: str
    source: str
    rows_read: int = 0
    records: list[dict[str, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rejected_lines: list[int] = field(default_factory=list)
    # Things worth knowing that do not make the file invalid, e.g. columns that are not used.
    notes: list[str] = field(default_factory=list)

    @property
    def accepted(self) -> int:
        return len(self.records)

    @property
    def rejected(self) -> int:
        return len(self.rejected_lines)

    @property
    def ok(self) -> bool:
        return not self.problems

    def tally(self) -> str:
        return f"rows read {self.rows_read} = accepted {self.accepted} + rejected {self.rejected}"


def detect_kind(header: Iterable[str]) -> str | None:
    """The kind of table a header belongs to, or None when it resembles none closely enough."""
    columns = {c for c in header if c}
    for table in TABLES.values():
        if table.marker and table.marker <= columns:
            return table.kind
    for table in TABLES.values():
        if not table.marker and set(table.schema.required) <= columns <= set(table.schema.columns):
            return table.kind
    # Otherwise the main kind the header most resembles, so that its missing columns can be named.
    scores = {kind: len(columns & set(TABLES[kind].schema.columns)) for kind in ("findings", "inspections")}
    best = max(scores, key=lambda kind: scores[kind])
    if scores[best] >= 2 and list(scores.values()).count(scores[best]) == 1:
        return best
    return None


def _check_url(value: str) -> str | None:
    if not value:
        return "is blank"
    if any(ch.isspace() for ch in value) or _CONTROL.search(value):
        return "contains spaces or control characters"
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return f"{value[:60]!r} is not an http(s) URL"
    return None


def parse_partial_date(value: str) -> tuple[int, ...] | None:
    """'2016', '2016-05' or '2016-05-23' as a tuple; None when it is not a real date of that shape.

    >>> parse_partial_date("2016-05"), parse_partial_date("2016-02-30"), parse_partial_date("May 2016")
    ((2016, 5), None, None)
    """
    match = _DATE.match(value)
    if not match:
        return None
    parts = tuple(int(p) for p in match.groups() if p is not None)
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return None
    return parts


class _RowChecker:
    def __init__(self, source: str, row: Row):
        self.source, self.row, self.problems = source, row, []

    def get(self, column: str) -> str:
        return self.row.values.get(column, "")

    def fail(self, column: str, message: str, expected: str = "") -> None:
        self.problems.append(Problem(self.source, self.row.line, column, message, expected))

    def choice(self, column: str, allowed: tuple[str, ...], *, blank_ok: bool = False) -> str:
        value = self.get(column).strip().lower()
        if not value and blank_ok:
            return ""
        canonical = {a.lower(): a for a in allowed}  # case aside, as the vocabulary spells it
        if value not in canonical:
            shown = repr(self.get(column)[:60]) if value else "blank"
            self.fail(column, f"{shown} is not allowed", "one of " + ", ".join(allowed))
            return value
        return canonical[value]

    def text(self, column: str, *, limit: int = MAX_SUMMARY_CHARS, required: bool = True) -> str:
        value = self.get(column)
        if required and not value:
            self.fail(column, "is blank", "text")
        elif len(value) > limit:
            self.fail(column, f"is {len(value)} characters long", f"at most {limit}")
        elif _CONTROL.search(value):
            self.fail(column, "contains control characters", "plain text")
        return value

    def url(self, column: str) -> str:
        value = self.get(column)
        error = _check_url(value)
        if error:
            self.fail(column, error, "an http:// or https:// address")
        return value

    def date(self, column: str) -> str:
        value = self.get(column)
        if value and parse_partial_date(value) is None:
            self.fail(column, f"{value[:40]!r} is not a date", "YYYY, YYYY-MM or YYYY-MM-DD")
        return value

    def optional_url(self, column: str) -> str:
        return self.url(column) if self.get(column) else ""

    def paragraphs(self, column: str = "paragraphs") -> str:
        """A report's paragraph list ('24', '22, 131', 'exec summary; 24'), normalised to ', '-separated."""
        value = self.get(column).strip()
        if not value:
            return ""
        parts = [p.strip() for p in re.split(r"[;,]", value)]
        bad = [p for p in parts if not _PARAGRAPH.match(p)]
        if bad:
            self.fail(
                column,
                f"{bad[0][:40]!r} is not a paragraph number or section name",
                "numbers such as 24 or 22, 131 (ranges 24-26), or a section name such as exec summary",
            )
            return value
        return ", ".join(parts)


def _resolve_council(check: _RowChecker, resolver: CouncilResolver) -> tuple[str, bool]:
    """The council code the row names ('' when it names none) and whether that resolution failed."""
    code, name = check.get("council_code"), check.get("council_name")
    if not code and not name:
        return "", False
    resolution = resolver.resolve(code, name)
    if resolution.ok:
        return resolution.code or "", False
    expected = "a 2016 English council code or name"
    if resolution.candidates:
        expected = "one of " + "; ".join(resolution.candidates)
    check.fail("council_code" if code else "council_name", resolution.reason, expected)
    return "", True


def _council_and_force(check: _RowChecker, ref: Reference, resolver: CouncilResolver) -> tuple[str, str]:
    """The row's council (may be '') and its force: the council's own, or a valid English force code."""
    council_code, failed = _resolve_council(check, resolver)
    force_code = check.get("force_code").upper()
    gaz = ref.gazetteer
    if council_code:
        expected_force = gaz.council(council_code).force_code
        if force_code and force_code != expected_force:
            actual = gaz.forces[force_code].name if force_code in gaz.forces else "not a force code"
            check.fail(
                "force_code",
                f"{force_code} ({actual}) is not the force of {gaz.council(council_code).name}",
                f"{expected_force} ({gaz.forces[expected_force].name})",
            )
        force_code = expected_force
    elif not failed:
        if not force_code:
            check.fail("force_code", "is blank and no council is given", "a council or an E23 force code")
        elif force_code not in gaz.forces or not gaz.forces[force_code].in_england:
            check.fail(
                "force_code", f"{force_code[:20]!r} is not an English police force area code", "E23000001–E23000039"
            )
    return council_code, force_code


def _failure_type(check: _RowChecker, ref: Reference, column: str = "failure_type", *, blank_ok: bool = False) -> str:
    value = check.get(column).upper()
    if not value and blank_ok:
        return ""
    if value not in ref.failure_type_ids:
        shown = repr(check.get(column)[:40]) if value else "blank"
        check.fail(column, f"{shown} is not a known failure type", "an id from failure_types.csv")
    return value


def _check_finding(check: _RowChecker, ref: Reference, resolver: CouncilResolver) -> dict[str, str]:
    council_code, force_code = _council_and_force(check, ref, resolver)
    source_kind = check.choice("source_kind", SOURCE_KINDS)
    paragraphs = check.paragraphs()
    # A file that has the column must cite the report's paragraphs for each row that rests on a report.
    if source_kind == REPORT and "paragraphs" in check.row.values and not paragraphs:
        check.fail("paragraphs", "is blank for a finding from an inspection report", "the report's paragraph numbers")
    attribution = check.choice("attribution", ATTRIBUTIONS, blank_ok=True) or STATED
    if attribution == INFERRED and not council_code:
        check.fail("attribution", "is inferred but no council is given", "a council the finding is tied to")
    in_report = check.choice("in_report", (YES, NO), blank_ok=True)
    if in_report and source_kind == REPORT:
        check.fail("in_report", "is given for a finding from the report itself", "blank for report rows")
    record = {
        "finding_id": check.text("finding_id", limit=40, required=False),
        "council_code": council_code,
        "council_name": ref.gazetteer.council(council_code).name if council_code else "",
        "force_code": force_code,
        "failure_type": _failure_type(check, ref),
        "summary": check.text("summary"),
        "paragraphs": paragraphs,
        "substantive": check.choice("substantive", (YES, NO), blank_ok=True),
        "attribution": attribution,
        "in_report": in_report,
        "source_url": check.url("source_url"),
        "source_kind": source_kind,
        "confidence": check.choice("confidence", CONFIDENCE_LEVELS),
        "note": check.text("note", limit=500, required=False),
    }
    if "inspection_id" in check.row.values:
        record["inspection_id"] = _finding_inspection(check, source_kind)
    if "police_named" in check.row.values:
        record.update(_finding_rule_inputs(check, source_kind))
        if not check.problems:
            _check_rules(check, finding_breaches(record), record)
    return record


def _finding_inspection(check: _RowChecker, source_kind: str) -> str:
    """The inspection a finding belongs to: required for a report's own finding, where the file has the column."""
    value = check.get("inspection_id").strip()
    if value and not _INSPECTION_ID.match(value):
        check.fail("inspection_id", f"{value[:30]!r} is not an inspection id", "E06000004-2016-08-05")
    elif not value and source_kind == REPORT:
        check.fail("inspection_id", "is blank for a finding from an inspection report", "the report's inspection")
    return value


def _finding_rule_inputs(check: _RowChecker, source_kind: str) -> dict[str, str]:
    """The rule inputs read from a finding's passage (data/RULES.md), each checked for its own values."""
    inputs = {
        "police_named": check.choice("police_named", (YES, NO)),
        "council_named": check.choice("council_named", (YES, NO), blank_ok=True),
        "fixed_before_inspection": check.choice("fixed_before_inspection", (YES, NO)),
        "fixed_paragraphs": check.paragraphs("fixed_paragraphs"),
        # A letter row tied to a council by us is not assessed, so it may leave its scope blank.
        "scope": check.choice("scope", SCOPES, blank_ok=source_kind != REPORT),
        "report_quantifier": check.text("report_quantifier", limit=80, required=False),
        "override_reason": check.text("override_reason", limit=300, required=False),
    }
    if source_kind == REPORT and inputs["council_named"]:
        check.fail("council_named", "is given for a finding from the report itself", "blank for report rows")
    if source_kind != REPORT and source_kind and not inputs["council_named"]:
        check.fail("council_named", f"is blank for a {source_kind} finding", "yes or no")
    if inputs["fixed_before_inspection"] == YES and not inputs["fixed_paragraphs"]:
        check.fail(
            "fixed_paragraphs", "is blank for a weakness fixed before the inspection", "where the report says so"
        )
    _check_strength(check)
    return inputs


def _check_strength(check: _RowChecker) -> None:
    """R7: words that say how often only inside quotation marks."""
    strong = strong_words_outside_quotes(check.get("summary"))
    if strong:
        check.fail(
            "summary",
            f"says {strong[0]!r} outside quotation marks (rule R7)",
            "the report's own quantifier in quotation marks",
        )


def _check_rules(check: _RowChecker, breaches: list, record: dict[str, str]) -> None:
    for breach in breaches:
        stored = record.get(breach.column, "") or "blank"
        check.fail(
            breach.column,
            f"{stored!r} disagrees with rule {breach.rule}",
            f"{breach.expected} from the row's rule inputs, or an override_reason",
        )


def _inspection_dates(check: _RowChecker) -> tuple[str, str]:
    start, end = check.date("inspection_start"), check.date("inspection_end")
    parsed_start, parsed_end = parse_partial_date(start), parse_partial_date(end)
    if parsed_start and parsed_end and len(parsed_start) == len(parsed_end) == 3 and parsed_end < parsed_start:
        check.fail("inspection_end", f"{end} is before inspection_start {start}", "a date on or after the start")
    return start, end


def _required_council(check: _RowChecker, resolver: CouncilResolver) -> str:
    council_code, failed = _resolve_council(check, resolver)
    if not council_code and not failed:
        check.fail("council_code", "is blank and so is council_name", "a 2016 English council code or name")
    return council_code


def window_of(published: str) -> str:
    """`letter` for a report published in the letter's window, `fy_only` for Apr–Sep 2015, `round` for another
    single-inspection-framework report (Nov 2013 – 2018), else ''.

    >>> window_of("2016-09-20"), window_of("2015-09-18"), window_of("2016-11-25"), window_of("2019-01"), window_of("2016")
    ('letter', 'fy_only', 'round', '', '')
    >>> window_of("2014"), window_of("2017"), window_of("2013"), window_of("2019")
    ('round', 'round', '', '')
    """
    parts = parse_partial_date(published) if published else None
    if parts is None:
        return ""
    if len(parts) == 1:  # a year alone: the round's, unless it could also be 2015/16's
        return "round" if SIF_ROUND[0][0] < parts[0] <= SIF_ROUND[1][0] and parts[0] not in (2015, 2016) else ""
    (first, last) = LETTER_WINDOW
    if first <= parts[:2] <= last:
        return "letter"
    if (2015, 4) <= parts[:2] < first:
        return "fy_only"
    if SIF_ROUND[0] <= parts[:2] <= SIF_ROUND[1]:
        return "round"
    return ""


def _check_inspection(check: _RowChecker, ref: Reference, resolver: CouncilResolver) -> dict[str, str]:
    council_code = _required_council(check, resolver)
    start, end = _inspection_dates(check)
    published = check.date("published")
    framework = check.choice("framework", FRAMEWORKS, blank_ok=True)
    window = check.choice("window", INSPECTION_WINDOWS, blank_ok=True)
    derived = "ilacs" if framework.startswith("ilacs") else window_of(published)
    if window and derived and window != derived:
        fits = f"framework {framework}" if framework.startswith("ilacs") else f"publication date {published}"
        check.fail("window", f"{window!r} does not fit {fits}", f"{derived}")
    gaz = ref.gazetteer
    inspection_id = check.get("inspection_id").strip()
    if inspection_id and not _INSPECTION_ID.match(inspection_id):
        check.fail("inspection_id", f"{inspection_id[:30]!r} is not an inspection id", "E06000004-2016-08-05")
    overall = check.choice("overall_judgement", JUDGEMENTS)
    if overall == NOT_GIVEN and not (framework.startswith("ilacs") and start >= "2026-04"):
        check.fail(
            "overall_judgement",
            "is 'not given' for a report inspected before April 2026 or outside ILACS",
            "the report's overall effectiveness judgement",
        )
    record = {
        "inspection_id": inspection_id or (f"{council_code}-{published}" if council_code else ""),
        "council_code": council_code,
        "council_name": gaz.council(council_code).name if council_code else "",
        "force_code": gaz.council(council_code).force_code if council_code else "",
        "inspection_start": start,
        "inspection_end": end,
        "published": published,
        "framework": framework,
        "window": window or derived,
        "overall_judgement": overall,
    }
    for column in (*SUB_JUDGEMENTS, "lscb_judgement"):
        record[column] = check.choice(column, tuple(j for j in JUDGEMENTS if j != NOT_GIVEN), blank_ok=True)
    record["report_url"] = check.optional_url("report_url")
    record["police_read"] = check.choice("police_read", (YES, NO), blank_ok=True) or (
        YES if record["report_url"] else NO
    )
    if record["police_read"] == YES and not record["report_url"]:
        check.fail("police_read", "is yes but the row has no report_url", "no, or the report's address")
    record["source_url"] = check.url("source_url")
    record["confidence"] = check.choice("confidence", CONFIDENCE_LEVELS)
    record["note"] = check.text("note", limit=500, required=False)
    return record


def _check_next_inspection(check: _RowChecker, ref: Reference, resolver: CouncilResolver) -> dict[str, str]:
    council_code = _required_council(check, resolver)
    start, end = _inspection_dates(check)
    return {
        "council_code": council_code,
        "council_name": ref.gazetteer.council(council_code).name if council_code else "",
        "next_type": check.choice("next_type", NEXT_TYPES),
        "inspection_start": start,
        "inspection_end": end,
        "published": check.date("published"),
        "overall_judgement": check.choice("overall_judgement", JUDGEMENTS),
        "report_url": check.optional_url("report_url"),
        "source_url": check.url("source_url"),
        "confidence": check.choice("confidence", CONFIDENCE_LEVELS),
        "note": check.text("note", limit=600, required=False),
    }


def _check_later_finding(check: _RowChecker, ref: Reference, resolver: CouncilResolver) -> dict[str, str]:
    council_code = _required_council(check, resolver)
    status = check.choice("status", LATER_STATUSES)
    then_type = _failure_type(check, ref, "then_failure_type", blank_ok=True)
    if status in ("persists", "improved") and not then_type:
        check.fail("then_failure_type", f"is blank for a weakness that {status}", "the 2015/16 failure type")
    if status == "new" and then_type:
        check.fail("then_failure_type", "is given for a new weakness", "blank")
    basis = check.choice("basis", IMPROVEMENT_BASES, blank_ok=True)
    if status == "improved" and not basis:
        check.fail("basis", "is blank for an improvement", "named or inferred")
    if basis and status != "improved":
        check.fail("basis", f"is given for a weakness that {status}", "blank (basis is for improvements)")
    paragraphs = check.paragraphs()
    if not paragraphs:
        check.fail("paragraphs", "is blank", "the later report's paragraph numbers or section names")
    record = {
        "later_id": check.text("later_id", limit=40),
        "council_code": council_code,
        "council_name": ref.gazetteer.council(council_code).name if council_code else "",
        "force_code": ref.gazetteer.council(council_code).force_code if council_code else "",
        "published": check.date("published"),
        "failure_type": _failure_type(check, ref),
        "then_failure_type": then_type,
        "status": status,
        "basis": basis,
        "summary": check.text("summary"),
        "paragraphs": paragraphs,
        "report_url": check.url("report_url"),
        "confidence": check.choice("confidence", CONFIDENCE_LEVELS),
        "note": check.text("note", limit=500, required=False),
    }
    if "reading" in check.row.values:
        record.update(_later_rule_inputs(check, status))
        if not check.problems:
            _check_rules(check, later_breaches(record), record)
    return record


def _later_rule_inputs(check: _RowChecker, status: str) -> dict[str, str]:
    then_id = check.get("then_finding_id").strip()
    if then_id and not _FINDING_ID.match(then_id):
        check.fail("then_finding_id", f"{then_id[:20]!r} is not a finding id", "an id such as F066")
    if status in ("persists", "improved") and not then_id:
        check.fail("then_finding_id", f"is blank for a weakness that {status}", "the 2015/16 finding's id")
    _check_strength(check)
    return {
        "then_finding_id": then_id,
        "reading": check.choice("reading", LATER_READINGS),
        "same_process": check.choice("same_process", (YES, NO)),
        "police_named": check.choice("police_named", (YES, NO)),
        "report_quantifier": check.text("report_quantifier", limit=80, required=False),
        "override_reason": check.text("override_reason", limit=300, required=False),
    }


def _check_then_latest(check: _RowChecker, ref: Reference, resolver: CouncilResolver) -> dict[str, str]:
    council_code = _required_council(check, resolver)
    record = {"then_finding_id": check.get("then_finding_id").strip(), "council_code": council_code}
    record["council_name"] = ref.gazetteer.council(council_code).name if council_code else ""
    for column in ("then_finding_id", "latest_finding_id"):
        value = check.get(column).strip()
        if (value or column == "then_finding_id") and not _FINDING_ID.match(value):
            check.fail(column, f"{value[:20]!r} is not a finding id", "an id such as F066")
        record[column] = value
    inspection_id = check.get("inspection_id").strip()
    if not _INSPECTION_ID.match(inspection_id):
        check.fail("inspection_id", f"{inspection_id[:30]!r} is not an inspection id", "the latest inspection's id")
    reading = check.choice("reading", LATEST_READINGS)
    said = reading != "none"
    record.update(
        inspection_id=inspection_id,
        reading=reading,
        same_process=check.choice("same_process", (YES, NO), blank_ok=not said),
        police_named=check.choice("police_named", (YES, NO), blank_ok=not said),
        status=check.choice("status", LATEST_STATUSES),
        basis=check.choice("basis", IMPROVEMENT_BASES, blank_ok=True),
        paragraphs=check.paragraphs(),
        report_quantifier=check.text("report_quantifier", limit=80, required=False),
        summary=check.text("summary", required=said),
        confidence=check.choice("confidence", CONFIDENCE_LEVELS),
        note=check.text("note", limit=500, required=False),
    )
    if said and not record["paragraphs"]:
        check.fail("paragraphs", f"is blank for a {reading}", "the latest report's paragraphs")
    if record["latest_finding_id"] and record["status"] != "persists":
        check.fail("latest_finding_id", f"is given for a weakness that is {record['status']}", "blank")
    if record["status"] == "persists" and not record["latest_finding_id"]:
        check.fail("latest_finding_id", "is blank for a weakness that persists", "the latest finding's id")
    _check_strength(check)
    if not check.problems:
        _check_rules(check, latest_breaches(record), record)
    return record


def _check_passage(check: _RowChecker, ref: Reference, resolver: CouncilResolver) -> dict[str, str]:
    council_code = _required_council(check, resolver)
    label = check.get("paragraph").strip()
    if not label:
        check.fail("paragraph", "is blank", "a paragraph number or section name")
    elif not _PASSAGE_LABEL.match(label):
        check.fail("paragraph", f"{label[:40]!r} is not one paragraph number or section name", "24 or exec summary")
    reading = check.choice("reading", READINGS)
    ids = check.get("finding_ids").split()
    bad = [i for i in ids if not _FINDING_ID.match(i)]
    if bad:
        check.fail("finding_ids", f"{bad[0][:20]!r} is not a finding id", "ids such as F066 L025, space-separated")
    note = check.text("note", limit=200, required=False)
    if reading == WEAKNESS and not ids and not note:
        check.fail("finding_ids", "is blank for a weakness and no note says why", "the finding it supports, or a note")
    return {
        "report_url": check.url("report_url"),
        "council_code": council_code,
        "council_name": ref.gazetteer.council(council_code).name if council_code else "",
        "paragraph": label,
        "reading": reading,
        "finding_ids": " ".join(ids),
        "note": note,
    }


def _by_passage(record: dict[str, str]) -> tuple[str, ...]:
    return (record["report_url"], record["paragraph"].lower())


FINDING_KEY_FIELDS = ("council_code", "force_code", "failure_type", "summary", "source_url")


def finding_key(record: Mapping[str, object]) -> tuple[str, ...]:
    """What makes two findings the same: area, failure type, summary and source (case and spacing ignored)."""
    return tuple(" ".join(str(record.get(f, "")).lower().split()) for f in FINDING_KEY_FIELDS)


def known_findings(
    records: Iterable[Mapping[str, object]], what: str = "bundled finding"
) -> dict[tuple[str, ...], str]:
    """`Reference.known_findings` for these finding records, each labelled e.g. 'bundled finding F001'."""
    return {finding_key(r): f"{what} {r.get('finding_id', '')}".strip() for r in records}


def _reject_all(result: Validated, table: CsvTable, problem: Problem | None = None) -> Validated:
    if problem:
        result.problems.append(problem)
    result.rejected_lines.extend(r.line for r in table.rows)
    return result


def validate_table(table: CsvTable, ref: Reference, kind: str | None = None) -> Validated:
    """Validate an already split CSV; `kind` is detected from the header when not given.

    Every record the reader found is counted: `rows_read == accepted + rejected` whatever the input.
    """
    kind = kind or detect_kind(table.header)
    result = Validated(kind=kind or "unknown", source=table.source, problems=list(table.problems))
    result.rows_read = table.records_read
    result.rejected_lines.extend(table.unreadable_lines)
    if not table.usable:
        return _reject_all(result, table)
    refusal = _header_problem(table, kind)
    if refusal or kind is None:
        return _reject_all(result, table, refusal)
    result.notes.extend(_header_notes(table, TABLES[kind].schema))
    if result.rows_read == 0:
        result.problems.append(
            Problem(table.source, 0, "(file)", "has a header but no data rows", f"at least one {kind} row")
        )
        return result
    _check_rows(table, TABLES[kind], ref, result)
    return result


def _header_problem(table: CsvTable, kind: str | None) -> Problem | None:
    """Why the header makes the whole file unusable as `kind` (not a cpmap table, required columns missing)."""
    if kind not in TABLES:
        return Problem(
            table.source,
            table.header_line,
            "(header)",
            "is not the header of any cpmap table",
            "a failure_type column (findings) or an overall_judgement column (inspections)",
        )
    schema = TABLES[kind].schema
    columns = set(table.header)
    missing = [c for c in schema.required if c not in columns]
    if schema.area_columns and not columns & set(schema.area_columns):
        missing.append(" or ".join(schema.area_columns))
    if not missing:
        return None
    return Problem(
        table.source,
        table.header_line,
        "(header)",
        f"lacks column(s) {', '.join(missing)}",
        "columns " + ", ".join(schema.columns),
    )


def _header_notes(table: CsvTable, schema: Schema) -> list[str]:
    """What of the header is ignored: columns the table does not use, and columns without a name."""
    notes = []
    unused = [c for c in table.header if c and c not in schema.columns]
    if unused:
        notes.append(
            f"{table.source}:{table.header_line}: column(s) {', '.join(unused)} not used: their values are ignored"
        )
    if table.ignored_columns:
        notes.append(
            f"{table.source}:{table.header_line}: {', '.join(table.ignored_columns)} of the header have no name"
        )
    return notes


def _check_rows(table: CsvTable, table_kind: TableKind, ref: Reference, result: Validated) -> None:
    """Check each row, and that it repeats no row before it, no known finding and no finding id; accepted rows go
    into `result.records` (with their line), the others' problems into `result.problems`."""
    findings = table_kind.kind == "findings"
    resolver = ref.resolver
    seen: dict[tuple[str, ...], int] = {}
    seen_ids: dict[str, int] = {}
    for row in table.rows:
        check = _RowChecker(table.source, row)
        record = table_kind.check(check, ref, resolver)
        key = table_kind.key(record)
        if not check.problems and key in seen:
            what = f"council already has {table_kind.row}" if table_kind.per_council else "repeats the row"
            check.fail("(row)", f"{what} at line {seen[key]}", f"one row per {table_kind.row_unit}")
        if findings and not check.problems and key in ref.known_findings:
            check.fail("(row)", f"repeats {ref.known_findings[key]}", "a finding not already in the data")
        finding_id = record.get("finding_id", "")
        if finding_id and finding_id in seen_ids and not check.problems:
            check.fail("finding_id", f"{finding_id!r} is already used at line {seen_ids[finding_id]}", "unique ids")
        if check.problems:
            result.problems.extend(check.problems)
            result.rejected_lines.append(row.line)
            continue
        seen[key] = row.line
        if findings:
            record["finding_id"] = finding_id or f"L{row.line}"
            seen_ids[record["finding_id"]] = row.line
        record["line"] = str(row.line)
        result.records.append(record)


def validate_bytes(
    data: bytes, source: str, ref: Reference, kind: str | None = None, *, max_bytes: int = MAX_CSV_BYTES
) -> Validated:
    """Validate a findings or inspections CSV given as bytes. Never raises on bad content."""
    return validate_table(read_csv(data, source, max_bytes=max_bytes), ref, kind)


UPLOAD_MAX_BYTES = 1024 * 1024  # 1 MB: thousands of findings; anything bigger is not a findings table
UPLOAD_LABEL_PREFIX = "upload: "


def upload_name(filename: str) -> str:
    """A user's file name made safe to show and to use as a source label: no folders, only plain characters.

    >>> upload_name("../../<b>findings</b>.csv")
    'b_.csv'
    """
    base = re.split(r"[\\/]", filename)[-1]
    cleaned = re.sub(r"[^A-Za-z0-9 ._()\-]+", "_", base).strip(" ._") or "file"
    return cleaned if len(cleaned) <= 60 else cleaned[:57] + "..."


def validate_upload(data: bytes, filename: str, ref: Reference) -> Validated:
    """Validate an uploaded findings file exactly as `cpmap validate --kind findings` would, with the upload limit."""
    return validate_bytes(data, upload_name(filename), ref, "findings", max_bytes=UPLOAD_MAX_BYTES)


# Supporting tables of the bundled dataset: simpler shapes, same row-by-row reporting.
def _check_failure_type(check: _RowChecker, ref: Reference, resolver: CouncilResolver) -> dict[str, str]:
    type_id = check.get("id")
    if not re.fullmatch(r"[A-Z][A-Z0-9_]{1,39}", type_id):
        check.fail("id", f"{type_id[:40]!r} is not an upper-case identifier", "letters, digits and _ , e.g. DA_LATE")
    return {"id": type_id, "label": check.text("label", limit=80), "definition": check.text("definition", limit=600)}


def _check_response(check: _RowChecker, ref: Reference, resolver: CouncilResolver) -> dict[str, str]:
    force_code = check.get("force_code").upper()
    if force_code not in ref.gazetteer.forces:
        check.fail("force_code", f"{force_code[:20]!r} is not a police force area code", "an E23 code")
    council_code = ""
    if check.get("council_code"):
        council_code, _ = _resolve_council(check, resolver)
    return {
        "force_code": force_code,
        "council_code": council_code,
        "date": check.date("date"),
        "summary": check.text("summary"),
        "source_url": check.url("source_url"),
        "confidence": check.choice("confidence", CONFIDENCE_LEVELS),
    }


def _check_letter(check: _RowChecker, ref: Reference, resolver: CouncilResolver) -> dict[str, str]:
    return {
        "id": check.text("id", limit=60),
        "date": check.date("date"),
        "author": check.text("author", limit=200),
        "recipient": check.text("recipient", limit=200),
        "title": check.text("title", limit=200),
        "summary": check.text("summary"),
        "source_url": check.url("source_url"),
        "confidence": check.choice("confidence", CONFIDENCE_LEVELS),
    }


Checker = Callable[[_RowChecker, Reference, CouncilResolver], dict[str, str]]


@dataclass(frozen=True)
class TableKind:
    """One kind of table: its file in data/, its columns, how a row is checked and what makes two rows the same.

    The CLI's --kind choices, the loader's file list and order, and header detection all come from `TABLES`.
    """

    kind: str
    file_name: str
    schema: Schema
    check: Checker
    key: Callable[[dict[str, str]], tuple[str, ...]]
    row: str  # "an inspection": what one row is, for messages
    # Columns only this kind has: a header holding them is this kind (checked in TABLES order).
    marker: frozenset[str] = frozenset()
    per_council: bool = False

    @property
    def row_unit(self) -> str:
        return "council" if self.per_council else self.row.split(" ", 1)[-1]


def _by_council(record: dict[str, str]) -> tuple[str, ...]:
    return (record["council_code"],)


def _by_inspection(record: dict[str, str]) -> tuple[str, ...]:
    return (record["inspection_id"],)


def _by_id(record: dict[str, str]) -> tuple[str, ...]:
    return (record["id"],)


def _by_later_id(record: dict[str, str]) -> tuple[str, ...]:
    return (record["later_id"],)


def _by_then_finding(record: dict[str, str]) -> tuple[str, ...]:
    return (record["then_finding_id"], record["inspection_id"])


def _by_all_values(record: dict[str, str]) -> tuple[str, ...]:
    return tuple(v.lower() for v in record.values())


# How a row names its area: a council (by code or name), or in some tables a force.
_COUNCIL_COLUMNS = ("council_code", "council_name")
_AREA_COLUMNS = (*_COUNCIL_COLUMNS, "force_code")
_INSPECTION_OPTIONAL = (*_COUNCIL_COLUMNS, "inspection_start", "inspection_end", "published")
_TABLE_LIST = (
    TableKind(
        "failure_types",
        "failure_types.csv",
        Schema("failure_types", ("id", "label", "definition"), (), ()),
        _check_failure_type,
        _by_id,
        "a failure type",
    ),
    TableKind(
        "inspections",
        "inspections.csv",
        Schema(
            "inspections",
            required=("overall_judgement", "source_url", "confidence"),
            optional=(
                "inspection_id",
                *_INSPECTION_OPTIONAL,
                "framework",
                "window",
                *SUB_JUDGEMENTS,
                "lscb_judgement",
                "report_url",
                "police_read",
                "note",
            ),
            area_columns=_COUNCIL_COLUMNS,
        ),
        _check_inspection,
        _by_inspection,
        "an inspection",
        marker=frozenset({"overall_judgement"}),
    ),
    TableKind(
        "findings",
        "findings.csv",
        Schema(
            "findings",
            required=("failure_type", "summary", "source_url", "source_kind", "confidence"),
            optional=(
                "finding_id",
                "inspection_id",
                *_AREA_COLUMNS,
                "paragraphs",
                "substantive",
                "attribution",
                "in_report",
                *FINDING_RULE_INPUTS,
                "note",
            ),
            area_columns=_AREA_COLUMNS,
        ),
        _check_finding,
        finding_key,
        "a finding",
        marker=frozenset({"failure_type"}),
    ),
    TableKind(
        "force_responses",
        "force_responses.csv",
        Schema("force_responses", ("force_code", "summary", "source_url", "confidence"), ("council_code", "date"), ()),
        _check_response,
        _by_all_values,
        "a response",
    ),
    TableKind(
        "letters",
        "letters.csv",
        Schema(
            "letters", ("id", "date", "author", "recipient", "title", "summary", "source_url", "confidence"), (), ()
        ),
        _check_letter,
        _by_id,
        "a letter",
    ),
    TableKind(
        "next_inspections",
        "next_inspections.csv",
        Schema(
            "next_inspections",
            required=("next_type", "published", "overall_judgement", "source_url", "confidence"),
            optional=(*_INSPECTION_OPTIONAL, "report_url", "note"),
            area_columns=_COUNCIL_COLUMNS,
        ),
        _check_next_inspection,
        _by_council,
        "a next inspection",
        marker=frozenset({"next_type"}),
        per_council=True,
    ),
    TableKind(
        "later_findings",
        "later_findings.csv",
        Schema(
            "later_findings",
            required=("later_id", "failure_type", "status", "summary", "paragraphs", "report_url", "confidence"),
            optional=(*_AREA_COLUMNS, "published", "then_failure_type", "basis", *LATER_RULE_INPUTS, "note"),
            area_columns=_COUNCIL_COLUMNS,
        ),
        _check_later_finding,
        _by_later_id,
        "a later finding",
        marker=frozenset({"later_id"}),
    ),
    TableKind(
        "then_latest",
        "then_latest.csv",
        Schema(
            "then_latest",
            required=("then_finding_id", "inspection_id", "reading", "status", "confidence"),
            optional=(
                *_COUNCIL_COLUMNS,
                "same_process",
                "police_named",
                "latest_finding_id",
                "basis",
                "paragraphs",
                "report_quantifier",
                "summary",
                "note",
            ),
            area_columns=_COUNCIL_COLUMNS,
        ),
        _check_then_latest,
        _by_then_finding,
        "a then-and-latest row",
        marker=frozenset({"then_finding_id", "inspection_id", "status"}),
    ),
    TableKind(
        "passages",
        "passages.csv",
        Schema(
            "passages",
            required=("report_url", "paragraph", "reading"),
            optional=(*_COUNCIL_COLUMNS, "finding_ids", "note"),
            area_columns=_COUNCIL_COLUMNS,
        ),
        _check_passage,
        _by_passage,
        "a passage",
        marker=frozenset({"paragraph"}),
    ),
)
# Detection order: the most specific markers first (a later finding also has failure_type, a next inspection
# also has overall_judgement). Load order (failure types first: findings are checked against them) is `LOAD_ORDER`.
TABLES: dict[str, TableKind] = {
    t.kind: t
    for t in sorted(_TABLE_LIST, key=lambda t: t.kind not in ("then_latest", "later_findings", "next_inspections"))
}
LOAD_ORDER = tuple(t.kind for t in _TABLE_LIST)
