"""The data release: its version and date, as the page, the data package and CITATION.cff give them.

A release is a state of data/ that someone can cite; bump the version and date when the tables change (a test checks
that CITATION.cff and data/datapackage.json say the same).
"""

from __future__ import annotations

DATA_VERSION = "2026.12.1"
DATA_DATE = "2026-12-05"
CITATION_TITLE = "cpmap: police child-protection weaknesses in Ofsted's inspections of council children's services"


def release_line() -> str:
    """One line for the page and exports: 'Data release 2026.12.1 (2026-12-05)'."""
    return f"Data release {DATA_VERSION} ({DATA_DATE})"
