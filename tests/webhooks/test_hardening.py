"""Webhook helpers under bad input: empty secrets, malformed headers, proxies, replays."""

from __future__ import annotations

import pytest

from pytest_paragon.errors import ParagonUsageError
from pytest_paragon.webhooks import (
    EventDeduplicator,
    WebhookSignatureError,
    deliver,
    is_valid_signature,
    sign,
    verify_signature,
)
from pytest_paragon.webhooks.signing import ReplayedEventError
from tests.webhooks.test_delivery import delivery, loopback_url  # noqa: F401 - the fixture

BODY = b'{"eventId": "e-1"}'


@pytest.mark.parametrize("secret", ["", " ", "\t\n"])
def test_an_empty_or_blank_secret_is_refused_never_a_pass(secret: str) -> None:
    forged = sign(BODY, "anything")
    for check in (verify_signature, is_valid_signature):
        with pytest.raises(ParagonUsageError, match="signing secret is empty"):
            check(BODY, forged, secret)
    with pytest.raises(ParagonUsageError):
        sign(BODY, secret)


@pytest.mark.parametrize("header", ["v1=é", "v1=\u00ff" * 64, "v1=zz", "v1=", "v2=abc", "ü"])
def test_a_malformed_signature_header_is_invalid_never_an_exception(header: str) -> None:
    assert is_valid_signature(BODY, header, "s3cret") is False
    with pytest.raises(WebhookSignatureError):
        verify_signature(BODY, header, "s3cret")


def test_delivery_to_loopback_never_uses_environment_proxies(
    loopback_url: str,  # noqa: F811 - the fixture imported above
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")  # nothing listens: a proxied call fails
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    assert deliver(delivery(), loopback_url).status == 202


def test_the_deduplicators_key_rules() -> None:
    seen = EventDeduplicator()
    assert seen.first_time({"eventId": 1})
    assert seen.first_time({"eventId": "1"})  # 1 and "1" are two events
    assert not seen.first_time(b'{"eventId": 1}')
    assert not seen.first_time({"eventId": "1", "retry": True})
    for without in ({}, {"eventId": None}, b"[1, 2]", b"42", b"not json", {"other": "x"}):
        assert seen.first_time(without)  # no eventId: never a replay, never an exception
        assert seen.first_time(without)
    with pytest.raises(ReplayedEventError, match="already delivered"):
        seen.check({"eventId": 1})
