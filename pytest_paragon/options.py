"""One resolver for every pytest-paragon setting.

A setting is looked up, first hit wins, in: the command line (``--paragon-<name>``), the closest
``@pytest.mark.paragon(<name>=...)`` marker, the ``paragon_config`` override fixture (a mapping a
test module or conftest can override), the ini file (``paragon_<name>``), and the default. This
module imports only the standard library and pytest, so loading the plugin stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pytest

from pytest_paragon.errors import ParagonUsageError

OPTION_GROUP = "paragon"


def parse_bool(text: str) -> bool:
    """Parse an ini or command-line boolean (``1/0``, ``true/false``, ``yes/no``, ``on/off``)."""
    lowered = text.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ParagonUsageError(f"expected a boolean (true/false), got {text!r}")


@dataclass(frozen=True)
class OptionSpec:
    """A setting: its name, help text, default and how to parse it from text."""

    name: str
    help: str
    default: Any = None
    parse: Callable[[str], Any] = str
    metavar: str | None = None
    flag: bool = False
    """A command-line switch without a value (``--paragon-contract``); the ini key takes a bool."""

    @property
    def cli_flag(self) -> str:
        """The command-line flag, ``--paragon-<name>``."""
        return "--paragon-" + self.name.replace("_", "-")

    @property
    def dest(self) -> str:
        """The attribute of ``config.option`` that holds the command-line value."""
        return "paragon_" + self.name

    @property
    def ini_key(self) -> str:
        """The ini key, ``paragon_<name>``."""
        return "paragon_" + self.name


def parse_strict(text: str) -> str:
    """Parse the strict mode: ``teardown``, ``immediate`` or ``off``."""
    value = text.strip().lower()
    if value not in STRICT_MODES:
        raise ParagonUsageError(f"strict must be one of {', '.join(STRICT_MODES)}, got {text!r}")
    return value


STRICT_MODES = ("teardown", "immediate", "off")

OPTIONS: tuple[OptionSpec, ...] = (
    OptionSpec(
        "contract_file",
        "OpenAPI 3.1 contract to use instead of the bundled contracts/paragon.openapi.yaml.",
        metavar="PATH",
    ),
    OptionSpec(
        "strict",
        "What a request that breaks the contract does: fail the test after its body "
        "(teardown, the default), fail at the request (immediate), or nothing (off).",
        default="teardown",
        parse=parse_strict,
        metavar="MODE",
    ),
    OptionSpec(
        "project_id",
        "Project id of the fake (default: a fixed UUID, pytest_paragon.fake.DEFAULT_PROJECT_ID).",
        metavar="UUID",
    ),
    OptionSpec(
        "project_file",
        "YAML or JSON file declaring the fake project's integrations (default: the catalogue).",
        metavar="PATH",
    ),
    OptionSpec(
        "signing_key",
        "Private key PEM that signs user tokens (default: one RSA-2048 key per test session).",
        metavar="PEM",
    ),
    OptionSpec(
        "seed",
        "Seed of the fake's ids and of the contract suite's generated requests (default 0).",
        default=0,
        parse=int,
        metavar="N",
    ),
    OptionSpec(
        "onprem_host",
        "On-prem base domain: zeus., hermes., worker-proxy., worker-actionkit., sync. under it "
        "are routed to the fake too.",
        metavar="DOMAIN",
    ),
    OptionSpec(
        "trigger_timeout",
        "Seconds a request-trigger handler may take before the fake answers 542 (default 55).",
        default=55.0,
        parse=float,
        metavar="SECONDS",
    ),
    OptionSpec(
        "validate_responses",
        "Also check every response of the fake against the contract (for debugging the fake).",
        default=False,
        parse=parse_bool,
        metavar="BOOL",
    ),
    OptionSpec(
        "contract",
        "Run the contract suite: schemathesis over every operation of the contract, against the "
        "built-in fake (or --paragon-target); one test item per operation.",
        default=False,
        parse=parse_bool,
        flag=True,
    ),
    OptionSpec(
        "target",
        "Contract suite: check a live or on-prem Paragon instead of the fake: a base URL serving "
        "every API, or a base domain (useparagon.com, or the on-prem domain).",
        metavar="URL",
    ),
    OptionSpec(
        "token",
        "Contract suite against a target: a user token to send (instead of minting tokens with "
        "--paragon-signing-key).",
        metavar="JWT",
    ),
    OptionSpec(
        "api_key",
        "Contract suite against a target: the project API key (Task History).",
        metavar="KEY",
    ),
    OptionSpec(
        "user_id",
        "Contract suite: the Connected User the minted tokens are for (default "
        "paragon-contract-user).",
        metavar="ID",
    ),
    OptionSpec(
        "max_examples",
        "Contract suite: requests generated per operation in the fuzzing phase (default 25; the "
        "examples and coverage phases add theirs).",
        default=25,
        parse=int,
        metavar="N",
    ),
    OptionSpec(
        "sdk_version",
        "The SDK version the client under test uses: the fake serves the frozen contract of "
        "contracts/history/ that describes it (e.g. 2.0.6) instead of the bundled one.",
        metavar="VERSION",
    ),
    OptionSpec(
        "coverage",
        "Report which operations, status codes, fields and event types the suite exercised "
        "(one line; a table with -v). Implied by the two options below.",
        default=False,
        parse=parse_bool,
        flag=True,
    ),
    OptionSpec(
        "coverage_json",
        "Write the contract coverage report as JSON (format pytest-paragon-coverage v1).",
        metavar="FILE",
    ),
    OptionSpec(
        "coverage_fail_under",
        "Fail the session when the overall contract coverage is below PERCENT.",
        parse=float,
        metavar="PERCENT",
    ),
)

_BY_NAME = {spec.name: spec for spec in OPTIONS}


def register_options(parser: pytest.Parser) -> None:
    """Add every option to the ``paragon`` group and every ini key to the ini file."""
    group = parser.getgroup(OPTION_GROUP, "Paragon (pytest-paragon)")
    for spec in OPTIONS:
        if spec.flag:
            group.addoption(
                spec.cli_flag, dest=spec.dest, action="store_const", const="true", help=spec.help
            )
        else:
            group.addoption(
                spec.cli_flag, dest=spec.dest, default=None, metavar=spec.metavar, help=spec.help
            )
        parser.addini(spec.ini_key, spec.help, default=None)


def _parsed(spec: OptionSpec, value: Any) -> Any:
    """Parse text values from a marker or ``paragon_config`` like the command line's."""
    return spec.parse(value) if isinstance(value, str) else value


