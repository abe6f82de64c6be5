"""Bring your own findings, in the dashboard run headless (AppTest supports st.file_uploader in Streamlit 1.67)."""

from __future__ import annotations

import csv
import io
import re
from unittest import mock

import pytest
from streamlit.testing.v1 import AppTest

import components.upload as upload
from cpmap import config
from cpmap.cli import main as cli_main
from cpmap.validate import UPLOAD_MAX_BYTES
from tests.apptest import full_app

pytestmark = pytest.mark.apptest

TALLY = re.compile(r"rows read (\d+) = accepted (\d+) \+ rejected (\d+)")
# The older, shorter findings format: uploads in it must still validate (paragraphs and the rest are optional).
HEADER = [
    "finding_id",
    "council_code",
    "council_name",
    "force_code",
    "failure_type",
    "summary",
    "source_url",
    "source_kind",
    "confidence",
]


def findings_csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER, lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


GOOD = [
    {
        "council_name": "Bristol City Council",
        "failure_type": "JOINT_VISIT",
        "summary": "No officer was free for joint visits with social workers.",
        "source_url": "https://example.org/bristol-2017",
        "source_kind": "inspection_report",
        "confidence": "medium",
    },
    {
        "council_code": "E08000020",  # Gateshead, retired code
        "failure_type": "DA_LATE",
        "summary": "<img src=x onerror=alert(1)> **not bold** [link](javascript:alert(1))",
        "source_url": "https://example.org/gateshead",
        "source_kind": "press",
        "confidence": "low",
    },
]
BAD = [
    {"council_name": "Kingston", "failure_type": "DA_LATE", "summary": "s", "source_url": "https://e.org/k"},
    {
        "council_name": "Cardiff",
        "failure_type": "NOPE",
        "summary": "s",
        "source_url": "javascript:x",
        "confidence": "low",
    },
]
MIXED = findings_csv(
    [
        dict(r, source_kind=r.get("source_kind", "press"), confidence=r.get("confidence", "high"))
        for r in GOOD[:1] + BAD[:1] + GOOD[1:] + BAD[1:]
    ]
)


