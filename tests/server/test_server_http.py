"""The loopback server (``paragon_server``) over real HTTP: plain ``requests``, admin endpoints,
CORS, one base URL for every service, and bad input that must never crash or hang it.

The server shares state with the test's ``paragon_fake``, so each test checks what a client saw
and what the fake holds afterwards. Requests that break the contract on purpose are recorded as
violations; those tests assert them and then clear them (otherwise the teardown check fails).
"""

from __future__ import annotations

import errno
import json
import socket
from collections.abc import Iterator
from typing import Any

import jwt
import pytest
import requests

from pytest_paragon.errors import FakeDefectError
from pytest_paragon.fake.base.project import DEFAULT_PROJECT_ID
from pytest_paragon.fake.core import FakeParagon
from pytest_paragon.fake.entrances.server import (
    ADMIN_PREFIX,
    MAX_BODY,
    MAX_HEADERS,
    ParagonApp,
    ParagonServer,
    ServerThread,
)
from pytest_paragon.fake.entrances.users import FakeUser

TIMEOUT = 10


class Session(requests.Session):
    """A ``requests`` session whose requests time out after :data:`TIMEOUT` unless told."""

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", TIMEOUT)
        return super().request(*args, **kwargs)


@pytest.fixture
def http() -> Iterator[requests.Session]:
    with Session() as session:
        yield session


def bearer(token: str, **extra: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **extra}


def error_json(reply: requests.Response, status: int) -> dict[str, Any]:
    """``reply`` is ``status`` with a JSON error body naming that status."""
    assert reply.status_code == status, reply.text
    assert reply.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = reply.json()
    assert body["statusCode"] == status
    assert isinstance(body["message"], str)
    assert body["message"]
    return body


def healthy(server: ParagonServer) -> None:
    reply = requests.get(f"{server.url}/__paragon/health", timeout=TIMEOUT)
    assert reply.status_code == 200
    assert reply.json() == {"ok": True, "projectId": server.fake.project.id}


def raw_exchange(server: ParagonServer, data: bytes) -> bytes:
    """Send ``data`` on a fresh socket; return what the server answered before closing."""
    host, port = server.url.removeprefix("http://").split(":")
    answer = b""
    with socket.create_connection((host, int(port))) as connection:
        try:
            connection.sendall(data)
            connection.shutdown(socket.SHUT_WR)
            while chunk := connection.recv(65536):
                answer += chunk
        except OSError as error:
            # the server closed on an unreadable request (reset, broken pipe, or already gone
            # when we half-close): what it said before is kept
            if error.errno not in (errno.ECONNRESET, errno.EPIPE, errno.ENOTCONN):
                raise
    return answer


def raw_json_status(answer: bytes) -> tuple[int, dict[str, Any]]:
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in header_lines)
    assert headers["content-type"].startswith("application/json"), answer[:300]
    return int(status_line.split()[1]), json.loads(body)


def clear_expected_violations(fake: FakeParagon, *places: str) -> None:
    """The violations recorded are exactly ``places`` (in any order); then forget them."""
    assert sorted(v.place for v in fake._violations) == sorted(places), fake._violations
    fake._violations.clear()


# -- a realistic session with plain requests -------------------------------------------------


