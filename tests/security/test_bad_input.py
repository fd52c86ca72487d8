"""Input that is not JSON, or JSON beyond bounds: a 400 with a JSON body in every entrance.

NaN/Infinity/1e999 would be stored and served back as text no JSON parser reads, 5000-digit
numbers and ~990 levels of nesting raised into the test (or gave a 500), a lone surrogate broke
the encoder. Each case is sent through the three entrances (respx interception, the explicit
transport, the loopback server); the answer must be a 400 whose body strict JSON parses, nothing
must be stored, and the fake must go on serving.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest
import requests

from pytest_paragon import strict_json
from pytest_paragon.fake.core import FakeParagon
from pytest_paragon.fake.entrances.server import ParagonServer
from pytest_paragon.fake.entrances.users import FakeUser

TIMEOUT = 10
ZEUS = "https://zeus.useparagon.com"
SYNC = "https://sync.useparagon.com"  # Managed Sync answers only on its own host in-process
DEEP = 990

VALUES = {
    "nan": b"NaN",
    "infinity": b"Infinity",
    "minus-infinity": b"-Infinity",
    "1e999": b"1e999",
    "5000-digit-integer": b"1" * 5000,
    "200-digit-integer": b"9" * 200,
    "long-fraction": b"0." + b"3" * 300,
    "990-levels": b"[" * DEEP + b"]" * DEEP,
    "200-levels": b'{"a":' * 200 + b"1" + b"}" * 200,
    "lone-surrogate": b'"\\ud800"',
    "lone-surrogate-key": b'{"\\udfff": 1}',
}

Send = Callable[[str, str, bytes, dict[str, str]], tuple[int, bytes]]


@pytest.fixture(params=["respx", "transport", "server"])
def send(request: pytest.FixtureRequest, paragon_fake: FakeParagon) -> Send:
    """Send ``(method, path, body, headers)`` through one entrance; answer ``(status, body)``."""
    if request.param == "server":
        server: ParagonServer = request.getfixturevalue("paragon_server")

        def over_http(
            method: str, path: str, body: bytes, headers: dict[str, str]
        ) -> tuple[int, bytes]:
            reply = requests.request(
                method, server.url + path, data=body, headers=headers, timeout=TIMEOUT
            )
            return reply.status_code, reply.content

        return over_http
    transport = paragon_fake.transport() if request.param == "transport" else None

    def in_process(
        method: str, path: str, body: bytes, headers: dict[str, str]
    ) -> tuple[int, bytes]:
        base = SYNC if path.startswith("/api/syncs") else ZEUS
        with httpx.Client(base_url=base, transport=transport, timeout=TIMEOUT) as client:
            reply = client.request(method, path, content=body, headers=headers)
        return reply.status_code, reply.content

    return in_process


def _refused(status: int, body: bytes) -> str:
    """The answer is a 400 with a strict-JSON error body; its message."""
    assert status == 400, body[:300]
    document = strict_json.loads(body)
    assert document["statusCode"] == 400
    assert isinstance(document["message"], str)
    return str(document["message"])


def _still_serves(send: Send, user: FakeUser) -> None:
    status, body = send("GET", f"/projects/{user.project_id}/sdk/me", b"", user.headers)
    assert status == 200
    assert strict_json.loads(body)["userId"] == user.id


def _json_headers(user: FakeUser) -> dict[str, str]:
    return {**user.headers, "Content-Type": "application/json"}


@pytest.mark.parametrize("value", VALUES.values(), ids=VALUES.keys())
def test_user_metadata_refuses_what_is_not_json(
    send: Send, paragon_fake: FakeParagon, paragon_user: FakeUser, value: bytes
) -> None:
    before = dict(paragon_fake.users.metadata(paragon_user.id))
    body = b'{"meta": {"score": ' + value + b"}}"
    path = f"/projects/{paragon_user.project_id}/sdk/me"
    _refused(*send("PATCH", path, body, _json_headers(paragon_user)))
    assert paragon_fake.users.metadata(paragon_user.id) == before
    _still_serves(send, paragon_user)
    paragon_fake._violations.clear()  # the request body broke the contract: recorded, as it must


@pytest.mark.parametrize("value", VALUES.values(), ids=VALUES.keys())
def test_app_events_refuse_what_is_not_json(
    send: Send, paragon_fake: FakeParagon, paragon_user: FakeUser, value: bytes
) -> None:
    body = b'{"name": "Signed up", "payload": {"n": ' + value + b"}}"
    path = f"/v2/projects/{paragon_user.project_id}/sdk/events/trigger"
    _refused(*send("POST", path, body, _json_headers(paragon_user)))
    assert paragon_fake.users.app_events() == []
    _still_serves(send, paragon_user)
    paragon_fake._violations.clear()


@pytest.mark.parametrize("digits", [5000, 101, 4301])
def test_a_huge_query_integer_is_a_400(
    send: Send, paragon_fake: FakeParagon, paragon_user: FakeUser, digits: int
) -> None:
    path = f"/api/syncs/some-sync/records?pageSize={'7' * digits}"
    message = _refused(*send("GET", path, b"", paragon_user.headers))
    assert "pageSize" in message
    _still_serves(send, paragon_user)
    paragon_fake._violations.clear()


@pytest.mark.parametrize("header", ['{"\\ud800": 1}', '{"a": NaN}', '{"a": 1e999}'])
def test_the_metadata_header_is_parsed_as_strictly_as_a_body(
    send: Send, paragon_fake: FakeParagon, paragon_user: FakeUser, header: str
) -> None:
    """SDK 1.0.3 sends metadata as a JSON header (``/sdk/projects/{id}``)."""
    before = dict(paragon_fake.users.metadata(paragon_user.id))
    headers = {**paragon_user.headers, "X-Paragon-User-Metadata": header}
    path = f"/sdk/projects/{paragon_user.project_id}"
    message = _refused(*send("GET", path, b"", headers))
    assert "X-Paragon-User-Metadata" in message
    assert paragon_fake.users.metadata(paragon_user.id) == before
    _still_serves(send, paragon_user)


def test_json_at_the_bounds_is_still_accepted(
    send: Send, paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    nested: object = 1
    for _ in range(strict_json.MAX_DEPTH - 3):  # meta -> score -> ... within the bound
        nested = [nested]
    meta = {"score": nested, "big": 10**50, "ratio": 1e300, "name": "Zoë \u2603"}
    path = f"/projects/{paragon_user.project_id}/sdk/me"
    status, body = send(
        "PATCH", path, json.dumps({"meta": meta}).encode(), _json_headers(paragon_user)
    )
    assert status == 200, body[:300]
    assert paragon_fake.users.metadata(paragon_user.id)["big"] == 10**50


# -- the admin API (server only) ---------------------------------------------------------------


@pytest.mark.parametrize(
    "ttl", [b"1e999", b"NaN", b"Infinity", b"1e300", b"-5", b"0", b'"soon"', b"9" * 5000]
)
def test_admin_token_ttls_out_of_range_are_a_400(
    paragon_server: ParagonServer, paragon_user: FakeUser, ttl: bytes
) -> None:
    reply = requests.post(
        f"{paragon_server.url}/__paragon/tokens",
        data=b'{"sub": "u", "ttl": ' + ttl + b"}",
        headers={"Content-Type": "application/json"},
        timeout=TIMEOUT,
    )
    _refused(reply.status_code, reply.content)
    assert requests.get(f"{paragon_server.url}/__paragon/health", timeout=TIMEOUT).ok


@pytest.mark.parametrize("value", VALUES.values(), ids=VALUES.keys())
def test_admin_bodies_refuse_what_is_not_json(
    paragon_server: ParagonServer, paragon_fake: FakeParagon, value: bytes
) -> None:
    reply = requests.post(
        f"{paragon_server.url}/__paragon/users/u-1/credentials",
        data=b'{"integration": "salesforce", "providerData": {"x": ' + value + b"}}",
        headers={"Content-Type": "application/json"},
        timeout=TIMEOUT,
    )
    _refused(reply.status_code, reply.content)
    assert paragon_fake.state.credentials == {}
    journal = requests.get(f"{paragon_server.url}/__paragon/journal", timeout=TIMEOUT)
    assert journal.status_code == 200


def test_strict_json_reasons() -> None:
    for text, reason in [
        ("NaN", "not a JSON number"),
        ("1e999", "out of the range"),
        ("1" * 101, "101 characters"),
        ("[" * 129 + "]" * 129, "nested deeper than 128"),
        ("[" * 5000 + "]" * 5000, "nested deeper than 128"),
        ('"\\ud800"', "surrogate"),
        (b"\xff\xfe", "not UTF-8"),
        ("{", "line 1"),
    ]:
        with pytest.raises(strict_json.NotJsonError, match=reason):
            strict_json.loads(text)
    assert strict_json.loads('{"a": [1, 2.5, "\\ud83d\\ude00"]}') == {"a": [1, 2.5, "\U0001f600"]}
