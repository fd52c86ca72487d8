"""Server mode: the fake behind a real HTTP server (uvicorn) on loopback.

One base URL serves every service (zeus, hermes, proxy, actionkit, sync): their paths do not
collide, so the official SDK reaches it through ``configureGlobal``'s override URLs. The same
server also listens on one address per service (:data:`SERVICES`, ``ServerThread(services=...)``):
a request there is routed as if sent to that Paragon host, so an operation sent to another
service's address gets the real host's 404 and a contract violation, as in process. The ASGI app is
a thin adapter: it reads the request (bodies over :data:`MAX_BODY` get 413, header blocks over
:data:`MAX_HEADERS` get 431), applies the browser policy (``browser.py``: Host check, CORS for
allowed origins only, the admin API's guard), answers the admin endpoints under ``/__paragon/``
and hands everything else to ``FakeParagon.handle``. A request head not complete within
:data:`HEADER_TIMEOUT` seconds is answered 408 and disconnected. An exception in the fake becomes
a 500 JSON answer; the server keeps serving. Every answer is JSON, even to a request the HTTP
parser cannot read (a 400).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import struct
import threading
from collections.abc import Awaitable, Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from pytest_paragon.fake.core import FakeParagon, FakeRequest, FakeResponse
from pytest_paragon.fake.entrances.admin import ADMIN_PREFIX, AdminAPI, finite
from pytest_paragon.fake.entrances.browser import BrowserPolicy

MAX_BODY = 5 * 1024 * 1024
"""Request bodies over this many bytes are answered 413 (the body is read and discarded)."""
MAX_HEADERS = 64 * 1024
"""Header blocks (names and values) over this many bytes are answered 431."""
HEADER_TIMEOUT = 10.0
"""Seconds a client has to send a whole request head once it began; then 408 and disconnect."""
PARSER_BUFFER = 1024 * 1024
"""What the HTTP parser buffers of an incomplete request head; more is a 400 and a closed socket."""
SERVICES = ("zeus", "hermes", "proxy", "actionkit", "sync")
"""The Paragon services that get an address of their own (each ``<name>.useparagon.com``)."""
TRANSPORT_KEY = "pytest_paragon.transport"
"""Where the server's protocol leaves the connection's transport in the ASGI scope (faults)."""
_FRAMING = frozenset({"content-length", "transfer-encoding", "connection"})

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


def _json_response(
    status: int, document: Any, headers: Mapping[str, str] | None = None
) -> FakeResponse:
    try:
        body = json.dumps(document, allow_nan=False).encode()
    except ValueError:  # Infinity / NaN are not JSON: never send them
        body = json.dumps(finite(document), allow_nan=False).encode()
    return FakeResponse(status, {"content-type": "application/json", **(headers or {})}, body)


_ENCODED: dict[tuple[str, str], tuple[bytes, bytes]] = {}


def _wire_headers(response: FakeResponse) -> list[tuple[bytes, bytes]]:
    """The response headers as ASGI wants them, with the Content-Length of the body.

    The fake's own framing headers are dropped (the server frames the body); the encoded pairs
    are cached, since nearly every response repeats the same CORS and content-type headers.
    """
    wire = [(b"content-length", str(len(response.body)).encode())]
    for pair in response.headers.items():
        encoded = _ENCODED.get(pair)
        if encoded is None:
            if pair[0].lower() in _FRAMING:
                continue
            encoded = (pair[0].encode(), pair[1].encode())
            if len(_ENCODED) < 1024:
                _ENCODED[pair] = encoded
        wire.append(encoded)
    return wire


def _error(status: int, message: str) -> FakeResponse:
    return _json_response(status, {"statusCode": status, "message": message})


class JsonErrorsH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, answering a request it cannot parse with JSON, not plain text.

    h11 refuses what is not HTTP/1.1: a request line that is not ASCII (invalid UTF-8 in the
    path), a malformed header, a request head over :data:`PARSER_BUFFER`.
    """

    header_timeout = HEADER_TIMEOUT
    _head_timer: asyncio.TimerHandle | None = None

    def _reading_a_head(self) -> bool:
        return self.cycle is None or self.cycle.response_complete

    def data_received(self, data: bytes) -> None:
        """Feed h11; time the request head from its first byte until it is complete.

        A client that sends half a request head and waits must not hold the connection (and a
        worker's socket) open forever: after :attr:`header_timeout` seconds it gets a 408.
        """
        if self._head_timer is None and self._reading_a_head():
            self._head_timer = self.loop.call_later(self.header_timeout, self._head_timed_out)
        super().data_received(data)
        if self.cycle is not None:  # the app makes a fault real on the connection itself
            self.cycle.scope.setdefault(TRANSPORT_KEY, self.transport)  # type: ignore[misc]
        if self._head_timer is not None and not self._reading_a_head():
            self._head_timer.cancel()
            self._head_timer = None

    def connection_lost(self, exc: Exception | None) -> None:
        """Cancel the head timer with the connection."""
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None
        super().connection_lost(exc)

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self._reading_a_head() and not self.transport.is_closing():
            message = f"The request head was not complete within {self.header_timeout:g} seconds."
            self._send_json_error(408, message, b"Request Timeout")

    def send_400_response(self, msg: str) -> None:
        """A JSON 400, then close the connection."""
        self._send_json_error(400, msg, b"Bad Request")

    def _send_json_error(self, status: int, msg: str, reason: bytes) -> None:
        error = reason.decode()
        body = json.dumps({"statusCode": status, "message": msg, "error": error}).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        try:
            for event in (
                h11.Response(status_code=status, headers=headers, reason=reason),
                h11.Data(data=body),
                h11.EndOfMessage(),
            ):
                self.transport.write(self.conn.send(event))
        except h11.LocalProtocolError:  # a response had begun already: nothing more to say
            pass
        self.transport.close()