def test_a_service_using_requests_connects_calls_the_proxy_triggers_and_sends_an_event(
    paragon_server: ParagonServer, paragon_fake: FakeParagon, http: requests.Session
) -> None:
    url, project = paragon_server.url, paragon_fake.project.id
    minted = http.post(f"{url}/__paragon/tokens", json={"sub": "svc-user"})
    assert minted.status_code == 201
    headers = bearer(minted.json()["token"])

    before = http.get(f"{url}/projects/{project}/sdk/me", headers=headers)
    assert before.status_code == 200
    assert before.json()["userId"] == "svc-user"
    assert before.json()["integrations"]["salesforce"]["enabled"] is False

    lookup = paragon_fake.users.workflow_id("salesforce", request_trigger=True)
    connected = http.post(
        f"{url}/__paragon/users/svc-user/credentials",
        json={"integration": "salesforce", "settings": {"region": "eu"}, "workflows": [lookup]},
    )
    assert connected.status_code == 201, connected.text
    credential_id = connected.json()["id"]

    after = http.get(f"{url}/projects/{project}/sdk/me", headers=headers).json()
    salesforce = after["integrations"]["salesforce"]
    assert salesforce["enabled"] is True
    assert salesforce["credentialId"] == credential_id
    assert salesforce["sharedSettings"] == {"region": "eu"}

    registered = http.post(
        f"{url}/__paragon/proxy-responses",
        json={
            "integration": "salesforce",
            "method": "GET",
            "path": "/services/data/*/query",
            "body": {"records": [{"Id": "003", "Email": "ada@example.com"}]},
        },
    )
    assert registered.status_code == 201
    proxied = http.get(
        f"{url}/projects/{project}/sdk/proxy/salesforce/services/data/v59.0/query",
        params={"q": "SELECT Id FROM Contact"},
        headers=headers,
    )
    assert proxied.status_code == 200, proxied.text
    assert proxied.json() == {"output": {"records": [{"Id": "003", "Email": "ada@example.com"}]}}

    registered = http.post(
        f"{url}/__paragon/trigger-responses", json={"workflowId": lookup, "response": {"found": 1}}
    )
    assert registered.status_code == 201
    triggered = http.post(
        f"{url}/projects/{project}/sdk/triggers/{lookup}",
        json={"accountId": "001"},
        headers=headers,
    )
    assert (triggered.status_code, triggered.json()) == (200, {"found": 1})

    sent = http.post(
        f"{url}/v2/projects/{project}/sdk/events/trigger",
        json={"name": "Contact Created", "payload": {"email": "ada@example.com"}},
        headers=headers,
    )
    assert sent.status_code == 201

    # the in-process fake of this test saw all of it
    (event,) = paragon_fake.users.app_events("Contact Created")
    assert (event.user_id, event.payload) == ("svc-user", {"email": "ada@example.com"})
    assert paragon_fake.users.settings("svc-user", "salesforce") == {"region": "eu"}
    journal = http.get(f"{url}/__paragon/journal").json()
    assert [entry["operationId"] for entry in journal] == [
        "getConnectedUser",
        "getConnectedUser",
        "proxyGet",
        "runRequestTriggerWorkflow",
        "sendAppEventV2",
    ]
    assert all(entry["userId"] == "svc-user" for entry in journal)
    assert journal[2]["query"] == [["q", "SELECT Id FROM Contact"]]
    assert not any(entry["path"].startswith(ADMIN_PREFIX) for entry in journal)
    events = http.get(f"{url}/__paragon/app-events").json()
    assert [(e["name"], e["userId"], e["payload"]) for e in events] == [
        ("Contact Created", "svc-user", {"email": "ada@example.com"})
    ]


def test_the_paragon_user_fixture_and_the_server_share_one_fake(
    paragon_server: ParagonServer, paragon_user: FakeUser, http: requests.Session
) -> None:
    paragon_user.connect("hubspot")
    base = f"{paragon_server.url}/projects/{paragon_user.project_id}"
    body = http.get(f"{base}/sdk/me", headers=paragon_user.headers).json()
    assert body["meta"] == {"Name": "Ada Lovelace", "Email": "ada@example.com"}
    assert body["integrations"]["hubspot"]["enabled"] is True
    changed = http.patch(
        f"{base}/sdk/me", json={"meta": {"plan": "pro"}}, headers=paragon_user.headers
    )
    assert changed.status_code == 200
    assert paragon_server.fake.users.metadata("user-1")["plan"] == "pro"


# -- one base URL ----------------------------------------------------------------------------


