"""The bad-token matrix in all three entrances: respx interception, the transport, the server.

Every forged, expired, malformed or non-finite-dated token gets a 401 with a JSON body on an
endpoint of each host family, creates no Connected User, stores nothing, and the fake serves the
next good request. The same tokens are sent over a real loopback socket, where a crash would be
a 500 and a stuck server a timeout.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import requests

from pytest_paragon.fake.core import FakeParagon
from pytest_paragon.fake.entrances.server import ParagonServer
from pytest_paragon.fake.entrances.users import FakeUser
from pytest_paragon.tokens import BadTokens, SigningKey
from tests.security.test_token_numbers import signed

TIMEOUT = 10
HOSTS = {
    "zeus": "https://zeus.useparagon.com",
    "hermes": "https://hermes.useparagon.com",
    "proxy": "https://proxy.useparagon.com",
    "actionkit": "https://actionkit.useparagon.com",
    "sync": "https://sync.useparagon.com",
}
# (host family, method, path, JSON body); {P} is the project id.
ENDPOINTS = {
    "me": ("zeus", "GET", "/projects/{P}/sdk/me", None),
    "metadata": ("zeus", "PATCH", "/projects/{P}/sdk/me", {"meta": {"x": 1}}),
    "credentials": ("zeus", "GET", "/projects/{P}/sdk/credentials", None),
    "app-event": (
        "hermes",
        "POST",
        "/v2/projects/{P}/sdk/events/trigger",
        {"name": "E", "payload": {}},
    ),
    "proxy": (
        "proxy",
        "GET",
        "/projects/{P}/sdk/proxy/salesforce/services/data/v59.0/limits",
        None,
    ),
    "tools": ("actionkit", "GET", "/projects/{P}/tools", None),
    "syncs": ("sync", "GET", "/api/syncs", None),
}
NUMERIC = {
    "exp-nan": '{{"sub": "u", "exp": NaN, "iat": {iat}}}',
    "exp-infinity": '{{"sub": "u", "exp": Infinity, "iat": {iat}}}',
    "exp-1e400": '{{"sub": "u", "exp": 1e400, "iat": {iat}}}',
    "exp-10^400": '{{"sub": "u", "exp": 1' + "0" * 400 + ', "iat": {iat}}}',
    "nbf-nan": '{{"sub": "u", "exp": {exp}, "nbf": NaN, "iat": {iat}}}',
}


def tokens(key: SigningKey, fake: FakeParagon) -> dict[str, str]:
    """Every bad token: BadTokens' matrix and signed tokens with non-finite dates."""
    bad = dict(BadTokens(key, fake.project.id, now=fake.clock).all())
    now = int(fake.clock())
    for name, payload in NUMERIC.items():
        bad[name] = signed(key, payload.format(iat=now, exp=now + 3600))
    return bad


Send = Callable[[str, str, str, Any, str], tuple[int, bytes]]


@pytest.fixture(params=["respx", "transport", "server"])
def send(request: pytest.FixtureRequest, paragon_fake: FakeParagon) -> Send:
    """``(family, method, path, body, token) -> (status, body)`` through one entrance."""
    if request.param == "server":
        server: ParagonServer = request.getfixturevalue("paragon_server")

        def over_http(
            family: str, method: str, path: str, body: Any, token: str
        ) -> tuple[int, bytes]:
            reply = requests.request(
                method,
                server.url + path,
                json=body,
                headers={"Authorization": f"Bearer {token}"},
                timeout=TIMEOUT,
            )
            return reply.status_code, reply.content

        return over_http
    transport = paragon_fake.transport() if request.param == "transport" else None

    def in_process(family: str, method: str, path: str, body: Any, token: str) -> tuple[int, bytes]:
        with httpx.Client(transport=transport, timeout=TIMEOUT) as client:
            reply = client.request(
                method,
                HOSTS[family] + path,
                json=body,
                headers={"Authorization": f"Bearer {token}"},
            )
        return reply.status_code, reply.content

    return in_process


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_no_bad_token_passes_in_any_entrance(
    send: Send,
    paragon_fake: FakeParagon,
    paragon_signing_key: SigningKey,
    paragon_user: FakeUser,
    endpoint: str,
) -> None:
    family, method, template, body = ENDPOINTS[endpoint]
    path = template.replace("{P}", paragon_fake.project.id)
    users_before = set(paragon_fake.state.users)
    matrix = tokens(paragon_signing_key, paragon_fake)
    assert len(matrix) >= 15
    for name, token in matrix.items():
        status, answer = send(family, method, path, body, token)
        assert status == 401, (name, answer[:300])
        assert json.loads(answer)["statusCode"] == 401, name
    assert set(paragon_fake.state.users) == users_before  # no Connected User was created
    assert paragon_fake.users.app_events() == []
    assert {entry.user_id for entry in paragon_fake.journal} == {None}
    # the fake still serves a good token, in the same entrance
    status, answer = send(
        "zeus", "GET", f"/projects/{paragon_fake.project.id}/sdk/me", None, paragon_user.token
    )
    assert status == 200, answer[:300]
