"""The rule book (data/RULES.md) as code: how a row's verdicts follow from what was read in its passage.

One function per rule, named after it; each docstring is the rule's text. The validator compares a row's stored
`substantive`, `attribution`, `status` and `basis` with these and names the rule when they differ, unless the row
gives an `override_reason`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cpmap.vocab import INFERRED, NO, REPORT, STATED, YES

# Scope of a weakness, as the cited passage limits it.
SYSTEMIC, SOME_CASES, SINGLE_CASE, TRAINING_OR_DATA = "systemic", "some_cases", "single_case", "training_or_data"
SCOPES = (SYSTEMIC, SOME_CASES, SINGLE_CASE, TRAINING_OR_DATA)
# What a passage says about the police.
WEAKNESS, STRENGTH, NEUTRAL, REMEDY = "weakness", "strength", "neutral", "remedy"
READINGS = (WEAKNESS, STRENGTH, NEUTRAL, REMEDY)
LATER_READINGS = (WEAKNESS, STRENGTH)
PERSISTS, NEW, IMPROVED = "persists", "new", "improved"
NAMED = "named"

# Words that say how often; a summary may use them only inside quotation marks, quoting the report (R7).
STRONG_WORDS = (
    "often",
    "routinely",
    "always",
    "never",
    "most",
    "usually",
    "frequently",
    "repeatedly",
    "consistently",
    "invariably",
)
_QUOTED = re.compile(r'"[^"]*"')
_STRONG = re.compile(r"\b(" + "|".join(STRONG_WORDS) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class RuleBreach:
    """A stored verdict that its rule does not give: which rule, what it gives."""

    rule: str
    column: str
    expected: str


def attribution_rule(source_kind: str, police_named: str, council_named: str) -> str:
    """R1 attribution. A report row is `stated` when its cited passage names the police or the force, and
    `inferred` when it does not (we read the weakness as the police's; the report does not say so). A letter or
    press row is `stated` when the source names the council, `inferred` when it names only a force and the tie
    to the council is ours."""
    if source_kind == REPORT:
        return STATED if police_named == YES else INFERRED
    return STATED if council_named == YES else INFERRED


def substantive_rule(
    source_kind: str, police_named: str, fixed_before_inspection: str, scope: str, in_report: str, attribution: str
) -> str:
    """R2 substantive. A weakness is substantive (`yes`) when the cited passage places it on the police, it
    was not put right before the inspection, and it is more than a single case or a matter of training or
    data (scope `systemic` or `some_cases`); otherwise it is minor (`no`). A letter or press row that the
    council's report does not bear out (`in_report = no`) is minor; one tied to a council by us (`inferred`) is
    not assessed (blank)."""
    if source_kind != REPORT:
        if attribution == INFERRED:
            return ""
        if in_report == NO:
            return NO
    if police_named != YES or fixed_before_inspection == YES:
        return NO
    return YES if scope in (SYSTEMIC, SOME_CASES) else NO


def status_rule(reading: str, same_process: str) -> str:
    """R5 status. A later weakness on the same process as the 2015/16 finding `persists`; a later weakness on
    any other process is `new`; a later strength on the same process means it `improved`. A strength on another
    process (general praise of a partnership) is not a later row at all: the earlier failing stays silent.

    Returns the status, or '' where there is no row."""
    if reading == WEAKNESS:
        return PERSISTS if same_process == YES else NEW
    if reading == STRENGTH and same_process == YES:
        return IMPROVED
    return ""


def basis_rule(status: str, police_named: str) -> str:
    """R6 basis. An improvement is `named` when the later passage names the police, `inferred` when it says the
    same process now works without naming them; other statuses have no basis."""
    if status != IMPROVED:
        return ""
    return NAMED if police_named == YES else INFERRED


def later_weakness_named_rule(reading: str, police_named: str) -> bool:
    """R4 later weakness. A later weakness is a police weakness only when the later passage names the police;
    one that does not is not a later row."""
    return reading != WEAKNESS or police_named == YES


def strong_words_outside_quotes(summary: str) -> list[str]:
    """R7 the report's strength. Words that say how often (often, routinely, always, never, most, usually,
    frequently, repeatedly, consistently, invariably) appear in a summary only inside quotation marks, quoting
    the report's own words; a summary that says how often quotes the report's quantifier.

    Returns the words that stand outside quotation marks."""
    return [m.group(1) for m in _STRONG.finditer(_QUOTED.sub(" ", summary))]


def quoted_phrases(summary: str) -> list[str]:
    """The phrases a summary puts in double quotation marks (straight or curly)."""
    text = summary.replace("“", '"').replace("”", '"')
    return [m.group(0)[1:-1] for m in _QUOTED.finditer(text) if m.group(0)[1:-1].strip()]


def finding_breaches(row: dict[str, str]) -> list[RuleBreach]:
    """Where a finding's stored attribution and substantive differ from R1 and R2 (none with an override)."""
    if row.get("override_reason"):
        return []
    breaches = []
    kind = row.get("source_kind", "")
    attribution = attribution_rule(kind, row.get("police_named", ""), row.get("council_named", ""))
    if row.get("attribution", "") != attribution:
        breaches.append(RuleBreach("R1 attribution", "attribution", attribution))
    substantive = substantive_rule(
        kind,
        row.get("police_named", ""),
        row.get("fixed_before_inspection", ""),
        row.get("scope", ""),
        row.get("in_report", ""),
        attribution,
    )
    if row.get("substantive", "") != substantive:
        breaches.append(RuleBreach("R2 substantive", "substantive", substantive or "blank"))
    return breaches


