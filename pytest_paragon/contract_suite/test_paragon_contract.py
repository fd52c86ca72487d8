"""The contract suite's test module: one test item per operation of the Paragon contract.

Added to the run by ``--paragon-suite`` (see :mod:`pytest_paragon.contract_suite`). The module
holds no state: :func:`operation_test` is the test body, and the suite's plugin collects it once
per operation, parametrized by schemathesis (see :mod:`pytest_paragon.contract_suite.run`), as
``test_operation[<operationId>][<METHOD> <path>]``, each a Hypothesis test over generated valid and
invalid requests. Its name does not start with ``test``: outside a ``--paragon-suite`` run
nothing here is collected.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from pytest_paragon.contract_suite.binding import bind, unrepresentable_negative
from pytest_paragon.contract_suite.failures import failure_records
from pytest_paragon.contract_suite.outcomes import FLOW_STEP_PROPERTY
from pytest_paragon.contract_suite.plugin import CAPTURED, EXERCISED, TALLY, Exercise
from pytest_paragon.contract_suite.replay import capture
from pytest_paragon.contract_suite.report import Tally
from pytest_paragon.contract_suite.run import SuiteRun, suite_run
from pytest_paragon.contract_suite.targets import Target
from pytest_paragon.contract_suite.world import World


@pytest.fixture(scope="module")
def contract_run(request: pytest.FixtureRequest) -> Iterator[SuiteRun]:
    """The session's run; its target is released (HTTP session closed) after the last test."""
    run = suite_run(request.config)
    yield run
    run.target.close()


@pytest.fixture
def contract_target(contract_run: SuiteRun) -> Target:
    """Where the requests go: the built-in fake or ``--paragon-target``."""
    return contract_run.target


@pytest.fixture
def contract_world(request: pytest.FixtureRequest, contract_run: SuiteRun) -> Iterator[World]:
    """The ids this operation's requests use, read from the target before the operation."""
    operation = contract_run.operation_of(request.node)
    label = f"{operation.method.upper()} {operation.path_template}"
    missing = contract_run.target.missing_credentials(label)
    if missing is not None:
        pytest.skip(missing)
    request.node.stash[EXERCISED] = Exercise(label, required=contract_run.target.exercised_required)
    contract_run.current = request.node.stash[TALLY] = Tally(operation.operation_id, label)
    try:
        yield contract_run.target.prepare()
    finally:
        contract_run.target.release()  # what the item's requests held (the fake's interception)
        contract_run.current = None


def operation_test(
    case: Any, contract_run: SuiteRun, contract_world: World, request: pytest.FixtureRequest
) -> None:
    """Send one generated request to the target and run every schemathesis check on the answer."""
    import schemathesis.checks

    target = contract_run.target
    operation = contract_run.operation_of(request.node)
    headers, params = target.credentials(operation.definition)
    target.before_example()
    bind(case, contract_world, operation, token=target.user_token())
    excluded = (
        [schemathesis.checks.negative_data_rejection]
        if unrepresentable_negative(case, operation)
        else []
    )
    with target.calling():
        try:
            response = case.call_and_validate(
                session=target.calls_session,
                headers=headers,
                params=params or None,
                excluded_checks=excluded,
            )
        except BaseException as error:  # checks failed (a group): keep the request to replay it
            records = failure_records(operation.operation_id, error, contract_run.current)
            if records and all(record.check != "suite" for record in records):
                captured = capture(case, target, operation)
                for record in records:
                    request.node.stash.setdefault(CAPTURED, {})[record.code] = captured
            raise
    request.node.stash[EXERCISED].statuses.append(response.status_code)


def flow_test(flow: str, contract_run: SuiteRun, request: pytest.FixtureRequest) -> None:
    """Run the named flow ``flow`` against the target (a Hypothesis state machine)."""
    from pytest_paragon.contract_suite.flow_machines import run_flow
    from pytest_paragon.contract_suite.flows import FLOW_PREFIX, FlowClient, unexercised

    target = contract_run.target
    tally = request.node.stash[TALLY] = Tally(FLOW_PREFIX + flow, "flow")
    if flow == "authorization":
        authorization_test(contract_run, request, tally)
        return

    made: list[FlowClient] = []

    def client() -> FlowClient:
        """A client on the target's state as seeded (the fake) or as it is now (a live one)."""
        world = target.prepare()
        target.before_example()
        made.append(FlowClient(target, world, reached=contract_run.reached))
        return made[-1]

    try:
        run_flow(flow, client, examples=max(5, contract_run.settings.max_examples // 5))
    finally:  # the last example: after a failure, the shrunk one that fails
        every = [step for one in made for step in one.steps]
        tally.requests = len(every)
        last = made[-1].steps if made else []
        request.node.user_properties.extend((FLOW_STEP_PROPERTY, step.line) for step in last)
    problem = unexercised(flow, every) if target.exercised_required else None
    if problem is not None:
        raise problem


def authorization_test(
    contract_run: SuiteRun, request: pytest.FixtureRequest, tally: Tally
) -> None:
    """Another Connected User's requests for the suite user's ids are refused (403/404)."""
    from pytest_paragon.contract_suite.authorization import (
        OTHER_USER,
        AuthorizationFailures,
        check_authorization,
    )
    from pytest_paragon.contract_suite.flows import FlowClient, FlowNotExercised

    target = contract_run.target
    world = target.prepare()
    target.before_example()
    token = target.token_for(OTHER_USER)
    if token is None:
        pytest.skip(
            "authorization across users needs a second user's token: --paragon-signing-key "
            "(or a served pytest-paragon, whose admin API mints it)"
        )
    client = FlowClient(target, world, token=token, reached=contract_run.reached)
    try:
        sent, failures = check_authorization(client, target.contract, world)
    finally:
        tally.requests = len(client.steps)
        lines = ((FLOW_STEP_PROPERTY, step.line) for step in client.steps)
        request.node.user_properties.extend(lines)
    if failures:
        raise AuthorizationFailures(failures)
    if sent == 0 and target.exercised_required:
        raise FlowNotExercised("authorization", "no operation took one of the user's ids")
