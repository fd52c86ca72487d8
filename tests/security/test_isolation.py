"""Tenant isolation: a token for user B never reads or changes anything of user A's.

The explicit cases are the ones an adversarial pass found (another user's OAuth session deleted or
taken over; a configuration id of another user answered differently from an unknown one). The
property sends, with B's token, requests to every operation of the contract whose path, query,
headers and body carry A's ids, and checks that A's state (credentials, configurations, settings,
workflow states, metadata, OAuth sessions, Syncs and their records, trigger subscriptions, App
Events, workflow executions) is unchanged and that no answer carries A's secrets. Bounded: a fixed
number of examples, derandomized, no socket.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_paragon.errors import FakeDefectError
from pytest_paragon.fake.base.exchange import FakeRequest, FakeResponse
from pytest_paragon.fake.base.records import Clock
from pytest_paragon.fake.core import FakeParagon

SECRET = "alice-secret"
ZEUS = "zeus.useparagon.com"


class World:
    """A fake with Alice's data everywhere, and Bob with a credential of his own."""

    def __init__(self) -> None:
        self.fake = FakeParagon(
            strict="off", clock=Clock(start=1_800_000_000.0), allow_unmatched_answers=True
        )
        self.fake.users.oauth_outcome("pending")
        self.tokens = {user: self._mint(user) for user in ("alice", "bob")}
        fake = self.fake
        meta = {"meta": {"Email": f"{SECRET}@example.com", "secret": SECRET}}
        assert self.send("alice", "PATCH", f"/projects/{self.project}/sdk/me", meta).status == 200
        self.alice_credential = fake.users.connect(
            "alice", "salesforce", provider_id=f"{SECRET}-provider", settings={"k": SECRET}
        )
        fake.users.connect("alice", "googledrive")
        fake.users.connect("alice", "jira")
        fake.users.connect("bob", "salesforce")
        fake.users.connect("bob", "googledrive")
        ok = self.send(
            "alice", "POST", "/api/syncs", {"integration": "googledrive", "pipeline": "files"}
        )
        assert ok.status == 200, ok.body
        self.sync_id = json.loads(ok.body)["id"]
        fake.sync.seed_records(self.sync_id, [{"id": "alice-record", "name": SECRET}])
        subscription = fake.actionkit.subscribe(
            "alice", "jira", "JIRA_ISSUE_CREATED", {"projectKey": SECRET}
        )
        self.subscription_id = subscription.id
        started = self.send(
            "alice",
            "GET",
            f"/v2/projects/{self.project}/sdk/actions/build-oauth"
            f"?oauthMetaKeyId=alice-oauth&action=hubspot&integrationId=hubspot&userToken={self.tokens['alice']}",
        )
        assert started.status == 200, started.body
        event = {"name": "Signed up", "payload": {"secret": SECRET}}
        assert (
            self.send(
                "alice", "POST", f"/v2/projects/{self.project}/sdk/events/trigger", event
            ).status
            < 300
        )

    @property
    def project(self) -> str:
        return self.fake.project.id

    def _mint(self, user: str) -> str:
        key = self.fake.signing_key
        return key.mint(user, project_id=self.project, now=self.fake.clock())

    def send(
        self,
        user: str,
        method: str,
        path: str,
        body: Any = None,
        headers: dict[str, str] | None = None,
        host: str = ZEUS,
    ) -> FakeResponse:
        raw_path, _, query = path.partition("?")
        items = tuple(
            tuple(part.split("=", 1)) if "=" in part else (part, "")
            for part in query.split("&")
            if part
        )
        sync_host = "sync.useparagon.com" if raw_path.startswith("/api/") else host
        return self.fake.handle(
            FakeRequest(
                method=method,
                host=sync_host,
                path=raw_path,
                query=items,  # type: ignore[arg-type]
                headers={
                    "authorization": f"Bearer {self.tokens[user]}",
                    "content-type": "application/json",
                    **(headers or {}),
                },
                body=b"" if body is None else json.dumps(body).encode(),
            )
        )

    def alice_ids(self) -> list[str]:
        credentials = self.fake.users.credentials("alice")
        ids = [c.id for c in credentials]
        ids += [cfg.id for c in credentials for cfg in c.configurations]
        ids += [f"{SECRET}-provider", self.sync_id, "alice-record", self.subscription_id]
        ids += ["alice-oauth", "alice", *(c.integration_type for c in credentials)]
        return ids

    def snapshot(self) -> str:
        """Everything of Alice's, as text (records are dataclasses: their repr is their state)."""
        fake = self.fake
        sessions = [s for s in fake.state.oauth_sessions.values() if s.user_id == "alice"]
        events = [e for e in fake.state.app_events if e.user_id == "alice"]
        return repr(
            (
                fake.users.credentials("alice"),
                fake.users.metadata("alice"),
                sessions,
                fake.sync.syncs("alice"),
                fake.actionkit.subscriptions("alice"),
                events,
                fake.task_history.executions(user_id="alice"),
            )
        )


@pytest.fixture
def world() -> World:
    return World()


# -- the cases found ---------------------------------------------------------------------------


def test_another_users_oauth_session_cannot_be_deleted(world: World) -> None:
    path = f"/projects/{world.project}/sdk/actions/session-id/alice-oauth"
    assert world.send("bob", "DELETE", path).status == 404
    assert "alice-oauth" in world.fake.state.oauth_sessions
    assert world.send("bob", "GET", path).status == 404  # and cannot be polled
    assert world.send("alice", "GET", path).status == 200
    assert world.send("alice", "DELETE", path).status == 200
    session = world.fake.state.oauth_sessions.get("alice-oauth")
    assert session is None or session.closed