def later_breaches(row: dict[str, str]) -> list[RuleBreach]:
    """Where a later row's stored status and basis differ from R4-R6 (none with an override)."""
    if row.get("override_reason"):
        return []
    reading, police_named = row.get("reading", ""), row.get("police_named", "")
    if not later_weakness_named_rule(reading, police_named):
        return [RuleBreach("R4 later weakness names the police", "police_named", "yes, or no row")]
    status = status_rule(reading, row.get("same_process", ""))
    if not status:
        return [RuleBreach("R5 status: praise of another process is silence, not a row", "same_process", "yes")]
    breaches = []
    if row.get("status", "") != status:
        breaches.append(RuleBreach("R5 status", "status", status))
    basis = basis_rule(status, police_named)
    if row.get("basis", "") != basis:
        breaches.append(RuleBreach("R6 basis", "basis", basis or "blank"))
    return breaches


SILENT = "silent"


def latest_status(reading: str, same_process: str, police_named: str) -> str:
    """What a council's latest report says of an earlier substantive weakness, by R4-R5: `persists` (a weakness
    on the same process, naming the police), `improved` (a strength on the same process) or `silent` (nothing on
    that process, or a weakness that does not name the police)."""
    status = status_rule(reading, same_process) if later_weakness_named_rule(reading, police_named) else ""
    return status if status in (PERSISTS, IMPROVED) else SILENT


def latest_breaches(row: dict[str, str]) -> list[RuleBreach]:
    """Where a then-and-latest row's stored status and basis differ from R4-R6."""
    status = latest_status(row.get("reading", ""), row.get("same_process", ""), row.get("police_named", ""))
    breaches = []
    if row.get("status", "") != status:
        breaches.append(RuleBreach("R5 status", "status", status))
    basis = basis_rule(status, row.get("police_named", ""))
    if row.get("basis", "") != basis:
        breaches.append(RuleBreach("R6 basis", "basis", basis or "blank"))
    return breaches


_SCOPE_WORDS = {
    SYSTEMIC: "a general shortfall",
    SOME_CASES: "found in some cases",
    SINGLE_CASE: "a single case",
    TRAINING_OR_DATA: "training or data only",
}


def substantive_reason(row: dict[str, str]) -> str:
    """Why a finding is substantive or minor under R2, in a few words for the panel ('' when not assessed)."""
    if row.get("override_reason"):
        return f"set by hand: {row['override_reason']}"
    if not row.get("police_named"):
        return ""
    kind = row.get("source_kind", "")
    if kind != REPORT and row.get("attribution") == INFERRED:
        return "tied to this council by us, so not assessed"
    if kind != REPORT and row.get("in_report") == NO:
        return "the council's report does not bear it out"
    if row.get("police_named") != YES:
        return "the passage does not name the police"
    if row.get("fixed_before_inspection") == YES:
        where = row.get("fixed_paragraphs", "")
        return "put right before the inspection" + (f" (paragraph {where})" if where else "")
    scope = _SCOPE_WORDS.get(row.get("scope", ""), "")
    if row.get("substantive") == YES:
        return f"placed on the police, not put right before the inspection, {scope}"
    return scope


RULE_BOOK = (
    ("R1", "Attribution", attribution_rule),
    ("R2", "Substantive or minor", substantive_rule),
    ("R4", "A later weakness names the police", later_weakness_named_rule),
    ("R5", "Then and now: status", status_rule),
    ("R6", "Then and now: how an improvement is known", basis_rule),
    ("R7", "The report's strength", strong_words_outside_quotes),
)


def rule_texts() -> list[tuple[str, str, str]]:
    """(number, title, text) of each rule enforced in code, the text being its function's docstring."""
    out = []
    for number, title, function in RULE_BOOK:
        first_paragraph = (function.__doc__ or "").split("\n\n")[0]
        out.append((number, title, " ".join(first_paragraph.split()).split(". ", 1)[1]))
    return out