def test_the_base_url_serves_every_service_and_never_says_proxy(
    paragon_server: ParagonServer, paragon_user: FakeUser, http: requests.Session
) -> None:
    assert "proxy" not in paragon_server.url.lower()
    overrides = paragon_server.sdk_overrides()
    assert set(overrides) == {
        "ZEUS_PUBLIC_URL",
        "HERMES_PUBLIC_URL",
        "WORKER_PROXY_PUBLIC_URL",
        "API_TRIGGER_KIT_PUBLIC_URL",
    }
    assert set(overrides.values()) == {paragon_server.url}

    paragon_user.connect("slack")
    paragon_server.fake.proxy.on("slack", {"ok": True}, method="POST", path="/chat.postMessage")
    base, headers = f"{paragon_server.url}/projects/{paragon_user.project_id}", paragon_user.headers
    zeus = http.get(f"{base}/sdk/integrations", headers=headers)
    assert zeus.status_code == 200
    proxy = http.post(
        f"{base}/sdk/proxy/slack/chat.postMessage",
        json={"channel": "general", "text": "hi"},
        headers={**headers, "X-Paragon-Use-Raw-Response": "1"},
    )
    assert (proxy.status_code, proxy.json()) == (200, {"ok": True})
    v2 = f"{paragon_server.url}/v2/projects/{paragon_user.project_id}"
    for hermes in (f"{base}/sdk/events/trigger", f"{v2}/sdk/events/trigger"):
        sent = http.post(hermes, json={"name": "Ping", "payload": {}}, headers=headers)
        assert sent.status_code == 201, sent.text
    wf = paragon_server.fake.users.workflow_id("slack", request_trigger=True)
    refused = http.post(f"{base}/sdk/triggers/{wf}", json={}, headers=headers)
    assert error_json(refused, 400)["message"].endswith("is not enabled for this user.")
    operations = [entry.operation_id for entry in paragon_server.fake.journal]
    assert operations == [
        "listProjectIntegrations",
        "proxyPost",
        "sendAppEvent",
        "sendAppEventV2",
        "runRequestTriggerWorkflow",
    ]
    assert len(paragon_server.fake.users.app_events("Ping")) == 2


# -- an address per service -------------------------------------------------------------------


def test_a_proxy_call_to_the_core_services_address_is_refused_with_the_violation(
    paragon_server: ParagonServer, paragon_user: FakeUser, http: requests.Session
) -> None:
    services = paragon_server.services
    assert set(services) == {"zeus", "hermes", "proxy", "actionkit", "sync"}
    assert len({paragon_server.url, *services.values()}) == 6  # each its own port
    assert (
        paragon_server.sdk_overrides(per_service=True)["WORKER_PROXY_PUBLIC_URL"]
        == (services["proxy"])
    )
    paragon_user.connect("slack")
    paragon_server.fake.proxy.on("slack", {"ok": True}, method="POST", path="/chat.postMessage")
    project, headers = paragon_user.project_id, paragon_user.headers
    me = http.get(f"{services['zeus']}/projects/{project}/sdk/me", headers=headers)
    assert me.status_code == 200
    call = f"/projects/{project}/sdk/proxy/slack/chat.postMessage"
    raw = {**headers, "X-Paragon-Use-Raw-Response": "1"}
    body = {"channel": "C1", "text": "hi"}  # what Slack documents (provider checks)
    misrouted = http.post(f"{services['zeus']}{call}", json=body, headers=raw)
    assert "proxy.useparagon.com" in error_json(misrouted, 404)["message"]
    [violation] = paragon_server.fake._violations
    assert (violation.operation, violation.place) == ("proxyPost", "host")
    assert "on zeus.useparagon.com" in violation.message  # the service its address stands for
    paragon_server.fake._violations.clear()  # the refusal was the point
    routed = http.post(f"{services['proxy']}{call}", json=body, headers=raw)
    assert (routed.status_code, routed.json()) == (200, {"ok": True})
    assert [entry.status for entry in paragon_server.fake.journal] == [200, 404, 200]


