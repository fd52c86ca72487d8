"""One contract run: its target, its schemathesis schema, one test per operation, its tallies.

The run lives in ``config.stash`` (:data:`RUN`), built on first use from the settings the plugin
resolved (:data:`SETTINGS`): nothing is kept in module globals, so two sessions in one process
(pytester's in-process runs, an IDE) never see each other's target.

The tests are made with schemathesis' documented API only: ``schemathesis.openapi.from_dict``
with a ``schemathesis.Config``, ``schema.include(operation_id=...)`` and ``schema.parametrize()``
applied to the same test function once per operation (each under its own name, as schemathesis'
docs allow), and a schema-level ``after_validate`` hook that counts the checks each answer went
through. Each operation therefore gets its own pytest item, named
``test_operation[<operationId>][<METHOD> <path>]``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest

from pytest_paragon.contract_suite import SuiteSettings, in_shard
from pytest_paragon.contract_suite.report import Tally

if TYPE_CHECKING:
    from pytest_paragon.contract import Operation
    from pytest_paragon.contract_suite.targets import Target

SETTINGS = pytest.StashKey[SuiteSettings]()
"""The settings of this session's contract run (set by the suite's ``pytest_configure``)."""

RUN = pytest.StashKey["SuiteRun"]()
"""This session's :class:`SuiteRun` (built on first use)."""

TEST_NAME = "test_operation"


def item_name(operation: Operation) -> str:
    """The name of an operation's test function (its items add ``[METHOD /path]``)."""
    return f"{TEST_NAME}[{operation.operation_id}]"


@dataclass
class SuiteRun:
    """The target, the schema and the per-operation tests of one session's contract run."""

    settings: SuiteSettings
    target: Target
    schema: Any
    operations: dict[str, Operation] = field(default_factory=dict)
    """The operations checked (all, or ``--paragon-operations``) by their test's name."""
    reached: Callable[[Any], None] | None = None
    """Where each exchange the suite saw goes (``--paragon-coverage``'s collector), if asked."""
    flows: list[str] = field(default_factory=list)
    """The named flows this run (or shard) runs."""
    current: Tally | None = None
    """The tally of the operation whose test is running (the ``after_validate`` hook adds to it)."""

    @classmethod
    def start(cls, settings: SuiteSettings) -> SuiteRun:
        """Load the contract, make the target and its schema, and count what the checks judge."""
        from pytest_paragon.contract import load_contract
        from pytest_paragon.contract_suite.targets import build_schema, make_target

        target = make_target(settings, load_contract(settings.contract_file))
        run = cls(settings, target, build_schema(target, settings))
        selected = set(settings.operations)
        chosen = [
            op.operation_id
            for op in target.contract.operations
            if not selected or op.operation_id in selected
        ]
        sharded = in_shard(chosen, settings.shard)
        run.operations = {
            item_name(op): op for op in target.contract.operations if op.operation_id in sharded
        }
        names = list(settings.flows)
        automatic = not settings.target and not settings.operations
        if settings.authorization == "on" or (settings.authorization == "auto" and automatic):
            names.append("authorization")
        flows = in_shard([f"flow:{name}" for name in names], settings.shard)
        run.flows = [name for name in names if f"flow:{name}" in flows]

        def after_validate(context: Any, case: Any, response: Any, results: list[Any]) -> None:
            """Count the checks one answer went through (schemathesis' public hook)."""
            if run.current is not None:
                run.current.record(results)
                if run.reached is not None:
                    run.reached(exchange_of(run.current.operation_id, response))

        run.schema.hooks.hook("after_validate")(after_validate)
        return run

    def reach_into(self, config: pytest.Config) -> None:
        """Send what the suite reaches to ``--paragon-coverage``'s collector, when it is on."""
        from pytest_paragon.coverage.plugin import PLUGIN_NAME

        plugin = config.pluginmanager.get_plugin(PLUGIN_NAME)
        if plugin is not None:
            self.reached = plugin.coverage.add_exchange

    def tests(self, test_function: Callable[..., Any]) -> dict[str, Callable[..., Any]]:
        """``test_function`` parametrized once per operation, by the name of its test."""
        return {
            name: self.schema.include(operation_id=operation.operation_id).parametrize()(
                test_function
            )
            for name, operation in self.operations.items()
        }

    def operation_of(self, item: pytest.Item) -> Operation:
        """The operation ``item`` tests (by its function's name, ``originalname``)."""
        name = getattr(item, "originalname", None) or item.name
        return self.operations[name]


@dataclass(frozen=True)
class Exchange:
    """One request and answer as the coverage collector reads a journal entry."""

    operation_id: str
    status: int
    query: tuple[tuple[str, str], ...] = ()
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    response_body: bytes = b""


def exchange_of(operation_id: str, response: Any) -> Exchange:
    """The exchange of a schemathesis ``Response`` (its request is the one sent)."""
    from urllib.parse import parse_qsl, urlsplit

    request = response.request
    body = request.body or b""
    return Exchange(
        operation_id,
        int(response.status_code),
        tuple(parse_qsl(urlsplit(str(request.url)).query, keep_blank_values=True)),
        {str(k).lower(): str(v) for k, v in dict(request.headers).items()},
        body.encode("utf-8") if isinstance(body, str) else bytes(body),
        bytes(response.content or b""),
    )


def suite_run(config: pytest.Config) -> SuiteRun:
    """The session's run, built on first use from the settings in ``config.stash``."""
    run = config.stash.get(RUN, None)
    if run is None:
        run = SuiteRun.start(config.stash[SETTINGS])
        run.reach_into(config)
        config.stash[RUN] = run
    return run
