"""The settings table: resolution order, typed ini keys, one start-up error, per-test markers."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_paragon.errors import ParagonUsageError
from pytest_paragon.options import check_marker
from pytest_paragon.settings import BY_NAME, SETTINGS, setting

PROBE = """
import pytest
from pytest_paragon.options import resolve

@pytest.fixture
def seed(request, paragon_config):
    return resolve(
        request.config, "seed",
        marker=request.node.get_closest_marker("paragon"), overrides=paragon_config,
    )

def test_default(seed):
    assert seed == EXPECTED_DEFAULT

@pytest.mark.paragon(seed="7")
def test_marker(seed):
    assert seed == EXPECTED_MARKER
"""


def _write(pytester: pytest.Pytester, default: int, marker: int) -> None:
    pytester.makepyfile(
        PROBE.replace("EXPECTED_DEFAULT", repr(default)).replace("EXPECTED_MARKER", repr(marker))
    )


def test_default_and_marker_parsed_like_the_command_line(pytester: pytest.Pytester) -> None:
    _write(pytester, default=0, marker=7)
    pytester.runpytest("-p", "paragon").assert_outcomes(passed=2)


def test_ini_is_used_below_the_marker(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nparagon_seed = 3\n")
    _write(pytester, default=3, marker=7)
    pytester.runpytest("-p", "paragon").assert_outcomes(passed=2)


def test_override_fixture_beats_ini_but_not_marker(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nparagon_seed = 3\n")
    pytester.makeconftest(
        "import pytest\n@pytest.fixture\ndef paragon_config():\n    return {'seed': 5}\n"
    )
    _write(pytester, default=5, marker=7)
    pytester.runpytest("-p", "paragon").assert_outcomes(passed=2)


def test_command_line_beats_everything(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nparagon_seed = 3\n")
    _write(pytester, default=11, marker=11)
    pytester.runpytest("-p", "paragon", "--paragon-random-seed", "11").assert_outcomes(passed=2)


def test_a_bad_command_line_value_is_one_usage_error_at_start_up(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile("\n".join(f"def test_{n}(paragon_fake):\n    pass\n" for n in range(5)))
    result = pytester.runpytest("-p", "paragon", "--paragon-random-seed", "abc")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    errors = result.stderr.str()
    assert errors.count("Invalid value for seed: 'abc'") == 1
    assert "expected: an integer" in errors
    assert "--paragon-random-seed" in errors
    assert "passed" not in result.stdout.str()


def test_a_bad_choice_lists_the_valid_values(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_x():\n    pass\n")
    result = pytester.runpytest("-p", "paragon", "--paragon-strict", "loose")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*Invalid value for strict: 'loose'", "*expected: one of teardown, immediate, off"]
    )


def test_a_bad_ini_value_names_the_ini_file(pytester: pytest.Pytester) -> None:
    ini = pytester.makeini("[pytest]\nparagon_trigger_timeout = soon\n")
    pytester.makepyfile("def test_x():\n    pass\n")
    result = pytester.runpytest("-p", "paragon")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    errors = result.stderr.str()
    assert "paragon_trigger_timeout" in errors
    assert str(ini) in errors


def test_ini_keys_are_typed_in_help(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("-p", "paragon", "--help")
    out = result.stdout.str()
    assert "paragon_random_seed (int):" in out
    assert "paragon_trigger_timeout (float):" in out
    assert "paragon_validate_responses (bool):" in out
    assert "paragon_project_file (paths):" in out
    assert "paragon_strict (string):" in out


def test_a_marker_typo_fails_its_own_test_only(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        "import pytest\n"
        "@pytest.mark.paragon(stirct='off')\ndef test_typo():\n    pass\n"
        "def test_other():\n    pass\n"
    )
    result = pytester.runpytest("-p", "paragon")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        ["*Unknown @pytest.mark.paragon setting 'stirct'; did you mean 'strict'?*"]
    )


def test_a_session_setting_in_the_marker_is_a_usage_error_that_says_so(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        "import pytest\n"
        "@pytest.mark.paragon(contract_file='my.yaml')\ndef test_x(paragon_fake):\n    pass\n"
    )
    result = pytester.runpytest("-p", "paragon")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        [
            "*contract_file is a session setting: set it for the whole run with "
            "--paragon-contract-file or the ini key paragon_contract_file*"
        ]
    )


def test_a_session_setting_in_paragon_config_is_refused(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        "import pytest\n@pytest.fixture\ndef paragon_config():\n"
        "    return {'signing_key': 'key.pem'}\n"
    )
    pytester.makepyfile("def test_x(paragon_fake):\n    pass\n")
    result = pytester.runpytest("-p", "paragon")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*signing_key is a session setting*"])


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


def test_ini_paths_are_relative_to_the_ini_file(pytester: pytest.Pytester) -> None:
    (pytester.path / "sub").mkdir()
    pytester.makeini("[pytest]\nparagon_project_file = sub/project.yaml\n")
    pytester.makepyfile(
        "from pathlib import Path\n"
        "from pytest_paragon.options import resolve\n"
        "def test_x(pytestconfig):\n"
        "    value = resolve(pytestconfig, 'project_file')\n"
        f"    assert Path(value) == Path({str(pytester.path)!r}) / 'sub' / 'project.yaml'\n"
    )
    pytester.runpytest("-p", "paragon").assert_outcomes(passed=1)


_BAD = {"bool": "perhaps", "int": "1.5", "float": "nan", "choice": "bogus", "uuid": "nope"}


@pytest.mark.parametrize("name", [spec.name for spec in SETTINGS if spec.kind in _BAD], ids=str)
def test_every_checked_setting_refuses_a_bad_value_with_what_is_expected(name: str) -> None:
    spec = BY_NAME[name]
    with pytest.raises(ParagonUsageError) as caught:
        spec.parse(_BAD[spec.kind])
    assert f"expected: {spec.expected}" in str(caught.value)


def test_unknown_setting_names_the_nearest() -> None:
    with pytest.raises(ParagonUsageError, match="did you mean 'project_file'"):
        setting("project_fil")


def test_check_marker_parses_values() -> None:
    assert check_marker(pytest.mark.paragon(strict="OFF", seed="2").mark) == {
        "strict": "off",
        "seed": 2,
    }