# CORS, Host and the admin API's guard: tests/security/test_browser.py


# -- admin endpoints -------------------------------------------------------------------------

MUTATING = (
    "/__paragon/reset",
    "/__paragon/users/u-1/credentials",
    "/__paragon/tokens",
    "/__paragon/proxy-responses",
    "/__paragon/trigger-responses",
)
READING = (
    "/__paragon/health",
    "/__paragon/users/u-1",
    "/__paragon/journal",
    "/__paragon/app-events",
    "/__paragon/violations",
    "/__paragon/oauth/consent",
)


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [("GET", path, "POST") for path in MUTATING] + [("POST", path, "GET") for path in READING],
)
def test_an_admin_endpoint_refuses_the_wrong_method(
    paragon_server: ParagonServer, http: requests.Session, method: str, path: str, allowed: str
) -> None:
    body = error_json(http.request(method, paragon_server.url + path, json={}), 405)
    assert body["message"].endswith(f"use {allowed}.")
    assert paragon_server.fake.state.users == {}


@pytest.mark.parametrize(
    "path",
    [
        "/__paragon/",
        "/__paragon/nope",
        "/__paragon/users/u-1/credentials/extra",
        f"/__paragon/projects/{DEFAULT_PROJECT_ID}/sdk/me",
        "/__paragon",
    ],
)
def test_an_unknown_admin_path_is_a_404(
    paragon_server: ParagonServer, http: requests.Session, path: str
) -> None:
    reply = http.get(paragon_server.url + path)
    error_json(reply, 404)
    if path == "/__paragon":  # not under the prefix: Paragon's own 404, recorded as a violation
        clear_expected_violations(paragon_server.fake, "path")
    assert paragon_server.fake.journal == [] or path == "/__paragon"


def test_admin_paths_never_shadow_paragon_paths(
    paragon_server: ParagonServer, paragon_user: FakeUser, http: requests.Session
) -> None:
    templates = {op.path_template for op in paragon_server.fake.contract.operations}
    assert templates
    assert not any(template.startswith(ADMIN_PREFIX.rstrip("/")) for template in templates)
    assert not any("__paragon" in template for template in templates)
    # a Paragon path is answered by the fake even when an admin route has the same tail
    me = http.get(
        f"{paragon_server.url}/projects/{paragon_user.project_id}/sdk/me",
        headers=paragon_user.headers,
    )
    assert me.json()["userId"] == "user-1"
    assert [entry.operation_id for entry in paragon_server.fake.journal] == ["getConnectedUser"]


def test_admin_connect_seeds_configurations_and_workflow_states(
    paragon_server: ParagonServer, paragon_fake: FakeParagon, http: requests.Session
) -> None:
    sync = paragon_fake.users.workflow_id("salesforce", "Sync new contacts to Salesforce")
    lookup = paragon_fake.users.workflow_id("salesforce", request_trigger=True)
    reply = http.post(
        f"{paragon_server.url}/__paragon/users/acme/credentials",
        json={
            "integration": "salesforce",
            "credentialId": "cred-acme",
            "externalId": "acme-prod",
            "providerId": "00D-acme",
            "providerData": {"instanceUrl": "https://acme.my.salesforce.com"},
            "settings": {"region": "eu"},
            "workflows": {sync: False, lookup: {"enabled": True, "settings": {"limit": 5}}},
            "configurations": [
                {"id": "cfg-b", "externalId": "team-b", "settings": {"region": "us"}},
                {"workflows": [sync]},
            ],
        },
    )
    assert reply.status_code == 201, reply.text
    credential = reply.json()
    assert credential["id"] == "cred-acme"
    assert credential["externalId"] == "acme-prod"
    default, team_b, third = credential["configurations"]
    assert default["isDefault"] is True
    assert default["sharedSettings"] == {"region": "eu"}
    assert default["workflowSettings"][sync]["enabled"] is False
    assert default["workflowSettings"][lookup] == {"enabled": True, "settings": {"limit": 5}}
    assert (team_b["id"], team_b["externalId"], team_b["sharedSettings"]) == (
        "cfg-b",
        "team-b",
        {"region": "us"},
    )
    assert third["workflowSettings"][sync]["enabled"] is True
    assert paragon_fake.users.workflow_states("acme", "salesforce") == {sync: False, lookup: True}
    shown = http.get(f"{paragon_server.url}/__paragon/users/acme").json()
    assert shown["integrations"]["salesforce"]["credentialId"] == "cred-acme"
    assert shown["integrations"]["salesforce"]["providerData"] == {
        "instanceUrl": "https://acme.my.salesforce.com"
    }


