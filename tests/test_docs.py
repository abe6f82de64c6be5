"""Every setting a user can give is declared once and documented (as datasette's tests/test_docs.py does): the
environment variables in cpmap/settings.py, read nowhere else, and make's variables at the top of the Makefile; the
README's "Settings" lists each. (Left out of `make mutate`, whose copy of the project has no README or Makefile.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cpmap import settings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
# Reading a variable, not passing the whole environment on to a child process ({**os.environ, ...}).
ENV_READ = re.compile(r"os\.getenv\(|environ\.get\(|environ\[|in os\.environ|environ\.setdefault\(")
MAKE_SETTING = re.compile(r"^([A-Z][A-Z_]*) \?=[ \t]*(.*)$", re.MULTILINE)
CODE_DIRS = ("cpmap", "components", "serve", "bench", "mutation", "scripts")


def project_sources() -> list[Path]:
    """The project's own code outside tests/ (tests set variables for the processes they start)."""
    found = [ROOT / "app.py"]
    for folder in CODE_DIRS:
        found += sorted(p for p in (ROOT / folder).rglob("*") if p.suffix in {".py", ".sh"})
    return found


def test_the_readme_holds_the_registry_s_table_word_for_word():
    assert settings.markdown_table() in README, (
        f"README's environment variables should read:\n{settings.markdown_table()}"
    )


def test_each_setting_has_its_own_name_and_says_what_it_does():
    names = [s.name for s in settings.SETTINGS]
    assert len(set(names)) == len(names) == 5
    assert all(s.help and s.default for s in settings.SETTINGS)


def test_the_code_reads_the_environment_only_through_the_registry():
    sources = project_sources()
    assert ROOT / "cpmap" / "settings.py" in sources and ROOT / "serve" / "supervisor.py" in sources
    readers = sorted(
        str(path.relative_to(ROOT))
        for path in sources
        if path != ROOT / "cpmap" / "settings.py" and ENV_READ.search(path.read_text(encoding="utf-8"))
    )
    assert readers == [], f"read the environment through cpmap.settings: {readers}"


def test_the_scan_would_see_a_variable_read_directly():
    assert ENV_READ.search('url = os.environ.get("CPMAP_TILES", "")')
    assert ENV_READ.search('os.getenv("X")') and ENV_READ.search('os.environ["X"]')
    assert not ENV_READ.search("env = {**os.environ, **extra_env}")


def test_every_cpmap_variable_the_docs_or_code_name_is_declared():
    declared = {s.name for s in settings.SETTINGS}
    texts = [README, (ROOT / "geo" / "README.md").read_text(encoding="utf-8")]
    texts += [path.read_text(encoding="utf-8") for path in project_sources()]
    named = {name for text in texts for name in re.findall(r"\bCPMAP_[A-Z_]+\b", text)}
    assert named <= declared, named - declared


@pytest.mark.parametrize(("name", "default"), MAKE_SETTING.findall(MAKEFILE))
def test_each_make_variable_is_in_the_readme_with_its_default(name, default):
    row = next((line for line in README.splitlines() if line.startswith(f"| `{name}` |")), None)
    assert row is not None, f"README's make variables lack {name}"
    if default:
        assert row.rstrip(" |").endswith(f"`{default}`"), row


def test_the_makefile_declares_the_variables_users_set():
    assert {"PORT", "PYTHON", "REPLICAS", "TARGET", "SESSIONS", "MUTATE_PATTERN", "MUTATE_JOBS"} <= dict(
        MAKE_SETTING.findall(MAKEFILE)
    ).keys()
    # a default given in a recipe (${NAME:-x}) would be a setting the list above does not show
    assert not re.search(r"\$\$\{[A-Za-z_]+:-", MAKEFILE)
