"""GET /sdk/me is encoded once per state version; any change of the state rebuilds it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from pytest_paragon.fake.connect import views
from pytest_paragon.fake.connect.handlers import users as users_handlers
from pytest_paragon.fake.core import FakeParagon, FakeRequest

USER = "cache-user"


@pytest.fixture
def fake() -> FakeParagon:
    return FakeParagon(validate_responses=True)


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every time the /sdk/me payload is built from state (the user id)."""
    built: list[str] = []

    def counting(state: Any, user: Any) -> dict[str, Any]:
        built.append(user.id)
        return views.me_payload(state, user)

    monkeypatch.setattr(users_handlers, "me_payload", counting)
    return built


def call(fake: FakeParagon, method: str, path: str, body: Any = None, user: str = USER) -> Any:
    token = fake.signing_key.mint(user, project_id=fake.project.id, now=fake.clock())
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    raw = b"" if body is None else json.dumps(body).encode()
    full = f"/projects/{fake.project.id}{path}"
    answer = fake.handle(FakeRequest(method, "zeus.useparagon.com", full, (), headers, raw))
    assert answer.status < 300, answer.body
    return json.loads(answer.body) if answer.body else None


def test_repeated_calls_reuse_the_encoded_body(fake: FakeParagon, builds: list[str]) -> None:
    fake.users.connect(USER, "salesforce")
    first = call(fake, "GET", "/sdk/me")
    assert call(fake, "GET", "/sdk/me") == first
    assert call(fake, "GET", "/sdk/me") == first
    assert builds == [USER]
    assert fake._violations == []  # the reused body is still checked against the contract


def test_a_helper_call_rebuilds_it(fake: FakeParagon, builds: list[str]) -> None:
    fake.users.connect(USER, "salesforce")
    assert call(fake, "GET", "/sdk/me")["integrations"]["slack"]["enabled"] is False
    fake.users.connect(USER, "slack")
    assert call(fake, "GET", "/sdk/me")["integrations"]["slack"]["enabled"] is True
    assert builds == [USER, USER]


def test_a_request_that_changes_the_user_rebuilds_it(fake: FakeParagon, builds: list[str]) -> None:
    before = call(fake, "GET", "/sdk/me")
    call(fake, "PATCH", "/sdk/me", {"meta": {"plan": "pro"}})
    after = call(fake, "GET", "/sdk/me")
    assert before["meta"] != after["meta"]
    assert after["meta"]["plan"] == "pro"
    assert builds == [USER, USER]


def test_each_user_has_their_own_body(fake: FakeParagon, builds: list[str]) -> None:
    fake.users.connect("someone-else", "slack")
    mine = call(fake, "GET", "/sdk/me")
    theirs = call(fake, "GET", "/sdk/me", user="someone-else")
    assert mine["userId"] == USER
    assert theirs["userId"] == "someone-else"
    assert theirs["integrations"]["slack"]["enabled"] is True


def test_reset_and_restore_rebuild_it(fake: FakeParagon, builds: list[str]) -> None:
    snapshot = fake.snapshot()
    fake.users.connect(USER, "salesforce")
    connected = call(fake, "GET", "/sdk/me")
    fake.restore(snapshot)
    restored = call(fake, "GET", "/sdk/me")
    assert connected["integrations"]["salesforce"]["enabled"] is True
    assert restored["integrations"]["salesforce"]["enabled"] is False
    fake.users.connect(USER, "salesforce")
    fake.reset()
    assert call(fake, "GET", "/sdk/me")["integrations"]["salesforce"]["enabled"] is False
    assert len(builds) == 3
