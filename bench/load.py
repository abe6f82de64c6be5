"""`make load`: many people open a shared link at once. Does every one see their own view, and does the server cope?

One real server (`streamlit run app.py` on a free loopback port), one Debian Chromium, SESSIONS browser contexts
driven at once (Playwright's async API). Each context opens a different link: its own area (councils and police
forces from the dataset) and its own filters. A session is correct when its page shows, all at once, its own
area in the search box and as the panel's heading, the figures the view model computes for its filters, its area
in the address bar, and its map drawn. Throughout, /_stcore/health is polled and the server's resident memory
(its process tree, from /proc) is sampled.

Memory is reported at: cold (server just started), start (after one warm-up visit has loaded the data and the
geometry, then left), peak (during the load), after close (every session closed and the server idle again) and
settled (after disconnected sessions have outlived their TTL), and after the next visitor (one more visit, come
and gone: Streamlit keeps a disconnected session for DISCONNECTED_TTL_S - server.disconnectedSessionTTL, 120 s by
default, which the run shortens - and drops expired ones only when another session disconnects).

The CPU time the server and the browser used during the load is reported too: on a small machine the twenty
Chromium pages (about 10 s of CPU each to render the dashboard) cost far more than the server's script runs, so
the time until all sessions show is mostly the harness's. `--rounds 2` repeats the load on the same server, to
show whether memory keeps growing or levels off.

Bounded: at most MAX_SESSIONS sessions, loopback only (other hosts do not resolve; attempts are counted), a hard cap
(HARD_CAP_S, or --hard-cap) after which unfinished sessions count as failed, the server is stopped and, should
anything hang, the process kills the server's process group and exits.
The last line printed is one JSON object; the same record goes to bench-results/load-latest.json.

`--target URL` loads a running address instead of starting a server: `make serve`'s nginx, whose app processes
(from build/serve/<port>/state.json) are then measured one by one - which process served each session (the
proxy's X-Cpmap-Replica header), its CPU and memory. Memory after close is then measured with the processes'
own disconnected-session TTL (start `make serve` with STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL=5 to match).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import signal
import statistics
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from itertools import cycle
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from playwright.async_api import Browser, BrowserContext, Page, async_playwright

from bench.target import Target, process_metrics
from cpmap import config, settings
from cpmap.dataset import Dataset, load_dataset
from cpmap.urlstate import ViewState, parse_query, to_query
from cpmap.viewmodel import GENERAL, Filters, Layer, MatchMode, build_view
from tests.browser.support import appserver, chromium
from tests.browser.support.appserver import PROJECT_ROOT, AppServer

SESSIONS = 20
MAX_SESSIONS = 60
# Twenty pages cost the browser ~10 s of CPU each: about 2 minutes on an idle 2-core machine, several on a busy one.
HARD_CAP_S = 480.0
SESSION_TIMEOUT_MS = 1_800_000  # the round's deadline (hard cap, at most 1800 s) decides; this only backs it up
DISCONNECTED_TTL_S = 5
SETTLE_S = 10.0
CLOSE_AND_SETTLE_BUDGET_S = 60.0
SAMPLE_EVERY_S = 0.2
HEALTH_EVERY_S = 1.0
IDLE_TIMEOUT_S = 30.0
RESULTS_DIR = PROJECT_ROOT / "bench-results"
# Twenty windows at once: none of them may be throttled as a background or hidden one, as each stands for a person
# looking at their own screen.
# Loopback only, enforced by Chromium's resolver: every other host name fails to resolve. (Cheaper than routing each
# of twenty pages' requests through Playwright; attempts are still seen and counted through request events.)
LAUNCH_ARGS = [
    *chromium.LAUNCH_ARGS,
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
]
MB = 1024 * 1024
METRIC_FINDINGS = "Findings matching"
METRIC_COUNCILS = "Councils with police weaknesses"


# ------------------------------------------------------------------------------------------------ what to open


@dataclass(frozen=True)
class Visit:
    """One session: the link it opens and what its page must then show."""

    n: int
    state: ViewState
    heading: str  # the area's name, as the panel's heading
    option: str  # the area as the search box shows it
    findings: int
    councils_with_weaknesses: int

    @property
    def query(self) -> str:
        return urlencode(to_query(self.state), doseq=True)

    @property
    def layer_kind(self) -> str:
        return "forces" if self.state.layer is Layer.FORCES else "councils"


def _filter_sets(dataset: Dataset) -> list[tuple[Filters, Layer]]:
    """Different filters for different sessions: failure types, match all, judgement, confidence, force layer."""
    types = sorted(dataset.failure_types)
    common = dataset.findings["failure_type"].value_counts().index.tolist()
    used = [t for t in common if t in types and t != GENERAL]  # GENERAL: named, detail not recovered
    return [
        (Filters(), Layer.COUNCILS),
        (Filters(failure_types=(used[0],)), Layer.COUNCILS),
        (Filters(failure_types=(used[1], used[2]), match=MatchMode.ALL), Layer.COUNCILS),
        (Filters(min_confidence="high"), Layer.COUNCILS),
        (Filters(), Layer.FORCES),
        (Filters(judgements=("inadequate",)), Layer.COUNCILS),
        (Filters(failure_types=(used[2],), min_confidence="medium"), Layer.FORCES),
        (Filters(failure_types=(used[0], used[3])), Layer.COUNCILS),
        (Filters(judgements=("requires improvement", "good")), Layer.COUNCILS),
        (Filters(min_confidence="medium"), Layer.COUNCILS),
    ]


def plan_visits(dataset: Dataset, sessions: int) -> list[Visit]:
    """`sessions` visits, each to a different area: councils with findings first, then forces, then others."""
    from components.selected_area import area_options  # the search box's own labels

    gaz = dataset.gazetteer
    options = area_options(dataset)
    with_findings = sorted(c for c in set(dataset.findings["council_code"]) if c)
    forces = sorted({gaz.councils[c].force_code for c in with_findings})
    others = sorted(c.code for c in gaz.english_councils if c.code not in with_findings)
    areas: list[str] = []
    for group in (with_findings, forces, others):
        areas.extend(a for a in group if a not in areas)
    if sessions > len(areas):
        raise SystemExit(f"only {len(areas)} distinct areas to visit")
    visits = []
    for n, (area, (filters, layer)) in enumerate(zip(areas[:sessions], cycle(_filter_sets(dataset)), strict=False)):
        state = ViewState(filters=filters, layer=layer, area=area)
        parsed, notices = parse_query(to_query(state), dataset)
        assert parsed == state and not notices, f"visit {n} does not survive the URL: {notices}"
        figures = build_view(dataset, filters).figures
        heading = gaz.councils[area].name if area in gaz.councils else gaz.forces[area].name
        visits.append(Visit(n, state, heading, options[area], figures.findings, figures.councils_with_weaknesses))
    return visits


# --------------------------------------------------------------------------------------- the server, from /proc


def process_tree(pid: int) -> list[int]:
    """The process and all its descendants (Streamlit starts none today; counted if it ever does)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(children.get(current, []))
    return tree