def test_another_users_oauth_session_cannot_be_taken_over(world: World) -> None:
    taken = world.send(
        "bob",
        "GET",
        f"/v2/projects/{world.project}/sdk/actions/build-oauth"
        f"?oauthMetaKeyId=alice-oauth&action=hubspot&integrationId=hubspot&userToken={world.tokens['bob']}",
    )
    assert taken.status == 400
    session = world.fake.state.oauth_sessions["alice-oauth"]
    assert session.user_id == "alice"
    poll = world.send(
        "alice", "GET", f"/projects/{world.project}/sdk/actions/session-id/alice-oauth"
    )
    assert poll.status == 200  # Alice's poll still finds her flow


def test_another_users_configuration_id_answers_as_an_unknown_one(world: World) -> None:
    alice_configuration = world.alice_credential.configurations[0].id
    bob_credential = world.fake.users.credentials("bob", "salesforce")[0]
    answers = []
    for configuration in (alice_configuration, "00000000-0000-4000-8000-00000000dead"):
        reply = world.send(
            "bob",
            "PATCH",
            f"/projects/{world.project}/sdk/credentials/{bob_credential.id}",
            {"config": {"sharedSettings": {"k": "v"}}},
            headers={"x-paragon-configuration-id": configuration},
        )
        message = json.loads(reply.body)["message"].replace(configuration, "<id>")
        answers.append((reply.status, message))
    assert answers[0] == answers[1]
    assert answers[0][0] == 404


# -- the property over every operation ---------------------------------------------------------

_WORLD: World | None = None


def _shared_world() -> World:
    global _WORLD
    if _WORLD is None:
        _WORLD = World()
    return _WORLD


OPERATIONS = sorted(_shared_world().fake.contract.operations, key=lambda op: op.operation_id)
BODY_KEYS = (
    "credentialId",
    "configurationId",
    "selectedCredentialId",
    "selectedConfigurationId",
    "integration",
    "integrationId",
    "oauthMetaKeyId",
    "syncId",
    "subscriptionId",
    "id",
    "userId",
    "externalId",
)


def _example_body(operation: Any) -> Any:
    """The contract's example request body of ``operation`` (``None`` when it has none)."""
    contract = _shared_world().fake.contract
    request_body = operation.definition.get("requestBody")
    if request_body is None:
        return None
    media = (contract.resolve(request_body).get("content") or {}).get("application/json") or {}
    if "example" in media:
        return media["example"]
    if media.get("examples"):
        first = next(iter(media["examples"].values()))
        return contract.resolve(first).get("value")
    return (media.get("schema") or {}).get("example")


def _with_ids(value: Any, draw: st.DrawFn, ids: st.SearchStrategy[str]) -> Any:
    """``value`` with every string under a key naming an id replaced by one of Alice's ids."""
    if isinstance(value, dict):
        return {
            key: draw(ids)
            if isinstance(item, str) and key.lower().endswith("id")
            else _with_ids(item, draw, ids)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_with_ids(item, draw, ids) for item in value]
    return value


@st.composite
def crossing_requests(draw: st.DrawFn) -> tuple[str, str, Any, dict[str, str]]:
    """A request with Bob's token to one operation, carrying Alice's ids wherever ids go."""
    world = _shared_world()
    ids = st.sampled_from(world.alice_ids())
    operation = draw(st.sampled_from(OPERATIONS))
    path = operation.path_template
    query: list[str] = []
    for parameter in operation.parameters:
        name, place = parameter.get("name", ""), parameter.get("in")
        if place == "path":
            value = world.project if name == "projectId" else draw(ids)
            path = path.replace("{" + name + "}", quote(value, safe=""))
        elif place == "query" and draw(st.booleans()):
            query.append(f"{name}={quote(draw(ids), safe='')}")
    if "build-oauth" in path:
        query.append(f"userToken={world.tokens['bob']}")
    headers = {}
    if draw(st.booleans()):
        headers["x-paragon-credential"] = draw(ids)
    if draw(st.booleans()):
        headers["x-paragon-configuration-id"] = draw(ids)
    example = _example_body(operation)
    body: Any
    if example is not None and draw(st.booleans()):
        body = _with_ids(example, draw, ids)  # valid in shape: reaches the handler
    else:
        keys = draw(st.lists(st.sampled_from(BODY_KEYS), unique=True, max_size=4))
        body = {key: draw(ids) for key in keys}
        if draw(st.booleans()):
            body["config"] = {"sharedSettings": {"k": "bob"}, "workflowSettings": {}}
    target = path + ("?" + "&".join(query) if query else "")
    return operation.method.upper(), target, body or None, headers


@settings(
    max_examples=400,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(crossing_requests())
def test_bobs_token_never_reads_or_changes_anything_of_alices(
    request: tuple[str, str, Any, dict[str, str]],
) -> None:
    world = _shared_world()
    before = world.snapshot()
    method, path, body, headers = request
    reply = world.send("bob", method, path, body, headers)
    assert world.snapshot() == before, (method, path, body, headers)
    echoed = reply.body.replace(f"{SECRET}-provider".encode(), b"")  # an id Bob sent, echoed
    assert SECRET.encode() not in echoed, (method, path, reply.body[:500])
    assert reply.status != 500, reply.body[:500]
    assert not [f for f in world.fake._failures if isinstance(f, FakeDefectError)]


def test_the_property_reaches_every_operation() -> None:
    """Not vacuous: the setup gave Alice data in every area, and every operation is drawn from."""
    world = _shared_world()
    assert SECRET in world.snapshot()
    assert world.fake.sync.syncs("alice")
    assert world.fake.actionkit.subscriptions("alice")
    assert {op.operation_id for op in OPERATIONS} == set(world.fake.operations)
    assert len(OPERATIONS) >= 60
