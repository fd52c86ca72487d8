"""Webhooks Paragon sends to the customer's application, for testing the customer's receiver.

Build ActionKit trigger events and Managed Sync events (validated against the contract), sign
them as Paragon does (``x-paragon-signature: v1=<hex HMAC-SHA256 of the body>``), deliver them to
a loopback URL, an ASGI or WSGI app or a callable, and verify signatures in your own receiver
with :func:`verify_signature`. Nothing here imports pytest.
"""

from __future__ import annotations

from pytest_paragon.webhooks.builders import (
    SYNC_EVENTS,
    Delivery,
    encode,
    sync_delivery,
    sync_webhook_event,
    trigger_delivery,
    trigger_webhook,
)
from pytest_paragon.webhooks.delivery import (
    Answer,
    UnexpectedWebhookAnswerError,
    deliver,
    receiver_kind,
)
from pytest_paragon.webhooks.relay import Sent, WebhookRelay
from pytest_paragon.webhooks.signing import (
    SIGNATURE_HEADER,
    EventDeduplicator,
    ReplayedEventError,
    WebhookSignatureError,
    is_valid_signature,
    sign,
    signature_problem,
    verify_signature,
)

__all__ = [
    # signing and verifying
    "SIGNATURE_HEADER",
    # building
    "SYNC_EVENTS",
    # delivering
    "Answer",
    "Delivery",
    "EventDeduplicator",
    "ReplayedEventError",
    "Sent",
    "UnexpectedWebhookAnswerError",
    "WebhookRelay",
    "WebhookSignatureError",
    "deliver",
    "encode",
    "is_valid_signature",
    "receiver_kind",
    "sign",
    "signature_problem",
    "sync_delivery",
    "sync_webhook_event",
    "trigger_delivery",
    "trigger_webhook",
    "verify_signature",
]
