"""The runnable examples in the docstrings of iecommons.analytics stay correct."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import iecommons.analytics

MODULES = ["iecommons.analytics"] + [
    info.name
    for info in pkgutil.walk_packages(iecommons.analytics.__path__, "iecommons.analytics.")
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0


def test_every_public_function_has_an_example():
    for name in iecommons.analytics.__all__:
        obj = getattr(iecommons.analytics, name)
        if (callable(obj) and not isinstance(obj, type)) or name == "IndicatorTree":
            assert obj.__doc__, name
            assert ">>>" in obj.__doc__, name
