"""The axe-core accessibility audit, run in the real page with every frame (the map's too) audited as one page.

axe-core is installed from the npm registry at set-up (scripts/test_assets.sh, git-ignored build/); it is never
committed. It runs in each frame of the page, and the top frame's run gathers the frames' results, so rules about
the whole page (one main landmark, heading order) see the page as a reader does.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from playwright.sync_api import Page

from tests.browser.support.appserver import PROJECT_ROOT

AXE_JS = PROJECT_ROOT / "build" / "test-tools" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")

# Run through the top frame: axe asks every frame that has axe in it for its results and merges them.
RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"], iframes: true});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({target: JSON.stringify(n.target), summary: n.failureSummary || ""})),
  }));
}"""


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]
    summaries: tuple[str, ...]

    def __str__(self) -> str:
        where = "; ".join(
            f"{t}: {s.splitlines()[-1].strip() if s else ''}" for t, s in zip(self.targets, self.summaries, strict=True)
        )
        return f"[{self.impact}] {self.rule}: {self.help} ({len(self.targets)}) at {where}"


@cache
def axe_source() -> str:
    if not AXE_JS.is_file():
        raise FileNotFoundError(f"{AXE_JS} is missing: `make setup-test` installs axe-core from the npm registry")
    return AXE_JS.read_text(encoding="utf-8")


def audit(page: Page) -> list[Violation]:
    """Every axe-core violation on the page as it is now, frames included."""
    source = axe_source()
    for frame in page.frames:
        if frame.is_detached():
            continue
        if not frame.evaluate("() => typeof window.axe !== 'undefined'"):
            frame.add_script_tag(content=source)
    return [
        Violation(
            v["id"],
            v["impact"] or "",
            v["help"],
            tuple(n["target"] for n in v["nodes"]),
            tuple(n["summary"] for n in v["nodes"]),
        )
        for v in page.evaluate(RUN)
    ]


def blocking(violations: list[Violation]) -> list[Violation]:
    return [v for v in violations if v.impact in BLOCKING]


def as_text(violations: list[Violation]) -> str:
    return "\n".join(str(v) for v in violations) or "none"


def path_exists() -> bool:
    return Path(AXE_JS).is_file()
