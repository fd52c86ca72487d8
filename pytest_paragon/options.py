"""The pytest side of the settings table: options, typed ini keys, markers and their layers.

Everything here is generated from :data:`pytest_paragon.settings.SETTINGS` and resolved by
:mod:`pytest_paragon.resolution` into one :class:`~pytest_paragon.resolution.ParagonSettings`:
the defaults, then the ini file, then the command line (:func:`configure`, once at start-up: a bad
value is one usage error), then per test the ``paragon_config`` fixture and the
``@pytest.mark.paragon`` (and ``@pytest.mark.paragon_cassette``) markers from the outermost
(module, class) to the test's own, merged key by key, the closest winning (:func:`marker_layers`,
at collection: a bad value fails that test alone). Names of 0.1.0 keep working with a
:class:`~pytest_paragon.errors.ParagonDeprecationWarning`. Imports only the standard library,
pytest and light modules of this package.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

import pytest

from pytest_paragon.errors import ParagonDeprecationWarning, ParagonUsageError
from pytest_paragon.resolution import Layer, ParagonSettings, parse_layer, resolve_layers
from pytest_paragon.setting_kinds import ANCHOR, Setting
from pytest_paragon.settings import BY_NAME, RENAMED, SETTINGS

OPTION_GROUP = "paragon"

CONFIGURED = pytest.StashKey[dict[str, Any]]()
"""The command-line and ini values of every setting, parsed once at start-up (absent: unset)."""
SESSION = pytest.StashKey[ParagonSettings]()
"""Defaults, ini and command line resolved: the settings of the run before any test's own."""
MARKER_LAYERS = pytest.StashKey[list[Layer]]()
"""An item's marker layers, outermost first, parsed once at collection."""


def _help(spec: Setting) -> str:
    return f"{spec.help} [{spec.expected}; {spec.scope} setting]"


def register(parser: pytest.Parser) -> None:
    """Add every option to the ``paragon`` group and every (typed) ini key to the ini file."""
    group = parser.getgroup(OPTION_GROUP, "Paragon (pytest-paragon)")
    for spec in SETTINGS:
        _add(group, spec.cli_flag, spec.dest, spec, _help(spec))
        parser.addini(spec.ini_key, _help(spec), type=spec.ini_type, default=None)  # type: ignore[arg-type]
    for old, new in RENAMED.items():  # 0.1.0's names, kept for one minor release
        spec = BY_NAME[new]
        text = f"deprecated spelling of {spec.cli_flag} / {spec.ini_key}"
        _add(group, "--paragon-" + old.replace("_", "-"), "paragon_" + old, spec, text)
        parser.addini("paragon_" + old, text, type=spec.ini_type, default=None)  # type: ignore[arg-type]


def _add(group: pytest.OptionGroup, flag: str, dest: str, spec: Setting, text: str) -> None:
    if spec.flag:
        group.addoption(flag, dest=dest, action="store_const", const="true", help=text)
    else:
        group.addoption(flag, dest=dest, default=None, metavar=spec.metavar, help=text)


def _ini_value(config: pytest.Config, key: str, spec: Setting) -> Any:
    """The raw ini value of ``key`` (``None`` when unset), converted by pytest's ini type."""
    try:
        value = config.getini(key)
    except (TypeError, ValueError, pytest.UsageError) as error:  # pytest's own ini conversion
        raise ParagonUsageError.from_bad_value(
            f"value for {key}",
            str(error),
            spec.expected,
            where=str(config.inipath or "the ini file"),
            anchor=ANCHOR,
        ) from None
    return None if value in (None, "", []) else value


def _raw(config: pytest.Config, spec: Setting, problems: list[str]) -> tuple[Any, str, str | None]:
    """The raw value of ``spec``: command line over ini, new name over old; where; old name."""
    olds = [old for old, new in RENAMED.items() if new == spec.name]
    for dest, flag, old in [(spec.dest, spec.cli_flag, None)] + [
        ("paragon_" + o, "--paragon-" + o.replace("_", "-"), o) for o in olds
    ]:
        raw = config.getoption(dest, default=None)
        if raw is not None:
            return raw, flag, old and flag
    for key, old in [(spec.ini_key, None)] + [("paragon_" + o, o) for o in olds]:
        try:
            raw = _ini_value(config, key, spec)
        except ParagonUsageError as error:
            problems.append(str(error))
            continue
        if raw is not None:
            where = f"{key} in {config.inipath}" if config.inipath else key
            return raw, where, old and f"the ini key {key}"
    return None, "", None