def test_admin_answers_take_the_seed_keys_match_and_optional(
    paragon_server: ParagonServer, paragon_fake: FakeParagon, http: requests.Session
) -> None:
    """The one-answer routes take a seed entry whole: ``match`` narrows, ``optional`` binds."""
    url, project = paragon_server.url, paragon_fake.project.id
    headers = bearer(http.post(f"{url}/__paragon/tokens", json={"sub": "u"}).json()["token"])
    lookup = paragon_fake.users.workflow_id("salesforce", request_trigger=True)
    connect = {"integration": "salesforce", "workflows": [lookup]}
    assert http.post(f"{url}/__paragon/users/u/credentials", json=connect).status_code == 201
    for answer in (
        {"workflowId": lookup, "body": {"found": "eu"}, "match": {"region": "eu"}},
        {"workflowId": lookup, "body": {"found": "any"}},
    ):
        assert http.post(f"{url}/__paragon/trigger-responses", json=answer).status_code == 201
    trigger = f"{url}/projects/{project}/sdk/triggers/{lookup}"
    assert http.post(trigger, json={"region": "eu"}, headers=headers).json() == {"found": "eu"}
    assert http.post(trigger, json={"region": "us"}, headers=headers).json() == {"found": "any"}
    required = {"integration": "salesforce", "path": "/never/*", "response": {}, "optional": False}
    assert http.post(f"{url}/__paragon/proxy-responses", json=required).status_code == 201
    problems = http.get(f"{url}/__paragon/problems").json()
    assert [p["type"] for p in problems] == ["UnusedAnswerError"], problems
    assert "/never/*" in problems[0]["message"]
    proxied = http.get(f"{url}/projects/{project}/sdk/proxy/salesforce/never/x", headers=headers)
    assert proxied.status_code == 200, proxied.text
    assert http.get(f"{url}/__paragon/problems").json() == []


@pytest.mark.parametrize(
    ("path", "body", "status", "needle"),
    [
        ("/__paragon/users/u/credentials", {}, 400, "integration"),
        ("/__paragon/users/u/credentials", {"integration": "nope"}, 404, "nope"),
        ("/__paragon/users/u/credentials", {"integration": "slack", "colour": 1}, 400, "colour"),
        ("/__paragon/users/u/credentials", {"integration": "slack", "status": "OK"}, 400, "status"),
        (
            "/__paragon/users/u/credentials",
            {"integration": "slack", "settings": []},
            400,
            "settings",
        ),
        ("/__paragon/users/u/credentials", {"integration": "slack", "workflows": ["x"]}, 400, "x"),
        (
            "/__paragon/users/u/credentials",
            {"integration": "slack", "workflows": {"x": {"settings": {}, "on": True}}},
            400,
            "workflows",
        ),
        (
            "/__paragon/users/u/credentials",
            {"integration": "slack", "configurations": [{"id": "c"}, {"id": "c"}]},
            400,
            "c",
        ),
        ("/__paragon/tokens", {}, 400, "sub"),
        ("/__paragon/tokens", {"sub": "u", "ttl": "soon"}, 400, "ttl"),
        ("/__paragon/tokens", {"sub": "u", "permissions": [1]}, 400, "permissions"),
        ("/__paragon/tokens", {"sub": "u", "audience": "yes"}, 400, "audience"),
        ("/__paragon/proxy-responses", {}, 400, "integration"),
        ("/__paragon/proxy-responses", {"integration": "slack", "status": 99}, 400, "status"),
        ("/__paragon/proxy-responses", {"integration": "nope"}, 404, "nope"),
        ("/__paragon/proxy-responses", {"integration": "slack", "headers": []}, 400, "headers"),
        ("/__paragon/trigger-responses", {}, 400, "workflowId"),
        ("/__paragon/trigger-responses", {"workflowId": "nope"}, 400, "nope"),
        ("/__paragon/trigger-responses", {"workflowId": "w", "status": "ok"}, 400, "status"),
    ],
)
def test_admin_bodies_are_checked_field_by_field(
    paragon_server: ParagonServer,
    http: requests.Session,
    path: str,
    body: dict[str, Any],
    status: int,
    needle: str,
) -> None:
    reply = http.post(paragon_server.url + path, json=body)
    assert needle in error_json(reply, status)["message"]
    state = paragon_server.fake.state
    assert (state.credentials, state.proxy_handlers, state.trigger_handlers) == ({}, [], [])


