"""The closed vocabularies of the data and their words for people: one home for each list.

Validation accepts exactly these values, the view model filters and ranks by them, and the page and exports
label them from here.
"""

from __future__ import annotations

from enum import StrEnum

CONFIDENCE_LEVELS = ("high", "medium", "low")
CONFIDENCE_RANK = {"high": 3, "medium": 2, "low": 1}
LOWEST_CONFIDENCE = "low"
CONFIDENCE_BADGES = {"high": "high confidence", "medium": "medium confidence", "low": "⚠ LOW confidence"}
CONFIDENCE_MEANINGS = {
    "high": "read in the inspection report itself, or stated by two or more independent sources",
    "medium": "one reliable source, or a close inference from closely related evidence",
    "low": "indirect, partial or inferred (dashed outline on the map, amber in the panel)",
}

# What a finding rests on, most direct first.
SOURCE_KIND_LABELS = {
    "inspection_report": "Ofsted inspection report",
    "letter": "the Wilshaw letter (as reported)",
    "press": "press report",
    "force_response": "force's response",
}
SOURCE_KINDS = tuple(SOURCE_KIND_LABELS)
REPORT = "inspection_report"

# From April 2026 an ILACS report gives no overall effectiveness judgement: never "unknown", which means we lack it.
NOT_GIVEN = "not given (framework changed April 2026)"
JUDGEMENTS = ("outstanding", "good", "requires improvement", "inadequate", "unknown", NOT_GIVEN)
# ILACS (2018 on) names its sub-judgements differently; a report before 2023 judges children in care and care
# leavers together (looked_after, with care_leavers blank).
ILACS_SUB_JUDGEMENTS = {
    "leadership_judgement": "The impact of leaders on social work practice",
    "help_protection_judgement": "Children who need help and protection",
    "looked_after_judgement": "Children in care",
    "care_leavers_judgement": "Care leavers",
}
# Which framework an inspection row's report was written under.
FRAMEWORK_LABELS = {
    "sif": "single inspection framework (SIF)",
    "ilacs_standard": "ILACS standard inspection",
    "ilacs_short": "ILACS short inspection",
}
FRAMEWORKS = tuple(FRAMEWORK_LABELS)
# The single inspection framework's sub-judgements, as inspections.csv names them.
SUB_JUDGEMENTS = {
    "help_protection_judgement": "Children who need help and protection",
    "looked_after_judgement": "Children looked after and achieving permanence",
    "adoption_judgement": "Adoption performance",
    "care_leavers_judgement": "Experiences and progress of care leavers",
    "leadership_judgement": "Leadership, management and governance",
}

YES, NO = "yes", "no"
ATTRIBUTIONS = ("stated", "inferred")
STATED, INFERRED = ATTRIBUTIONS


class Window(StrEnum):
    """Which reports count: the letter's 42 (published Oct 2015 – Sep 2016) or all of financial year 2015/16."""

    LETTER = "letter"
    FINANCIAL_YEAR = "fy"
    ROUND = "round"
    LATEST = "latest"


# An inspection row's window: inside the letter's, published Apr–Sep 2015 (financial year only), or another report
# of the single inspection framework's round (published November 2013 – 2018), or an ILACS report (2018 on).
INSPECTION_WINDOWS = ("letter", "fy_only", "round", "ilacs")
WINDOW_LABELS = {
    Window.LETTER: "The letter's 42 (Oct 2015 – Sep 2016)",
    Window.FINANCIAL_YEAR: "All of financial year 2015/16",
    Window.ROUND: "The whole single-inspection round, 2013–18",
    Window.LATEST: "Each council's latest inspection (to 2026)",
}
LETTER_WINDOW = ((2015, 10), (2016, 9))
FINANCIAL_YEAR = ((2015, 4), (2016, 3))
# The single inspection framework's reports: the first published in 2014 (inspections from November 2013), the
# last in 2018.
SIF_ROUND = ((2013, 11), (2018, 12))

NEXT_TYPE_LABELS = {
    "sif_reinspection": "SIF re-inspection",
    "ilacs_standard": "ILACS standard inspection",
    "ilacs_short": "ILACS short inspection",
}
NEXT_TYPES = tuple(NEXT_TYPE_LABELS)
LATER_STATUSES = ("persists", "new", "improved")
# What a council's latest report says of an earlier substantive weakness's process.
LATEST_STATUSES = ("persists", "improved", "silent")
LATEST_READINGS = ("weakness", "strength", "none")
IMPROVEMENT_BASES = ("named", "inferred")
