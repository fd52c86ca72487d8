"""The per-request path keeps what a request's text decides, and never what time or state decide.

The route memo (``fake/base/routes.py``) keeps routing and the contract check of each distinct
request; these tests send the same text again and check that every check still runs per request:
violations are recorded each time, an expired token is refused, state changes are seen.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import httpx
import pytest

from pytest_paragon.fake.base import routes
from pytest_paragon.fake.base.exchange import (
    FakeResponse,
    JournalEntry,
    fake_request,
    fake_response,
    journal_entry,
)
from pytest_paragon.fake.core import FakeParagon, FakeRequest
from pytest_paragon.fake.entrances.transport import headers_of, to_fake_request

USER = "path-user"


@pytest.fixture
def fake() -> FakeParagon:
    return FakeParagon()


def me(fake: FakeParagon, token: str, query: tuple[tuple[str, str], ...] = ()) -> FakeRequest:
    path = f"/projects/{fake.project.id}/sdk/me"
    headers = {"Authorization": f"Bearer {token}"}
    return FakeRequest("GET", "zeus.useparagon.com", path, query, headers, b"")


def test_the_same_bad_request_is_recorded_as_a_violation_every_time(fake: FakeParagon) -> None:
    token = fake.signing_key.mint(USER, project_id=fake.project.id, now=fake.clock())
    path = f"/projects/{fake.project.id}/sdk/credentials/not-a-uuid"
    body = json.dumps({"config": "not an object"}).encode()
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    request = FakeRequest("PATCH", "zeus.useparagon.com", path, (), headers, body)
    assert fake.handle(request).status == 400
    first = list(fake._violations)
    assert first
    assert [fake.handle(request).status for _ in range(2)] == [400, 400]
    assert fake._violations == first * 3  # recorded again for every request
    assert len(fake.problems()) == 3 * len(first)


def test_fakes_of_one_contract_share_its_request_checker_and_still_check(fake: FakeParagon) -> None:
    # the operations' plans are worked out once per contract, not once per fake (per test)
    from pytest_paragon.contract.validation import checker_of

    other = FakeParagon(contract=fake.contract)
    assert other._checker is fake._checker is checker_of(fake.contract)
    token = other.signing_key.mint(USER, project_id=other.project.id, now=other.clock())
    path = f"/projects/{other.project.id}/sdk/credentials/not-a-uuid"
    request = FakeRequest(
        "GET", "zeus.useparagon.com", path, (), {"authorization": f"Bearer {token}"}, b""
    )
    assert other.handle(request).status == 400
    assert [(v.place, v.message) for v in other._violations] == [
        ("path parameter credentialId", '"not-a-uuid" is not a "uuid"')
    ]


def test_a_token_that_expired_is_refused_on_a_request_seen_before(fake: FakeParagon) -> None:
    token = fake.signing_key.mint(USER, project_id=fake.project.id, now=fake.clock())
    request = me(fake, token)
    assert fake.handle(request).status == 200
    fake.clock.advance(3600 + 1)  # past the token's exp; the request's text is the same
    refused = fake.handle(request)
    assert refused.status == 401
    assert json.loads(refused.body)["statusCode"] == 401


def test_a_forged_token_is_refused(fake: FakeParagon) -> None:
    token = fake.signing_key.mint(USER, project_id=fake.project.id, now=fake.clock())
    assert fake.handle(me(fake, token)).status == 200
    header, claims, signature = token.split(".")
    forged = f"{header}.{claims}.{signature[:-4]}AAAA"
    assert fake.handle(me(fake, forged)).status == 401


def test_a_state_change_is_seen_by_the_same_request_again(fake: FakeParagon) -> None:
    token = fake.signing_key.mint(USER, project_id=fake.project.id, now=fake.clock())
    request = me(fake, token)
    before = json.loads(fake.handle(request).body)
    fake.users.connect(USER, "salesforce")
    after = json.loads(fake.handle(request).body)
    assert before["integrations"]["salesforce"]["enabled"] is False
    assert after["integrations"]["salesforce"]["enabled"] is True


def test_a_refused_request_leaves_the_state_version_a_handled_one_moves_it(
    fake: FakeParagon,
) -> None:
    token = fake.signing_key.mint(USER, project_id=fake.project.id, now=fake.clock())
    path = f"/projects/{fake.project.id}/sdk/me"
    patch = json.dumps({"meta": {"plan": "pro"}}).encode()
    headers = {"content-type": "application/json"}
    version = fake.state.version
    refused = fake.handle(FakeRequest("PATCH", "zeus.useparagon.com", path, (), headers, patch))
    assert refused.status == 401
    assert fake.state.version == version  # nothing ran that could change the state
    headers["authorization"] = f"Bearer {token}"
    handled = fake.handle(FakeRequest("PATCH", "zeus.useparagon.com", path, (), headers, patch))
    assert handled.status == 200
    assert fake.state.version > version


def test_the_memo_is_bounded(fake: FakeParagon, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(routes, "MEMO_SIZE", 4)
    token = fake.signing_key.mint(USER, project_id=fake.project.id, now=fake.clock())
    for number in range(10):
        assert fake.handle(me(fake, token, (("n", str(number)),))).status == 200
    assert 0 < len(fake._routes._kept) <= 4
    assert len(fake.requests("getConnectedUser")) == 10


def test_the_fast_constructors_make_what_the_constructors_make() -> None:
    fields: dict[str, Any] = {
        "method": "GET",
        "host": "zeus.useparagon.com",
        "path": "/p",
        "query": (("a", "1"),),
        "headers": {"x": "y"},
        "body": b"",
        "operation_id": "getConnectedUser",
        "status": 200,
        "response_body": b"{}",
        "user_id": "u",
    }
    entry = journal_entry(*fields.values())
    assert entry == JournalEntry(**fields)
    assert type(entry) is JournalEntry
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.status = 500  # type: ignore[misc]
    request = fake_request("GET", "h", "/p", (("a", "1"),), {"x": "y"}, b"", "https")
    assert request == FakeRequest("GET", "h", "/p", (("a", "1"),), {"x": "y"}, b"", "https")
    with pytest.raises(dataclasses.FrozenInstanceError):
        request.path = "/q"  # type: ignore[misc]
    response = fake_response(200, {"content-type": "application/json"}, b"{}")
    assert response == FakeResponse(200, {"content-type": "application/json"}, b"{}")
    with pytest.raises(dataclasses.FrozenInstanceError):
        response.status = 500  # type: ignore[misc]


@pytest.mark.parametrize(
    "pairs",
    [
        [("Accept", "a"), ("X-Two", "1"), ("x-two", "2"), ("Authorization", "Bearer t")],
        [("X-Name", "Ada Lovelace é".encode())],  # UTF-8: httpx's own fallback
        [("X-Name", b"\xe9t\xe9")],  # Latin-1
        [],
    ],
)
def test_httpx_headers_are_read_as_dict_reads_them(pairs: list[tuple[str, Any]]) -> None:
    headers = httpx.Headers(pairs)
    assert headers_of(headers) == dict(headers)


def test_an_httpx_request_without_a_query_has_an_empty_one() -> None:
    request = httpx.Request("GET", "https://zeus.useparagon.com/a?b=1&b=2&c=")
    assert to_fake_request(request).query == (("b", "1"), ("b", "2"), ("c", ""))
    assert to_fake_request(httpx.Request("GET", "https://zeus.useparagon.com/a")).query == ()


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("[" * 128 + "]" * 128, False),
        ("[" * 129 + "]" * 129, True),
        ('{"a": "\\ud800"}', True),  # a lone surrogate, escaped
        ('{"a": "\\uD83D\\uDE00"}', False),  # a pair: one character
        ('{"a": "\\\\ud800"}', False),  # an escaped backslash, then text
        ('{"a": "' + "[" * 200 + '"}', False),  # brackets in a string: walked, not refused
    ],
)
def test_strict_json_refuses_what_it_refused_with_or_without_the_walk(
    text: str, refused: bool
) -> None:
    from pytest_paragon import strict_json

    if refused:
        with pytest.raises(strict_json.NotJsonError):
            strict_json.loads(text)
    else:
        strict_json.loads(text)
        strict_json.check(json.loads(text))  # the full walk agrees


def test_a_request_whose_parts_do_not_hash_is_still_answered(fake: FakeParagon) -> None:
    token = fake.signing_key.mint(USER, project_id=fake.project.id, now=fake.clock())
    request = me(fake, token, [["n", "1"]])  # type: ignore[arg-type]  # lists, not tuples
    assert fake.handle(request).status == 200
    assert fake._routes._kept == {}


def test_a_refused_token_is_refused_again_without_a_second_signature_check(
    fake: FakeParagon, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = fake.signing_key.mint(USER, project_id=fake.project.id, now=fake.clock())
    header, claims, signature = token.split(".")
    forged = f"{header}.{claims}.{signature[:-6]}AAAAAA"
    decoded: list[str] = []
    decode = fake.verifier._decode
    monkeypatch.setattr(fake.verifier, "_decode", lambda t: (decoded.append(t), decode(t))[1])
    answers = [fake.handle(me(fake, forged)) for _ in range(3)]
    assert [answer.status for answer in answers] == [401, 401, 401]
    assert len({answer.body for answer in answers}) == 1  # the same reason every time
    assert decoded == [forged]  # the signature was checked once
    assert fake.handle(me(fake, token)).status == 200  # the real one still passes
