"""The settings table: resolution order, typed ini keys, one start-up error, per-test markers."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from pytest_paragon.errors import ParagonUsageError
from pytest_paragon.options import check_marker, resolve
from pytest_paragon.resolution import ParagonSettings, parse_layer, resolve_layers
from pytest_paragon.settings import BY_NAME, SETTINGS, setting

MERGED = """
import pytest

pytestmark = pytest.mark.paragon(strict="off", trigger_timeout=5)


@pytest.mark.paragon(trigger_timeout=7, journal_max_entries=50)
class TestMarked:
    @pytest.mark.paragon(random_seed=3)
    def test_module_class_and_test_markers_merge(self, paragon_settings, paragon_fake):
        # module strict kept, class timeout over module's, the test's own seed over the CLI's
        assert paragon_settings.strict == "off"
        assert paragon_settings.trigger_timeout == 7
        assert paragon_settings.journal_max_entries == 50
        assert paragon_settings.random_seed == 3
        assert paragon_settings.validate_responses is True  # paragon_config, under the markers
        assert paragon_settings.allow_unused_answers is True  # ini, not overridden
        assert paragon_fake.strict == "off" and paragon_fake.trigger_timeout == 7

    def test_without_its_own_marker(self, paragon_settings):
        assert paragon_settings.random_seed == 11  # the command line over the ini's 2
        assert paragon_settings.trigger_timeout == 7


def test_module_marker_only(paragon_settings):
    assert (paragon_settings.strict, paragon_settings.trigger_timeout) == ("off", 5)


@pytest.mark.paragon(trigger_timeout="soon")
def test_a_bad_marker_value_fails_this_test_alone(paragon_settings):
    pass
"""


def test_markers_merge_key_by_key_over_config_command_line_and_ini(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeini(
        "[pytest]\nparagon_random_seed = 2\nparagon_allow_unused_answers = true\n"
        "paragon_validate_responses = false\n"
    )
    pytester.makeconftest(
        "import pytest\n@pytest.fixture\ndef paragon_config():\n"
        "    return {'validate_responses': True, 'strict': 'immediate'}\n"
    )
    pytester.makepyfile(MERGED)
    result = pytester.runpytest("-p", "paragon", "--paragon-random-seed", "11")
    result.assert_outcomes(passed=3, errors=1)
    result.stdout.fnmatch_lines(["*Invalid value for trigger_timeout: 'soon'*"])


def test_layers_override_key_by_key_in_order() -> None:
    ini = parse_layer("ini", {"random_seed": "2", "strict": "immediate"})
    cli = parse_layer("cli", {"random_seed": "11"})
    module = parse_layer("marker", {"strict": "off", "trigger_timeout": 5}, per_test=True)
    test = parse_layer("marker", {"trigger_timeout": "7"}, per_test=True)
    settings = resolve_layers([ini, cli, module, test])
    assert (settings.random_seed, settings.strict, settings.trigger_timeout) == (11, "off", 7.0)
    assert settings.journal_max_entries == BY_NAME["journal_max_entries"].default
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.strict = "teardown"  # type: ignore[misc]


def test_the_settings_object_has_one_field_per_row_of_the_table() -> None:
    names = [field.name for field in dataclasses.fields(ParagonSettings)]
    assert sorted(names) == sorted(BY_NAME), "add a typed field for each new settings row"
    defaults = ParagonSettings.defaults()
    assert all(getattr(defaults, spec.name) == spec.default for spec in SETTINGS)


def test_a_session_setting_per_test_is_refused_with_where_to_set_it() -> None:
    with pytest.raises(ParagonUsageError, match="set it for the whole run with --paragon-target"):
        parse_layer("paragon_config", {"target": "https://x"}, per_test=True)


def test_a_bad_command_line_value_is_one_usage_error_at_start_up(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile("\n".join(f"def test_{n}(paragon_fake):\n    pass\n" for n in range(5)))
    result = pytester.runpytest("-p", "paragon", "--paragon-random-seed", "abc")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    errors = result.stderr.str()
    assert errors.count("Invalid value for random_seed: 'abc'") == 1
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
    assert check_marker(pytest.mark.paragon(strict="OFF", random_seed="2").mark) == {
        "strict": "off",
        "random_seed": 2,
    }


def test_the_resolver_of_0_1_0_takes_a_marker_and_overrides_over_the_run(
    pytestconfig: pytest.Config,
) -> None:
    mark = pytest.mark.paragon(random_seed=4).mark
    assert resolve(pytestconfig, "random_seed", marker=mark) == 4
    assert resolve(pytestconfig, "strict", overrides={"strict": "off"}) == "off"
    assert resolve(pytestconfig, "validate_responses") is True  # this repository's ini
