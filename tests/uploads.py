"""Findings made for a test, added to the real dataset the way an upload is: validated, then a labelled source."""

from __future__ import annotations

import csv
import io

from cpmap.dataset import Dataset
from cpmap.validate import validate_upload

UPLOAD_HEADER = [
    "council_code",
    "force_code",
    "failure_type",
    "summary",
    "source_url",
    "source_kind",
    "confidence",
    "substantive",
]


def with_upload(dataset: Dataset, rows: list[tuple[str, ...]]) -> Dataset:
    """The dataset plus these findings as an upload (each row: council, force, type, confidence, substantive)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(UPLOAD_HEADER)
    for n, (council, force, failure_type, confidence, substantive) in enumerate(rows):
        writer.writerow(
            [
                council,
                force,
                failure_type,
                f"test finding {n}",
                f"https://example.org/{n}",
                "press",
                confidence,
                substantive,
            ]
        )
    result = validate_upload(buffer.getvalue().encode(), "t.csv", dataset.reference)
    assert result.ok, [str(p) for p in result.problems]
    return dataset.with_findings(result.records, "upload: t.csv")
