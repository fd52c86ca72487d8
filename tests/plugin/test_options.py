"""The resolver's order: command line > marker > paragon_config > ini > default."""

from __future__ import annotations

from pathlib import Path

import pytest

PROBE = """
import pytest
from pytest_paragon.options import resolve_option

@pytest.fixture
def contract_file(request, paragon_config):
    return resolve_option(
        request.config, "contract_file",
        marker=request.node.get_closest_marker("paragon"), overrides=paragon_config,
    )

def test_default(contract_file):
    assert contract_file == EXPECTED_DEFAULT

@pytest.mark.paragon(contract_file="from-marker.yaml")
def test_marker(contract_file):
    assert contract_file == EXPECTED_MARKER
"""


def _write(pytester: pytest.Pytester, default: str | None, marker: str) -> None:
    pytester.makepyfile(
        PROBE.replace("EXPECTED_DEFAULT", repr(default)).replace("EXPECTED_MARKER", repr(marker))
    )


def test_default_is_none_and_marker_sets_it(pytester: pytest.Pytester) -> None:
    _write(pytester, default=None, marker="from-marker.yaml")
    pytester.runpytest("-p", "paragon").assert_outcomes(passed=2)


def test_ini_is_used_below_the_marker(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nparagon_contract_file = from-ini.yaml\n")
    _write(pytester, default="from-ini.yaml", marker="from-marker.yaml")
    pytester.runpytest("-p", "paragon").assert_outcomes(passed=2)


def test_override_fixture_beats_ini_but_not_marker(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nparagon_contract_file = from-ini.yaml\n")
    pytester.makeconftest(
        "import pytest\n@pytest.fixture\ndef paragon_config():\n"
        "    return {'contract_file': 'from-fixture.yaml'}\n"
    )
    _write(pytester, default="from-fixture.yaml", marker="from-marker.yaml")
    pytester.runpytest("-p", "paragon").assert_outcomes(passed=2)


def test_command_line_beats_everything(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nparagon_contract_file = from-ini.yaml\n")
    _write(pytester, default="from-cli.yaml", marker="from-cli.yaml")
    pytester.runpytest("-p", "paragon", "--paragon-contract-file", "from-cli.yaml").assert_outcomes(
        passed=2
    )


def test_unknown_marker_setting_fails_collection(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        "import pytest\n@pytest.mark.paragon(no_such_setting=1)\ndef test_x():\n    pass\n"
    )
    result = pytester.runpytest("-p", "paragon")
    assert result.ret != 0
    result.stderr.fnmatch_lines(
        ["ERROR: *::test_x: @pytest.mark.paragon got unknown settings [[]'no_such_setting'[]]*"]
    )


def test_contract_fixture_loads_the_configured_file(
    pytester: pytest.Pytester, tmp_path: Path
) -> None:
    mini = tmp_path / "mini.yaml"
    mini.write_text(
        "openapi: 3.1.0\ninfo: {title: mini, version: '1'}\npaths:\n"
        "  /ping:\n    get:\n      operationId: ping\n      responses: {'200': {description: ok}}\n"
    )
    pytester.makepyfile(
        "def test_mini(paragon_contract):\n"
        "    assert [op.operation_id for op in paragon_contract] == ['ping']\n"
    )
    pytester.runpytest("-p", "paragon", f"--paragon-contract-file={mini}").assert_outcomes(passed=1)
