"""`make memory`: the server's memory at rest and per open session, for the README's deployment notes.

Starts the app on a loopback port, reads the server's resident memory (RSS of its process tree) before any visit,
after one full visit, with SESSIONS sessions open at once (each its own browser context, its own area), and after
they close and the disconnected sessions expire. Prints one JSON line; figures in MB.
"""

from __future__ import annotations

import argparse
import json
import time

from playwright.sync_api import sync_playwright

from bench.load import rss_bytes
from tests.browser.support import appserver, chromium
from tests.browser.support.appserver import PROJECT_ROOT

MB = 1024 * 1024
TIMEOUT_MS = 120_000
AREAS = ["E06000004", "E10000009", "E08000002", "E06000033", "E09000001", "E10000032", "E06000027", "E08000015"]
DISCONNECTED_TTL_S = 5  # how long Streamlit keeps a closed session's state; short here so the "after" is measured


def _settle() -> None:
    time.sleep(3)  # let the server finish its reruns and the garbage collector run; RSS is sampled, not an event


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=8)
    sessions = parser.parse_args(argv).sessions
    env = {"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(DISCONNECTED_TTL_S)}
    server = appserver.start(PROJECT_ROOT / "app.py", env)
    try:
        pid = server.process.pid
        _settle()
        at_rest = rss_bytes(pid)
        with sync_playwright() as playwright:
            browser = chromium.launch(playwright)
            contexts = []

            def visit(area: str) -> None:
                context = browser.new_context(viewport=chromium.VIEWPORT)
                contexts.append(context)
                page = context.new_page()
                page.goto(f"{server.url}?area={area}")
                chromium.wait_for_layers(chromium.map_frame(page, TIMEOUT_MS), ("councils",), TIMEOUT_MS)
                chromium.wait_for_full_page(page, TIMEOUT_MS)

            visit(AREAS[0])
            _settle()
            one = rss_bytes(pid)
            for n in range(1, sessions):
                visit(AREAS[n % len(AREAS)])
            _settle()
            many = rss_bytes(pid)
            for context in contexts:
                context.close()
            browser.close()
        time.sleep(DISCONNECTED_TTL_S + 2)
        _settle()
        after = rss_bytes(pid)
    finally:
        appserver.stop(server)
    print(
        json.dumps(
            {
                "rss_mb_at_rest": round(at_rest / MB, 1),
                "rss_mb_one_session": round(one / MB, 1),
                f"rss_mb_{sessions}_sessions": round(many / MB, 1),
                "rss_mb_per_extra_session": round((many - one) / (sessions - 1) / MB, 1),
                "rss_mb_after_all_closed": round(after / MB, 1),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
