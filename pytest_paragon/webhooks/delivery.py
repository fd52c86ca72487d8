"""Deliver a webhook to the customer's receiver and return the receiver's answer.

A receiver is one of: an ``http://`` URL on loopback (a real POST; other hosts are refused so
that tests never reach the network), an ASGI application, a WSGI application, or a plain
callable taking the :class:`~pytest_paragon.webhooks.builders.Delivery` and returning a status
(or ``(status, body)``, or ``None`` for 200). The kind is recognised from the object; pass
``kind=`` when an object is ambiguous.
"""

from __future__ import annotations

import asyncio
import inspect
import io
import threading
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

from pytest_paragon.errors import ParagonFailure, ParagonUsageError, Report
from pytest_paragon.webhooks.builders import Delivery

ReceiverKind = Literal["url", "asgi", "wsgi", "callable"]
ExpectStatus = int | Literal["2xx"] | Collection[int] | None
"""What a delivery expects the receiver to answer: a status, ``"2xx"`` (the default), several
statuses, or ``None`` (no expectation)."""
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
_TIMEOUT_SECONDS = 10.0


@dataclass(frozen=True)
class Answer:
    """What the receiver answered: status, headers (lower-case names) and body."""

    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    @property
    def acknowledged(self) -> bool:
        """Whether Paragon would count the delivery as received (any 2xx)."""
        return 200 <= self.status < 300


class UnexpectedWebhookAnswerError(ParagonFailure):
    """The receiver answered a delivery with another status than the test expected."""

    @classmethod
    def of(
        cls, answer: Answer, expected: ExpectStatus, delivery: Delivery
    ) -> UnexpectedWebhookAnswerError:
        """``answer`` to ``delivery`` is not ``expected``."""
        text, wanted = answer.body.decode("utf-8", "replace"), _expected_text(expected)
        return cls(
            Report(
                what=f"The webhook receiver answered {answer.status}, not {wanted}",
                where=f"the delivery to {delivery.url or delivery.path}",
                expected=wanted,
                received=f"{answer.status} {text[:500]!r}",
                remedy=(
                    "fix the receiver, or state what it should answer with expect_status= "
                    "(a status, several, or None for no expectation)"
                ),
                anchor="webhooks",
            )
        )


def _expected_text(expected: ExpectStatus) -> str:
    if expected == "2xx" or isinstance(expected, int):
        return str(expected)
    return " or ".join(str(status) for status in sorted(expected or ()))


def check_status(answer: Answer, expected: ExpectStatus, delivery: Delivery) -> Answer:
    """``answer`` when its status is ``expected``; else :class:`UnexpectedWebhookAnswerError`."""
    if expected is None:
        return answer
    if expected == "2xx":
        fits = answer.acknowledged
    elif isinstance(expected, int):
        fits = answer.status == expected
    elif isinstance(expected, str):
        raise _usage(f"expect_status={expected!r}: give a status, several, '2xx' or None")
    else:
        fits = answer.status in expected
    if not fits:
        raise UnexpectedWebhookAnswerError.of(answer, expected, delivery)
    return answer


