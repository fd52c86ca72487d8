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

DEFAULT_MAX_EXAMPLES = 25
"""Generated requests per operation in the fuzzing phase (the coverage phase adds its own)."""


def split_operations(value: str | None) -> tuple[str, ...]:
    """The operationIds of ``--paragon-operations`` (comma-separated; blanks ignored)."""
    if not value:
        return ()
    return tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))


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

    @classmethod
    def from_settings(cls, settings: ParagonSettings) -> SuiteSettings:
        """The suite's fields of ``settings`` (resolved once, as for every other consumer)."""
        names = [field.name for field in fields(cls) if field.name != "operations"]
        values = {name: getattr(settings, name) for name in names}
        return cls(**values, operations=split_operations(settings.operations))

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
    "TEST_MODULE",
    "VERIFY_INI",
    "SuiteSettings",
    "split_operations",
]