@dataclass(frozen=True)
class ParagonServer:
    """A running server: its base URL, the base URL of each service, and the fake behind it."""

    url: str
    fake: FakeParagon
    services: Mapping[str, str] = field(default_factory=dict)
    """The base URL of each Paragon service (``zeus``, ``proxy``, ...): an operation sent to
    another service's address is refused as Paragon's host would (404 and a violation)."""

    def sdk_overrides(self, *, per_service: bool = False) -> dict[str, str]:
        """The ``configureGlobal`` override URLs that send the official SDK here.

        ``per_service``: each to its service's own address (the SDK's routing is then checked).
        """
        keys = {
            "ZEUS_PUBLIC_URL": "zeus",
            "HERMES_PUBLIC_URL": "hermes",
            "WORKER_PROXY_PUBLIC_URL": "proxy",
            "API_TRIGGER_KIT_PUBLIC_URL": "actionkit",
        }
        if per_service:
            return {key: self.services[service] for key, service in keys.items()}
        return dict.fromkeys(keys, self.url)


class ParagonApp:
    """The ASGI application; ``fake`` may be swapped between tests (see ``paragon_server``)."""

    def __init__(self, fake: FakeParagon | None, policy: BrowserPolicy | None = None) -> None:
        """Serve ``fake`` (``None``: answer 503 until a test points the app at its fake).

        ``policy``: which hosts are answered and which origins may read (default: loopback only).
        """
        self.fake = fake
        self.policy = policy or BrowserPolicy()
        self.services: dict[int, str] = {}
        """Listening port -> the Paragon host that address stands for (set by ServerThread)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer one ASGI connection scope (HTTP only; lifespan is acknowledged)."""
        if scope["type"] != "http":
            if scope["type"] == "lifespan":
                await self._lifespan(receive, send)
            return
        body, too_large = await self._read_body(receive)
        headers: dict[str, str] = {}
        size = 0
        for key, value in scope["headers"]:
            size += len(key) + len(value)
            name, text = key.decode("latin-1"), value.decode("latin-1")
            # a repeated field is combined with ", " (RFC 9110), as httpx gives it in process
            headers[name] = f"{headers[name]}, {text}" if name in headers else text
        if too_large:
            response = _error(413, f"Request body exceeds {MAX_BODY} bytes.")
        elif size > MAX_HEADERS:
            response = _error(431, f"Request header fields exceed {MAX_HEADERS} bytes.")
        else:
            response = self._answer(scope, headers, body)
        wire = _wire_headers(response)
        if "origin" in headers and not response.headers.get("access-control-allow-origin"):
            cors = self.policy.cors_headers(scope["path"], headers)
            wire.extend((key.encode(), value.encode()) for key, value in cors.items())
        if response.fault or response.delay:
            await fault_on_the_wire(scope, receive, send, response, wire)
            return
        await send({"type": "http.response.start", "status": response.status, "headers": wire})
        await send({"type": "http.response.body", "body": response.body})

    @staticmethod
    async def _lifespan(receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return

    @staticmethod
    async def _read_body(receive: Receive) -> tuple[bytes, bool]:
        chunks: list[bytes] = []
        size, too_large = 0, False
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY:
                too_large = True
            elif chunk:
                chunks.append(chunk)
            if not message.get("more_body"):
                break
        return b"".join(chunks), too_large

    def _answer(self, scope: Scope, headers: dict[str, str], body: bytes) -> FakeResponse:
        raw_query = scope.get("query_string", b"")
        query = (
            tuple(parse_qsl(raw_query.decode("latin-1"), keep_blank_values=True))
            if raw_query
            else ()
        )
        request = FakeRequest(
            method=scope["method"],
            host=headers.get("host", ""),
            path=scope["path"],
            query=query,
            headers=headers,
            body=body,
            scheme=scope.get("scheme", "http"),
            service_host=self.services.get((scope.get("server") or (None, 0))[1], "")
            if self.services
            else "",
        )
        if request.method == "OPTIONS":
            allowed = self.policy.preflight_headers(request.path, headers)
            if allowed is None or not self.policy.host_allowed(request.host):
                return _error(403, "This origin may not call the pytest-paragon server.")
            return FakeResponse(204, allowed, b"")
        refusal = self.policy.refusal(request.method, request.path, headers)
        if refusal is not None:
            return _refused(refusal, request)
        if self.fake is None:
            return _error(503, "No test is using the server.")
        fake = self.fake
        recorded = len(fake._violations) + len(fake._failures)
        try:
            if request.path.startswith(ADMIN_PREFIX):
                admin = AdminAPI(fake)
                status, document = admin.handle(request)
                if isinstance(document, bytes):
                    html = {"content-type": "text/html; charset=utf-8"}
                    return FakeResponse(status, html, document)
                return _json_response(status, document, admin.headers)
            return fake.handle(request)
        except AssertionError as error:  # strict "immediate", or a response the contract refuses
            if len(fake._violations) + len(fake._failures) == recorded:  # not yet recorded
                _record(fake, request, "response", str(error))
            return _error(400, str(error))
        except Exception as error:  # a bug in the fake must not take the server down
            message = f"{type(error).__name__}: {error}"
            if len(fake._violations) + len(fake._failures) == recorded:  # e.g. the admin API's own
                _record(fake, request, "exception", message)
            return _error(500, message)


async def fault_on_the_wire(
    scope: Scope, receive: Receive, send: Send, response: FakeResponse, wire: list[Any]
) -> None:
    """Make a fault real on the socket: wait, stall, reset or cut the body short.

    ``latency`` answers after ``delay`` seconds; ``timeout`` sends nothing for ``delay`` seconds
    (or until the client gives up) and closes; ``reset`` closes with a TCP RST; ``truncated``
    announces the whole body, sends half and closes. Every wait is bounded (``STALL_LIMIT``).
    """
    transport = scope.get(TRANSPORT_KEY)
    if response.fault == "timeout":
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(receive(), response.delay)  # the client's disconnect ends it
    elif response.delay:
        await asyncio.sleep(response.delay)
    if response.fault == "truncated":
        await send({"type": "http.response.start", "status": response.status, "headers": wire})
        half = response.body[: len(response.body) // 2]
        await send({"type": "http.response.body", "body": half, "more_body": True})
    elif not response.fault:
        await send({"type": "http.response.start", "status": response.status, "headers": wire})
        await send({"type": "http.response.body", "body": response.body})
        return
    if transport is None:
        return
    if response.fault == "reset":
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.fileno() >= 0:  # linger 0: closing sends RST, not FIN
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        transport.abort()
    else:
        transport.close()
    await receive()  # the disconnect: uvicorn then knows the response ended with the connection


def _refused(reason: str, request: FakeRequest) -> FakeResponse:
    """The answer to a request the browser policy refuses (never reaches the fake)."""
    if reason == "host":
        return _error(
            421,
            f"Host {request.host!r} is not served: only loopback names and --allow-host hosts "
            "are (a page elsewhere may not reach this server through DNS rebinding).",
        )
    if reason == "origin":
        return _error(403, "The admin API answers no other web origin than --cors-origin ones.")
    return _error(
        415, "Admin requests that change the fake must send Content-Type: application/json."
    )


def _record(fake: FakeParagon, request: FakeRequest, place: str, message: str) -> None:
    """Keep an error of the fake itself among its violations, so the test that met it fails.

    In process such an error reaches the test as an exception; over HTTP the client only sees a
    400 or 500, so the teardown check (and ``/__paragon/violations``) must name it instead.
    """
    from pytest_paragon.contract.validation import Violation

    operation = f"{request.method} {request.path} (server mode)"
    fake._violations.append(Violation(operation, place, message, ""))


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def _bound(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host``:``port`` (not yet listening; uvicorn listens)."""
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY only on sockets whose proto says TCP,
    # and without it every response (headers, then body: two writes) waits ~40 ms for the
    # client's delayed ACK (Nagle).
    bound = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        bound.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        bound.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        bound.bind((host, port))
    except BaseException:
        bound.close()
        raise
    return bound


class ServerThread:
    """uvicorn serving a :class:`ParagonApp` (or any ASGI app) from a background thread."""

    def __init__(
        self,
        app: Any,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        header_timeout: float = HEADER_TIMEOUT,
        services: Sequence[str] = (),
        service_port: int = 0,
    ) -> None:
        """Listen on ``host``:``port`` now (0 picks a free port); serve ``app`` from :meth:`start`.

        A port in use or a host that cannot be bound raises :class:`OSError` here.
        ``header_timeout``: seconds a client has to finish a request head it began (then 408).
        ``services``: Paragon services (:data:`SERVICES`) that also get an address of their own,
        on consecutive ports from ``service_port`` (0: free ports); see :attr:`service_urls`.
        """
        self.app = app
        self.host = host
        self._socket = _bound(host, port)
        self._service_sockets: dict[str, socket.socket] = {}
        try:
            for offset, service in enumerate(services):
                self._service_sockets[service] = _bound(
                    host, service_port + offset if service_port else 0
                )
        except BaseException:
            self._close_sockets()
            raise
        self.port = int(self._socket.getsockname()[1])
        self.service_ports = {
            service: int(bound.getsockname()[1]) for service, bound in self._service_sockets.items()
        }
        if isinstance(app, ParagonApp):
            app.services = {
                port: f"{service}.useparagon.com" for service, port in self.service_ports.items()
            }
        config = uvicorn.Config(
            app,
            http=type(
                "TimedJsonErrorsH11Protocol",
                (JsonErrorsH11Protocol,),
                {"header_timeout": header_timeout},
            ),
            log_level="warning",
            lifespan="off",
            access_log=False,
            timeout_keep_alive=30,
            h11_max_incomplete_event_size=PARSER_BUFFER,
        )
        self.server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._run, name="paragon-server", daemon=True)

    @property
    def url(self) -> str:
        """The base URL, e.g. ``http://127.0.0.1:54321``."""
        return f"http://{self.host}:{self.port}"

    @property
    def service_urls(self) -> dict[str, str]:
        """The base URL of each service that has an address of its own."""
        return {
            service: f"http://{self.host}:{port}" for service, port in self.service_ports.items()
        }

    @property
    def alive(self) -> bool:
        """Whether the server thread is still running."""
        return self._thread.is_alive()

    def _run(self) -> None:
        sockets = [self._socket, *self._service_sockets.values()]
        asyncio.run(self.server.serve(sockets=sockets))

    def start(self, timeout: float = 10.0) -> ServerThread:
        """Start serving; returns once the server accepts connections."""
        import time

        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the Paragon server did not start on {self.url}")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        """Stop serving, wait for the thread and close the socket (safe to call twice)."""
        self.server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout=10)
        self._close_sockets()

    def _close_sockets(self) -> None:
        self._socket.close()
        for bound in self._service_sockets.values():
            bound.close()

    def __enter__(self) -> ServerThread:
        """Start on entry."""
        return self.start()

    def __exit__(self, *exc: object) -> None:
        """Stop on exit."""
        self.stop()
