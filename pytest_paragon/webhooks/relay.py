"""Tie webhook delivery to the fake: a trigger fired in the fake reaches the customer's receiver.

:class:`WebhookRelay` wraps a :class:`~pytest_paragon.fake.core.FakeParagon`. ``fire_trigger``
asks the fake for the signed event of an ACTIVE trigger subscription (its state: user,
credential, project, signing secret, ``webhookOverride``) and delivers it to the registered
receiver; ``send_sync_event`` does the same for Managed Sync events. Every delivery and answer
is kept in :attr:`WebhookRelay.sent`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from pytest_paragon.errors import ParagonUsageError, Report
from pytest_paragon.webhooks.builders import Delivery, sync_delivery, sync_webhook_event
from pytest_paragon.webhooks.delivery import (
    Answer,
    ExpectStatus,
    ReceiverKind,
    check_status,
    deliver,
)


@dataclass(frozen=True)
class Sent:
    """One delivery made by the relay and the receiver's answer."""

    delivery: Delivery
    answer: Answer


class WebhookRelay:
    """Deliver the fake's ActionKit trigger events and Managed Sync events to receivers."""

    def __init__(self, fake: Any) -> None:
        """Relay for ``fake`` (a ``FakeParagon``); register receivers with :meth:`receive_with`."""
        self.fake = fake
        self.sent: list[Sent] = []
        self._trigger_receiver: tuple[Any, ReceiverKind | None] | None = None
        self._sync_receiver: tuple[Any, ReceiverKind | None] | None = None

    @property
    def secret(self) -> str:
        """The project's ActionKit Signing Secret (what the receiver verifies with)."""
        return str(self.fake.actionkit.signing_secret)

    def receive_with(
        self, receiver: Any, *, sync: Any = None, kind: ReceiverKind | None = None
    ) -> WebhookRelay:
        """Deliver trigger events to ``receiver`` (and Sync events to ``sync``, or the same)."""
        self._trigger_receiver = (receiver, kind)
        self._sync_receiver = (sync if sync is not None else receiver, kind)
        for target in (receiver, sync):
            if isinstance(target, str):
                self._pass_through(target)
        return self

    def _pass_through(self, url: str) -> None:
        """Let a loopback URL through the fake's respx router (it intercepts every httpx call)."""
        router = getattr(self.fake, "router", None)
        if router is not None:
            parts = urlsplit(url)
            router.route(host=parts.hostname, port=parts.port).pass_through()

    def fire_trigger(
        self,
        subscription_id: str,
        payload: Mapping[str, Any] | None = None,
        *,
        expect_status: ExpectStatus = "2xx",
    ) -> Answer:
        """Fire ``subscription_id`` in the fake and deliver its signed event; return the answer.

        The receiver must answer ``expect_status`` (any 2xx unless told; ``None``: anything).
        """
        event = self.fake.actionkit.fire(subscription_id, payload)
        delivery = Delivery(
            event.body, dict(event.headers), urlsplit(event.url).path or "/", event.url
        )
        return self._send(delivery, self._trigger_receiver, expect_status)

    def send_sync_event(
        self, event: str, *, expect_status: ExpectStatus = "2xx", **fields: Any
    ) -> Answer:
        """Build a Managed Sync ``event`` (fields as in ``sync_webhook_event``) and deliver it."""
        delivery = sync_delivery(sync_webhook_event(event, **fields))
        return self._send(delivery, self._sync_receiver, expect_status)

    def deliver(self, delivery: Delivery, *, expect_status: ExpectStatus = "2xx") -> Answer:
        """Deliver an already built ``delivery`` to the trigger receiver (expecting a 2xx)."""
        return self._send(delivery, self._trigger_receiver, expect_status)

    def _send(
        self,
        delivery: Delivery,
        target: tuple[Any, ReceiverKind | None] | None,
        expect_status: ExpectStatus,
    ) -> Answer:
        if target is None:
            raise ParagonUsageError(
                Report(
                    what="no webhook receiver is registered",
                    remedy="call paragon_webhooks.receive_with(app_or_url_or_callable) first",
                    anchor="webhooks",
                )
            )
        answer = deliver(delivery, target[0], kind=target[1], expect_status=None)
        self.sent.append(Sent(delivery, answer))  # kept even when it is not what was expected
        return check_status(answer, expect_status, delivery)
