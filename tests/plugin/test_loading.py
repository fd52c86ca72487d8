"""`pytest -p paragon` loads the plugin (also with autoload off); `-p no:paragon` disables it."""

from __future__ import annotations

import pytest

TRIVIAL = "def test_nothing():\n    assert True\n"


def test_fixtures_listing_shows_the_paragon_fixtures(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(TRIVIAL)
    result = pytester.runpytest_subprocess("-p", "paragon", "--fixtures")
    result.assert_outcomes()
    result.stdout.fnmatch_lines(["paragon_contract*session*", "*The Paragon OpenAPI 3.1 contract*"])


def test_plugin_loads_by_name_with_autoload_disabled(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.makepyfile(
        "def test_uses_contract(paragon_contract):\n    assert len(paragon_contract) >= 58\n"
    )
    result = pytester.runpytest_subprocess("-p", "paragon")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["paragon: pytest-paragon *"])


def test_no_paragon_disables_the_plugin(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_uses_contract(paragon_contract):\n    pass\n")
    result = pytester.runpytest_subprocess("-p", "no:paragon")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'paragon_contract' not found*"])


def test_options_are_in_one_paragon_group(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess("-p", "paragon", "--help")
    result.stdout.fnmatch_lines(["Paragon (pytest-paragon):", "*--paragon-contract-file=PATH*"])
    result.stdout.fnmatch_lines(["*paragon_contract_file*"])