def rss_bytes(pid: int) -> int:
    """Resident memory of the process tree (VmRSS from /proc/<pid>/status)."""
    total = 0
    for member in process_tree(pid):
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{member}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
    return total


def cpu_ticks_of(pid: int) -> int:
    """CPU time (user + system) one process has used, in clock ticks."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


def cpu_ticks(pid: int) -> int:
    return sum(cpu_ticks_of(member) for member in process_tree(pid))


def cpu_seconds(pids: list[int]) -> float:
    return sum(cpu_ticks_of(p) for p in pids) / os.sysconf("SC_CLK_TCK")


def active_sessions(target: Target) -> dict[int, float]:
    """Active sessions per app process (port), from Streamlit's own /_stcore/metrics; -1 if it does not answer."""
    counts = {}
    for proc in target.processes():
        try:
            counts[proc.port] = process_metrics(proc.port).get("active_sessions", 0.0)
        except OSError:
            counts[proc.port] = -1.0
    return counts


def app_pids(target: Target) -> list[int]:
    """Every app process's tree (all replicas behind a proxy)."""
    return [member for proc in target.processes() if proc.pid for member in process_tree(proc.pid)]


async def wait_until_idle(target: Target, sessions: int = 0) -> float:
    """Wait until the app processes hold `sessions` active sessions and used no CPU for a second; seconds waited."""
    started = time.monotonic()
    while time.monotonic() - started < IDLE_TIMEOUT_S:
        counts = await asyncio.to_thread(active_sessions, target)
        pids = app_pids(target)
        before = sum(cpu_ticks_of(p) for p in pids)
        await asyncio.sleep(1.0)  # a CPU-time window: idle means no ticks used during it
        if sum(counts.values()) == sessions and sum(cpu_ticks_of(p) for p in pids) - before <= 1:
            return time.monotonic() - started
    raise TimeoutError(f"app processes not idle with {sessions} sessions after {IDLE_TIMEOUT_S:.0f} s")


