"""`python -m bench.trace`: where a first view's time goes with the processor slowed down, from Chromium's trace.

For each app (as in bench/run.py) it makes one warm-up load, then LOADS loads with the CPU slowed CPU_SLOWDOWN
times and a DevTools performance trace, each from a fresh context. Per load it reports, in ms from navigation start:
- time to map (the animation frame in which every area is drawn, as `make bench` measures it);
- the fetches of the map's frame (Leaflet, the layer script, the geometry files) as start-end;
- main-thread time up to time to map, split by what ran: the script whose code ran (Streamlit's front-end, the
  map component, Leaflet, cpmap's layer script, inline scripts in the map's frame), JSON parsing, style and
  layout, paint, HTML parsing, garbage collection, and the rest; plus the idle main thread.
The medians over the loads are printed as one JSON line. Informative only: `make bench` judges the targets.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Browser, sync_playwright

from bench.run import CPU_SLOWDOWN, TIMEOUT_MS, Subject, probed_page, reference_dir, subjects
from tests.browser.support import appserver, chromium

LOADS = 3
CATEGORIES = [
    "devtools.timeline",
    "disabled-by-default-devtools.timeline",
    "v8",
    "v8.execute",
    "blink.user_timing",
    "loading",
]
SCRIPT_LOADS = ("v8.compile", "v8.compileModule", "v8.evaluateModule")
# Trace event name -> bucket, for the time an event spends outside any script.
WORK = {
    "ParseHTML": "html parsing",
    "UpdateLayoutTree": "style and layout",
    "Layout": "style and layout",
    "PrePaint": "paint",
    "Paint": "paint",
    "Layerize": "paint",
    "UpdateLayer": "paint",
    "Commit": "paint",
    "MajorGC": "garbage collection",
    "MinorGC": "garbage collection",
    "V8.GC_SCAVENGER": "garbage collection",
    "BlinkGC.AtomicPhase": "garbage collection",
    "ParseAuthorStyleSheet": "style and layout",
    "v8.parseOnBackground": "script compile",
    "v8.compile": "script compile",
    "V8.CompileCode": "script compile",
}


def script_bucket(url: str) -> str:
    """Who a script belongs to, from its URL."""
    path = urlsplit(url).path
    if "/vendor/leaflet/" in path:
        return "leaflet"
    if "/layers-" in path:
        return "cpmap layer script"
    if path.startswith("/component/streamlit_folium"):
        return "map component (streamlit-folium)"
    if path.startswith("/component/"):
        return "signal frame"
    if path.startswith("/static/"):
        return "streamlit front-end"
    if not url or url.startswith("about:"):
        return "inline script in map frame"
    return "other script"


def main_thread(events: list[dict[str, Any]]) -> tuple[int, int]:
    """(pid, tid) of the renderer's main thread that ran the most: the page's (its map frame is same-origin)."""
    names = {(e["pid"], e["tid"]): e["args"]["name"] for e in events if e.get("name") == "thread_name"}
    busy: dict[tuple[int, int], float] = defaultdict(float)
    for e in events:
        key = (e["pid"], e["tid"])
        if names.get(key) == "CrRendererMain" and e.get("name") == "RunTask" and e.get("ph") == "X":
            busy[key] += e.get("dur", 0)
    return max(busy, key=busy.get)


def self_times(
    events: list[dict[str, Any]], thread: tuple[int, int], start: float, end: float
) -> dict[str, dict[str, float]]:
    """Main-thread self time per bucket between start and end (trace µs), innermost script URL wins.

    Two measures: "wall" (ms, as the slowed-down page spent it) and "cpu" (ms of the thread's own CPU time, which
    the slowdown and other processes on the machine do not inflate: the work itself).
    """
    spans = sorted(
        (e for e in events if (e["pid"], e["tid"]) == thread and e.get("ph") == "X" and "dur" in e),
        key=lambda e: (e["ts"], -e["dur"]),
    )

    def own_bucket(e: dict[str, Any], script: str | None, top: bool) -> tuple[str | None, str]:
        data = (e.get("args") or {}).get("data") or {}
        name = e["name"]
        if name in ("EvaluateScript", "FunctionCall") or (name in SCRIPT_LOADS and data.get("url")):
            script = script_bucket(data.get("url", ""))
        if name in WORK:
            return script, WORK[name]
        if "JSON" in name:
            return script, "json parsing"
        if top:
            return script, "other main-thread work"
        return script, (script or "other main-thread work")

    # Self time: each event's duration minus its children's, clipped to [start, end].
    nodes: list[tuple[float, str | None, str, float, float]] = []  # (end ts, script in force, bucket, wall, cpu)
    child_wall: dict[int, float] = defaultdict(float)
    child_cpu: dict[int, float] = defaultdict(float)
    open_nodes: list[int] = []
    for e in spans:
        while open_nodes and nodes[open_nodes[-1]][0] <= e["ts"]:
            open_nodes.pop()
        parent = open_nodes[-1] if open_nodes else None
        script, bucket = own_bucket(e, nodes[parent][1] if parent is not None else None, parent is None)
        wall = max(0.0, min(e["ts"] + e["dur"], end) - max(e["ts"], start))
        cpu = e.get("tdur", e["dur"]) * (wall / e["dur"] if e["dur"] else 0.0)
        if parent is not None:
            child_wall[parent] += wall
            child_cpu[parent] += cpu
        nodes.append((e["ts"] + e["dur"], script, bucket, wall, cpu))
        open_nodes.append(len(nodes) - 1)
    totals: dict[str, dict[str, float]] = {"wall": defaultdict(float), "cpu": defaultdict(float)}
    for i, (_, _, bucket, wall, cpu) in enumerate(nodes):
        totals["wall"][bucket] += max(0.0, wall - child_wall[i])
        totals["cpu"][bucket] += max(0.0, cpu - child_cpu[i])
    return {
        kind: {k: round(v / 1000, 1) for k, v in sorted(t.items(), key=lambda kv: -kv[1]) if v >= 500}
        for kind, t in totals.items()
    }


def fetches(events: list[dict[str, Any]], origin: float, end: float) -> dict[str, list[float]]:
    """Start and finish (ms from navigation) of the map frame's own files, by short name."""
    sent: dict[str, tuple[str, float]] = {}
    out: dict[str, list[float]] = {}
    for e in sorted(events, key=lambda e: e["ts"]):
        data = (e.get("args") or {}).get("data") or {}
        if e.get("name") == "ResourceSendRequest":
            sent[data.get("requestId", "")] = (data.get("url", ""), e["ts"])
        elif e.get("name") == "ResourceFinish" and data.get("requestId") in sent:
            url, ts = sent[data["requestId"]]
            path = urlsplit(url).path
            if path.startswith("/app/static/") or path.startswith("/component/"):
                name = path.rsplit("/", 1)[-1] or path
                out.setdefault(name, [round((ts - origin) / 1000), round((e["ts"] - origin) / 1000)])
    return out


