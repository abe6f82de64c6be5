"""`-m "not browser"` is the fast suite: every test that drives Chromium carries the `browser` marker."""

from __future__ import annotations

# Fixtures that start the app's server or Chromium (tests/browser/conftest.py).
CHROMIUM_FIXTURES = {"browser", "app_server", "app_url", "app_opener", "visit", "first_view"}
BROWSER_MODULES = ("playwright", "tests.browser.support.chromium")


def _drives_chromium(item) -> bool:
    if CHROMIUM_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    # or a module that imports Playwright or the Chromium helpers itself
    module = getattr(item, "module", None)
    names = vars(module) if module is not None else {}
    owners = {getattr(v, "__module__", None) or getattr(v, "__name__", "") for v in names.values()}
    return any(str(owner).startswith(BROWSER_MODULES) for owner in owners)


def test_every_test_that_drives_chromium_is_marked_browser(request):
    unmarked = [
        item.nodeid
        for item in request.session.items
        if _drives_chromium(item) and item.get_closest_marker("browser") is None
    ]
    assert unmarked == []


def test_the_check_knows_a_browser_test_when_it_sees_one():
    class Item:
        def __init__(self, fixturenames, module=None):
            self.fixturenames, self.module = fixturenames, module

    import tests.browser.test_first_view_signal as signal
    import tests.test_serve_routing as routing

    assert _drives_chromium(Item(["visit", "dataset"]))
    assert _drives_chromium(Item(["browser"]))
    assert not _drives_chromium(Item(["dataset", "tmp_path"], routing))
    assert not _drives_chromium(Item(["dataset"]))
    assert signal.pytestmark.name == "browser"