def resolve_option(
    config: pytest.Config,
    name: str,
    *,
    marker: pytest.Mark | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Any:
    """Return the value of setting ``name``: CLI > marker > override fixture > ini > default."""
    spec = _BY_NAME.get(name)
    if spec is None:
        raise ParagonUsageError(
            f"unknown pytest-paragon setting {name!r}; known: {sorted(_BY_NAME)}"
        )
    cli_value = config.getoption(spec.dest, default=None)
    if cli_value is not None:
        return spec.parse(cli_value) if isinstance(cli_value, str) else cli_value
    if marker is not None and name in marker.kwargs:
        return _parsed(spec, marker.kwargs[name])
    if overrides is not None:
        unknown = sorted(set(overrides) - set(_BY_NAME))
        if unknown:
            raise ParagonUsageError(
                f"paragon_config names unknown settings {unknown}; known: {sorted(_BY_NAME)}"
            )
        if name in overrides:
            return _parsed(spec, overrides[name])
    ini_value = config.getini(spec.ini_key)
    if ini_value not in (None, "", []):
        return spec.parse(str(ini_value))
    return spec.default


def check_marker(marker: pytest.Mark) -> None:
    """Refuse ``@pytest.mark.paragon`` arguments that name no setting."""
    if marker.args:
        raise ParagonUsageError("@pytest.mark.paragon takes keyword arguments only")
    unknown = sorted(set(marker.kwargs) - set(_BY_NAME))
    if unknown:
        raise ParagonUsageError(
            f"@pytest.mark.paragon got unknown settings {unknown}; known: {sorted(_BY_NAME)}"
        )
