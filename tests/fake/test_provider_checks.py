"""Provider request checks: a proxied request is checked against the provider's documented rules.

A correct request passes; each rule kind (required, at least one of, type, enum, range, pattern,
comma-separated list, nested object, array items) fails with a message naming the provider's rule
and its source; ``provider_checks=False`` turns them off; a documented endpoint without a
registered answer gets the provider's documented answer; a test can add its own endpoints.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from pytest_paragon.contract import Contract, load_contract
from pytest_paragon.errors import ParagonUsageError, ProviderRequestError, UnmatchedAnswerError
from pytest_paragon.fake.core import FakeParagon
from pytest_paragon.fake.entrances.users import FakeUser, make_user
from pytest_paragon.providers import builtin_documents
from pytest_paragon.tokens import SigningKey

INTEGRATIONS = ("slack", "salesforce", "hubspot", "googledrive", "jira", "shopify", "freshdesk")


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
    made = make_user(fake, "provider-user")
    for integration in INTEGRATIONS:
        made.connect(integration)
    yield made
    made.close()


def _send(
    user: FakeUser, method: str, integration: str, path: str, **kwargs: Any
) -> httpx.Response:
    return user.client.request(method, f"/sdk/proxy/{integration}{path}", **kwargs)


def _problem(fake: FakeParagon) -> str:
    (problem,) = fake.problems()
    assert isinstance(problem, ProviderRequestError)
    return str(problem)


def test_the_data_covers_twenty_endpoints_of_six_providers_each_with_a_source() -> None:
    documents = builtin_documents()
    assert len({d.provider for d in documents}) >= 6
    endpoints = [e for d in documents for e in d.endpoints]
    assert len(endpoints) >= 20
    assert all(e.source.startswith("https://") for e in endpoints)


CORRECT = [
    ("POST", "slack", "/chat.postMessage", {"json": {"channel": "C1", "text": "hi"}}),
    ("GET", "slack", "/conversations.list", {"params": {"limit": 200, "types": "im,mpim"}}),
    (
        "POST",
        "slack",
        "/chat.postMessage",
        {
            "content": b"channel=C1&blocks=%5B%5D",
            "headers": {"content-type": "application/x-www-form-urlencoded"},
        },
    ),
    ("GET", "salesforce", "/services/data/v59.0/query", {"params": {"q": "SELECT Id FROM Lead"}}),
    ("POST", "hubspot", "/crm/v3/objects/contacts", {"json": {"properties": {"email": "a@b.c"}}}),
    (
        "POST",
        "hubspot",
        "/crm/v3/objects/contacts/search",
        {"json": {"filterGroups": [{"filters": [{"propertyName": "email", "operator": "EQ"}]}]}},
    ),
    ("GET", "googledrive", "/drive/v3/files", {"params": {"pageSize": 100, "corpora": "user"}}),
    (
        "POST",
        "jira",
        "/rest/api/3/issue",
        {"json": {"fields": {"project": {"key": "P"}, "issuetype": {"id": "1"}, "summary": "S"}}},
    ),
    ("GET", "shopify", "/admin/api/2024-01/products.json", {"params": {"status": "draft"}}),
    ("POST", "freshdesk", "/api/v2/tickets", {"json": {"email": "a@b.c", "status": 2}}),
]


@pytest.mark.parametrize(("method", "integration", "path", "kwargs"), CORRECT)
def test_a_documented_request_passes_and_gets_the_documented_answer(
    fake: FakeParagon,
    user: FakeUser,
    method: str,
    integration: str,
    path: str,
    kwargs: dict[str, Any],
) -> None:
    response = _send(user, method, integration, path, **kwargs)
    assert response.status_code == 200
    assert fake.problems() == []
    assert response.json()["output"] is not None


def test_the_default_answer_has_the_providers_shape(fake: FakeParagon, user: FakeUser) -> None:
    listed = _send(user, "GET", "googledrive", "/drive/v3/files").json()["output"]
    assert listed["kind"] == "drive#fileList"
    assert listed["files"] == []
    raw = _send(
        user,
        "GET",
        "salesforce",
        "/services/data/v59.0/query",
        params={"q": "SELECT Id FROM Contact"},
        headers={"X-Paragon-Use-Raw-Response": "1"},
    )
    assert raw.json() == {"totalSize": 0, "done": True, "records": []}


BROKEN = [
    (
        ("POST", "slack", "/chat.postMessage", {"json": {"text": "hi"}}),
        "Slack chat.postMessage: channel is required",
    ),
    (
        ("POST", "slack", "/chat.postMessage", {"json": {"channel": "C1"}}),
        "requires at least one of text, blocks, attachments",
    ),
    (
        ("GET", "slack", "/conversations.list", {"params": {"limit": "many"}}),
        "limit must be integer, not string 'many'",
    ),
    (
        ("GET", "slack", "/conversations.list", {"params": {"limit": 5000}}),
        "limit must be at most 1000, not 5000",
    ),
    (
        ("GET", "slack", "/conversations.list", {"params": {"types": "public,im"}}),
        "types takes a comma-separated list of public_channel, private_channel, mpim, im, "
        "not 'public'",
    ),
    (
        ("GET", "googledrive", "/drive/v3/files", {"params": {"corpora": "everything"}}),
        "corpora must be one of user, drive, domain, allDrives, not 'everything'",
    ),
    (
        ("GET", "salesforce", "/services/data/v59.0/query", {"params": {"q": "Id FROM Contact"}}),
        "q must match",
    ),
    (
        ("POST", "jira", "/rest/api/3/issue", {"json": {"fields": {"summary": "S"}}}),
        "Jira issue-create: fields.project is required",
    ),
    (
        (
            "POST",
            "hubspot",
            "/crm/v3/objects/contacts/search",
            {
                "json": {
                    "filterGroups": [{"filters": [{"propertyName": "x", "operator": "EQUALS"}]}]
                }
            },
        ),
        "filterGroups[0].filters[0].operator must be one of LT, LTE",
    ),
    (
        ("POST", "freshdesk", "/api/v2/tickets", {"json": {"email": "a@b.c", "priority": 9}}),
        "priority must be one of 1, 2, 3, 4, not 9",
    ),
]


@pytest.mark.parametrize(("call", "rule"), BROKEN, ids=[rule[:40] for _, rule in BROKEN])
def test_each_rule_kind_fails_naming_the_providers_rule(
    fake: FakeParagon, user: FakeUser, call: tuple[str, str, str, dict[str, Any]], rule: str
) -> None:
    method, integration, path, kwargs = call
    _send(user, method, integration, path, **kwargs)
    message = _problem(fake)
    assert rule in message
    assert "expected: the request " in message
    assert "https://" in message.splitlines()[2], "the rule's source is named"
    assert "provider_checks=False" in message


def test_opting_out_turns_the_checks_off(signing_key: SigningKey, contract: Contract) -> None:
    fake = FakeParagon(signing_key=signing_key, contract=contract, provider_checks=False)
    with make_user(fake, "u") as user:
        user.connect("slack")
        response = _send(user, "POST", "slack", "/chat.postMessage", json={"text": "hi"})
    assert response.status_code == 200
    assert fake.problems() == []


def test_a_registered_answer_wins_but_the_request_is_still_checked(
    fake: FakeParagon, user: FakeUser
) -> None:
    fake.proxy.on("slack", {"ok": True, "ts": "9"}, path="/chat.postMessage")
    response = _send(user, "POST", "slack", "/chat.postMessage", json={"channel": 1, "text": "x"})
    assert response.json() == {"output": {"ok": True, "ts": "9"}}
    assert "channel must be string, not integer 1" in _problem(fake)


def test_an_unmatched_documented_call_still_fails_when_answers_are_registered(
    fake: FakeParagon, user: FakeUser
) -> None:
    fake.proxy.on(
        "slack", {"ok": True}, path="/chat.postMessage", match={"channel": "C9"}, optional=True
    )
    response = _send(
        user, "POST", "slack", "/chat.postMessage", json={"channel": "C1", "text": "x"}
    )
    assert response.status_code == 200, "answered with the provider's default"
    (problem,) = fake.problems()
    assert isinstance(problem, UnmatchedAnswerError)
    assert "body.channel: 'C1' is not 'C9'" in str(problem)


def test_a_user_added_endpoint_is_checked_and_answers(
    fake: FakeParagon, user: FakeUser, tmp_path: Path
) -> None:
    path = tmp_path / "slack-extra.yaml"
    path.write_text(
        "provider: Slack\n"
        "integration: slack\n"
        "endpoints:\n"
        "  - name: reactions.add\n"
        "    method: POST\n"
        "    path: /reactions.add\n"
        "    source: https://api.slack.com/methods/reactions.add\n"
        "    in: either\n"
        "    required: [channel, name, timestamp]\n"
        "    response: {body: {ok: true}}\n",
        encoding="utf-8",
    )
    fake.proxy.add_endpoints(path)
    good = {"channel": "C1", "name": "thumbsup", "timestamp": "1.2"}
    assert _send(user, "POST", "slack", "/reactions.add", json=good).json() == {
        "output": {"ok": True}
    }
    assert fake.problems() == []
    _send(user, "POST", "slack", "/reactions.add", json={"channel": "C1"})
    assert "Slack reactions.add: name is required" in _problem(fake)


def test_a_bad_endpoint_document_names_the_place(fake: FakeParagon) -> None:
    bad = {"provider": "X", "integration": "slack", "endpoints": [{"name": "a", "method": "GET"}]}
    with pytest.raises(ParagonUsageError, match=r"endpoints\.0\.path: Field required"):
        fake.proxy.add_endpoints(bad)
