"""One settings resolution: every setting of a test (or a run) in one typed, frozen object.

:class:`ParagonSettings` has one field per row of :data:`pytest_paragon.settings.SETTINGS` (a test
holds the two together). :func:`resolve_layers` builds it from layers, each overriding the one
before it key by key. The pytest plugin passes, in this order: the defaults, the ini file, the
command line, the ``paragon_config`` fixture, then the ``@pytest.mark.paragon`` markers from the
outermost (module, class) to the test's own, so the closest value wins. ``pytest-paragon serve``
and ``verify`` pass their arguments as one layer. The fake (``FakeParagon.from_settings``), the
cassette session (``CassetteSession.from_settings``), the contract suite
(``SuiteSettings.from_settings``) and ``serve`` are built from the result; nothing else resolves
a setting.

A name of 0.1.0 (:data:`~pytest_paragon.settings.RENAMED`) is accepted and reported in
:attr:`Layer.deprecations`, for the caller to warn where the user sees it. Imports only the
standard library and light modules of this package.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pytest_paragon.errors import ParagonUsageError
from pytest_paragon.setting_kinds import ANCHOR, Setting
from pytest_paragon.settings import BY_NAME, MARKER_SETTINGS, RENAMED


@dataclass(frozen=True)
class ParagonSettings:
    """The resolved value of every setting (see the README's option table for each meaning)."""

    contract_file: str | None
    signing_key: str | None
    strict: str
    allow_unmatched_answers: bool
    allow_unused_answers: bool
    journal_max_entries: int
    journal_max_bytes: int
    project_id: str | None
    project_file: str | None
    random_seed: int
    onprem_host: str | None
    trigger_timeout: float
    validate_responses: bool
    rate_limits: bool
    provider_checks: bool
    intercept_while_served: bool
    sdk_version: str | None
    record_mode: str
    cassette_dir: str
    cassette_miss: str
    cassette_strict: bool
    cassette_order: str
    cassette_contract: str
    cassette_redact_headers: str | None
    cassette_redact_json: str | None
    cassette_redact_patterns: str | None
    cassette_redact_allow: str | None
    cassette_redact_fill: str | None
    cassette_write_outside: bool
    record_from: str | None
    coverage: bool
    coverage_json: str | None
    coverage_fail_under: float | None
    suite: bool
    target: str | None
    target_token: str | None
    target_api_key: str | None
    target_user_id: str | None
    max_examples: int
    operations: str | None
    coverage_html: str | None
    flows: str | None
    authorization: str
    baseline: str | None
    baseline_update: bool
    suite_json: str | None
    suite_html: str | None
    replay_dir: str
    shard: str | None

    @classmethod
    def defaults(cls) -> ParagonSettings:
        """Every setting at the default of its row in the settings table."""
        return cls(**{spec.name: spec.default for spec in BY_NAME.values()})

    def merged(self, values: Mapping[str, Any]) -> ParagonSettings:
        """A copy with ``values`` (already parsed, by setting name) replacing the current ones."""
        return dataclasses.replace(self, **values) if values else self

    def __getattr__(self, name: str) -> Any:
        """A setting's 0.1.0 name (``seed``, ``token``, ...) reads its new one, with a warning."""
        new = RENAMED.get(name)
        if new is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        from pytest_paragon.errors import deprecated

        deprecated(f"ParagonSettings.{name}", f"ParagonSettings.{new}")
        return getattr(self, new)


@dataclass(frozen=True)
class Layer:
    """One source of values, parsed: ``where`` it came from, its values and the old names used."""

    where: str
    values: Mapping[str, Any]
    deprecations: tuple[tuple[str, str], ...] = ()
    """``(old name, new name)`` for every 0.1.0 name the source used."""


def parse_layer(
    where: str,
    raw: Mapping[str, Any],
    *,
    per_test: bool = False,
    source: str = "{where}[{name!r}]",
    anchor: str = ANCHOR,
) -> Layer:
    """Check and parse ``raw`` (setting name -> value); a bad name or value is a usage error.

    ``per_test``: the source is a marker or ``paragon_config``, where only ``test`` settings may
    appear (a session or suite setting is an error saying where to set it instead). ``source``
    formats the place named in a bad value's message.
    """
    values: dict[str, Any] = {}
    renamed: list[tuple[str, str]] = []
    for key, value in raw.items():
        name = RENAMED.get(key, key)
        if name != key:
            renamed.append((key, name))
        spec = BY_NAME.get(name)
        if spec is None:
            valid = MARKER_SETTINGS if per_test else tuple(BY_NAME)
            raise ParagonUsageError.from_unknown(f"{where} setting", key, valid, anchor=anchor)
        if per_test and spec.scope != "test":
            raise not_per_test(where, spec, value, anchor=anchor)
        if value is None:
            continue
        values[name] = spec.parse(value, source=source.format(where=where, name=key))
    return Layer(where, values, tuple(renamed))


def not_per_test(where: str, spec: Setting, value: Any, *, anchor: str) -> ParagonUsageError:
    """A session or suite setting given per test (``where``: a marker or ``paragon_config``)."""
    return ParagonUsageError.from_bad_value(
        f"{where} setting {spec.name!r}",
        value,
        f"a per-test setting ({', '.join(MARKER_SETTINGS)})",
        remedy=f"{spec.name} is a {spec.scope} setting: set it for the whole run with "
        f"{spec.cli_flag} or the ini key {spec.ini_key}",
        anchor=anchor,
    )


def resolve_layers(layers: Iterable[Layer], base: ParagonSettings | None = None) -> ParagonSettings:
    """``base`` (default: the defaults) with each layer's values over the previous ones."""
    merged: dict[str, Any] = {}
    for layer in layers:
        merged.update(layer.values)
    return (base or ParagonSettings.defaults()).merged(merged)


def renamed_keywords(keywords: Mapping[str, Any], where: str = "FakeParagon") -> dict[str, Any]:
    """``keywords`` given under a 0.1.0 setting name, by new name (warned); others: TypeError."""
    from pytest_paragon.errors import deprecated

    found: dict[str, Any] = {}
    for old, value in keywords.items():
        new = RENAMED.get(old)
        if new is None:
            raise TypeError(f"{where}() got an unexpected keyword argument {old!r}")
        deprecated(f"{where}({old}=...)", f"{where}({new}=...)", stacklevel=4)
        found[new] = value
    return found


def from_arguments(
    arguments: Mapping[str, Any], where: str = "the command line"
) -> ParagonSettings:
    """The settings of a ``pytest-paragon`` sub-command: its (parsed) arguments over defaults."""
    given = {name: value for name, value in arguments.items() if value is not None}
    return resolve_layers([parse_layer(where, given, source=f"{where} (--{{name}})")])


__all__ = [
    "Layer",
    "ParagonSettings",
    "from_arguments",
    "not_per_test",
    "parse_layer",
    "renamed_keywords",
    "resolve_layers",
]
