"""Broken files: uploads, the map layers and the ONS originals each get a message naming the file and the problem.

Every broken file is a copy of a real one (bundled CSVs, the committed layers, ONS-shaped files rebuilt from them)
broken in tmp_path.
"""

from __future__ import annotations

import ctypes
import functools
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import shapely
from hostile import (
    BOW_TIE,
    BROKEN_BOUNDARIES,
    BROKEN_LAYERS,
    broken_boundaries,
    broken_csvs,
    broken_layers,
    copy_boundaries,
    with_bom,
)
from streamlit.testing.v1 import AppTest

from cpmap import config
from cpmap.gazetteer import load_gazetteer
from cpmap.geometry import LayerPrecision, prepare_layers
from cpmap.layers import committed_layers, publish
from cpmap.problems import InputError
from cpmap.validate import validate_bytes
from tests.apptest import findings_on_the_default_map, full_app

PROJECT_ROOT = Path(__file__).resolve().parent.parent
KINDS = ("findings", "inspections")
# From linux/prctl.h and linux/capability.h.
PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 24, 1, 2
# Words the message for each broken CSV must contain (any one of them), besides the file's name.
CSV_PROBLEM_WORDS: dict[str, tuple[str, ...]] = {
    "empty": ("empty",),
    "whitespace_only": ("empty",),
    "header_only": ("no data rows", "no rows"),
    "truncated_mid_row": ("cut short",),  # and the cut row is named by its line (below)
    "truncated_in_quote": ("quote",),
    "latin1": ("UTF-8",),
    "windows_1252": ("UTF-8",),
    "utf16_with_bom": ("UTF-16",),
    "utf16le_without_bom": ("UTF-16", "NUL"),
    "semicolons": ("semicolon",),
    "tabs": ("tab",),
    "binary_garbage": ("NUL", "UTF-8", "not a text file"),
    "png_image": ("NUL", "UTF-8", "not a text file"),
    "fifty_mb": ("limit",),
}


def unescape(markdown: str) -> str:
    """Markdown as the reader sees it: backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


@pytest.fixture(scope="module")
def reference(dataset):
    return dataset.reference


@functools.cache
def _corpus(kind: str) -> dict[str, bytes]:
    return broken_csvs((config.DATA_DIR / f"{kind}.csv").read_bytes())


# ------------------------------------------------------------------------------------ findings / inspections CSV


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("case", list(CSV_PROBLEM_WORDS))
def test_a_broken_csv_is_refused_with_a_message_naming_the_file_and_the_problem(reference, kind, case):
    source = f"upload-{case}.csv"
    result = validate_bytes(_corpus(kind)[case], source, reference)
    assert not result.ok
    assert result.rows_read == result.accepted + result.rejected, "every row read is accepted or rejected"
    messages = [str(p) for p in result.problems]
    assert messages and all(m.startswith(source) for m in messages), messages
    assert any(word in m for m in messages for word in CSV_PROBLEM_WORDS[case]), messages
    assert all(len(m) < 600 for m in messages), "messages stay short enough to read"


@pytest.mark.parametrize("kind", KINDS)
def test_a_truncated_csv_keeps_the_whole_rows_and_names_the_cut_one(reference, kind):
    good = (config.DATA_DIR / f"{kind}.csv").read_bytes()
    cut = _corpus(kind)["truncated_mid_row"]
    cut_line = cut.count(b"\n") + 1
    result = validate_bytes(cut, "cut.csv", reference)
    whole = validate_bytes(good, "whole.csv", reference)
    assert whole.ok
    # the rows before the cut are exactly the first rows of the whole file; the cut row is reported by its line
    assert [r["line"] for r in result.records] == [r["line"] for r in whole.records[: result.accepted]]
    assert result.rejected_lines == [cut_line]
    assert all(p.line == cut_line for p in result.problems)


@pytest.mark.parametrize("kind", KINDS)
def test_a_utf8_byte_order_mark_is_accepted(reference, kind):
    good = (config.DATA_DIR / f"{kind}.csv").read_bytes()
    plain, marked = validate_bytes(good, "a.csv", reference), validate_bytes(with_bom(good), "a.csv", reference)
    assert marked.ok, [str(p) for p in marked.problems]
    assert marked.records == plain.records


def _drop_root_file_override() -> None:
    """In the child: give up the capabilities that let root read any file, so chmod 000 applies to it too."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def _run(
    command: list[str], env: dict[str, str] | None = None, *, as_plain_user: bool = False
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        preexec_fn=_drop_root_file_override if as_plain_user and os.geteuid() == 0 else None,
    )