@pytest.mark.parametrize("path", MUTATING)
@pytest.mark.parametrize(
    ("content", "needle"),
    [(b"{not json", "not valid JSON"), (b"[1, 2]", "JSON object"), (b"\xff\xfe", "not valid JSON")],
)
def test_admin_bodies_must_be_json_objects(
    paragon_server: ParagonServer, http: requests.Session, path: str, content: bytes, needle: str
) -> None:
    json_type = {"Content-Type": "application/json"}
    reply = http.post(paragon_server.url + path, data=content, headers=json_type)
    assert needle in error_json(reply, 400)["message"]


def test_admin_tokens_carry_the_claims_asked_for(
    paragon_server: ParagonServer, http: requests.Session
) -> None:
    permissions = {"salesforce": {"read": True}}
    reply = http.post(
        f"{paragon_server.url}/__paragon/tokens",
        json={"sub": "u-9", "ttl": 60, "audience": True, "permissions": permissions},
    )
    assert reply.status_code == 201
    token = reply.json()["token"]
    project = paragon_server.fake.project.id
    claims = jwt.decode(
        token,
        paragon_server.fake.signing_key.public_key,
        algorithms=["RS256"],
        audience=f"useparagon.com/{project}",
    )
    assert claims["sub"] == "u-9"
    assert claims["exp"] - claims["iat"] == 60
    assert claims["urn:useparagon:connect:permissions"] == permissions
    me = http.get(f"{paragon_server.url}/projects/{project}/sdk/me", headers=bearer(token))
    assert me.status_code == 200


def test_admin_reset_empties_the_fake(
    paragon_server: ParagonServer, paragon_user: FakeUser, http: requests.Session
) -> None:
    url = paragon_server.url
    paragon_user.connect("salesforce")
    assert http.get(f"{url}/__paragon/users/user-1").status_code == 200
    http.post(
        f"{url}/v2/projects/{paragon_user.project_id}/sdk/events/trigger",
        json={"name": "E", "payload": {}},
        headers=paragon_user.headers,
    )
    assert len(http.get(f"{url}/__paragon/journal").json()) == 1
    assert http.post(f"{url}/__paragon/reset", json={}).json() == {"ok": True}
    error_json(http.get(f"{url}/__paragon/users/user-1"), 404)
    assert http.get(f"{url}/__paragon/journal").json() == []
    assert http.get(f"{url}/__paragon/app-events").json() == []
    assert paragon_server.fake.state.credentials == {}


def test_admin_violations_list_what_broke_the_contract(
    paragon_server: ParagonServer, paragon_user: FakeUser, http: requests.Session
) -> None:
    url = f"{paragon_server.url}/projects/{paragon_user.project_id}"
    http.patch(f"{url}/sdk/me", json={"meta": 5}, headers=paragon_user.headers)
    listed = http.get(f"{paragon_server.url}/__paragon/violations").json()
    assert [v["operation"].split()[0] for v in listed] == ["updateConnectedUserMetadata"]
    assert "meta" in listed[0]["place"] + listed[0]["message"]
    paragon_server.fake._violations.clear()


