"""The contract suite's test module: one test item per operation of the Paragon contract.

Added to the run by ``--paragon-contract`` (see :mod:`pytest_paragon.contract_suite`). The
schema is built on import from the settings the plugin resolved; ``schema.parametrize()`` (the
schemathesis pytest integration) turns :func:`test_operation` into one item per operation, each
a Hypothesis test over generated valid and invalid requests.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from pytest_paragon.contract_suite import current_settings

SETTINGS = current_settings()
if SETTINGS is None:  # imported outside a --paragon-contract run
    pytest.skip("the contract suite runs with --paragon-contract", allow_module_level=True)

from schemathesis.generation.hypothesis.builder import ApiOperationMark  # noqa: E402
from schemathesis.specs.openapi.checks import negative_data_rejection  # noqa: E402

from pytest_paragon.contract import load_contract  # noqa: E402
from pytest_paragon.contract_suite.binding import bind, unrepresentable_negative  # noqa: E402
from pytest_paragon.contract_suite.plugin import EXERCISED, Exercise  # noqa: E402
from pytest_paragon.contract_suite.targets import Target, build_schema, make_target  # noqa: E402
from pytest_paragon.contract_suite.world import World  # noqa: E402

assert SETTINGS is not None
TARGET = make_target(SETTINGS, load_contract(SETTINGS.contract_file))
schema = build_schema(TARGET, SETTINGS)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Give each operation's item its label as parameter, so its node id names the operation.

    pytest 9 builds node ids from the parametrization, and schemathesis' items have none: without
    this every item's id would be ``test_operation``. The id ends with the operationId:
    ``test_operation[GET /projects/{projectId}/sdk/me][getConnectedUser]``.
    """
    operation = ApiOperationMark.get(metafunc.function)
    if operation is not None and "operation" in metafunc.fixturenames:
        operation_id = operation.definition.raw.get("operationId") or operation.label
        metafunc.parametrize("operation", [operation.label], ids=[operation_id])


@pytest.fixture(scope="module", autouse=True)
def contract_target() -> Iterator[Target]:
    """The target of this run; released (its HTTP session closed) after the last operation."""
    yield TARGET
    TARGET.close()


@pytest.fixture
def contract_world(request: pytest.FixtureRequest, operation: str) -> World:
    """The ids this operation's requests use, read from the target before the operation."""
    missing = TARGET.missing_credentials(operation)
    if missing is not None:
        pytest.skip(missing)
    request.node.stash[EXERCISED] = Exercise(operation, required=TARGET.exercised_required)
    return TARGET.prepare()


@schema.parametrize()  # type: ignore[untyped-decorator]
def test_operation(
    case: Any, operation: str, contract_world: World, request: pytest.FixtureRequest
) -> None:
    """Send one generated request to the target and run every schemathesis check on the answer."""
    headers, params = TARGET.credentials(case.operation.definition.raw)
    TARGET.before_example()
    bind(case, contract_world, token=TARGET.user_token())
    excluded = [negative_data_rejection] if unrepresentable_negative(case) else []
    response = case.call_and_validate(
        headers=headers, params=params or None, excluded_checks=excluded
    )
    request.node.stash[EXERCISED].statuses.append(response.status_code)