def receiver_kind(receiver: Any) -> ReceiverKind:
    """Recognise a receiver: a URL, an ASGI app, a WSGI app or a one-argument callable.

    ASGI: an async callable of 3 arguments; WSGI: a callable of 2 arguments.
    """
    if isinstance(receiver, str):
        return "url"
    if not callable(receiver):
        raise _usage(
            f"a webhook receiver must be a URL or a callable, not {type(receiver).__name__}"
        )
    target = (
        receiver
        if inspect.isfunction(receiver) or inspect.ismethod(receiver)
        else receiver.__call__
    )
    try:
        parameters = [
            p
            for p in inspect.signature(target).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
    except (TypeError, ValueError):
        return "callable"
    if inspect.iscoroutinefunction(target) and len(parameters) == 3:
        return "asgi"
    if len(parameters) == 2:
        return "wsgi"
    return "callable"


def _usage(what: str) -> ParagonUsageError:
    return ParagonUsageError(
        Report(
            what=what,
            expected="an http://127.0.0.1 URL, an ASGI app, a WSGI app or a callable(delivery)",
            anchor="webhooks",
        )
    )


def deliver(
    delivery: Delivery,
    receiver: Any,
    *,
    kind: ReceiverKind | None = None,
    expect_status: ExpectStatus = "2xx",
) -> Answer:
    """POST ``delivery`` to ``receiver`` and return its :class:`Answer`.

    The receiver must answer ``expect_status`` (any 2xx unless told: ``401``, ``{400, 422}``, or
    ``None`` for no expectation); another status raises :class:`UnexpectedWebhookAnswerError`
    with the receiver's answer.
    """
    chosen = kind or receiver_kind(receiver)
    if chosen == "url":
        answer = _to_url(delivery, str(receiver))
    elif chosen == "asgi":
        answer = _to_asgi(delivery, receiver)
    elif chosen == "wsgi":
        answer = _to_wsgi(delivery, receiver)
    else:
        answer = _to_callable(delivery, receiver)
    return check_status(answer, expect_status, delivery)


def _to_url(delivery: Delivery, url: str) -> Answer:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.hostname not in _LOOPBACK:
        raise _usage(f"refusing to deliver a webhook to {url!r}: only loopback URLs are allowed")
    import httpx

    # trust_env=False: a loopback receiver is never reached through HTTP_PROXY / ALL_PROXY.
    with httpx.Client(trust_env=False, timeout=_TIMEOUT_SECONDS) as client:
        response = client.post(url, content=delivery.body, headers=dict(delivery.headers))
    return Answer(response.status_code, dict(response.headers), response.content)


def _to_callable(delivery: Delivery, receiver: Callable[[Delivery], Any]) -> Answer:
    result = receiver(delivery)
    if inspect.isawaitable(result):
        result = _run(result)
    if result is None:
        return Answer(200)
    if isinstance(result, Answer):
        return result
    if isinstance(result, int):
        return Answer(result)
    status, body = result
    return Answer(int(status), {}, body if isinstance(body, bytes) else str(body).encode())


def _to_wsgi(delivery: Delivery, app: Callable[..., Any]) -> Answer:
    path, _, query = delivery.path.partition("?")
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "CONTENT_LENGTH": str(len(delivery.body)),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(delivery.body),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": True,
    }
    for name, value in delivery.headers.items():
        key = name.upper().replace("-", "_")
        if key == "CONTENT_TYPE":
            environ["CONTENT_TYPE"] = value
        else:
            environ[f"HTTP_{key}"] = value
    captured: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        captured["status"] = int(status.split(" ", 1)[0])
        captured["headers"] = {k.lower(): v for k, v in headers}
        return lambda data: None

    chunks = app(environ, start_response)
    try:
        body = b"".join(chunks)
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()
    return Answer(captured.get("status", 500), captured.get("headers", {}), body)


def _to_asgi(delivery: Delivery, app: Callable[..., Any]) -> Answer:
    answer: Answer = _run(_asgi_call(delivery, app))
    return answer


async def _asgi_call(delivery: Delivery, app: Callable[..., Any]) -> Answer:
    path, _, query = delivery.path.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in delivery.headers.items()],
        "client": ("127.0.0.1", 0),
        "server": ("127.0.0.1", 80),
    }
    sent = False
    status = 500
    headers: dict[str, str] = {}
    body = bytearray()

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": delivery.body, "more_body": False}
        return {"type": "http.disconnect"}

    async def send(message: Mapping[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = int(message["status"])
            headers.update({k.decode().lower(): v.decode() for k, v in message.get("headers", [])})
        elif message["type"] == "http.response.body":
            body.extend(message.get("body", b""))

    await asyncio.wait_for(app(scope, receive, send), _TIMEOUT_SECONDS)
    return Answer(status, headers, bytes(body))


def _run(awaitable: Any) -> Any:
    """Run ``awaitable`` to completion, also when called from inside a running event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(_as_coroutine(awaitable))
    result: dict[str, Any] = {}

    def target() -> None:
        try:
            result["value"] = asyncio.run(_as_coroutine(awaitable))
        except BaseException as error:  # re-raised in the caller's thread
            result["error"] = error

    worker = threading.Thread(target=target, name="paragon-webhook-delivery")
    worker.start()
    worker.join(_TIMEOUT_SECONDS * 2)
    if "error" in result:
        raise result["error"]
    return result.get("value")


async def _as_coroutine(awaitable: Any) -> Any:
    return await awaitable