def navigation_start(events: list[dict[str, Any]]) -> float:
    for e in sorted(events, key=lambda e: e["ts"]):
        if e.get("name") == "navigationStart":
            return float(e["ts"])
    return float(min(e["ts"] for e in events if e.get("ts")))


def traced_load(
    browser: Browser, subject: Subject, url: str, slowdown: int, save: Path | None = None
) -> dict[str, Any]:
    context, page = probed_page(browser, slowdown)
    try:
        browser.start_tracing(page=page, categories=CATEGORIES)
        page.goto(url)
        frame = chromium.map_frame(page, TIMEOUT_MS)
        paths = subject.expected_paths(frame)
        page.wait_for_function("(n) => window.__benchDraw.times[n] !== undefined", arg=paths, timeout=TIMEOUT_MS)
        drawn_ms = page.evaluate("(n) => window.__benchDraw.times[n]", paths)
        page.wait_for_timeout(300)
        raw = browser.stop_tracing()
        if save:
            save.write_bytes(raw)
        events = json.loads(raw)["traceEvents"]
    finally:
        context.close()
    origin = navigation_start(events)
    end = origin + drawn_ms * 1000
    thread = main_thread(events)
    work = self_times(events, thread, origin, end)
    frame_start = fetches(events, origin, end).get("index.html", [drawn_ms])[0]
    in_frame = self_times(events, thread, origin + frame_start * 1000, end)
    return {
        "time_to_map_ms": round(drawn_ms),
        "main_thread_ms": work["wall"],
        "main_thread_busy_ms": round(sum(work["wall"].values())),
        "main_thread_idle_ms": round(drawn_ms - sum(work["wall"].values())),
        "main_thread_cpu_ms": work["cpu"],
        "main_thread_cpu_total_ms": round(sum(work["cpu"].values())),
        # from the request for the map's frame to the map drawn
        "map_frame_phase_ms": round(drawn_ms - frame_start),
        "map_frame_phase_cpu_ms": in_frame["cpu"],
        "map_frame_phase_cpu_total_ms": round(sum(in_frame["cpu"].values())),
        "fetches_ms": fetches(events, origin, end),
    }