def run_app() -> AppTest:
    at = full_app(60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def upload_file(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key=upload.UPLOAD_KEY).upload(name, data, "text/csv")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def unescape(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def sidebar_messages(at: AppTest) -> list[str]:
    return [unescape(str(e.value)) for e in [*at.sidebar.success, *at.sidebar.warning, *at.sidebar.error]]


@pytest.fixture
def app() -> AppTest:
    return run_app()


def test_an_upload_adds_its_accepted_rows_as_a_separate_source_and_lists_the_rejected(app, dataset):
    before = int(metric(app, "Findings matching"))
    upload_file(app, "later year.csv", MIXED)
    message = sidebar_messages(app)[0]
    read, accepted, rejected = map(int, TALLY.search(message).groups())
    assert (read, accepted, rejected) == (4, 2, 2)
    assert "upload: later year.csv" in message
    # the accepted rows are on the map's data, in the figures and in the table, labelled with their source
    assert int(metric(app, "Findings matching")) == before + accepted
    table = app.dataframe[0].value
    uploaded = table[table["source"] == "upload: later year.csv"]
    assert sorted(uploaded["council_name"]) == ["Bristol, City of", "Gateshead"]
    sources = app.multiselect(key="filter_sources")
    assert sources.options == ["bundled", "upload: later year.csv"]
    # every rejected row is listed with its line and reason, as plain text (a code block), one line per problem
    report = app.code[0].value.splitlines()
    assert report[0].startswith("later year.csv:3: council_name: 'Kingston' is ambiguous")
    assert {int(line.split(":")[1]) for line in report} == {3, 5}
    assert any("Wales" in line for line in report)
    assert any("source_url" in line and line.startswith("later year.csv:5:") for line in report)


def test_the_sources_filter_shows_only_the_upload(app):
    upload_file(app, "later.csv", MIXED)
    app.multiselect(key="filter_sources").set_value(["upload: later.csv"]).run()
    assert not app.exception
    assert metric(app, "Findings matching") == "2"
    assert set(app.dataframe[0].value["source"]) == {"upload: later.csv"}


def test_the_same_file_gives_the_same_problems_with_cpmap_validate(app, tmp_path, capsys):
    upload_file(app, "later.csv", MIXED)
    page_lines = app.code[0].value.splitlines()
    path = tmp_path / "later.csv"
    path.write_bytes(MIXED)
    assert cli_main(["validate", "--against-bundled", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert [line.replace(str(path), "later.csv") for line in out[:-1]] == page_lines
    assert TALLY.search(out[-1]).groups() == TALLY.search(sidebar_messages(app)[0]).groups()


def test_a_file_over_the_limit_is_refused_with_a_clear_message_and_nothing_added(app):
    before = metric(app, "Findings matching")
    big = MIXED + b"x" * (UPLOAD_MAX_BYTES + 1 - len(MIXED))
    upload_file(app, "big.csv", big)
    errors = [unescape(str(e.value)) for e in app.sidebar.error]
    assert any("over the 1 MB" in e and f"{len(big):,} bytes" in e for e in errors), errors
    assert metric(app, "Findings matching") == before
    assert not [m for m in app.multiselect if m.key == "filter_sources"]


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("garbage.csv", bytes(range(256)) * 4, "NUL"),
        ("semi.csv", b"failure_type;summary\nDA_LATE;x\n", "semicolons"),
        ("empty.csv", b"", "empty"),
        ("inspections.csv", (config.DATA_DIR / "inspections.csv").read_bytes(), "lacks column(s)"),
    ],
)
def test_an_unusable_file_adds_nothing_and_says_why(app, name, data, words):
    before = metric(app, "Findings matching")
    upload_file(app, name, data)
    message = sidebar_messages(app)[0]
    read, accepted, rejected = map(int, TALLY.search(message).groups())
    assert accepted == 0 and read == rejected
    assert words in app.code[0].value
    assert metric(app, "Findings matching") == before


def test_repeats_of_the_bundled_findings_are_rejected_not_counted_twice(app, dataset):
    before = metric(app, "Findings matching")
    upload_file(app, "copy.csv", (config.DATA_DIR / "findings.csv").read_bytes())
    read, accepted, rejected = map(int, TALLY.search(sidebar_messages(app)[0]).groups())
    assert (read, accepted, rejected) == (len(dataset.findings), 0, len(dataset.findings))
    assert "repeats bundled finding F001" in app.code[0].value
    assert metric(app, "Findings matching") == before


def test_a_hostile_file_name_is_reduced_to_a_plain_label(app):
    upload_file(app, "../../<img src=x onerror=alert(1)>.csv", findings_csv(GOOD[:1]))
    options = app.multiselect(key="filter_sources").options
    label = options[-1]
    assert label.startswith("upload: ") and "<" not in label and "/" not in label


def test_data_text_is_never_rendered_as_markdown_or_html(app):
    upload_file(app, "later.csv", MIXED)
    for element in [*app.markdown, *app.success, *app.warning, *app.error, *app.caption]:
        assert "<img" not in str(element.value), element.value
        assert "**not bold**" not in str(element.value), element.value


def test_validation_runs_once_per_file_not_on_every_rerun(app):
    with mock.patch.object(upload, "validate_upload", wraps=upload.validate_upload) as spy:
        upload_file(app, "later.csv", MIXED)
        app.run()
        app.multiselect(key="filter_types").set_value(["DA_LATE"]).run()
        assert spy.call_count == 1
        upload_file(app, "other.csv", findings_csv(GOOD[:1]))
        assert spy.call_count == 2


def test_removing_the_upload_restores_the_bundled_view(app):
    before = metric(app, "Findings matching")
    upload_file(app, "later.csv", MIXED)
    app.multiselect(key="filter_sources").set_value(["upload: later.csv"]).run()
    app.file_uploader(key=upload.UPLOAD_KEY).clear()
    app.run()
    assert not app.exception
    assert metric(app, "Findings matching") == before
    assert not [m for m in app.multiselect if m.key == "filter_sources"]


def test_the_page_shows_coverage_letters_licences_and_downloads(app, dataset):
    from cpmap.coverage import compute_coverage

    cov = compute_coverage(dataset)
    about = next(e for e in app.expander if e.label == "About the data and its coverage")
    text = unescape("\n".join(str(m.value) for m in about.markdown))
    assert metric(app, "Inspections in the letter's window") == "42 of 42"
    assert metric(app, "Councils with a substantive weakness") == str(len(cov.councils_substantive)) == "19"
    assert metric(app, "Findings from the reports") == str(cov.report_findings)
    for letter in dataset.letters.itertuples():
        assert letter.title in text and letter.source_url in text
    assert "Open Government Licence" in text and "Office for National Statistics" in text
    labels = {b.label for b in app.get("download_button")}
    assert {"Councils (CSV)", "Councils (GeoJSON)", "Police forces (CSV)", "Police forces (GeoJSON)"} <= labels
    from cpmap.release import release_line

    assert any(label.startswith("The whole data release (zip)") and release_line() in label for label in labels)
    assert release_line() in [str(c.value).split(" · ")[0] for c in about.caption]
    # the page says how a passage becomes a row: every rule of the rule book, in its own words
    from cpmap.rules import rule_texts

    for number, title, _ in rule_texts():
        assert f"{number} {title}." in text


def test_the_failure_types_definitions_come_when_asked_for(app, dataset):
    about = next(e for e in app.expander if e.label == "About the data and its coverage")
    definition = dataset.failure_types["JOINT_ENQUIRY"].definition
    assert not any("section 47" in str(m.value) for m in about.markdown)
    app.toggle(key="show_type_definitions").set_value(True).run()
    about = next(e for e in app.expander if e.label == "About the data and its coverage")
    text = unescape("\n".join(str(m.value) for m in about.markdown))
    assert "JOINT_ENQUIRY" in text and definition[:60] in text
