"""Every environment variable cpmap reads, declared once: its name, its default and what it does.

The app and the `cpmap` command read the environment only through this module, and the README's table of
environment variables is `markdown_table()` word for word (tests/test_settings.py checks both). Make's own
variables (PORT, REPLICAS, ...) are declared with their defaults at the top of the Makefile.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cpmap import config


@dataclass(frozen=True)
class Setting:
    name: str  # the environment variable
    default: str  # what applies when it is unset or blank, as the README gives it
    help: str


LAYERS_DIR = Setting(
    "CPMAP_LAYERS_DIR",
    f"`{config.LAYERS_SUBDIR.as_posix()}`",
    "the map layers the app and the `cpmap` command draw: a folder made by `cpmap prepare --out`",
)
BOUNDARIES_DIR = Setting(
    "BOUNDARIES_DIR",
    f"`{config.BOUNDARIES_BESIDE.as_posix()}` beside the project, if there",
    "the ONS December 2016 originals that `cpmap prepare` (`make prepare`) remakes the layers from",
)
DATA_DIR = Setting(
    "CPMAP_DATA_DIR",
    "`data`",
    "the tables the app and the `cpmap` command read: a folder laid out as `data/` (a copy with rows of your own)",
)
TILES = Setting(
    "CPMAP_TILES",
    "no tiles",
    "a base map under the areas: a tile URL template such as `https://tiles.example.org/{z}/{x}/{y}.png` "
    "(the map then needs that server)",
)
TILES_ATTRIBUTION = Setting("CPMAP_TILES_ATTRIBUTION", "Base map tiles", "the credit shown for `CPMAP_TILES`")

SETTINGS = (LAYERS_DIR, DATA_DIR, BOUNDARIES_DIR, TILES, TILES_ATTRIBUTION)


def given(setting: Setting) -> str | None:
    """The variable's value, or None when it is unset or blank."""
    value = os.environ.get(setting.name, "").strip()
    return value or None


def layers_dir() -> Path:
    """The layers the app and the CLI read: the committed geo/2016, or `CPMAP_LAYERS_DIR` (read at each call)."""
    configured = given(LAYERS_DIR)
    return Path(configured).expanduser().resolve() if configured else config.LAYERS_DIR


def data_dir() -> Path:
    """The tables the app and the CLI read: the bundled data/, or `CPMAP_DATA_DIR` (read at each call)."""
    configured = given(DATA_DIR)
    return Path(configured).expanduser().resolve() if configured else config.DATA_DIR


def boundaries_dir() -> Path | None:
    """The ONS originals, needed only to remake the layers: `BOUNDARIES_DIR` if set, else ../shared/geo-sources
    beside the project if it exists, else None."""
    configured = given(BOUNDARIES_DIR)
    if configured:
        return Path(configured).expanduser().resolve()
    beside = (config.PROJECT_ROOT / config.BOUNDARIES_BESIDE).resolve()
    return beside if beside.is_dir() else None


def tiles() -> tuple[str | None, str]:
    """Optional base tiles (a URL template) and their credit; no tiles by default, so the map works offline."""
    return given(TILES), given(TILES_ATTRIBUTION) or TILES_ATTRIBUTION.default


def markdown_table() -> str:
    """The README's table of environment variables."""
    rows = [f"| `{s.name}` | {s.help} | {s.default} |" for s in SETTINGS]
    return "\n".join(["| variable | what it sets | default |", "| --- | --- | --- |", *rows])