def _cli(
    *args: str, env: dict[str, str] | None = None, as_plain_user: bool = False
) -> subprocess.CompletedProcess[str]:
    return _run([sys.executable, "-m", "cpmap.cli", *args], env, as_plain_user=as_plain_user)


def test_cpmap_validate_names_every_broken_file_and_exits_1_without_a_traceback(tmp_path):
    paths = []
    for kind in KINDS:
        for case, data in _corpus(kind).items():
            path = tmp_path / f"{kind}-{case}.csv"
            path.write_bytes(data)
            paths.append(path)
    directory = tmp_path / "a-directory.csv"
    directory.mkdir()
    missing = tmp_path / "no-such-file.csv"
    completed = _cli("validate", *map(str, paths), str(directory), str(missing))
    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr + completed.stdout
    lines = (completed.stderr + completed.stdout).splitlines()
    for path in [*paths, directory, missing]:
        assert any(line.startswith(str(path)) for line in lines), f"no message names {path.name}"


def test_cpmap_validate_accepts_the_bundled_files_with_a_byte_order_mark(tmp_path):
    path = tmp_path / "findings-bom.csv"
    path.write_bytes(with_bom((config.DATA_DIR / "findings.csv").read_bytes()))
    completed = _cli("validate", str(path))
    assert completed.returncode == 0, completed.stderr
    assert "valid" in completed.stdout


# ------------------------------------------------------------------------------------------------ the map layers


def _assert_named(raised: pytest.ExceptionInfo[InputError], broken: Path, words: tuple[str, ...]) -> None:
    messages = [str(p) for p in raised.value.problems]
    naming = [m for m in messages if str(broken) in m]
    assert naming, f"no message names {broken.name}: {messages}"
    assert any(all(w in m for w in words) for m in naming), f"expected {words} in {naming}"


@pytest.mark.parametrize("case", list(BROKEN_LAYERS))
def test_broken_layers_give_an_input_error_naming_the_file_and_the_problem(tmp_path, case):
    """What the app does at start-up: the lookup, then the two layers checked against it, then published."""
    directory, broken, words = broken_layers(tmp_path, case)
    with pytest.raises(InputError) as raised:
        publish(committed_layers(load_gazetteer(directory), directory), tmp_path / "cache")
    _assert_named(raised, broken, words)
    assert not (tmp_path / "cache").exists(), "nothing published from broken layers"


# ------------------------------------------------------------------------------------- the ONS originals (prepare)

# Coarser than geo/prepare.toml: these tests are about the inputs, and coarse output is quicker to make.
QUICK = LayerPrecision(simplify_tolerance_m=1500.0, coordinate_decimals=3)


@pytest.mark.parametrize("case", list(BROKEN_BOUNDARIES))
def test_broken_originals_give_an_input_error_naming_the_file_and_the_problem(tmp_path, case):
    directory, broken, words = broken_boundaries(tmp_path, case)
    with pytest.raises(InputError) as raised:
        prepare_layers(directory, tmp_path / "out", QUICK)
    _assert_named(raised, broken, words)
    assert not (tmp_path / "out").exists(), "nothing half-written"


def test_self_intersecting_and_byte_order_marked_originals_still_prepare(tmp_path):
    directory = copy_boundaries(tmp_path / "boundaries")
    geojson = directory / config.COUNCIL_BOUNDARIES_FILE
    data = json.loads(geojson.read_text(encoding="utf-8"))
    hartlepool = next(f for f in data["features"] if f["properties"]["ctyua16cd"] == "E06000001")
    hartlepool["geometry"] = BOW_TIE
    geojson.write_bytes(b"\xef\xbb\xbf" + json.dumps(data).encode("utf-8"))
    lookup = directory / config.COUNCIL_FORCE_LOOKUP_FILE
    lookup.write_bytes(b"\xef\xbb\xbf" + lookup.read_bytes())
    out = tmp_path / "out"
    prepare_layers(directory, out, QUICK)
    gazetteer = load_gazetteer(out)
    councils = json.loads((out / config.COUNCILS_LAYER).read_text(encoding="utf-8"))
    assert len(councils["features"]) == len(gazetteer.councils) == 174
    shape = shapely.geometry.shape(next(f for f in councils["features"] if f["id"] == "E06000001")["geometry"])
    assert shape.is_valid and not shape.is_empty
    committed_layers(gazetteer, out)  # what was made passes the app's own checks