@dataclass
class Watch:
    """Memory and health sampled in the background while sessions run."""

    peak_rss: int = 0  # all app processes together
    peak_by_port: dict[int, int] = field(default_factory=dict)
    samples: int = 0
    health_checks: int = 0
    health_failures: int = 0
    non_local_requests: list[str] = field(default_factory=list)
    stop: asyncio.Event = field(default_factory=asyncio.Event)

    async def sample_memory(self, target: Target) -> None:
        while not self.stop.is_set():
            by_port = {proc.port: rss_bytes(proc.pid) for proc in target.processes() if proc.pid}
            for port, rss in by_port.items():
                self.peak_by_port[port] = max(self.peak_by_port.get(port, 0), rss)
            self.peak_rss = max(self.peak_rss, sum(by_port.values()))
            self.samples += 1
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stop.wait(), SAMPLE_EVERY_S)

    async def poll_health(self, target: Target) -> None:
        while not self.stop.is_set():
            ok = await asyncio.to_thread(target.healthy, 5)
            self.health_checks += 1
            self.health_failures += not ok
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stop.wait(), HEALTH_EVERY_S)


# ---------------------------------------------------------------------------------------------- one session

# True once the page shows this visit's area (search box and heading) and its figures, and nothing runs.
SHOWS_VISIT = """(v) => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute("data-test-script-state") !== "notRunning") { return false; }
  const metric = (label) => {
    for (const m of document.querySelectorAll("[data-testid='stMetric']")) {
      const l = m.querySelector("[data-testid='stMetricLabel']");
      if (l && l.innerText.trim() === label) {
        const value = m.querySelector("[data-testid='stMetricValue']");
        return value ? value.innerText.trim() : null;
      }
    }
    return null;
  };
  const boxes = [...document.querySelectorAll("[data-testid='stSelectbox'] input[role='combobox']")].map(i => i.value);
  const headings = [...document.querySelectorAll("h1, h2, h3")].map(h => h.innerText.trim());
  return metric(v.metricFindings) === String(v.findings)
    && metric(v.metricCouncils) === String(v.councils)
    && boxes.includes(v.option)
    && headings.includes(v.heading);
}"""

# What the page shows instead, for the report when a session is wrong.
DESCRIBE_PAGE = """() => ({
  metrics: [...document.querySelectorAll("[data-testid='stMetric']")].map(m => m.innerText.replace(/\\s+/g, " ")),
  headings: [...document.querySelectorAll("h2")].map(h => h.innerText.trim()).slice(0, 5),
  search: [...document.querySelectorAll("[data-testid='stSelectbox'] input[role='combobox']")].map(i => i.value),
  state: document.querySelector("[data-testid='stApp']")?.getAttribute("data-test-script-state"),
  exception: !!document.querySelector("[data-testid='stException']"),
})"""


@dataclass
class Outcome:
    n: int
    area: str
    query: str
    correct: bool = False
    seconds: float = 0.0  # until the page shows its whole view
    map_s: float = 0.0  # until its map's areas are drawn
    process: str = ""  # which app process served it (the proxy's X-Cpmap-Replica header), if behind make serve
    map_features: int = 0
    error: str = ""
    page_errors: list[str] = field(default_factory=list)


def _count_non_local(page: Page, watch: Watch) -> None:
    def seen(request: Any) -> None:
        if not chromium.is_local(request.url):
            watch.non_local_requests.append(request.url)

    page.on("request", seen)