def test_admin_consent_page_of_an_unknown_session_is_a_404(
    paragon_server: ParagonServer, http: requests.Session
) -> None:
    reply = http.get(f"{paragon_server.url}/__paragon/oauth/consent?session=nope")
    error_json(reply, 404)


# -- bad input -------------------------------------------------------------------------------


def test_malformed_and_non_object_json_bodies_are_400s(
    paragon_server: ParagonServer, paragon_user: FakeUser, http: requests.Session
) -> None:
    url = f"{paragon_server.url}/projects/{paragon_user.project_id}/sdk/me"
    headers = {**paragon_user.headers, "Content-Type": "application/json"}
    for content in (b'{"meta": ', b"{'meta': {}}", b"[1, 2]", b"null", b'{"meta": {"a": "\xff"}}'):
        error_json(http.patch(url, data=content, headers=headers), 400)
        healthy(paragon_server)
    assert paragon_server.fake.users.metadata("user-1") == paragon_user.meta
    clear_expected_violations(paragon_server.fake, *["request body"] * 5)


@pytest.mark.parametrize("path", ["/v2/projects/{project}/sdk/events/trigger", "/__paragon/tokens"])
def test_a_body_over_the_limit_is_a_413(
    paragon_server: ParagonServer, paragon_user: FakeUser, http: requests.Session, path: str
) -> None:
    target = paragon_server.url + path.format(project=paragon_user.project_id)
    oversized = b'{"name": "E", "payload": {"blob": "' + b"x" * MAX_BODY + b'"}}'
    reply = http.post(
        target,
        data=oversized,
        headers={**paragon_user.headers, "Content-Type": "application/json"},
        timeout=60,
    )
    error_json(reply, 413)
    healthy(paragon_server)
    assert paragon_server.fake.users.app_events() == []
    assert paragon_server.fake.journal == []
    at_the_limit = b'{"name": "E", "payload": {"blob": "' + b"x" * (MAX_BODY - 40) + b'"}}'
    if path.startswith("/v2"):
        sent = http.post(
            target,
            data=at_the_limit,
            headers={**paragon_user.headers, "Content-Type": "application/json"},
            timeout=60,
        )
        assert sent.status_code == 201


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/nope",
        "/projects/{project}/sdk/nope",
        "/projects/{project}/sdk/me/extra",
        "/projects/{project}/sdk/%FF%FE",
        "/projects/%E2%98%83/sdk/unknown",
    ],
)
def test_an_unknown_path_is_a_404(
    paragon_server: ParagonServer, paragon_user: FakeUser, http: requests.Session, path: str
) -> None:
    target = paragon_server.url + path.format(project=paragon_user.project_id)
    error_json(http.get(target, headers=paragon_user.headers), 404)
    healthy(paragon_server)
    clear_expected_violations(paragon_server.fake, "path")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("DELETE", "/projects/{project}/sdk/me"),
        ("PUT", "/projects/{project}/sdk/me"),
        ("GET", "/v2/projects/{project}/sdk/events/trigger"),
        ("HEAD", "/projects/{project}/sdk/integrations"),
    ],
)
def test_a_wrong_method_is_a_405(
    paragon_server: ParagonServer,
    paragon_user: FakeUser,
    http: requests.Session,
    method: str,
    path: str,
) -> None:
    target = paragon_server.url + path.format(project=paragon_user.project_id)
    reply = http.request(method, target, headers=paragon_user.headers)
    if method == "HEAD":  # no body on the wire: the status and the JSON content type
        assert reply.status_code == 405
        assert reply.headers["content-type"].startswith("application/json")
    else:
        error_json(reply, 405)
    healthy(paragon_server)
    clear_expected_violations(paragon_server.fake, "method")


