"""Signing and verifying ActionKit trigger webhooks, with every way a delivery can be wrong."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_paragon import strategies as ps
from pytest_paragon.errors import ParagonError, ParagonUsageError
from pytest_paragon.fake.actionkit.state import ActionKitState
from pytest_paragon.fake.core import FakeParagon
from pytest_paragon.fake.entrances.users import FakeUser
from pytest_paragon.webhooks import (
    SIGNATURE_HEADER,
    Delivery,
    EventDeduplicator,
    ReplayedEventError,
    WebhookSignatureError,
    is_valid_signature,
    sign,
    signature_problem,
    sync_webhook_event,
    trigger_delivery,
    trigger_webhook,
    verify_signature,
)

pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")
SECRET = "whsec-test"


def signed() -> Delivery:
    return trigger_delivery(trigger_webhook(payload={"text": "hello"}), secret=SECRET)


def test_the_signature_is_v1_hex_hmac_sha256_of_the_raw_body() -> None:
    delivery = signed()
    expected = hmac.new(SECRET.encode(), delivery.body, hashlib.sha256).hexdigest()
    assert delivery.headers[SIGNATURE_HEADER] == f"v1={expected}"
    verify_signature(delivery.body, delivery.signature, SECRET)


def test_a_tampered_body_is_rejected() -> None:
    tampered = signed().tampered(payload={"text": "transfer all the money"})
    with pytest.raises(WebhookSignatureError, match="does not match the body"):
        verify_signature(tampered.body, tampered.signature, SECRET)


def test_a_wrong_secret_is_rejected() -> None:
    delivery = signed()
    assert not is_valid_signature(delivery.body, delivery.signature, "another-secret")
    with pytest.raises(WebhookSignatureError):
        verify_signature(delivery.body, delivery.signature, "another-secret")


def test_a_missing_header_is_rejected() -> None:
    delivery = signed().without_header(SIGNATURE_HEADER)
    assert delivery.signature is None
    with pytest.raises(WebhookSignatureError, match="header is missing") as raised:
        verify_signature(delivery.body, delivery.signature, SECRET)
    assert isinstance(raised.value, ParagonError)
    assert isinstance(raised.value, AssertionError)


@pytest.mark.parametrize("header", ["", "sha256=abc", "v1=", "v2=" + "0" * 64, "deadbeef"])
def test_a_malformed_header_is_rejected(header: str) -> None:
    assert signature_problem(signed().body, header, SECRET) is not None


def test_a_reencoded_body_breaks_the_signature() -> None:
    """Receivers must verify the raw bytes: re-serialised JSON differs (spaces, key order)."""
    import json

    delivery = signed()
    reencoded = json.dumps(delivery.json, indent=1).encode()
    assert not is_valid_signature(reencoded, delivery.signature, SECRET)


def test_a_replayed_event_is_caught_by_its_event_id() -> None:
    """The format has no timestamp, so replays are recognised by ``eventId`` (Paragon's advice)."""
    delivery = signed()
    seen = EventDeduplicator()
    seen.check(delivery.body)
    verify_signature(delivery.body, delivery.signature, SECRET)  # a replay is validly signed
    with pytest.raises(ReplayedEventError, match=delivery.json["eventId"]):
        seen.check(delivery.body)
    assert seen.first_time(trigger_webhook())


def test_the_deduplicator_forgets_the_oldest_ids() -> None:
    seen = EventDeduplicator(capacity=2)
    first, second, third = (trigger_webhook() for _ in range(3))
    assert all(seen.first_time(event) for event in (first, second, third))
    assert seen.first_time(first)  # forgotten: capacity 2


@settings(max_examples=30, deadline=None)
@given(
    delivery=ps.signed_trigger_webhooks(secret=SECRET),
    other=st.text(min_size=1).filter(str.strip),  # a blank secret is refused, not compared
)
def test_every_drawn_delivery_verifies_and_only_with_its_secret(
    delivery: Delivery, other: str
) -> None:
    verify_signature(delivery.body, delivery.signature, SECRET)
    if other != SECRET:
        assert not is_valid_signature(delivery.body, delivery.signature, other)


def test_the_fakes_trigger_events_verify(paragon_fake: FakeParagon, paragon_user: FakeUser) -> None:
    paragon_user.connect("slack")
    subscription = paragon_fake.actionkit.subscribe(
        paragon_user.id, "slack", "SLACK_NEW_MESSAGE_IN_CHANNEL", {"channel": "C1"}
    )
    event = paragon_fake.actionkit.fire(subscription.id)
    secret = paragon_fake.state.area(ActionKitState).signing_secret
    verify_signature(event.body, event.headers[SIGNATURE_HEADER], secret)
    assert sign(event.body, secret) == event.signature


def test_builders_refuse_shapes_paragon_does_not_send() -> None:
    with pytest.raises(ParagonUsageError, match="not a shape Paragon sends"):
        trigger_webhook(event_id="not-a-uuid")
    with pytest.raises(ParagonUsageError, match="- sync_complete"):
        sync_webhook_event("sync_completed")


@pytest.mark.parametrize(
    "event", ["sync_complete", "sync_errored", "record_created", "record_errored"]
)
def test_sync_builders_make_each_event(event: str) -> None:
    document = sync_webhook_event(event, user_id="user-7")
    assert document["event"] == event
    assert document["user"] == {"id": "user-7"}
