"""The examples in cpmap's docstrings are run as tests."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import cpmap

MODULES = sorted(m.name for m in pkgutil.iter_modules(cpmap.__path__))


@pytest.mark.parametrize("name", MODULES)
def test_the_examples_in_a_modules_docstrings_hold(name):
    module = importlib.import_module(f"cpmap.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_the_doctests_are_found():
    examples = sum(doctest.testmod(importlib.import_module(f"cpmap.{n}")).attempted for n in MODULES)
    assert examples >= 8
