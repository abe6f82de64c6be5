"""Hostile links in the real browser: every query parameter the app reads, filled with broken or hostile values.

Each case is one page load carrying all seven parameters (type, match, force, judgement, confidence, layer, area),
so the notice must name each of them and show, literally, every line the URL parser produced about them. The page
must keep the rest of the view (the figures for what could be used, the panel, the map drawn), show no traceback,
fire no dialog, set no injected global in the page or the map's frame, and raise no uncaught or console error.
All cases load at once against the session's server (a browser context each), then each is checked.
"""

from __future__ import annotations

import functools
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qs, quote

import pytest
from hostile import IMG_PAYLOAD, JS_URL_PAYLOAD, SCRIPT_PAYLOAD
from playwright.sync_api import Page, Route

from components.text import plain
from cpmap.urlstate import PARAMS, parse_query
from cpmap.viewmodel import Layer, build_view
from tests.browser.support import chromium

pytestmark = pytest.mark.browser

IMG, SCRIPT, JS_URL = IMG_PAYLOAD, SCRIPT_PAYLOAD, JS_URL_PAYLOAD


def _enc(value: str) -> str:
    return quote(value, safe="")


def _spread(values: list[str], single: list[str]) -> list[tuple[str, str]]:
    """Every parameter the app reads: each list-valued one gets all `values`, each single-valued one one of `single`
    (the app reads only the first of those, so each gets its own). Values are already percent-encoded."""
    query = [(name, value) for name in LIST_PARAMS for value in values]
    return query + list(zip(SINGLE_PARAMS, single, strict=True))


LIST_PARAMS = ("type", "force", "judgement", "protection")
SINGLE_PARAMS = ("match", "confidence", "window", "layer", "area", "timeline")
assert set(LIST_PARAMS + SINGLE_PARAMS) == set(PARAMS), "a parameter the app reads is not covered"

CONTROL_BYTES = "a%00b%1b%5B31mc%0d%0Ad%7fe%C2%85f%08"
INVALID_UTF8 = "%ff%fe%c3%28"
DIRECTION_MARKS = _enc("E06000004\u202e\u2066abc\u200f\u200d")
LONG = "x" * 5000

# case → [(parameter name, percent-encoded value)], in URL order. Three page loads cover every kind of value.
CASES: dict[str, list[tuple[str, str]]] = {
    "markup_scripts_and_paths": [
        *_spread(
            [_enc(IMG), _enc(SCRIPT), _enc(JS_URL), _enc("../../etc/passwd"), "..%252F..%252Fetc%252Fpasswd"],
            [_enc(IMG), _enc(SCRIPT), _enc("%0A"), _enc(JS_URL), _enc("../../../../etc/passwd"), _enc(SCRIPT)],
        ),
        (_enc(IMG), "1"),  # a parameter whose name is HTML
    ],
    "control_bytes_bad_utf8_direction_marks_and_5000_characters": _spread(
        [CONTROL_BYTES, INVALID_UTF8, DIRECTION_MARKS, LONG],
        [CONTROL_BYTES, INVALID_UTF8, LONG, DIRECTION_MARKS, LONG, CONTROL_BYTES],
    ),
    "unknown_codes_and_repeated_keys": [
        ("type", "NOT_A_TYPE"),
        *[("type", "DA_LATE")] * 40,
        ("match", "some"),
        ("match", "all"),
        ("force", "E23999999"),
        ("force", "W15000001"),
        ("force", "E23000013"),
        ("force", "E23000013"),
        ("judgement", "brilliant"),
        ("judgement", "inadequate"),
        ("confidence", "certain"),
        ("confidence", "high"),
        ("window", "decade"),
        ("protection", "so-so"),
        ("layer", "forces"),
        ("layer", "roads"),
        ("area", "E06000004"),
        ("area", "E99999999"),
        ("timeline", "open"),
        ("timeline", "sideways"),
        ("zoom", "4"),
    ],
}


def _query(case: str) -> str:
    return "&".join(f"{name}={value}" for name, value in CASES[case])


@dataclass
class Visit:
    page: Page
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def visits(browser, app_url) -> Iterator[dict[str, Visit]]:
    """Every case opened at once (a context each, loopback only), so the server works on them side by side."""
    opened: dict[str, Visit] = {}
    contexts = []
    for case in CASES:
        context = browser.new_context(viewport=chromium.VIEWPORT)
        contexts.append(context)
        visit = Visit(context.new_page())
        context.route("**/*", functools.partial(_loopback_only, visit))
        visit.page.on("dialog", lambda dialog, v=visit: (v.dialogs.append(dialog.message), dialog.dismiss()))
        visit.page.on("pageerror", lambda error, v=visit: v.errors.append(f"uncaught: {error}"))
        visit.page.on(
            "console",
            lambda msg, v=visit: v.errors.append(f"console.error: {msg.text}") if msg.type == "error" else None,
        )
        visit.page.goto(f"{app_url}?{_query(case)}", wait_until="commit")
        opened[case] = visit
    yield opened
    for context in contexts:
        context.close()


