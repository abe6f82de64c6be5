"""Several app processes behind nginx (`make serve`, serve/): a process lost, nothing lost; nothing stale.

The real thing: `python -m serve --replicas 2` (the supervisor `make serve` runs) on free loopback ports, with
Debian's nginx in front. Which process serves a browser is chosen by the proxy's route cookie; the test picks
cookie values the proxy sends to each process (it tells which in its X-Cpmap-Replica header), so both processes
hold sessions whatever the hash. Then one process is killed with SIGKILL, as a crash would, while the pages on
the other keep working.

Views are written with URL parameters that exist today (type, force, area, layer); what a page "shows" is read
from the page itself (address bar, figures, headings, search box, chosen filters, the map's drawn layer), so a
reloaded page is compared with itself before the loss, not with constants.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from playwright.sync_api import Browser

from cpmap.dataset import Dataset
from cpmap.urlstate import ViewState, to_query
from cpmap.viewmodel import GENERAL, Filters, Layer
from tests.browser.conftest import AppPage, open_app, wait_until_drawn
from tests.browser.support import chromium
from tests.browser.support.appserver import PROJECT_ROOT, free_port

pytestmark = pytest.mark.browser

REPLICAS = 2
START_TIMEOUT_S = 120.0
# Once a process is lost, the proxy must send its browsers elsewhere at once (a refused connection is retried on
# the next process); a bound of seconds, not minutes, with room for a busy 2-core machine.
FAILOVER_BOUND_S = 5.0
# The supervisor restarts a lost process (a few seconds to start Streamlit) and nginx tries it again after its
# fail_timeout (5 s): well inside this.
REJOIN_BOUND_S = 120.0
# The supervisor waits this long before restarting the lost process, so that a new visitor who arrives meanwhile
# (opening a page takes a while on a busy machine) meets the proxy before the process is back, and the lost pages
# are reloaded (three page loads; 25 s was once too short on a loaded 2-core machine).
RESTART_DELAY_S = 60.0

# What a page shows: address bar, figures, headings, the search box, chosen filters and radio buttons, errors.
SHOWN_JS = """() => ({
  query: location.search,
  metrics: [...document.querySelectorAll("[data-testid='stMetric']")].map(m => m.innerText.replace(/\\s+/g, " ")),
  headings: [...document.querySelectorAll("h1, h2, h3")].map(h => h.innerText.trim()),
  search: [...document.querySelectorAll("[data-testid='stSelectbox'] input[role='combobox']")].map(i => i.value),
  chosen: [...document.querySelectorAll("[data-testid='stMultiSelect']")].map(m => m.innerText.replace(/\\s+/g, " ")),
  checked: [...document.querySelectorAll("input[type='radio']:checked")].map(i => i.closest("label")?.innerText),
  exception: document.querySelectorAll("[data-testid='stException']").length,
})"""


@dataclass
class Served:
    """`python -m serve` running: its process, its address and its state file."""

    process: subprocess.Popen[bytes]
    port: int
    prefix: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def state(self) -> dict:
        return json.loads((self.prefix / "state.json").read_text(encoding="utf-8"))

    def app_pid(self, port: int) -> int | None:
        return next(r["pid"] for r in self.state()["replicas"] if r["port"] == port)

    def restarts(self, port: int) -> int:
        return next(r["restarts"] for r in self.state()["replicas"] if r["port"] == port)

    def log(self) -> str:
        parts = [f"== {p.name}\n{p.read_text(errors='replace')[-3000:]}" for p in sorted(self.prefix.glob("*.log"))]
        return "\n".join(parts)


def _free_run(count: int) -> int:
    """A port such that it and the `count` ports after it are all free on loopback."""
    for _ in range(50):
        base = free_port()
        if base + count > 65535:
            continue
        try:
            for port in range(base, base + count + 1):
                with socket.socket() as sock:
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                    sock.bind(("127.0.0.1", port))
        except OSError:
            continue
        return base
    raise RuntimeError("no run of free ports")


def replica_for(url: str, route: str | None = None) -> tuple[str, str]:
    """(process that answered, route cookie) for a health check through the proxy, with or without a cookie."""
    request = urllib.request.Request(f"{url}_stcore/health")
    if route:
        request.add_header("Cookie", f"cpmap_route={route}")
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.read() == b"ok"
        given = [
            c.split("=", 1)[1].split(";", 1)[0]
            for c in response.headers.get_all("Set-Cookie") or []
            if c.startswith("cpmap_route=")
        ]
        return response.headers["X-Cpmap-Replica"].split(",")[-1].strip(), route or given[0]


def routes_by_process(url: str, per_process: int) -> dict[str, list[str]]:
    """Route cookies the proxy hands out, grouped by the process each one is sent to."""
    found: dict[str, list[str]] = {}
    for _ in range(200):
        process, route = replica_for(url)
        assert replica_for(url, route) == (process, route), "a route cookie must keep its browser on one process"
        found.setdefault(process, []).append(route)
        if len(found) == REPLICAS and all(len(v) >= per_process for v in found.values()):
            return {k: v[:per_process] for k, v in found.items()}
    raise AssertionError(f"the proxy did not spread 200 new browsers over {REPLICAS} processes: {found}")


@pytest.fixture  # one per test: test_ctrl_c_stops_... ends it, and tests run in random order
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    port = _free_run(REPLICAS)
    prefix = tmp_path_factory.mktemp("serve")
    command = [sys.executable, "-m", "serve", "--port", str(port), "--replicas", str(REPLICAS), "--prefix", str(prefix)]
    command += ["--restart-delay", str(RESTART_DELAY_S)]
    env = {**os.environ, "STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": "5"}
    with open(prefix / "serve.log", "wb") as log:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True
        )
    handle = Served(process, port, prefix)
    deadline = time.monotonic() + START_TIMEOUT_S
    while not ((prefix / "state.json").exists() and handle.state()["nginx_pid"]):
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"make serve did not start:\n{handle.log()}")
        time.sleep(0.2)  # waiting on another process's start-up
    try:
        yield handle
    finally:
        if process.poll() is None:  # the last test stops it; this only cleans up after a failure
            with contextlib.suppress(ProcessLookupError):
                os.kill(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
            for pid in [handle.state().get("nginx_pid")] + [r["pid"] for r in handle.state()["replicas"]]:
                with contextlib.suppress(ProcessLookupError, TypeError):
                    os.killpg(pid, signal.SIGKILL)


def _views(dataset: Dataset) -> list[str]:
    """Four different views, as query strings: a type, a force, the force layer, areas selected."""
    used = [t for t in dataset.findings["failure_type"].value_counts().index if t != GENERAL]
    councils = sorted(c for c in set(dataset.findings["council_code"]) if c)
    force = dataset.gazetteer.councils[councils[1]].force_code
    states = [
        ViewState(filters=Filters(failure_types=(used[0],)), layer=Layer.COUNCILS, area=councils[0]),
        ViewState(filters=Filters(forces=(force,)), layer=Layer.COUNCILS, area=councils[1]),
        ViewState(filters=Filters(), layer=Layer.FORCES, area=force),
        ViewState(filters=Filters(failure_types=(used[1],)), layer=Layer.FORCES, area=councils[2]),
    ]
    return [urlencode(to_query(s), doseq=True) for s in states]


def _open(browser: Browser, url: str, route: str, query: str) -> AppPage:
    """A new browser whose route cookie sends it to a chosen process, opening `query`; websockets recorded."""
    cookies = [{"name": "cpmap_route", "value": route, "url": url}]
    return open_app(browser, f"{url}?{query}", cookies=cookies, layers=_layers(query))


def _layers(query: str) -> tuple[str, ...]:
    """The map layer a view fills: police force areas or council areas."""
    return ("forces",) if "layer=forces" in query.split("&") else ("councils",)


def _route_of(app: AppPage) -> str:
    """The route cookie the proxy has given this browser."""
    return next(c["value"] for c in app.context.cookies() if c["name"] == "cpmap_route")


def _shown(app: AppPage) -> dict:
    """What the page shows, once its figures and filters are drawn and no run is in progress."""
    app.page.wait_for_function(
        """() => document.querySelectorAll("[data-testid='stMetric']").length > 0
            && document.querySelectorAll("input[type='radio']:checked").length > 0"""
    )
    chromium.wait_for_full_page(app.page)
    # The browser draws a run's elements as they arrive: read the page once two readings in a row agree.
    shown, deadline = None, time.monotonic() + 30
    while True:
        layers = app.frame.evaluate(
            "() => [...document.body.attributes].map(a => a.name).filter(n => n.startsWith('data-cpmap-')).sort()"
        )
        now = {**app.page.evaluate(SHOWN_JS), "map_layers": layers}
        if now == shown or time.monotonic() > deadline:
            return now
        shown = now
        app.page.wait_for_timeout(300)


def test_a_lost_process_loses_nothing(served: Served, browser: Browser, dataset: Dataset) -> None:
    routes = routes_by_process(served.url, per_process=3)
    lost, survivor = sorted(routes)
    queries = _views(dataset)
    pages: dict[str, list[tuple[AppPage, str, dict]]] = {lost: [], survivor: []}
    for n, query in enumerate(queries):
        process = (lost, survivor)[n % 2]
        app = _open(browser, served.url, routes[process][n // 2], query)
        assert app.served_by == process
        before = _shown(app)
        assert before["exception"] == 0 and before["query"] == f"?{query}", before
        pages[process].append((app, query, before))
    opened = [a for group in pages.values() for a, _, _ in group]
    try:
        # The crash: SIGKILL, no goodbye. The pages on the survivor go on working straight away.
        lost_port = int(lost.rsplit(":", 1)[1])
        lost_pid = served.app_pid(lost_port)
        assert lost_pid
        os.kill(lost_pid, signal.SIGKILL)
        killed_at = time.monotonic()

        # New visitors: even one whose cookie points at the lost process is served by the survivor at once.
        first_ok = None
        while time.monotonic() - killed_at < FAILOVER_BOUND_S:
            if replica_for(served.url, routes[lost][2])[0] == survivor:
                first_ok = time.monotonic() - killed_at
                break
        assert first_ok is not None, f"a lost process's browsers were not sent elsewhere within {FAILOVER_BOUND_S} s"
        newcomer = _open(browser, served.url, routes[lost][2], queries[0])
        opened.append(newcomer)
        assert served.restarts(lost_port) == 0, "restarted too early for this check: raise RESTART_DELAY_S"
        assert newcomer.served_by == survivor
        assert _shown(newcomer)["query"] == f"?{queries[0]}"

        # Sessions on the survivor carry on: one websocket each, never closed, and a filter change still works.
        extra = next(t for t in dataset.findings["failure_type"].value_counts().index if t != GENERAL)
        for app, _query, before in pages[survivor]:
            assert _shown(app) == before
            label = dataset.failure_types[extra].label
            if label in " ".join(before["chosen"]):
                continue
            runs = chromium.choose_option(app.page, "Failure types", label, app.wire)
            app.wait_for_run(runs)
            after = _shown(app)
            assert f"type={extra}" in after["query"] and label in " ".join(after["chosen"]), after
        for app, _, _ in pages[survivor]:
            assert [ws.is_closed() for ws in app.websockets] == [False], "a survivor's session lost its connection"
            app.assert_clean()

        # A page that was on the lost process, reloaded, shows exactly the view it had, and no traceback.
        for app, query, before in pages[lost]:
            app.errors.clear()  # the lost connection's own console errors belong to the page before the reload
            app.page.reload()
            app.frame = wait_until_drawn(app.page, _layers(query))
            after = _shown(app)
            assert after == before, f"the reloaded page differs:\nbefore {before}\nafter  {after}"
            app.assert_clean()
            assert served.restarts(lost_port) == 0, "restarted too early for this check: raise RESTART_DELAY_S"
            # the proxy re-labelled the browser: it now stays with the survivor, where its new session lives
            assert _route_of(app) == routes[survivor][0]

        # The supervisor restarts the lost process and the proxy sends its browsers back to it.
        deadline = killed_at + REJOIN_BOUND_S
        while replica_for(served.url, routes[lost][1])[0] != lost:
            assert time.monotonic() < deadline, f"the restarted process did not rejoin:\n{served.log()}"
            time.sleep(0.5)  # the supervisor and nginx's fail_timeout are the clocks here
        assert served.restarts(lost_port) == 1
        # A moved browser stays with its session even now that its old process is back: a reload after the
        # rejoin goes, frames and all, to the survivor (a hash would send it back to a process that has not yet
        # loaded the map component, and its map would stay blank).
        moved, query, before = pages[lost][0]
        moved.page.reload()
        moved.frame = wait_until_drawn(moved.page, _layers(query))
        assert _shown(moved) == before and _route_of(moved) == routes[survivor][0]
        back = _open(browser, served.url, routes[lost][1], queries[2])
        opened.append(back)
        assert back.served_by == lost and served.app_pid(lost_port) != lost_pid
        assert _shown(back)["query"] == f"?{queries[2]}" and _shown(back)["exception"] == 0
        back.assert_clean()
    finally:
        for app in opened:
            app.context.close()


def _static_paths(app: AppPage) -> set[str]:
    return {urlsplit(e.detail).path for e in app.wire.events if urlsplit(e.detail).path.startswith("/app/static/")}


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def test_every_process_serves_the_same_geometry_and_view(served: Served, browser: Browser, dataset: Dataset) -> None:
    query = _views(dataset)[3]
    ports = [r["port"] for r in served.state()["replicas"]]
    apps = [open_app(browser, f"http://127.0.0.1:{port}/?{query}", layers=_layers(query)) for port in ports]
    try:
        paths = [_static_paths(app) for app in apps]
        # the same content-hashed names (geometry and layer script under static/cache/<hash of inputs>/) ...
        assert paths[0] == paths[1]
        geometry = sorted(p for p in paths[0] if p.endswith(".json"))
        assert len(geometry) == 2 and all(p.startswith("/app/static/cache/") for p in geometry), paths[0]
        # ... the same bytes behind each name, from each process ...
        for path in sorted(paths[0]):
            assert _get(f"http://127.0.0.1:{ports[0]}{path}") == _get(f"http://127.0.0.1:{ports[1]}{path}"), path
        # ... and the same view: the map's arguments (its style lookup, geometry and script names) byte for byte.
        sent = [json.dumps(app.wire.component_args, sort_keys=True) for app in apps]
        assert sent[0] == sent[1] and "/app/static/cache/" in sent[0]
        assert _shown(apps[0])["metrics"] == _shown(apps[1])["metrics"]
    finally:
        for app in apps:
            app.context.close()


def test_ctrl_c_stops_nginx_and_every_process(served: Served) -> None:
    state = served.state()
    children = [state["nginx_pid"], *(r["pid"] for r in state["replicas"])]
    assert all(children)
    os.kill(served.process.pid, signal.SIGINT)
    assert served.process.wait(timeout=60) == 0
    for pid in children:
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text().lower(), pid
    with pytest.raises(OSError):
        replica_for(served.url)