async def run_visit(browser: Browser, target: Target, visit: Visit, watch: Watch, ready: list[BrowserContext]):
    outcome = Outcome(visit.n, visit.state.area or "", visit.query)
    context = await browser.new_context(viewport=chromium.VIEWPORT)
    ready.append(context)
    page: Page = await context.new_page()
    _count_non_local(page, watch)
    page.on("pageerror", lambda err: outcome.page_errors.append(str(err)[:200]))
    started = time.monotonic()
    try:
        response = await page.goto(
            f"{target.url}?{visit.query}", wait_until="domcontentloaded", timeout=SESSION_TIMEOUT_MS
        )
        if response is not None:
            outcome.process = response.headers.get("x-cpmap-replica", "")
        frame = await (await page.wait_for_selector(chromium.MAP_IFRAME, timeout=SESSION_TIMEOUT_MS)).content_frame()
        if frame is None:
            raise AssertionError("the map iframe has no frame")
        attribute = f"data-cpmap-{visit.layer_kind}"
        await frame.wait_for_function(
            "(a) => document.body.hasAttribute(a) || document.body.hasAttribute('data-cpmap-error')",
            arg=attribute,
            timeout=SESSION_TIMEOUT_MS,
        )
        outcome.map_s = round(time.monotonic() - started, 2)
        error = await frame.evaluate("() => document.body.getAttribute('data-cpmap-error')")
        if error:
            raise AssertionError(f"map layer failed: {error}")
        outcome.map_features = int(await frame.evaluate("(a) => document.body.getAttribute(a)", attribute))
        expected = {
            "findings": visit.findings,
            "councils": visit.councils_with_weaknesses,
            "option": visit.option,
            "heading": visit.heading,
            "metricFindings": METRIC_FINDINGS,
            "metricCouncils": METRIC_COUNCILS,
        }
        await page.wait_for_function(SHOWS_VISIT, arg=expected, timeout=SESSION_TIMEOUT_MS, polling=250)
        shown_area = parse_qs(urlsplit(await page.evaluate("() => location.href")).query).get("area", [""])[0]
        if shown_area != visit.state.area:
            raise AssertionError(f"address bar has area={shown_area!r}")
        outcome.correct = not outcome.page_errors
        if outcome.page_errors:
            outcome.error = "page errors"
    except Exception as err:  # a wrong or stuck session is a result to report, not a crash of the run
        outcome.error = f"{type(err).__name__}: {str(err).splitlines()[0][:200]}"
        with contextlib.suppress(Exception):
            outcome.error += f" | page shows {json.dumps(await page.evaluate(DESCRIBE_PAGE))[:400]}"
    outcome.seconds = round(time.monotonic() - started, 2)
    mark = "ok" if outcome.correct else "WRONG"
    print(f"load: session {visit.n:>2} {mark} after {outcome.seconds:.1f} s", file=sys.stderr, flush=True)
    return outcome


# ------------------------------------------------------------------------------------------------------ the run


async def single_visit(browser: Browser, target: Target, visit: Visit, what: str = "single visit") -> str:
    """One person comes, sees their view, and leaves; the server is idle again afterwards. The visit must succeed;
    returns the process that served it ("" if unknown)."""
    contexts: list[BrowserContext] = []
    outcome = await run_visit(browser, target, visit, Watch(), contexts)
    for context in contexts:
        await context.close()
    if not outcome.correct:
        raise RuntimeError(f"{what} failed: {outcome.error}")
    await wait_until_idle(target, 0)
    return outcome.process


async def run_all(
    browser: Browser,
    target: Target,
    visits: list[Visit],
    watch: Watch,
    contexts: list[BrowserContext],
    deadline: float,
) -> list[Outcome]:
    """Every visit at once; a visit still unfinished at the deadline is reported as timed out, not waited for."""
    tasks = [asyncio.create_task(run_visit(browser, target, v, watch, contexts)) for v in visits]
    await asyncio.wait(tasks, timeout=max(1.0, deadline - time.monotonic()))
    outcomes = []
    for visit, task in zip(visits, tasks, strict=True):
        if task.done():
            outcomes.append(task.result())
        else:
            task.cancel()
            outcomes.append(
                Outcome(visit.n, visit.state.area or "", visit.query, error="not shown before the deadline")
            )
    return outcomes


def browser_pids(target: Target) -> list[int]:
    """This process's descendants apart from any app process: Playwright's driver and Chromium."""
    apps = set(app_pids(target))
    return [p for p in process_tree(os.getpid()) if p != os.getpid() and p not in apps]


def per_process(target: Target) -> dict[int, dict[str, float]]:
    """CPU seconds used so far and resident memory now, per app process (by port)."""
    return {
        proc.port: {"cpu_s": cpu_seconds(process_tree(proc.pid)), "rss": rss_bytes(proc.pid)}
        for proc in target.processes()
        if proc.pid
    }