def _loopback_only(visit: Visit, route: Route) -> None:
    if chromium.is_local(route.request.url):
        route.continue_()
    else:
        visit.refused.append(route.request.url)
        route.abort("internetdisconnected")


SHOWN = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  return !!app && app.getAttribute("data-test-connection-state") === "CONNECTED"
    && app.getAttribute("data-test-script-state") === "notRunning"
    && document.querySelectorAll("[data-testid='stMetric']").length >= 4
    && !!document.querySelector("[data-testid='stAlertContentWarning']");
}"""
# Anything an injection could have left behind, in one document.
TRACES = """() => ({
  pwned: typeof window.__pwned,
  images: document.querySelectorAll("img[src='x']").length,
  scripts: [...document.scripts].filter(s => s.textContent.includes("__pwned")).length,
  links: document.querySelectorAll("a[href^='javascript:' i]").length,
})"""


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _metric(page: Page, label: str) -> str:
    metric = page.locator("[data-testid='stMetric']").filter(has_text=label).first
    return metric.locator("[data-testid='stMetricValue']").inner_text().strip()


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_link_gives_a_notice_and_an_intact_view_and_runs_nothing(visits, dataset, case):
    visit = visits[case]
    page = visit.page
    page.wait_for_function(SHOWN, timeout=60_000, polling=200)

    # the notice names every parameter, and shows exactly what the parser said about each, as text
    notice = _normalise(page.locator("[data-testid='stAlertContentWarning']").first.inner_text())
    state, expected = parse_query(parse_qs(_query(case), keep_blank_values=True), dataset)
    for name in PARAMS:
        assert f"'{name}'" in notice, f"the notice does not name {name!r}:\n{notice}"
    for line in expected:
        assert _normalise(plain(line)) in notice, f"not shown literally: {line!r}"
    assert not set(notice) & set("\u202e\u2066\x00\x1b"), "invisible or reordering characters reach the page"

    # the rest of the view: figures for what could be used, the panel, the map
    figures = build_view(dataset, state.filters).figures
    assert _metric(page, "Findings matching") == str(figures.findings)
    assert _metric(page, "Councils with police weaknesses") == (
        f"{figures.councils_with_weaknesses} ({figures.councils_substantive} substantive)"
    )
    if state.area:
        name = dataset.gazetteer.councils[state.area].name if state.area in dataset.gazetteer.councils else None
        name = name or dataset.gazetteer.forces[state.area].name
        assert page.locator("h2").filter(has_text=name).count() >= 1
    frame = page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=60_000).content_frame()
    assert frame is not None
    kind = "forces" if state.layer is Layer.FORCES else "councils"
    frame.wait_for_function(
        "(k) => document.body.hasAttribute('data-cpmap-' + k) || document.body.hasAttribute('data-cpmap-error')",
        arg=kind,
        timeout=60_000,
    )
    assert frame.evaluate("() => document.body.getAttribute('data-cpmap-error')") is None
    assert frame.locator("path.leaflet-interactive").count() > 30

    # nothing ran, nothing broke
    assert page.locator("[data-testid='stException']").count() == 0
    assert visit.dialogs == []
    assert visit.errors == []
    assert visit.refused == [], "the page tried to reach a host other than the app"
    for each in page.frames:
        assert each.evaluate(TRACES) == {"pwned": "undefined", "images": 0, "scripts": 0, "links": 0}, each.url


@pytest.mark.parametrize(
    "path",
    [
        "app/static/../../app.py",
        "app/static/..%2F..%2Fapp.py",
        "app/static/%2e%2e/%2e%2e/app.py",
        "app/static/cache/..%2F..%2F..%2F.streamlit%2Fconfig.toml",
        "app/static/..%5C..%5Capp.py",
        "app/static/....//....//etc/passwd",
        "app/static/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    ],
)
def test_static_serving_never_leaves_the_static_folder(app_url, path):
    try:
        with urllib.request.urlopen(f"{app_url}{path}", timeout=10) as response:
            body = response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as err:
        assert err.code in (400, 403, 404)
        return
    # a 200 may only be the app's own page (Streamlit answers unknown paths with index.html)
    assert "root:x:0:0" not in body
    assert "import streamlit" not in body and "[server]" not in body
