"""The fake's side of the failure model: typed failures, each with a pinned message.

Misuse of a test helper is a ``ParagonUsageError`` naming the valid names and the nearest one; a
call no registered answer matches is an ``UnmatchedAnswerError`` listing the answers and the field
each differed in; a never-called answer is an ``UnusedAnswerError``; an exception inside the fake is
a 500 whose body says it is a bug in pytest-paragon, recorded as a ``FakeDefectError``. Answers are
matched first registered, first served. Messages are pinned under ``tests/fake/snapshots/``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from pytest_paragon.contract import Contract, load_contract
from pytest_paragon.errors import (
    ContractViolationError,
    FakeDefectError,
    ParagonError,
    ParagonUsageError,
    UnmatchedAnswerError,
    UnusedAnswerError,
)
from pytest_paragon.fake.base.errors import ApiError
from pytest_paragon.fake.core import FakeParagon
from pytest_paragon.fake.entrances.users import FakeUser, make_user
from pytest_paragon.tokens import SigningKey
from tests.fake.snapshot import assert_snapshot

USER = "user-1"


@pytest.fixture(scope="module")
def signing_key() -> SigningKey:
    return SigningKey.generate()


@pytest.fixture(scope="module")
def contract() -> Contract:
    return load_contract()


def _fake(signing_key: SigningKey, contract: Contract, **options: Any) -> FakeParagon:
    return FakeParagon(signing_key=signing_key, contract=contract, **options)


@pytest.fixture
def fake(signing_key: SigningKey, contract: Contract) -> FakeParagon:
    return _fake(signing_key, contract)


@pytest.fixture
def user(fake: FakeParagon) -> Iterator[FakeUser]:
    made = make_user(fake, USER)
    yield made
    made.close()


def _message(error: BaseException) -> str:
    """The message without the ids that change with the seed (kept stable for snapshots)."""
    return re.sub(
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>", str(error)
    )


# -- usage errors: the valid names and the nearest one -----------------------------------------


def test_connecting_an_unknown_integration_names_the_nearest(fake: FakeParagon) -> None:
    with pytest.raises(ParagonUsageError) as info:
        fake.users.connect("u", "salesforc")
    message = str(info.value)
    assert_snapshot("usage_unknown_integration", message)
    assert "did you mean 'salesforce'?" in message
    assert "hubspot" in message.splitlines()[2]  # the valid integrations are listed
    assert not isinstance(info.value, ApiError)


@pytest.mark.parametrize(
    "call",
    [
        lambda f: f.proxy.on("slak", {}),
        lambda f: f.users.credentials("u", "slak"),
        lambda f: f.users.settings("u", "slak"),
        lambda f: f.users.workflow_states("u", "slak"),
        lambda f: f.users.credential("u", "slak"),
        lambda f: f.users.field_options("slak", "channels", []),
    ],
    ids=["on_proxy", "credentials", "settings", "workflow_states", "credential", "field_options"],
)
def test_every_helper_refuses_an_unknown_integration(fake: FakeParagon, call: Any) -> None:
    with pytest.raises(
        ParagonUsageError, match=r"Unknown integration 'slak'; did you mean 'slack'"
    ):
        call(fake)


def test_an_unknown_tool_names_the_nearest(fake: FakeParagon) -> None:
    with pytest.raises(ParagonUsageError) as info:
        fake.actionkit.on("SLACK_SEND_MESAGE", {"ok": True})
    message = str(info.value)
    assert_snapshot("usage_unknown_tool", message)
    assert "did you mean 'SLACK_SEND_MESSAGE'?" in message


def test_an_answer_for_a_workflow_that_is_not_request_triggered(fake: FakeParagon) -> None:
    plain = fake.users.workflow_id("salesforce", request_trigger=False)
    with pytest.raises(ParagonUsageError) as info:
        fake.triggers.on(plain, {})
    message = str(info.value)
    assert_snapshot("usage_not_a_request_trigger", message)
    assert f"Unknown request-triggered workflow {plain!r}" in message
    assert fake.users.workflow_id("salesforce", request_trigger=True) in message


def test_a_missing_credential_is_a_usage_error(fake: FakeParagon) -> None:
    with pytest.raises(ParagonUsageError) as info:
        fake.users.credential("u", "slack")
    assert_snapshot("usage_missing_credential", str(info.value))


def test_requests_refuses_an_unknown_operation_id(fake: FakeParagon, user: FakeUser) -> None:
    user.client.get("/sdk/me")
    assert [e.operation_id for e in fake.requests("getConnectedUser")] == ["getConnectedUser"]
    assert fake.requests("listProjectIntegrations") == []
    with pytest.raises(ParagonUsageError) as info:
        fake.requests("getConectedUser")
    message = str(info.value)
    assert_snapshot("usage_unknown_operation_id", message)
    assert "did you mean 'getConnectedUser'?" in message


def test_operations_lists_the_contract_operation_ids(fake: FakeParagon, contract: Contract) -> None:
    assert fake.operations == sorted(op.operation_id for op in contract.operations)
    assert "getConnectedUser" in fake.operations


def test_the_fakes_http_errors_are_paragon_errors() -> None:
    assert issubclass(ApiError, ParagonError)


# -- unmatched answers --------------------------------------------------------------------------


def test_an_unmatched_proxy_call_lists_the_registered_answers(
    fake: FakeParagon, user: FakeUser
) -> None:
    user.connect("slack")
    fake.proxy.on("slack", {"ok": True}, method="POST", path="/chat.postMessage", optional=True)
    fake.proxy.on("slack", {"ok": True}, method="GET", path="/users.*", optional=True)
    response = user.client.get("/sdk/proxy/slack/conversations.info")
    assert response.status_code == 502
    (problem,) = fake.problems()
    assert isinstance(problem, UnmatchedAnswerError)
    assert not isinstance(problem, ContractViolationError)
    message = str(problem)
    assert_snapshot("unmatched_proxy", message)
    assert "method: GET is not POST" in message
    assert "path: '/conversations.info' does not match '/users.*'" in message


def test_an_unmatched_proxy_call_fails_even_with_strict_off(
    signing_key: SigningKey, contract: Contract
) -> None:
    fake = _fake(signing_key, contract, strict="off")
    with make_user(fake, USER) as user:
        user.connect("slack")
        assert user.client.get("/sdk/proxy/slack/auth.test").status_code == 502
    assert [type(p) for p in fake.problems()] == [UnmatchedAnswerError]


def test_allow_unmatched_answers_answers_as_before_and_records_nothing(
    signing_key: SigningKey, contract: Contract
) -> None:
    fake = _fake(signing_key, contract, allow_unmatched_answers=True)
    with make_user(fake, USER) as user:
        user.connect("slack")
        response = user.client.get("/sdk/proxy/slack/auth.test")
    assert response.status_code == 502
    assert "No proxy handler registered" in response.json()["message"]
    assert fake.problems() == []


def test_immediate_mode_raises_an_unmatched_call_at_once(
    signing_key: SigningKey, contract: Contract
) -> None:
    fake = _fake(signing_key, contract, strict="immediate")
    with make_user(fake, USER) as user:
        user.connect("slack")
        with pytest.raises(UnmatchedAnswerError):
            user.client.get("/sdk/proxy/slack/auth.test")


def _trigger(fake: FakeParagon, user: FakeUser) -> str:
    workflow = fake.users.workflow_id("salesforce", request_trigger=True)
    user.connect("salesforce", workflows=[workflow])
    return workflow


def test_an_unmatched_trigger_run_names_the_differing_body_key(
    fake: FakeParagon, user: FakeUser
) -> None:
    workflow = _trigger(fake, user)
    fake.triggers.on(workflow, {"found": 1}, match={"email": "ada@example.com"}, optional=True)
    response = user.client.post(f"/sdk/triggers/{workflow}", json={"email": "bob@example.com"})
    assert response.status_code == 202, "answered as a workflow without a Response step"
    (problem,) = fake.problems()
    assert isinstance(problem, UnmatchedAnswerError)
    assert_snapshot("unmatched_trigger", _message(problem))
    assert "body.email: 'bob@example.com' is not 'ada@example.com'" in str(problem)


def test_an_unmatched_tool_run_names_the_differing_parameter(
    fake: FakeParagon, user: FakeUser
) -> None:
    user.connect("slack")
    fake.actionkit.on(
        "SLACK_SEND_MESSAGE", {"ok": True}, match={"channelName": "#ops"}, optional=True
    )
    actionkit = httpx.Client(
        base_url=f"https://actionkit.useparagon.com/projects/{fake.project.id}",
        headers=user.headers,
        transport=fake.transport(),
    )
    with actionkit:
        response = actionkit.post(
            "/tools",
            json={
                "tool": "SLACK_SEND_MESSAGE",
                "parameters": {"channelName": "#dev", "message": "Hi"},
            },
        )
    assert response.status_code == 200, "answered with the Tool's default output"
    (problem,) = fake.problems()
    assert isinstance(problem, UnmatchedAnswerError)
    assert_snapshot("unmatched_tool", str(problem))
    assert "parameters.channelName: '#dev' is not '#ops'" in str(problem)


# -- first registered, first served -------------------------------------------------------------


def test_a_second_answer_for_the_same_trigger_is_queued(fake: FakeParagon, user: FakeUser) -> None:
    workflow = _trigger(fake, user)
    fake.triggers.on(workflow, {"answer": 1})
    fake.triggers.on(workflow, {"answer": 2})
    answers = [user.client.post(f"/sdk/triggers/{workflow}", json={}).json() for _ in range(3)]
    assert answers == [{"answer": 1}, {"answer": 2}, {"answer": 2}]
    assert fake.problems() == []


def test_proxy_answers_are_first_registered_first_served(fake: FakeParagon, user: FakeUser) -> None:
    user.connect("slack")
    fake.proxy.on("slack", {"from": "any path"})
    fake.proxy.on("slack", {"from": "auth.test"}, path="/auth.test")
    outputs = [user.client.get("/sdk/proxy/slack/auth.test").json()["output"] for _ in range(3)]
    assert outputs == [{"from": "any path"}, {"from": "auth.test"}, {"from": "auth.test"}]


# -- unused answers -----------------------------------------------------------------------------


def test_unused_answers_are_one_failure_each(fake: FakeParagon) -> None:
    fake.proxy.on("slack", {"ok": True})
    fake.actionkit.on("SLACK_SEND_MESSAGE", {"ok": True})
    problems = fake.problems()
    assert [type(p) for p in problems] == [UnusedAnswerError, UnusedAnswerError]
    assert_snapshot("unused_tool", str(problems[1]))


def test_allow_unused_answers(signing_key: SigningKey, contract: Contract) -> None:
    fake = _fake(signing_key, contract, allow_unused_answers=True)
    fake.proxy.on("slack", {"ok": True})
    assert fake._unused_answers() == ["proxy.on('slack', method=None, path=None)"]
    assert fake.problems() == []


# -- defects of the fake ------------------------------------------------------------------------


def test_an_exception_in_the_fake_is_a_500_and_a_defect(fake: FakeParagon, user: FakeUser) -> None:
    user.connect("slack")
    fake.proxy.on("slack", lambda call: {"ratio": 1 / 0})
    response = user.client.get("/sdk/proxy/slack/auth.test")
    assert response.status_code == 500
    body = response.json()
    assert_snapshot("defect_body", json.dumps(body, indent=2, sort_keys=True))
    (defect,) = fake.problems()
    assert isinstance(defect, FakeDefectError)
    assert_snapshot("defect_headline", defect.report.what)
    assert "This is a bug in pytest-paragon" in str(defect)
    assert "ZeroDivisionError: division by zero" in defect.traceback_text


def test_immediate_mode_raises_the_defect(signing_key: SigningKey, contract: Contract) -> None:
    fake = _fake(signing_key, contract, strict="immediate")
    with make_user(fake, USER) as user:
        user.connect("slack")
        fake.proxy.on("slack", lambda call: 1 / 0)
        with pytest.raises(FakeDefectError) as info:
            user.client.get("/sdk/proxy/slack/auth.test")
    assert isinstance(info.value.__cause__, ZeroDivisionError)


def test_a_second_accounts_settings_and_workflows_read_by_credential_id(
    fake: FakeParagon,
) -> None:
    workflow = fake.users.workflow_id("salesforce", request_trigger=True)
    fake.users.connect("u", "salesforce", settings={"region": "eu"})
    second = fake.users.connect("u", "salesforce", settings={"region": "us"}, workflows=[workflow])
    assert fake.users.settings("u", "salesforce") == {"region": "eu"}
    assert fake.users.settings("u", "salesforce", credential_id=second.id) == {"region": "us"}
    assert fake.users.workflow_states("u", "salesforce", credential_id=second.id)[workflow] is True
    expected = r"settings\(\): Credential with externalId \"nope\" not found"
    with pytest.raises(ParagonUsageError, match=expected):
        fake.users.settings("u", "salesforce", credential_id="nope")