def test_invalid_utf8_in_the_request_line_and_headers(
    paragon_server: ParagonServer, paragon_user: FakeUser
) -> None:
    project = paragon_user.project_id.encode()
    status, body = raw_json_status(
        raw_exchange(
            paragon_server,
            b"GET /projects/" + project + b"/sdk/\xff\xfe HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        )
    )
    assert (status, body["statusCode"]) == (400, 400)
    healthy(paragon_server)
    status, body = raw_json_status(
        raw_exchange(
            paragon_server,
            b"GET /projects/" + project + b"/sdk/me HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Authorization: Bearer \xff\xfe\xfd\r\nConnection: close\r\n\r\n",
        )
    )
    assert (status, body["statusCode"]) == (401, 401)
    healthy(paragon_server)
    status, body = raw_json_status(raw_exchange(paragon_server, b"NOT HTTP AT ALL\r\n\r\n"))
    assert status == 400
    healthy(paragon_server)


def test_huge_headers_are_4xx_json(
    paragon_server: ParagonServer, paragon_user: FakeUser, http: requests.Session
) -> None:
    url = f"{paragon_server.url}/projects/{paragon_user.project_id}/sdk/me"
    one_big = {**paragon_user.headers, "X-Paragon-User-Metadata": "a" * (MAX_HEADERS + 1)}
    error_json(http.get(url, headers=one_big), 431)
    healthy(paragon_server)
    many = {**paragon_user.headers, **{f"X-Extra-{i}": "v" * 200 for i in range(400)}}
    error_json(http.get(url, headers=many), 431)
    healthy(paragon_server)
    # beyond what the HTTP parser buffers: a JSON 400 (if the client reads it) and a closed socket
    answer = raw_exchange(
        paragon_server,
        b"GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Huge: " + b"a" * (4 * 1024 * 1024) + b"\r\n\r\n",
    )
    if answer:
        assert raw_json_status(answer)[0] == 400
    healthy(paragon_server)
    just_under = {**paragon_user.headers, "X-Paragon-User-Metadata": json.dumps({"n": "a" * 1000})}
    assert http.get(url, headers=just_under).status_code == 200
    assert paragon_server.fake.journal[-1].operation_id == "getConnectedUser"


def test_an_error_inside_the_fake_is_a_500_that_fails_the_test(
    paragon_server: ParagonServer, paragon_user: FakeUser, http: requests.Session
) -> None:
    paragon_user.connect("slack")
    paragon_server.fake.proxy.on("slack", lambda call: 1 / 0)
    reply = http.get(
        f"{paragon_server.url}/projects/{paragon_user.project_id}/sdk/proxy/slack/conversations.list",
        headers=paragon_user.headers,
    )
    message = error_json(reply, 500)["message"]
    assert "ZeroDivisionError" in message
    assert "This is a bug in pytest-paragon" in message
    healthy(paragon_server)
    (defect,) = paragon_server.fake.problems()
    assert isinstance(defect, FakeDefectError)
    assert defect.report.where == "proxyGet"
    assert "ZeroDivisionError: division by zero" in defect.traceback_text
    paragon_server.fake._failures.clear()


def test_without_a_test_fake_the_server_answers_503_but_preflights() -> None:
    with ServerThread(ParagonApp(None)) as thread:
        reply = requests.get(f"{thread.url}/__paragon/health", timeout=TIMEOUT)
        error_json(reply, 503)
        preflight = requests.options(
            f"{thread.url}/projects/x/sdk/me",
            headers={"Origin": "http://localhost:3000", "Access-Control-Request-Method": "GET"},
            timeout=TIMEOUT,
        )
        assert preflight.status_code == 204
    assert not thread.alive


def test_a_port_in_use_raises_oserror_and_leaks_no_socket() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(OSError, match="in use"):
            ServerThread(ParagonApp(None), port=port)
