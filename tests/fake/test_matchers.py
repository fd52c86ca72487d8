"""The ``match`` family on every kind of answer: what the call must carry.

Each matcher is shown to pick the right answer and to fail a call that breaks it with the answer
list and the field that differed, in Python and through a seed (the seed keys' three entrances are
compared in ``test_seed_entrances``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from pytest_paragon.contract import Contract, load_contract
from pytest_paragon.errors import ParagonUsageError, UnmatchedAnswerError
from pytest_paragon.fake.base.matchers import RequestMatch
from pytest_paragon.fake.base.records import ProxyCall
from pytest_paragon.fake.core import FakeParagon
from pytest_paragon.fake.entrances.users import FakeUser, make_user
from pytest_paragon.tokens import SigningKey

USER = "matcher-user"


@pytest.fixture(scope="module")
def signing_key() -> SigningKey:
    return SigningKey.generate()


@pytest.fixture(scope="module")
def contract() -> Contract:
    return load_contract()


@pytest.fixture
def fake(signing_key: SigningKey, contract: Contract) -> FakeParagon:
    return FakeParagon(signing_key=signing_key, contract=contract)


@pytest.fixture
def user(fake: FakeParagon) -> Iterator[FakeUser]:
    made = make_user(fake, USER)
    made.connect("slack")
    yield made
    made.close()


def _only_problem(fake: FakeParagon) -> str:
    (problem,) = fake.problems()
    assert isinstance(problem, UnmatchedAnswerError)
    return str(problem)


def _post(user: FakeUser, path: str, **kwargs: Any) -> httpx.Response:
    return user.client.post(f"/sdk/proxy/slack{path}", **kwargs)


# -- the rules, one by one ------------------------------------------------------------------------


def _call(body: Any = None, **fields: Any) -> ProxyCall:
    defaults: dict[str, Any] = {
        "integration_type": "slack",
        "method": "POST",
        "path": "/chat.scheduleMessage",
        "query": {},
        "headers": {},
        "credential_id": "c",
        "user_id": "u",
    }
    return ProxyCall(body=body, **{**defaults, **fields})


def test_match_is_a_nested_subset_and_match_json_is_equality() -> None:
    body = {"channel": "C1", "blocks": {"type": "section", "text": "hi"}, "n": 1}
    contains = RequestMatch.of({"blocks": {"type": "section"}})
    assert contains is not None
    assert contains.differs(_call(body)) is None
    wrong = RequestMatch.of({"blocks": {"type": "header"}})
    assert wrong is not None
    assert wrong.differs(_call(body)) == "body.blocks.type: 'section' is not 'header'"
    exact = RequestMatch.of(match_json={"channel": "C1", "n": 1})
    assert exact is not None
    assert (
        exact.differs(_call(body))
        == "body.blocks: not expected (the body has " + repr(body["blocks"]) + ")"
    )
    assert exact.differs(_call({"channel": "C1", "n": 1})) is None
    assert exact.differs(_call({"channel": "C1", "n": True})) == "body.n: True is not 1"
    null = RequestMatch.of(match_json=None)
    assert null is not None
    assert null.differs(_call(None)) is None
    assert null.differs(_call({})) == "body: {} is not None"


def test_match_query_is_exact_and_compares_text() -> None:
    rule = RequestMatch.of(match_query={"limit": 200, "exclude_archived": True})
    assert rule is not None
    sent = {"limit": "200", "exclude_archived": "true"}
    assert rule.differs(_call(query=sent)) is None
    assert rule.differs(_call(query={**sent, "cursor": "x"})) == (
        "query.cursor: not expected (the call sends 'x')"
    )
    assert rule.differs(_call(query={"limit": "100", "exclude_archived": "true"})) == (
        "query.limit: '100' is not '200'"
    )
    assert rule.differs(_call(query={"limit": "200"})) == (
        "query.exclude_archived: missing (expected 'true')"
    )


def test_match_headers_are_a_case_insensitive_subset_and_content_is_exact() -> None:
    rule = RequestMatch.of(match_headers={"Content-Type": "application/json; charset=utf-8"})
    assert rule is not None
    sent = {"content-type": "application/json; charset=utf-8", "authorization": "Bearer x"}
    assert rule.differs(_call(headers=sent)) is None
    assert rule.differs(_call(headers={})) == (
        "headers.Content-Type: missing (expected 'application/json; charset=utf-8')"
    )
    content = RequestMatch.of(match_content="a=1&b=2")
    assert content is not None
    assert content.differs(_call(content=b"a=1&b=2")) is None
    assert content.differs(_call(content=b"a=1")) == "content: b'a=1' is not b'a=1&b=2'"


def test_a_predicate_names_itself_when_false_or_raising() -> None:
    def has_text(call: ProxyCall) -> bool:
        return bool(call.body["text"])

    rule = RequestMatch.of(has_text)
    assert rule is not None
    assert rule.differs(_call({"text": "hi"})) is None
    assert rule.differs(_call({"text": ""})) == "match: has_text returned False"
    assert rule.differs(_call({})) == "match: has_text raised KeyError: 'text'"
    with pytest.raises(ParagonUsageError, match="match= takes a mapping"):
        RequestMatch.of(3)  # type: ignore[arg-type]


# -- every kind of answer -------------------------------------------------------------------------


def test_proxy_answers_pick_by_body_and_fail_naming_the_field(
    fake: FakeParagon, user: FakeUser
) -> None:
    fake.proxy.on(
        "slack", {"ok": True, "ts": "1"}, path="/chat.scheduleMessage", match={"channel": "C1"}
    )
    answered = _post(user, "/chat.scheduleMessage", json={"channel": "C1", "text": "hi"})
    assert answered.json() == {"output": {"ok": True, "ts": "1"}}
    refused = _post(user, "/chat.scheduleMessage", json={"channel": "C2", "text": "hi"})
    assert refused.status_code == 502
    message = _only_problem(fake)
    label = "proxy.on('slack', method=None, path='/chat.scheduleMessage', match={'channel': 'C1'})"
    assert label in message
    assert "differs in body.channel: 'C2' is not 'C1'" in message


def test_proxy_answers_match_query_headers_content_and_a_predicate(
    fake: FakeParagon, user: FakeUser
) -> None:
    fake.proxy.on("slack", {"members": []}, method="GET", match_query={"limit": 2})
    fake.proxy.on("slack", {"ok": 1}, match_headers={"X-Trace": "t"}, match_content=b"a=1")
    fake.proxy.on("slack", {"ok": 2}, match=lambda call: call.path.endswith(".open"))
    listed = user.client.get("/sdk/proxy/slack/users.list", params={"limit": 2})
    assert listed.json() == {"output": {"members": []}}
    form = {"X-Trace": "t", "Content-Type": "application/x-www-form-urlencoded"}
    sent = _post(user, "/chat.delete", content=b"a=1", headers=form)
    assert sent.json() == {"output": {"ok": 1}}
    assert _post(user, "/conversations.open", json={}).json() == {"output": {"ok": 2}}
    assert fake.problems() == []
    user.client.get("/sdk/proxy/slack/users.list", params={"limit": 3})
    message = _only_problem(fake)
    assert "differs in query.limit: '3' is not '2'" in message
    assert "differs in headers.X-Trace: missing (expected 't')" in message
    assert "differs in match: <lambda> returned False" in message


def test_trigger_answers_match_the_exact_body_and_the_query(
    fake: FakeParagon, user: FakeUser
) -> None:
    workflow = fake.users.workflow_id("salesforce", request_trigger=True)
    user.connect("salesforce", workflows=[workflow])
    fake.triggers.on(workflow, {"found": 1}, match_json={"email": "ada@example.com"})
    fake.triggers.on(workflow, {"found": 2}, match_query={"dry": "1"}, optional=True)
    ran = user.client.post(f"/sdk/triggers/{workflow}", json={"email": "ada@example.com"})
    assert ran.json() == {"found": 1}
    user.client.post(f"/sdk/triggers/{workflow}", json={"email": "ada@example.com", "x": 1})
    message = _only_problem(fake)
    assert "differs in body.x: not expected (the body has 1)" in message
    assert "differs in query.dry: missing (expected '1')" in message


def test_tool_answers_match_parameters_exactly_and_headers(
    fake: FakeParagon, user: FakeUser
) -> None:
    parameters = {"channelName": "#ops", "message": "Hi"}
    fake.actionkit.on("SLACK_SEND_MESSAGE", {"ok": 1}, match_json=parameters)
    fake.actionkit.on(
        "SLACK_SEND_MESSAGE", {"ok": 2}, match_headers={"x-agent": "a1"}, optional=True
    )
    actionkit = httpx.Client(
        base_url=f"https://actionkit.useparagon.com/projects/{fake.project.id}",
        headers=user.headers,
        transport=fake.transport(),
    )
    with actionkit:
        run = {"tool": "SLACK_SEND_MESSAGE", "parameters": parameters}
        assert actionkit.post("/tools", json=run).json() == {"ok": 1}
        run = {"tool": "SLACK_SEND_MESSAGE", "parameters": {**parameters, "message": "Ho"}}
        actionkit.post("/tools", json=run)
    message = _only_problem(fake)
    assert "differs in parameters.message: 'Ho' is not 'Hi'" in message
    assert "actionkit.on('SLACK_SEND_MESSAGE', match_headers={'x-agent': 'a1'})" in message


def test_per_operation_answers_take_the_same_matchers(fake: FakeParagon, user: FakeUser) -> None:
    fake.respond_once(
        "getConnectedUser", {"message": "no"}, status=500, match_headers={"x-probe": "1"}
    )
    assert user.client.get("/sdk/me", headers={"x-probe": "1"}).status_code == 500
    fake.respond_once(  # optional: the point is the unmatched call, not the unused answer
        "getConnectedUser",
        {"message": "no"},
        status=500,
        match_headers={"x-probe": "2"},
        optional=True,
    )
    stateful = user.client.get("/sdk/me", headers={"x-probe": "3"})
    assert stateful.status_code == 200, "no answer matched: the fake's own handler answers"
    message = _only_problem(fake)
    assert "respond('getConnectedUser', status=500, match_headers={'x-probe': '2'})" in message
    assert "differs in headers.x-probe: '3' is not '2'" in message


def test_respond_with_answers_only_matching_calls_inside_the_block(
    signing_key: SigningKey, contract: Contract
) -> None:
    fake = FakeParagon(signing_key=signing_key, contract=contract, allow_unmatched_answers=True)
    with (
        make_user(fake, USER) as user,
        fake.respond_with(
            "getConnectedUser",
            {"message": "no"},
            status=500,
            match=lambda call: call.method == "GET",
        ),
    ):
        assert user.client.get("/sdk/me").status_code == 500
    assert fake.problems() == []


# -- the same keys in a seed ---------------------------------------------------------------------


def test_seeded_answers_use_the_same_match_keys(fake: FakeParagon, user: FakeUser) -> None:
    fake.seed(
        proxyResponses=[
            {
                "integration": "slack",
                "path": "/chat.scheduleMessage",
                "response": {"ok": True},
                "match": {"channel": "C1"},
                "matchQuery": {"v": 2},
                "matchHeaders": {"x-trace": "t"},
                "optional": False,
            },
            {
                "integration": "slack",
                "path": "/files.upload",
                "response": {"ok": "raw"},
                "matchContent": "raw-bytes",
                "optional": False,
            },
            {
                "integration": "slack",
                "path": "/conversations.create",
                "response": {"ok": "exact"},
                "matchJson": {"name": "ops"},
                "optional": False,
            },
        ]
    )
    answered = _post(
        user, "/chat.scheduleMessage?v=2", json={"channel": "C1"}, headers={"X-Trace": "t"}
    )
    assert answered.json() == {"output": {"ok": True}}
    raw = _post(user, "/files.upload", content=b"raw-bytes", headers={"content-type": "text/plain"})
    assert raw.json() == {"output": {"ok": "raw"}}
    assert _post(user, "/conversations.create", json={"name": "ops"}).status_code == 200
    assert fake.problems() == []
    _post(user, "/conversations.create", json={"name": "ops", "is_private": True})
    assert "body.is_private: not expected" in _only_problem(fake)


def test_a_tool_seed_refuses_keys_a_tool_run_lacks(fake: FakeParagon) -> None:
    with pytest.raises(ParagonUsageError, match="matchQuery does not apply to a Tool run"):
        fake.seed(toolResponses=[{"tool": "SLACK_SEND_MESSAGE", "matchQuery": {"a": 1}}])