async def one_round(
    browser: Browser, target: Target, visits: list[Visit], deadline: float, rss_start: int
) -> dict[str, Any]:
    """All visits at once, then every session closed; memory and health watched throughout."""
    watch = Watch(peak_rss=rss_start)
    background = [asyncio.create_task(watch.sample_memory(target)), asyncio.create_task(watch.poll_health(target))]
    contexts: list[BrowserContext] = []
    before = per_process(target)
    proxy_pid = target.proxy_pid()
    cpu_proxy = cpu_seconds(process_tree(proxy_pid)) if proxy_pid else 0.0
    cpu_server, cpu_browser = cpu_seconds(app_pids(target)), cpu_seconds(browser_pids(target))
    started = time.monotonic()
    outcomes = await run_all(browser, target, visits, watch, contexts, deadline)
    all_shown_s = time.monotonic() - started
    cpu_server = cpu_seconds(app_pids(target)) - cpu_server
    cpu_browser = cpu_seconds(browser_pids(target)) - cpu_browser
    cpu_proxy = (cpu_seconds(process_tree(proxy_pid)) - cpu_proxy) if proxy_pid else None
    during = await asyncio.to_thread(active_sessions, target)
    loaded = per_process(target)
    rss_loaded = sum(v["rss"] for v in loaded.values())
    for context in contexts:
        await context.close()
    closed_at = time.monotonic()
    idle_after_s = await wait_until_idle(target, 0)
    after_close = per_process(target)
    rss_after_close = sum(v["rss"] for v in after_close.values())
    watch.stop.set()
    await asyncio.gather(*background)
    # Disconnected sessions live on for their TTL; give them that and a little more, then measure again.
    await asyncio.sleep(max(0.0, DISCONNECTED_TTL_S + SETTLE_S - (time.monotonic() - closed_at)))
    rss_settled = sum(rss_bytes(p.pid) for p in target.processes() if p.pid)
    # Streamlit drops expired sessions only when another session disconnects (its TTL cache reaps on write), so
    # the sessions of the load are released when the next visitor has come and gone.
    await single_visit(browser, target, visits[-1])
    rss_after_next = sum(rss_bytes(p.pid) for p in target.processes() if p.pid)
    correct = sum(o.correct for o in outcomes)
    processes = []
    for port, now in loaded.items():
        served = [o for o in outcomes if o.process.endswith(f":{port}")]
        processes.append(
            {
                "port": port,
                "sessions_served": len(served) if target.behind_proxy else len(outcomes),
                "correct": sum(o.correct for o in served) if target.behind_proxy else correct,
                "active_sessions_during": during.get(port),
                "cpu_s": round(now["cpu_s"] - before.get(port, {"cpu_s": now["cpu_s"]})["cpu_s"], 1),
                "rss_mb_start": _mb(before[port]["rss"]) if port in before else None,
                "rss_mb_peak": _mb(max(watch.peak_by_port.get(port, 0), now["rss"])),
                "rss_mb_after_close": _mb(after_close[port]["rss"]) if port in after_close else None,
            }
        )
    return {
        "correct": correct,
        "active_sessions_during": sum(v for v in during.values() if v >= 0),
        "all_shown_s": round(all_shown_s, 1),
        "slowest_session_s": max(o.seconds for o in outcomes),
        "slowest_map_s": max((o.map_s for o in outcomes if o.map_s), default=None),
        "median_map_s": round(statistics.median([o.map_s for o in outcomes if o.map_s] or [0.0]), 2),
        "timed_out": sum(o.error == "not shown before the deadline" for o in outcomes),
        "server_cpu_s": round(cpu_server, 1),
        "proxy_cpu_s": None if cpu_proxy is None else round(cpu_proxy, 1),
        "browser_cpu_s": round(cpu_browser, 1),
        "idle_after_close_s": round(idle_after_s, 1),
        "health_checks": watch.health_checks,
        "health_failures": watch.health_failures,
        "non_local_requests": len(watch.non_local_requests),
        "processes": processes,
        "rss_mb": {
            "peak": _mb(max(watch.peak_rss, rss_loaded)),
            "all_sessions_open": _mb(rss_loaded),
            "after_close": _mb(rss_after_close),
            "settled": _mb(rss_settled),
            "after_next_visitor": _mb(rss_after_next),
        },
        "memory_samples": watch.samples,
        "outcomes": [asdict(o) for o in outcomes],
    }


