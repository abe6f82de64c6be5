"""Shared fixtures: the bundled data and the committed map layers (geo/2016); the ONS originals only for the tests
that remake the layers from them (no network); a mini gazetteer for the rules that need only areas."""

from __future__ import annotations

import os
from pathlib import Path

import hypothesis
import pytest
from hypothesis import HealthCheck

from cpmap import config, settings
from cpmap.dataset import Dataset, load_dataset
from cpmap.gazetteer import Gazetteer, load_gazetteer
from tests import minigazetteer

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# The machine is 2 cores shared with other work: how fast Hypothesis draws examples, and how long one takes, say
# nothing about the properties, and their health checks failed a run that was otherwise green.
hypothesis.settings.register_profile("cpmap", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis.settings.load_profile("cpmap")


@pytest.fixture(scope="session")
def layers_dir() -> Path:
    return settings.layers_dir()


@pytest.fixture(scope="session")
def boundaries_dir() -> Path:
    """The ONS originals; a test that needs them is skipped, saying why, where they are not found."""
    path = settings.boundaries_dir()
    if path is None or not all((path / name).is_file() for name in config.BOUNDARY_FILES):
        where = path or "BOUNDARIES_DIR (unset) or ../shared/geo-sources (absent)"
        pytest.skip(f"ONS originals not found in {where}: set BOUNDARIES_DIR to remake the layers from them")
    return path


@pytest.fixture(scope="session")
def gazetteer(layers_dir: Path) -> Gazetteer:
    return load_gazetteer(layers_dir)


@pytest.fixture(scope="session")
def dataset(layers_dir: Path) -> Dataset:
    return load_dataset(config.DATA_DIR, layers_dir)


@pytest.fixture(scope="session")
def mini_gazetteer() -> Gazetteer:
    """A handful of councils and forces (tests/minigazetteer.py), for the rules that need areas and nothing else."""
    return minigazetteer.mini_gazetteer()


@pytest.fixture(scope="session")
def mini_dataset() -> Dataset:
    """The mini gazetteer and three failure types, every table empty."""
    return minigazetteer.mini_dataset()


@pytest.fixture(autouse=True, scope="session")
def _run_from_project_root() -> None:
    os.chdir(PROJECT_ROOT)
