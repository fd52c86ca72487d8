"""How a request being recorded reaches the real Paragon: httpx's own, unpatched transport.

While the interception patches ``httpx.HTTPTransport.handle_request`` (and ``requests``), the
recorder sends every recorded request, whichever client made it, through the method the
interception replaced, on a transport of its own; the interception's socket guard lets the
recorded hosts through for as long as the session records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol

import httpx

from pytest_paragon.fake.base.exchange import FakeRequest, FakeResponse

if TYPE_CHECKING:
    from pytest_paragon.cassettes.recorder import CassetteSession

TIMEOUT = 30.0
_NOT_FORWARDED = frozenset({"host", "content-length", "transfer-encoding", "connection"})
_NOT_RETURNED = frozenset({"content-encoding", "content-length", "transfer-encoding"})


class NetworkForwarder:
    """Send a :class:`FakeRequest` to its host over the network; answer its response."""

    def __init__(
        self,
        send: Callable[[Any, httpx.Request], httpx.Response] | None = None,
        *,
        timeout: float = TIMEOUT,
    ) -> None:
        """``send``: the unpatched ``HTTPTransport.handle_request`` (default: the current one)."""
        self.transport = httpx.HTTPTransport()
        self.send = send or httpx.HTTPTransport.handle_request
        self.timeout = httpx.Timeout(timeout)

    def __call__(self, request: FakeRequest) -> FakeResponse:
        """The network's answer to ``request`` (the body read whole and decoded)."""
        url = httpx.URL(f"{request.scheme}://{request.host}{request.path}", params=request.query)
        headers = [(k, v) for k, v in request.headers.items() if k.lower() not in _NOT_FORWARDED]
        outgoing = httpx.Request(
            request.method,
            url,
            headers=headers,
            content=request.body,
            extensions={"timeout": self.timeout.as_dict()},
        )
        response = self.send(self.transport, outgoing)
        try:
            body = response.read()
        finally:
            response.close()
        kept = {k: v for k, v in response.headers.items() if k.lower() not in _NOT_RETURNED}
        return FakeResponse(response.status_code, kept, body)

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
def forwarding(interception: GuardedInterception, session: CassetteSession) -> Iterator[None]:
    """While ``session`` records: send its requests to the network past ``interception``.

    The requests go through the transport method the interception replaced, and its hosts are let
    past the socket guard until the block ends (a replaying session changes nothing).
    """
    if not session.recording:
        yield
        return
    forwarder = NetworkForwarder(interception.original(httpx.HTTPTransport, "handle_request"))
    session.forward = forwarder
    interception.unguarded.update(interception.hosts)
    try:
        yield
    finally:
        interception.unguarded.difference_update(interception.hosts)
        forwarder.close()