async def load_run(sessions: int, rounds: int, hard_cap_s: float, target_url: str | None = None) -> dict[str, Any]:
    dataset = load_dataset(config.DATA_DIR, settings.layers_dir())
    visits = plan_visits(dataset, sessions)
    run_started = time.monotonic()
    if target_url is None:
        env = {"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(DISCONNECTED_TTL_S)}
        server = await asyncio.to_thread(appserver.start, PROJECT_ROOT / "app.py", env)
        target = Target.started(server)
        _arm_hard_cap(server, hard_cap_s)
    else:
        server, target = None, Target.at(target_url)
        _arm_hard_cap(None, hard_cap_s)
        if not target.healthy():
            raise SystemExit(f"load: {target.url} does not answer /_stcore/health")
    record: dict[str, Any] = {
        "sessions": sessions,
        "rounds": rounds,
        "cpus": os.cpu_count(),
        "target": target.url if target_url else "own server",
        "app_processes": len(target.processes()),
        "behind_proxy": target.behind_proxy,
    }
    try:
        rss_cold = sum(rss_bytes(p.pid) for p in target.processes() if p.pid)
        async with async_playwright() as playwright:
            executable = shutil.which("chromium") or shutil.which("chromium-browser")
            if not executable:
                raise RuntimeError("Debian's chromium is not installed: run `make browser`")
            browser = await playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
            # the first visitor loads the data and the geometry into a process's cache; behind the proxy, one
            # visit per process (each new browser context gets its own route cookie, so keep going until each
            # process has served one, at most a few tries)
            warmed: set[str] = set()
            for attempt in range(4 * len(target.processes())):
                warm = await single_visit(browser, target, visits[attempt % len(visits)], "warm-up visit")
                warmed.add(warm)
                if not target.behind_proxy or len(warmed) >= len(target.processes()):
                    break
            rss_start = sum(rss_bytes(p.pid) for p in target.processes() if p.pid)
            results = []
            for n in range(rounds):
                # each round gets an equal share of what is left, less what closing and settling need
                left = hard_cap_s - (time.monotonic() - run_started)
                share = left / (rounds - n) - CLOSE_AND_SETTLE_BUDGET_S
                results.append(await one_round(browser, target, visits, time.monotonic() + share, rss_start))
            still_healthy = target.healthy(timeout=5)
            await browser.close()
        first = results[0]
        record.update({k: v for k, v in first.items() if k not in ("rss_mb", "outcomes")})
        record.update(
            correct=min(r["correct"] for r in results),
            all_correct=all(r["correct"] == sessions for r in results),
            health_checks=sum(r["health_checks"] for r in results),
            health_failures=sum(r["health_failures"] for r in results),
            healthy_at_end=still_healthy,
            non_local_requests=sum(r["non_local_requests"] for r in results),
            server_alive=server.process.poll() is None if server else still_healthy,
            rss_mb={
                "cold": _mb(rss_cold),
                "start": _mb(rss_start),
                "peak": max(r["rss_mb"]["peak"] for r in results),
                "after_close": first["rss_mb"]["after_close"],
                "settled": results[-1]["rss_mb"]["settled"],
                "after_next_visitor": results[-1]["rss_mb"]["after_next_visitor"],
                "after_next_visitor_by_round": [r["rss_mb"]["after_next_visitor"] for r in results],
            },
            end_over_start_mb=round(results[-1]["rss_mb"]["after_next_visitor"] - _mb(rss_start), 1),
            disconnected_session_ttl_s=DISCONNECTED_TTL_S if server else None,
            outcomes=first["outcomes"],
            round_details=[{k: v for k, v in r.items() if k != "outcomes"} for r in results],
        )
    finally:
        if server is not None:
            appserver.stop(server)
    return record


def _mb(value: int) -> float:
    return round(value / MB, 1)


def _arm_hard_cap(server: AppServer | None, hard_cap_s: float) -> None:
    """Whatever hangs, the run ends: kill the server's process group (if this run started it) and exit."""

    def abort() -> None:
        print(f"load: hard cap of {hard_cap_s:.0f} s reached; killing the server and exiting", file=sys.stderr)
        with contextlib.suppress(ProcessLookupError):
            if server is not None:
                os.killpg(server.process.pid, signal.SIGKILL)
        os._exit(3)

    timer = threading.Timer(hard_cap_s + 5, abort)
    timer.daemon = True
    timer.start()


def table(record: dict[str, Any]) -> str:
    lines = [
        f"{'#':>3}  {'ok':<3} {'map s':>6} {'page s':>6}  {'areas':>5}  {'process':<15} area       link (round 1)",
        "-" * 110,
    ]
    for o in record["outcomes"]:
        mark = "yes" if o["correct"] else "NO"
        lines.append(
            f"{o['n']:>3}  {mark:<3} {o['map_s']:>6.1f} {o['seconds']:>6.1f}  {o['map_features']:>5}  "
            f"{o['process'] or '-':<15} {o['area']:<10} ?{o['query']}"
        )
        if o["error"]:
            lines.append(f"     {o['error']}")
    rss = record["rss_mb"]
    lines.append("-" * 100)
    for n, r in enumerate(record["round_details"], start=1):
        lines.append(
            f"round {n}: {r['correct']}/{record['sessions']} correct (server counted {r['active_sessions_during']:.0f} "
            f"active), all shown after {r['all_shown_s']} s, slowest map {r['slowest_map_s']} s (median "
            f"{r['median_map_s']} s), slowest page {r['slowest_session_s']} s; CPU used: app processes "
            f"{r['server_cpu_s']} s, proxy {r['proxy_cpu_s']} s, browser {r['browser_cpu_s']} s; RSS MB peak {r['rss_mb']['peak']}, after close "
            f"{r['rss_mb']['after_close']} (idle after {r['idle_after_close_s']} s), settled {r['rss_mb']['settled']}, "
            f"after the next visitor {r['rss_mb']['after_next_visitor']}"
        )
        for proc in r["processes"]:
            lines.append(
                f"  process :{proc['port']}: served {proc['sessions_served']} sessions ({proc['correct']} correct, "
                f"{proc['active_sessions_during']} active), CPU {proc['cpu_s']} s, RSS MB start {proc['rss_mb_start']}, "
                f"peak {proc['rss_mb_peak']}, after close {proc['rss_mb_after_close']}"
            )
    lines += [
        f"target: {record['target']} ({record['app_processes']} app process(es)"
        f"{', behind the proxy' if record['behind_proxy'] else ''})",
        f"health: {record['health_checks'] - record['health_failures']}/{record['health_checks']} checks ok during the "
        f"load, ok at the end: {record['healthy_at_end']}; requests to other hosts (refused): {record['non_local_requests']}",
        f"app processes' RSS MB (all together): cold {rss['cold']}, start {rss['start']}, peak {rss['peak']}, after close {rss['after_close']}, "
        f"settled {rss['settled']}, after the next visitor {rss['after_next_visitor']} "
        f"({record['end_over_start_mb']:+.1f} MB over start)",
        f"wall time {record['wall_s']} s on {record['cpus']} CPUs",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=SESSIONS, help=f"browser sessions at once (max {MAX_SESSIONS})")
    parser.add_argument(
        "--rounds", type=int, default=1, help="load rounds one after another (max 3): memory must plateau"
    )
    parser.add_argument(
        "--hard-cap", type=float, default=HARD_CAP_S, help="seconds before everything is killed (max 1800)"
    )
    parser.add_argument(
        "--target", help="load a running address (e.g. make serve's http://127.0.0.1:8501/) instead of starting one"
    )
    args = parser.parse_args(argv)
    sessions = max(1, min(args.sessions, MAX_SESSIONS))
    rounds = max(1, min(args.rounds, 3))
    hard_cap_s = max(60.0, min(args.hard_cap, 1800.0))
    started = time.monotonic()
    try:
        record = asyncio.run(asyncio.wait_for(load_run(sessions, rounds, hard_cap_s, args.target), hard_cap_s))
    except TimeoutError:
        print(f"load: not finished within the hard cap of {hard_cap_s:.0f} s; the server was stopped", file=sys.stderr)
        return 2
    record["wall_s"] = round(time.monotonic() - started, 1)
    print(table(record))
    RESULTS_DIR.mkdir(exist_ok=True)
    (RESULTS_DIR / "load-latest.json").write_text(json.dumps(record, indent=1), encoding="utf-8")
    summary = {k: v for k, v in record.items() if k not in ("outcomes", "round_details")}
    print(json.dumps(summary, separators=(",", ":")))
    ok = record["all_correct"] and record["health_failures"] == 0 and record["healthy_at_end"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
