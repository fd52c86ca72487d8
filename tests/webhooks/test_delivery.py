"""Delivery to every kind of receiver, and the ``paragon_webhooks`` fixture on the fake."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest

from pytest_paragon.errors import ParagonUsageError
from pytest_paragon.fake.actionkit.state import ActionKitState
from pytest_paragon.fake.core import FakeParagon
from pytest_paragon.fake.entrances.users import FakeUser
from pytest_paragon.webhooks import (
    SIGNATURE_HEADER,
    Answer,
    Delivery,
    UnexpectedWebhookAnswerError,
    WebhookRelay,
    deliver,
    is_valid_signature,
    receiver_kind,
    trigger_delivery,
    trigger_webhook,
)

SECRET = "whsec-test"
SLACK_MESSAGE = "SLACK_NEW_MESSAGE_IN_CHANNEL"


def delivery() -> Delivery:
    return trigger_delivery(trigger_webhook(user_id="user-3"), secret=SECRET)


# -- receivers a customer writes --------------------------------------------------------------


def wsgi_receiver(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    body = environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"]))
    ok = is_valid_signature(body, environ.get("HTTP_X_PARAGON_SIGNATURE"), SECRET)
    start_response("200 OK" if ok else "401 Unauthorized", [("content-type", "text/plain")])
    return [environ["PATH_INFO"].encode() if ok else b"bad signature"]


async def asgi_receiver(scope: dict[str, Any], receive: Any, send: Any) -> None:
    message = await receive()
    headers = {k.decode(): v.decode() for k, v in scope["headers"]}
    ok = is_valid_signature(message["body"], headers.get(SIGNATURE_HEADER), SECRET)
    await send({"type": "http.response.start", "status": 204 if ok else 401, "headers": []})
    await send({"type": "http.response.body", "body": b""})


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["content-length"]))
        ok = is_valid_signature(body, self.headers.get(SIGNATURE_HEADER), SECRET)
        self.send_response(202 if ok else 401)
        self.end_headers()
        self.wfile.write(json.loads(body)["eventId"].encode())

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def loopback_url() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hooks"
    finally:
        server.shutdown()
        server.server_close()


def test_receiver_kinds_are_recognised() -> None:
    assert receiver_kind("http://127.0.0.1:1/x") == "url"
    assert receiver_kind(wsgi_receiver) == "wsgi"
    assert receiver_kind(asgi_receiver) == "asgi"
    assert receiver_kind(lambda d: 200) == "callable"


def test_delivery_to_a_wsgi_app() -> None:
    answer = deliver(delivery(), wsgi_receiver)
    assert answer == Answer(200, {"content-type": "text/plain"}, b"/webhooks/paragon/actionkit")
    tampered = delivery().tampered(userId="someone-else")
    assert deliver(tampered, wsgi_receiver, expect_status=401).status == 401


def test_delivery_to_an_asgi_app() -> None:
    assert deliver(delivery(), asgi_receiver).status == 204
    unsigned = delivery().without_header(SIGNATURE_HEADER)
    assert deliver(unsigned, asgi_receiver, expect_status={400, 401}).status == 401


@pytest.mark.anyio
async def test_delivery_to_an_asgi_app_from_a_running_loop() -> None:
    assert deliver(delivery(), asgi_receiver).acknowledged


def test_delivery_to_a_callable() -> None:
    got: list[Delivery] = []
    assert deliver(delivery(), lambda d: got.append(d)).status == 200
    assert got[0].json["userId"] == "user-3"
    down = deliver(delivery(), lambda d: (500, "down"), expect_status=None)
    assert down == Answer(500, {}, b"down")


def test_delivery_to_a_loopback_url(loopback_url: str) -> None:
    sent = delivery()
    answer = deliver(sent, loopback_url)
    assert answer.status == 202
    assert answer.body == sent.json["eventId"].encode()


def test_a_delivery_expects_a_2xx_unless_told_and_fails_with_the_answer() -> None:
    with pytest.raises(UnexpectedWebhookAnswerError) as failed:
        deliver(delivery(), lambda d: (500, "database down"))
    message = str(failed.value)
    assert message.startswith("The webhook receiver answered 500, not 2xx")
    assert "received: 500 'database down'" in message
    assert "expect_status=" in message
    with pytest.raises(UnexpectedWebhookAnswerError, match="answered 200, not 401"):
        deliver(delivery(), wsgi_receiver, expect_status=401)
    with pytest.raises(UnexpectedWebhookAnswerError, match="answered 204, not 400 or 401"):
        deliver(delivery(), asgi_receiver, expect_status=[401, 400])
    with pytest.raises(ParagonUsageError, match="expect_status='4xx'"):
        deliver(delivery(), wsgi_receiver, expect_status="4xx")  # type: ignore[arg-type]


def test_other_hosts_are_refused() -> None:
    with pytest.raises(ParagonUsageError, match="only loopback URLs"):
        deliver(delivery(), "https://example.com/hooks")


# -- paragon_webhooks: the fake's triggers reach the receiver ----------------------------------


def test_firing_a_trigger_delivers_to_the_registered_receiver(
    paragon_fake: FakeParagon, paragon_user: FakeUser, paragon_webhooks: WebhookRelay
) -> None:
    paragon_user.connect("slack")
    subscription = paragon_fake.actionkit.subscribe(
        paragon_user.id, "slack", SLACK_MESSAGE, {"channel": "C1"}
    )
    received: list[dict[str, Any]] = []

    def receiver(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        body = environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"]))
        if not is_valid_signature(
            body, environ.get("HTTP_X_PARAGON_SIGNATURE"), paragon_webhooks.secret
        ):
            start_response("401 Unauthorized", [])
            return [b""]
        received.append(json.loads(body))
        start_response("200 OK", [])
        return [b"ok"]

    paragon_webhooks.receive_with(receiver)
    answer = paragon_webhooks.fire_trigger(subscription.id, {"text": "hi"})
    assert answer.acknowledged
    (event,) = received
    assert event["triggerSubscriptionId"] == subscription.id
    assert event["userId"] == paragon_user.id
    assert event["payload"] == {"text": "hi"}
    assert paragon_webhooks.sent[0].answer is answer


def test_a_loopback_receiver_works_while_the_fake_intercepts_httpx(
    paragon_fake: FakeParagon,
    paragon_user: FakeUser,
    paragon_webhooks: WebhookRelay,
    loopback_url: str,
) -> None:
    paragon_user.connect("slack")
    subscription = paragon_fake.actionkit.subscribe(
        paragon_user.id, "slack", SLACK_MESSAGE, {"channel": "C1"}
    )
    paragon_fake.state.area(ActionKitState).signing_secret = SECRET
    assert paragon_webhooks.receive_with(loopback_url).fire_trigger(subscription.id).status == 202


def test_sync_events_and_an_unregistered_receiver(paragon_webhooks: WebhookRelay) -> None:
    with pytest.raises(ParagonUsageError, match="no webhook receiver is registered"):
        paragon_webhooks.send_sync_event("sync_complete")
    got: list[Delivery] = []
    paragon_webhooks.receive_with(lambda d: 500, sync=lambda d: got.append(d))
    assert paragon_webhooks.send_sync_event("record_deleted", user_id="user-5").status == 200
    assert got[0].json["event"] == "record_deleted"
    with pytest.raises(UnexpectedWebhookAnswerError, match="answered 500, not 2xx"):
        paragon_webhooks.deliver(delivery())
    assert paragon_webhooks.sent[-1].answer.status == 500, "kept even when unexpected"
    assert paragon_webhooks.deliver(delivery(), expect_status=500).status == 500
