"""How a request being recorded reaches a Paragon: httpx's own, unpatched transports.

While the interception patches ``httpx.HTTPTransport.handle_request`` (and ``requests``), the
recorder sends every recorded request, whichever client made it, through the method the
interception replaced, on a transport of its own; an async httpx client's request goes through
the async transport (awaited, so recording never blocks the event loop).

Where it goes: the request's own Paragon host (the interception's socket guard lets the recorded
hosts through for as long as the session records), or, with ``record_from``, any
Paragon-compatible base URL (a staging project, an on-prem install, a served fake): every Paragon
host maps onto it, ``{service}`` standing for the host's first label (``zeus``, ``proxy``, ...).
No DNS lookup of a Paragon host is involved then; the cassette still records the host the client
asked for, so replay matches the client's requests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

import httpx

from pytest_paragon.errors import ParagonError, ParagonUsageError, Report
from pytest_paragon.fake.base.exchange import FakeRequest, FakeResponse

if TYPE_CHECKING:
    from pytest_paragon.cassettes.recorder import CassetteSession

TIMEOUT = 30.0
_NOT_FORWARDED = frozenset({"host", "content-length", "transfer-encoding", "connection"})
_NOT_RETURNED = frozenset({"content-encoding", "content-length", "transfer-encoding"})


class RecordingUnreachableError(ParagonError, ConnectionError):
    """A request being recorded reached no Paragon: the message names the setting to use."""


def checked_base(record_from: str) -> str:
    """``record_from`` as a base URL without a trailing slash; else a usage error."""
    parts = urlsplit(record_from.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
        raise ParagonUsageError.from_bad_value(
            "record_from",
            record_from,
            "an http(s) base URL such as http://127.0.0.1:8123 or "
            "https://{service}.paragon.example.com (or paragon_server)",
            anchor="recording-real-traffic",
        )
    return record_from.strip().rstrip("/")


def target_url(request: FakeRequest, record_from: str | None) -> str:
    """Where ``request`` is sent: its own host, or its path under the ``record_from`` base."""
    if not record_from:
        return f"{request.scheme}://{request.host}{request.path}"
    service = request.host.split(":")[0].split(".")[0]
    return checked_base(record_from).replace("{service}", service) + request.path


def unreachable(request: FakeRequest, url: str, error: Exception) -> RecordingUnreachableError:
    """The error of a recorded request that reached nothing: which setting points it elsewhere."""
    return RecordingUnreachableError(
        Report(
            what=f"Recording {request.method} {request.host}{request.path} reached no Paragon: "
            f"{type(error).__name__}",
            where=f"sending it to {url.split('?')[0]}",
            remedy="point recording at a Paragon you can reach: --paragon-record-from URL "
            "(ini paragon_record_from; a staging or on-prem base URL, `pytest-paragon serve`'s "
            "URL, or paragon_server for this test's served fake); --paragon-onprem-host for an "
            "on-prem install whose hosts resolve",
            anchor="recording-real-traffic",
        )
    )


def _outgoing(request: FakeRequest, url: str, timeout: httpx.Timeout) -> httpx.Request:
    headers = [(k, v) for k, v in request.headers.items() if k.lower() not in _NOT_FORWARDED]
    return httpx.Request(
        request.method,
        httpx.URL(url, params=request.query),
        headers=headers,
        content=request.body,
        extensions={"timeout": timeout.as_dict()},
    )


def _answer(response: httpx.Response, body: bytes) -> FakeResponse:
    kept = {k: v for k, v in response.headers.items() if k.lower() not in _NOT_RETURNED}
    return FakeResponse(response.status_code, kept, body)


class NetworkForwarder:
    """Send a :class:`FakeRequest` to its host (or ``record_from``); answer its response."""

    def __init__(
        self,
        send: Callable[[Any, httpx.Request], httpx.Response] | None = None,
        *,
        timeout: float = TIMEOUT,
        record_from: str | None = None,
        send_async: Any = None,
    ) -> None:
        """``send`` / ``send_async``: the unpatched transport methods (default: the current)."""
        self.transport = httpx.HTTPTransport(trust_env=False)
        self.send = send or httpx.HTTPTransport.handle_request
        self.send_async = send_async or httpx.AsyncHTTPTransport.handle_async_request
        self.timeout = httpx.Timeout(timeout)
        self.record_from = checked_base(record_from) if record_from else None

    def __call__(self, request: FakeRequest) -> FakeResponse:
        """The network's answer to ``request`` (the body read whole and decoded)."""
        url = target_url(request, self.record_from)
        try:
            response = self.send(self.transport, _outgoing(request, url, self.timeout))
            try:
                body = response.read()
            finally:
                response.close()
        except httpx.TransportError as error:
            raise unreachable(request, url, error) from error
        return _answer(response, body)

    async def forward_async(self, request: FakeRequest) -> FakeResponse:
        """The same, through the async transport (one per request: no loop is kept)."""
        url = target_url(request, self.record_from)
        transport = httpx.AsyncHTTPTransport(trust_env=False)
        try:
            response = await self.send_async(transport, _outgoing(request, url, self.timeout))
            try:
                body = await response.aread()
            finally:
                await response.aclose()
        except httpx.TransportError as error:
            raise unreachable(request, url, error) from error
        finally:
            await transport.aclose()
        return _answer(response, body)

    def close(self) -> None:
        """Close the forwarder's connections."""
        self.transport.close()


class GuardedInterception(Protocol):
    """What :func:`forwarding` needs of the fake's interception (``entrances.interception``)."""

    hosts: frozenset[str]
    unguarded: set[str]

    def original(self, owner: Any, name: str) -> Any:
        """What ``owner.name`` was before the interception patched it."""


@contextmanager
def forwarding(
    interception: GuardedInterception, session: CassetteSession, record_from: str | None = None
) -> Iterator[None]:
    """While ``session`` records: send its requests to the network past ``interception``.

    The requests go through the transport methods the interception replaced; without
    ``record_from`` its hosts are let past the socket guard until the block ends (with it, no
    Paragon host is connected to at all). A replaying session changes nothing.
    """
    if not session.recording:
        yield
        return
    forwarder = NetworkForwarder(
        interception.original(httpx.HTTPTransport, "handle_request"),
        send_async=interception.original(httpx.AsyncHTTPTransport, "handle_async_request"),
        record_from=record_from,
    )
    session.forward = forwarder
    session.forward_async = forwarder.forward_async
    opened = set() if record_from else set(interception.hosts) - interception.unguarded
    interception.unguarded.update(opened)
    try:
        yield
    finally:
        interception.unguarded.difference_update(opened)
        forwarder.close()