@pytest.mark.parametrize("name", [config.COUNCIL_FORCE_LOOKUP_FILE, config.COUNCIL_BOUNDARIES_FILE])
def test_an_unreadable_original_is_named_without_a_traceback(tmp_path, name):
    """chmod 000 does not stop root, so as root the command runs without the capabilities that override it."""
    directory = copy_boundaries(tmp_path / "boundaries")
    unreadable = directory / name
    unreadable.chmod(0)
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o777)  # the unprivileged command may write here
    try:
        probe = _run([sys.executable, "-c", f"open({str(unreadable)!r}, 'rb')"], as_plain_user=True)
        if probe.returncode == 0:
            pytest.skip("this process can read a chmod 000 file even without CAP_DAC_OVERRIDE")
        completed = _cli("prepare", "--from", str(directory), "--out", str(out), as_plain_user=True)
    finally:
        unreadable.chmod(0o644)
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert "Traceback" not in completed.stderr, completed.stderr
    assert str(unreadable) in completed.stderr
    assert "cannot be read" in completed.stderr or "ermission" in completed.stderr
    assert list(out.iterdir()) == [], "nothing written"


# --------------------------------------------------------------------------------------------------- the app


@pytest.fixture
def fresh_app_data(monkeypatch, tmp_path):
    """The app's cached data cleared before and after, and layers published into tmp_path, not static/cache."""
    from components import appdata

    monkeypatch.setattr(appdata, "publish", functools.partial(publish, cache_dir=tmp_path / "published"))
    appdata.load_app_data.clear()
    yield
    appdata.load_app_data.clear()


@pytest.mark.apptest
@pytest.mark.parametrize(
    "case", ["councils_empty", "councils_point_not_polygon", "forces_one_dropped", "lookup_utf16", "lookup_semicolons"]
)
def test_the_app_names_a_broken_layer_file_instead_of_failing(fresh_app_data, monkeypatch, tmp_path, case):
    directory, broken, words = broken_layers(tmp_path, case)
    monkeypatch.setenv("CPMAP_LAYERS_DIR", str(directory))  # settings.layers_dir() reads it at call time
    at = full_app(60).run()
    assert not at.exception, [e.value for e in at.exception]
    errors = unescape(" ".join(e.value for e in at.error))
    assert str(broken) in errors
    assert all(w in errors for w in words), errors
    assert not at.metric, "nothing is drawn from data that could not be loaded"


# ------------------------------------------------------------------------------------------- uploads in the app


@pytest.fixture(scope="module")
def uploading_app(dataset) -> AppTest:
    """One session of the real app in which the user tries one broken file after another."""
    at = full_app(60).run()
    assert not at.exception
    assert _bundled_findings_shown(at, dataset)
    return at


def _bundled_findings_shown(at: AppTest, dataset) -> bool:
    findings = next(m.value for m in at.metric if m.label == "Findings matching")
    expected = findings_on_the_default_map(dataset)
    return findings == str(expected) and len(at.dataframe[0].value) == expected


def _upload_messages(at: AppTest) -> str:
    parts = [e.value for e in at.error] + [w.value for w in at.warning] + [c.value for c in at.caption]
    parts += [c.value for c in at.code]
    return unescape("\n".join(str(p) for p in parts))


@pytest.mark.apptest
@pytest.mark.parametrize("case", list(CSV_PROBLEM_WORDS))
def test_a_broken_upload_is_explained_and_the_bundled_findings_stay(uploading_app, dataset, case):
    at = uploading_app
    filename = f"my findings {case}.csv"
    at.file_uploader(key="upload_findings").set_value((filename, _corpus("findings")[case], "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    messages = _upload_messages(at)
    assert filename in messages, "the message names the uploaded file"
    if case != "fifty_mb":  # refused before reading, by size
        assert any(word in messages for word in CSV_PROBLEM_WORDS[case]), messages
    else:
        assert "limit" in messages
    assert _bundled_findings_shown(at, dataset), "the bundled findings are still all on the page"