def configure(config: pytest.Config) -> None:
    """Parse every command-line and ini value once; a bad one is ONE usage error at start-up."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    for spec in SETTINGS:
        raw, source, old = _raw(config, spec, problems)
        if raw is None:
            continue
        if old is not None:
            new = spec.cli_flag if old.startswith("--") else f"the ini key {spec.ini_key}"
            config.issue_config_time_warning(_deprecation(old, new), stacklevel=2)
        try:
            values[spec.name] = spec.parse(raw, source=source)
        except ParagonUsageError as error:
            problems.append(str(error))
    if problems:
        raise pytest.UsageError("pytest-paragon: " + "\n".join(problems))
    config.stash[CONFIGURED] = values
    config.stash[SESSION] = ParagonSettings.defaults().merged(values)


def _deprecation(old: str, new: str) -> ParagonDeprecationWarning:
    return ParagonDeprecationWarning(
        f"{old} is deprecated since pytest-paragon 0.2.0: use {new} "
        "(the old spelling keeps working until the next minor release)"
    )


def session_settings(config: pytest.Config) -> ParagonSettings:
    """The run's settings (defaults, ini, command line), resolved once at start-up."""
    found = config.stash.get(SESSION, None)
    if found is None:  # a config that never ran pytest_configure (e.g. early hooks)
        configure(config)
        found = config.stash[SESSION]
    return found


def paragon_markers(item: pytest.Item) -> tuple[list[pytest.Mark], list[pytest.Mark]]:
    """``item``'s ``paragon`` and ``paragon_cassette`` markers, closest first, in one pass."""
    settings: list[pytest.Mark] = []
    cassettes: list[pytest.Mark] = []
    for marker in item.iter_markers():
        if marker.name == "paragon":
            settings.append(marker)
        elif marker.name == "paragon_cassette":
            cassettes.append(marker)
    return settings, cassettes


def marker_layers(
    item: pytest.Item, markers: tuple[list[pytest.Mark], list[pytest.Mark]] | None = None
) -> list[Layer]:
    """The per-test layers of ``item``'s markers, outermost first; a bad one is a usage error.

    Every ``@pytest.mark.paragon`` (module, class, the test's own), then the setting keywords of
    every ``@pytest.mark.paragon_cassette``, each from the outermost to the closest.
    ``markers``: :func:`paragon_markers` of ``item``, when the caller has them.
    """
    settings, cassettes = markers if markers is not None else paragon_markers(item)
    if not settings and not cassettes:
        return []
    from pytest_paragon.cassettes.marker import check

    layers: list[Layer] = []
    for marker in reversed(settings):
        if marker.args:
            raise ParagonUsageError(
                "@pytest.mark.paragon takes keyword arguments only, e.g. "
                "@pytest.mark.paragon(strict='off')"
            )
        where = "@pytest.mark.paragon"
        layers.append(
            parse_layer(where, marker.kwargs, per_test=True, source=f"{where}({{name}}=...)")
        )
    for marker in reversed(cassettes):
        layers.append(check(marker.args, marker.kwargs).settings)
    return layers


def config_layer(overrides: Mapping[str, Any]) -> Layer:
    """The ``paragon_config`` fixture's mapping as a layer (per-test settings only)."""
    return parse_layer("paragon_config", overrides, per_test=True)


def test_settings(item: pytest.Item, overrides: Mapping[str, Any]) -> ParagonSettings:
    """A test's settings: the run's, then ``paragon_config``, then its markers outermost first."""
    markers = item.stash.get(MARKER_LAYERS, None)
    if markers is None:  # an item collected without the plugin's hook (e.g. a doctest)
        markers = item.stash[MARKER_LAYERS] = marker_layers(item)
    layers = markers
    if overrides:
        layer = config_layer(overrides)
        warn_deprecations([layer], stacklevel=4)
        layers = [layer, *markers]
    return resolve_layers(layers, session_settings(item.config))


def warn_deprecations(layers: list[Layer], *, stacklevel: int = 2) -> None:
    """One :class:`ParagonDeprecationWarning` per 0.1.0 name the ``layers`` used."""
    for layer in layers:
        for old, new in layer.deprecations:
            warning = _deprecation(f"{layer.where}({old}=...)", f"{layer.where}({new}=...)")
            warnings.warn(warning, stacklevel=stacklevel)


def check_marker(marker: pytest.Mark) -> dict[str, Any]:
    """Check and parse the keywords of one ``@pytest.mark.paragon``; return the parsed values."""
    if marker.args:
        raise ParagonUsageError(
            "@pytest.mark.paragon takes keyword arguments only, e.g. "
            "@pytest.mark.paragon(strict='off')"
        )
    where = "@pytest.mark.paragon"
    layer = parse_layer(where, marker.kwargs, per_test=True, source=f"{where}({{name}}=...)")
    return dict(layer.values)


def resolve(
    config: pytest.Config,
    name: str,
    *,
    marker: pytest.Mark | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Any:
    """One setting of the run (defaults, ini, command line): ``session_settings(config).name``.

    Per-test values come from the ``paragon_settings`` fixture (:func:`test_settings`);
    ``marker``/``overrides`` (the signature of 0.1.0's resolver) add those layers on top.
    """
    spec = BY_NAME.get(RENAMED.get(name, name))
    if spec is None:
        raise ParagonUsageError.from_unknown("pytest-paragon setting", name, BY_NAME, anchor=ANCHOR)
    layers = [config_layer(overrides)] if overrides else []
    if marker is not None:
        where = "@pytest.mark.paragon"
        source = f"{where}({{name}}=...)"
        layers.append(parse_layer(where, marker.kwargs, per_test=True, source=source))
    return getattr(resolve_layers(layers, session_settings(config)), spec.name)
