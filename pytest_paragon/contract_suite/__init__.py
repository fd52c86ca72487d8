"""The contract suite: schemathesis over every operation of the contract (``--paragon-suite``).

``pytest -p paragon --paragon-suite`` (or ``pytest-paragon verify``) adds the test module
:mod:`pytest_paragon.contract_suite.test_paragon_contract` to the run. Its one test function is
parametrized by schemathesis' pytest integration (``schema.parametrize()``): one test item per
operation of the contract. Each item generates valid and invalid requests (the examples,
coverage and fuzzing phases), sends them to the target and runs every schemathesis check that
applies: no server errors, documented status codes, content types, headers and response schemas,
valid data accepted, invalid data rejected, missing required headers rejected, unsupported
methods answered 405 with ``Allow``, authentication enforced.

The target is the built-in fake, in-process through its ASGI app, unless ``--paragon-target``
names a live or on-prem Paragon. The settings and the run live in ``config.stash``
(:mod:`pytest_paragon.contract_suite.run`), never in module globals. This package imports only the
standard library at module level: the plugin imports it when the suite is requested.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pytest

    from pytest_paragon.contract import Contract
    from pytest_paragon.resolution import ParagonSettings

TEST_MODULE = Path(__file__).with_name("test_paragon_contract.py")
"""The test module the plugin adds to a ``--paragon-suite`` run."""

VERIFY_INI = Path(__file__).with_name("verify.ini")
"""The pytest configuration of ``pytest-paragon verify`` (independent of the directory)."""

FLOW_NAMES = ("actionkit", "connect", "sync")
"""The named flows (``--paragon-flows``; :mod:`pytest_paragon.contract_suite.flows`)."""

DEFAULT_MAX_EXAMPLES = 25
"""Generated requests per operation in the fuzzing phase (the coverage phase adds its own)."""


def split_operations(value: str | None) -> tuple[str, ...]:
    """The operationIds of ``--paragon-operations`` (comma-separated; blanks ignored)."""
    if not value:
        return ()
    return tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))


def parse_flows(value: str | None, operations: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The flows ``--paragon-flows`` names (``all``, ``none``, or names); an unknown one errs.

    Unset: every flow on a full run, none when ``--paragon-operations`` narrows the run.
    """
    from pytest_paragon.errors import ParagonUsageError

    if value is None:
        return () if operations else FLOW_NAMES
    names = split_operations(value)
    if names == ("all",):
        return FLOW_NAMES
    if names in ((), ("none",)):
        return ()
    for name in names:
        if name not in FLOW_NAMES:
            raise ParagonUsageError.from_unknown(
                "--paragon-flows flow", name, [*FLOW_NAMES, "all", "none"],
                anchor="the-contract-suite",
            )  # fmt: skip
    return tuple(name for name in FLOW_NAMES if name in names)


def parse_shard(value: str | None) -> tuple[int, int] | None:
    """``"I/N"`` as ``(I, N)`` with 1 <= I <= N; a bad one is a :class:`ValueError` saying so."""
    if not value:
        return None
    index, slash, count = value.strip().partition("/")
    try:
        shard = (int(index), int(count))
    except ValueError:
        shard = (0, 0)
    if not slash or not 1 <= shard[0] <= shard[1]:
        raise ValueError(
            f"--paragon-shard {value!r} is not I/N with 1 <= I <= N (e.g. 2/4: the second of "
            "four shards)"
        )
    return shard


def in_shard(names: list[str], shard: tuple[int, int] | None) -> set[str]:
    """The ``names`` shard ``(I, N)`` checks: every N-th of them sorted, from the I-th.

    Sorted by name, not by the contract's order or a hash: the same names split the same way on
    every machine, and each shard gets within one of the same number.
    """
    if shard is None:
        return set(names)
    index, count = shard
    return {name for place, name in enumerate(sorted(set(names))) if place % count == index - 1}


@dataclass(frozen=True)
class SuiteSettings:
    """What one contract run checks and how: the suite's view of the resolved settings.

    Each field is the setting of the same name (:class:`pytest_paragon.resolution.ParagonSettings`),
    ``operations`` split into operationIds.
    """

    target: str | None = None
    project_id: str | None = None
    signing_key: str | None = None
    target_token: str | None = None
    target_api_key: str | None = None
    target_user_id: str | None = None
    random_seed: int = 0
    max_examples: int = DEFAULT_MAX_EXAMPLES
    contract_file: str | None = None
    project_file: str | None = None
    operations: tuple[str, ...] = ()
    """The operationIds to check (empty: every operation of the contract)."""
    flows: tuple[str, ...] = ()
    """The named flows to run (see :mod:`pytest_paragon.contract_suite.flows`)."""
    authorization: str = "auto"
    """Authorization across users: ``auto`` (the fake, on a full run), ``on`` or ``off``."""
    baseline: str | None = None
    baseline_update: bool = False
    suite_json: str | None = None
    suite_html: str | None = None
    replay_dir: str | None = None
    shard: tuple[int, int] | None = None
    """``(I, N)``: check only shard I (1-based) of N."""

    @classmethod
    def from_settings(cls, settings: ParagonSettings) -> SuiteSettings:
        """The suite's fields of ``settings`` (resolved once, as for every other consumer)."""
        parsed = {"operations", "flows", "authorization", "shard"}
        names = [field.name for field in fields(cls) if field.name not in parsed]
        values = {name: getattr(settings, name) for name in names}
        operations = split_operations(settings.operations)
        return cls(
            **values,
            operations=operations,
            flows=parse_flows(settings.flows, operations),
            authorization=str(settings.authorization or "auto"),
            shard=parse_shard(settings.shard),
        )

    @classmethod
    def from_config(cls, config: pytest.Config) -> SuiteSettings:
        """The suite's settings of a pytest run (defaults, ini, command line)."""
        from pytest_paragon.options import session_settings

        return cls.from_settings(session_settings(config))

    def unknown_operations(self, contract: Contract) -> str | None:
        """Why ``operations`` names an operation ``contract`` lacks (nearest named), or ``None``."""
        from pytest_paragon.errors import ParagonUsageError

        for operation_id in self.operations:
            try:
                contract.operation(
                    operation_id,
                    kind="--paragon-operations operationId",
                    anchor="the-contract-suite",
                )
            except ParagonUsageError as error:
                return str(error)
        return None

    def problem(self) -> str | None:
        """Why these settings cannot run, or ``None``."""
        if self.max_examples < 1:
            return f"--paragon-max-examples must be at least 1, not {self.max_examples}"
        if self.target is None:
            return None
        if not self.project_id:
            return "--paragon-target needs --paragon-project-id (the target's project)"
        if not self.signing_key and not self.target_token:
            return (
                "--paragon-target needs --paragon-signing-key (tokens minted per request) "
                "or --paragon-target-token"
            )
        return None

    @property
    def describe(self) -> str:
        """One line for the report header."""
        where = f"target {self.target}" if self.target else "the built-in fake, in-process"
        return (
            f"paragon contract suite: {where}; random seed {self.random_seed}, "
            f"max examples {self.max_examples} per operation"
        )


__all__ = [
    "DEFAULT_MAX_EXAMPLES",
    "FLOW_NAMES",
    "TEST_MODULE",
    "VERIFY_INI",
    "SuiteSettings",
    "in_shard",
    "parse_flows",
    "parse_shard",
    "split_operations",
]
