"""A failing ``@given`` test reports its falsifying example while schemathesis' plugin is loaded.

schemathesis (a dependency of ours, its pytest plugin autoloaded) swaps hypothesis' example
printer for one that prints nothing, for the whole process, on the first test it sees; the
plugin puts hypothesis' printer back around every test that schemathesis did not generate.
"""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

FAILING = """
from hypothesis import given, settings, strategies as st

from pytest_paragon.strategies import responses


@given(st.integers())
def test_integers(x):
    assert x < 5


@settings(max_examples=20, database=None)
@given(responses("getConnectedUser"))
def test_connected_user(drawn):
    assert drawn.status != 200
"""


def test_falsifying_examples_are_printed_in_full(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", raising=False)  # the usual set-up
    pytester.makepyfile(test_report=FAILING)
    args = ("-p", "no:cacheprovider", "-p", "no:randomly")
    result = pytester.runpytest_subprocess(*args)
    result.assert_outcomes(failed=2)
    output = result.stdout.str()
    assert "schemathesis" in output  # its plugin was loaded (the session header names it)
    assert "x=5," in output
    assert "drawn=DrawnResponse(" in output
    assert "status=200" in output
