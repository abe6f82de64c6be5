"""Shared fixtures: the real bundled data and the real ONS files in ../shared (no network)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from cpmap import config
from cpmap.dataset import Dataset, load_dataset
from cpmap.gazetteer import Gazetteer, load_gazetteer

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# The machine is 2 cores shared with other work: how fast Hypothesis draws examples, and how long one takes, say
# nothing about the properties, and their health checks failed a run that was otherwise green.
settings.register_profile("cpmap", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("cpmap")


@pytest.fixture(scope="session")
def boundaries_dir() -> Path:
    path = config.boundaries_dir()
    if not (path / config.COUNCIL_BOUNDARIES_FILE).is_file():
        pytest.fail(f"ONS boundaries not found in {path}; set BOUNDARIES_DIR or put ../shared beside the project")
    return path


@pytest.fixture(scope="session")
def gazetteer(boundaries_dir: Path) -> Gazetteer:
    return load_gazetteer(boundaries_dir)


@pytest.fixture(scope="session")
def dataset(boundaries_dir: Path) -> Dataset:
    return load_dataset(config.DATA_DIR, boundaries_dir)


@pytest.fixture(autouse=True, scope="session")
def _run_from_project_root() -> None:
    os.chdir(PROJECT_ROOT)
