"""The pytest side of the settings table: options, typed ini keys, markers and resolution.

Everything here is generated from :data:`pytest_paragon.settings.SETTINGS`. A value is looked up,
first hit wins, in: the command line, the closest ``@pytest.mark.paragon`` marker, the
``paragon_config`` fixture, the ini file and the default. Command-line and ini values are parsed
once at start-up (:func:`configure`: a bad one is one usage error); marker values at collection
(:func:`check_marker`: a bad one fails that test alone). Imports only the standard library, pytest
and light modules of this package.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from pytest_paragon.errors import ParagonUsageError
from pytest_paragon.settings import ANCHOR, BY_NAME, MARKER_SETTINGS, SETTINGS, Setting, setting

OPTION_GROUP = "paragon"

CONFIGURED = pytest.StashKey[dict[str, Any]]()
"""The command-line and ini values of every setting, parsed once at start-up (absent: unset)."""


def register(parser: pytest.Parser) -> None:
    """Add every option to the ``paragon`` group and every (typed) ini key to the ini file."""
    group = parser.getgroup(OPTION_GROUP, "Paragon (pytest-paragon)")
    for spec in SETTINGS:
        help_text = f"{spec.help} [{spec.expected}; {spec.scope} setting]"
        if spec.flag:
            group.addoption(
                spec.cli_flag, dest=spec.dest, action="store_const", const="true", help=help_text
            )
        else:
            group.addoption(
                spec.cli_flag, dest=spec.dest, default=None, metavar=spec.metavar, help=help_text
            )
        parser.addini(spec.ini_key, help_text, type=spec.ini_type, default=None)  # type: ignore[arg-type]


def _ini_value(config: pytest.Config, spec: Setting) -> Any:
    """The raw ini value of ``spec`` (``None`` when unset), converted by pytest's ini type."""
    try:
        value = config.getini(spec.ini_key)
    except (TypeError, ValueError, pytest.UsageError) as error:  # pytest's own ini conversion
        raise ParagonUsageError.from_bad_value(
            f"value for {spec.ini_key}",
            str(error),
            spec.expected,
            where=str(config.inipath or "the ini file"),
            anchor=ANCHOR,
        ) from None
    return None if value in (None, "", []) else value


def configure(config: pytest.Config) -> None:
    """Parse every command-line and ini value once; a bad one is ONE usage error at start-up."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    for spec in SETTINGS:
        raw = config.getoption(spec.dest, default=None)
        source = spec.cli_flag
        if raw is None:
            raw = _ini_value_or_problem(config, spec, problems)
            source = f"{spec.ini_key} in {config.inipath}" if config.inipath else spec.ini_key
        if raw is None:
            continue
        try:
            values[spec.name] = spec.parse(raw, source=source)
        except ParagonUsageError as error:
            problems.append(str(error))
    if problems:
        raise pytest.UsageError("pytest-paragon: " + "\n".join(problems))
    config.stash[CONFIGURED] = values


def _ini_value_or_problem(config: pytest.Config, spec: Setting, problems: list[str]) -> Any:
    try:
        return _ini_value(config, spec)
    except ParagonUsageError as error:
        problems.append(str(error))
        return None


def _configured(config: pytest.Config) -> dict[str, Any]:
    values = config.stash.get(CONFIGURED, None)
    if values is None:  # a config that never ran pytest_configure (e.g. early hooks)
        configure(config)
        values = config.stash[CONFIGURED]
    return values


def check_marker(marker: pytest.Mark) -> dict[str, Any]:
    """Check and parse the keywords of one ``@pytest.mark.paragon``; return the parsed values."""
    if marker.args:
        raise ParagonUsageError(
            "@pytest.mark.paragon takes keyword arguments only, e.g. "
            "@pytest.mark.paragon(strict='off')"
        )
    parsed: dict[str, Any] = {}
    for name, value in marker.kwargs.items():
        spec = BY_NAME.get(name)
        if spec is None:
            raise ParagonUsageError.from_unknown(
                "@pytest.mark.paragon setting", name, MARKER_SETTINGS, anchor="markers"
            )
        if spec.scope != "test":
            raise _not_per_test("@pytest.mark.paragon", spec, value, anchor="markers")
        parsed[name] = spec.parse(value, source=f"@pytest.mark.paragon({name}=...)")
    return parsed


def _not_per_test(where: str, spec: Setting, value: Any, *, anchor: str) -> ParagonUsageError:
    """A session or suite setting given per test (``where``: the marker or paragon_config)."""
    return ParagonUsageError.from_bad_value(
        f"{where} setting {spec.name!r}",
        value,
        f"a per-test setting ({', '.join(MARKER_SETTINGS)})",
        remedy=f"{spec.name} is a {spec.scope} setting: set it for the whole run with "
        f"{spec.cli_flag} or the ini key {spec.ini_key}",
        anchor=anchor,
    )


def resolve(
    config: pytest.Config,
    name: str,
    *,
    marker: pytest.Mark | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Any:
    """The value of setting ``name``: CLI > marker > ``paragon_config`` > ini > default."""
    spec = setting(name)
    configured = _configured(config)
    if config.getoption(spec.dest, default=None) is not None:
        return configured[name]
    if marker is not None and name in marker.kwargs and spec.scope == "test":
        return spec.parse(marker.kwargs[name], source=f"@pytest.mark.paragon({name}=...)")
    if overrides:
        unknown = sorted(set(overrides) - set(BY_NAME))
        if unknown:
            raise ParagonUsageError.from_unknown(
                "paragon_config setting", unknown[0], BY_NAME, anchor=ANCHOR
            )
        misplaced = sorted(key for key in overrides if BY_NAME[key].scope != "test")
        if misplaced:
            other = BY_NAME[misplaced[0]]
            raise _not_per_test("paragon_config", other, overrides[other.name], anchor=ANCHOR)
        if name in overrides:
            return spec.parse(overrides[name], source=f"paragon_config[{name!r}]")
    if name in configured:
        return configured[name]
    return spec.default
