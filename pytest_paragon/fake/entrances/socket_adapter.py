"""``http.client`` and urllib3 (``PoolManager``, ``urllib.request``) answered by the fake.

Their connection classes keep working as they do: only ``connect()`` changes for Paragon's hosts,
giving the connection a :class:`WireSocket` instead of a TCP (and TLS) socket. The client writes
its request into it and parses the fake's answer from it with its own parser, so its timeouts,
retries, redirects and errors are its own. (vcrpy swaps the connection classes themselves; this
keeps the client's classes and replaces the socket below them.)
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from pytest_paragon.fake.base.exchange import FakeRequest
from pytest_paragon.fake.entrances.wire import RequestBytes, to_fake_request

Answer = Callable[[FakeRequest, float | None], bytes]
"""The bytes a Paragon host sends back for a request within the client's read timeout (or the
exception a socket raises: a fault's reset or timeout)."""


class WireSocket:
    """A connected socket whose peer is the fake: it takes a request and gives back the answer.

    The answer is computed when the client starts reading (``makefile``), once the request has
    been sent whole. An exception raised by ``answer`` (a fault's reset or timeout) is raised to
    the client where a socket would raise it: on reading.
    """

    def __init__(self, answer: Answer, scheme: str, host: str) -> None:
        """Answer with ``answer``; ``scheme`` and ``host`` are those the client connected to."""
        self._answer = answer
        self._scheme = scheme
        self._host = host
        self._request = RequestBytes()
        self._timeout: float | None = None
        self.closed = False

    # -- what http.client / urllib3 call -------------------------------------------------------

    def sendall(self, data: bytes) -> None:
        """Take part of the request."""
        self._request.feed(data)

    def send(self, data: bytes) -> int:
        """Take part of the request; all of it."""
        self._request.feed(data)
        return len(data)

    def makefile(self, mode: str = "rb", *args: Any, **kwargs: Any) -> io.BufferedIOBase:
        """The answer to the request sent, as a binary file."""
        request = to_fake_request(bytes(self._request.data), self._scheme, self._host)
        self._request = RequestBytes()
        return io.BufferedReader(_Reader(lambda: self._answer(request, self._timeout)))

    def settimeout(self, timeout: float | None) -> None:
        """Remember the client's timeout (a timeout fault raises at once, it never waits)."""
        self._timeout = timeout if isinstance(timeout, int | float) else None

    def gettimeout(self) -> float | None:
        """The client's timeout."""
        return self._timeout

    def setsockopt(self, *args: Any) -> None:
        """No options on an in-memory socket."""

    def shutdown(self, how: int) -> None:
        """Nothing to shut down."""

    def close(self) -> None:
        """Closed: nothing is kept."""
        self.closed = True

    def fileno(self) -> int:
        """No file descriptor: a pooled connection is never reused (every answer closes it)."""
        return -1


class _Reader(io.RawIOBase):
    """The answer's bytes, computed on the first read (so that a fault raises while reading)."""

    def __init__(self, answer: Callable[[], bytes]) -> None:
        self._answer: Callable[[], bytes] | None = answer
        self._data = b""
        self._position = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._answer is not None:
            answer, self._answer = self._answer, None
            self._data = answer()
        chunk = self._data[self._position : self._position + len(buffer)]
        buffer[: len(chunk)] = chunk
        self._position += len(chunk)
        return len(chunk)


def patch_http_client(
    replace: Callable[[Any, str, Any], Any], intercepted: Callable[[str], bool], answer: Answer
) -> None:
    """``http.client`` connections (``urllib.request``) to intercepted hosts answer ``answer``."""
    import http.client

    classes = ((http.client.HTTPConnection, "http"), (http.client.HTTPSConnection, "https"))
    for cls, scheme in classes:
        _patch_connect(replace, cls, scheme, intercepted, answer)


def patch_urllib3(
    replace: Callable[[Any, str, Any], Any], intercepted: Callable[[str], bool], answer: Answer
) -> None:
    """urllib3 connections (``PoolManager``, and anything built on it) answer ``answer``."""
    from urllib3.connection import HTTPConnection, HTTPSConnection

    for cls, scheme in ((HTTPConnection, "http"), (HTTPSConnection, "https")):
        _patch_connect(replace, cls, scheme, intercepted, answer)


def _patch_connect(
    replace: Callable[[Any, str, Any], Any],
    cls: type,
    scheme: str,
    intercepted: Callable[[str], bool],
    answer: Answer,
) -> None:
    original = cls.__dict__["connect"]

    def connect(connection: Any) -> None:
        host = str(connection.host).lower()
        if not intercepted(host):
            original(connection)
            return
        port = connection.port
        default = 443 if scheme == "https" else 80
        netloc = host if port in (None, default) else f"{host}:{port}"
        connection.sock = WireSocket(answer, scheme, netloc)
        timeout = getattr(connection, "timeout", None)
        if isinstance(timeout, int | float):  # what http.client's own connect() sets
            connection.sock.settimeout(float(timeout))
        if scheme == "https" and hasattr(connection, "is_verified"):
            connection.is_verified = True  # urllib3 warns about an unverified TLS connection

    replace(cls, "connect", connect)
