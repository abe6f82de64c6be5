"""The whole path on a bare clone: `git clone` of this checkout's HEAD into an empty folder (no ../shared, no
BOUNDARIES_DIR), `make run` there on a free port, and in Chromium every English council area draws and a click
opens its panel.

`make run` creates the clone's own .venv with pip (pip's cache is reused) and installs Leaflet with npm (its cache
is preferred); the test is bounded by CLONE_TIMEOUT_S and ends the server's process group.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import open_app
from test_map_in_browser import STOCKTON, click_stockton

from tests.browser.support import appserver
from tests.browser.support.appserver import PROJECT_ROOT

pytestmark = pytest.mark.browser

CLONE_TIMEOUT_S = 900.0  # clone, venv, pip install from the cache, npm install, first start
DRAWN_CODES_JS = """() => {
  const codes = [];
  window.map.eachLayer((l) => { if (l.feature && l._path && l.options.fill !== false) { codes.push(l.feature.id); } });
  return codes;
}"""


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, timeout=120).stdout


@pytest.fixture(scope="module")
def clone_url(tmp_path_factory) -> Iterator[str]:
    if shutil.which("git") is None or shutil.which("make") is None:
        pytest.skip("git and make are needed to clone and run the project")
    empty = tmp_path_factory.mktemp("bare")  # nothing beside the clone: no ../shared
    clone = empty / "x"
    head = _git("rev-parse", "HEAD", cwd=PROJECT_ROOT).strip()
    _git("clone", "--quiet", "--no-checkout", str(PROJECT_ROOT), str(clone), cwd=empty)
    _git("checkout", "--quiet", "--detach", head, cwd=clone)
    assert sorted(p.name for p in empty.iterdir()) == ["x"] and not (empty / "shared").exists()
    port = appserver.free_port()
    venv_bin = str(PROJECT_ROOT / ".venv" / "bin")
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"BOUNDARIES_DIR", "CPMAP_LAYERS_DIR", "VIRTUAL_ENV", "PYTHONPATH", "MAKEFLAGS", "MAKELEVEL"}
    }
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != venv_bin)
    log = empty / "make-run.log"
    with open(log, "wb") as sink:
        process = subprocess.Popen(
            ["make", "run", f"PORT={port}"],
            cwd=clone,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: ended below, with everything make started
        )
    try:
        deadline = time.monotonic() + CLONE_TIMEOUT_S
        while not appserver.healthy(port):
            if process.poll() is not None:
                pytest.fail(f"make run exited with {process.returncode}:\n{log.read_text(errors='replace')[-4000:]}")
            if time.monotonic() > deadline:
                pytest.fail(f"no server after {CLONE_TIMEOUT_S:.0f} s:\n{log.read_text(errors='replace')[-4000:]}")
            time.sleep(1)  # polling a process we do not control
        yield f"http://127.0.0.1:{port}/"
        assert "Leaflet is not vendored" not in log.read_text(errors="replace"), "make run left Leaflet on the CDN"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=20)
        shutil.rmtree(clone, ignore_errors=True)


def test_a_bare_clone_runs_with_make_run_and_draws_every_english_council(browser, clone_url, dataset):
    app = open_app(browser, clone_url, offline=True)  # offline: Leaflet and the layers come from the clone
    try:
        drawn = app.frame.evaluate(DRAWN_CODES_JS)
        english = {c.code for c in dataset.gazetteer.english_councils}
        assert len(english) == 152
        assert english <= set(drawn), f"not drawn: {sorted(english - set(drawn))[:10]}"
        click_stockton(app)
        app.page.get_by_role("heading", name=dataset.gazetteer.councils[STOCKTON].name).first.wait_for()
        app.assert_clean()
    finally:
        app.context.close()