def medians(records: list[dict[str, Any]]) -> dict[str, Any]:
    def med(values: list[float]) -> float:
        return round(statistics.median(values), 1)

    def per_bucket(key: str) -> dict[str, float]:
        buckets = {k for r in records for k in r[key]}
        values = ((b, med([r[key].get(b, 0.0) for r in records])) for b in buckets)
        return dict(sorted(values, key=lambda kv: -kv[1]))

    files = {k for r in records for k in r["fetches_ms"]}
    scalars = (
        "time_to_map_ms",
        "main_thread_busy_ms",
        "main_thread_idle_ms",
        "main_thread_cpu_total_ms",
        "map_frame_phase_ms",
        "map_frame_phase_cpu_total_ms",
    )
    return {
        **{k: med([r[k] for r in records]) for k in scalars},
        "main_thread_ms": per_bucket("main_thread_ms"),
        "main_thread_cpu_ms": per_bucket("main_thread_cpu_ms"),
        "map_frame_phase_cpu_ms": per_bucket("map_frame_phase_cpu_ms"),
        "fetches_ms": {
            f: [med([r["fetches_ms"][f][i] for r in records if f in r["fetches_ms"]]) for i in (0, 1)] for f in files
        },
    }


# The table's rows: what the main thread did up to the drawn map, grouped as the README reports it.
TABLE_ROWS = (
    ("Streamlit's front-end (page, elements)", ("streamlit front-end",)),
    ("map component bundle (streamlit-folium)", ("map component (streamlit-folium)",)),
    ("Leaflet", ("leaflet",)),
    ("map frame's inline script, cpmap's layer script", ("inline script in map frame", "cpmap layer script")),
    ("signal frame", ("signal frame",)),
    ("style, layout, paint", ("style and layout", "paint")),
    ("HTML parsing, compiling, garbage collection", ("html parsing", "script compile", "garbage collection")),
    (
        "other main-thread work (promise callbacks: the layers' construction; frames; messages)",
        ("other main-thread work",),
    ),
)


def table(summary: dict[str, Any], apps: list[str]) -> str:
    """The medians as a Markdown table: main-thread CPU (ms) by what ran, up to the map drawn, per app."""
    lines = [
        "| main-thread CPU to the drawn map, ms (median) | " + " | ".join(apps) + " |",
        "| --- | " + " | ".join("---" for _ in apps) + " |",
    ]
    for label, buckets in TABLE_ROWS:
        cells = [f"{sum(summary[a]['main_thread_cpu_ms'].get(b, 0.0) for b in buckets):.0f}" for a in apps]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    rows = (
        ("**all main-thread CPU**", "main_thread_cpu_total_ms"),
        ("of which after the map's frame was requested", "map_frame_phase_cpu_total_ms"),
        ("time to map (wall), ms", "time_to_map_ms"),
    )
    for label, key in rows:
        lines.append(f"| {label} | " + " | ".join(f"{summary[a][key]:.0f}" for a in apps) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--loads", type=int, default=LOADS)
    parser.add_argument("--cpu", type=int, default=CPU_SLOWDOWN, help="CPU slowdown (1 = none)")
    parser.add_argument("--apps", default="app,floor_same_page,floor", help="comma-separated, from bench/run.py")
    parser.add_argument("--save", type=Path, help="a folder to keep each load's raw trace in (for DevTools)")
    parser.add_argument("--table", action="store_true", help="also print the medians as a Markdown table")
    args = parser.parse_args(argv)
    wanted = args.apps.split(",")
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
    summary: dict[str, Any] = {"cpu_slowdown": args.cpu, "loads": args.loads}
    with tempfile.TemporaryDirectory(prefix="cpmap-trace-") as scratch:
        subs = [s for s in subjects(reference_dir(Path(scratch))) if s.name in wanted]
        servers = {}
        try:
            for s in subs:
                servers[s.name] = appserver.start(s.script)
            with sync_playwright() as playwright:
                browser = chromium.launch(playwright)
                records: dict[str, list[dict[str, Any]]] = defaultdict(list)
                for s in subs:
                    traced_load(browser, s, servers[s.name].url, args.cpu)  # warm-up
                for n in range(args.loads):
                    for s in subs:
                        save = args.save / f"{s.name}-{n + 1}.json" if args.save else None
                        record = traced_load(browser, s, servers[s.name].url, args.cpu, save)
                        records[s.name].append(record)
                        print(f"{n + 1}/{args.loads} {s.name}: {json.dumps(record)}", file=sys.stderr)
                browser.close()
        finally:
            for server in servers.values():
                appserver.stop(server)
    summary.update({name: medians(rs) for name, rs in records.items()})
    if args.table:
        print(table(summary, [s.name for s in subs]))
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
