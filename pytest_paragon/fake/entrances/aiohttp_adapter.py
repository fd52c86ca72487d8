"""aiohttp's ``ClientSession`` answered by the fake, below aiohttp's own protocol.

``TCPConnector._create_connection`` (where aiohttp resolves the host and opens the socket) gives a
Paragon host a real ``ResponseHandler`` over a :class:`WireTransport`: the session, its
middlewares, cookies, redirects, ``raise_for_status``, the request writer and the response parser
are aiohttp's own; only the bytes come from the fake. (aioresponses and vcrpy replace
``ClientSession._request`` and build the ``ClientResponse`` themselves, which breaks when aiohttp
changes that constructor: aioresponses 0.7.9 fails on aiohttp 3.14 for that reason.)
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from pytest_paragon.fake.base.exchange import FakeRequest
from pytest_paragon.fake.entrances.wire import RequestBytes, to_fake_request

Answer = Callable[[FakeRequest, float | None], bytes]
"""The bytes a Paragon host sends back for a request within the client's read timeout; it may
raise a fault's exception (a reset, a timeout)."""


class WireTransport(asyncio.Transport):
    """An asyncio transport whose peer is the fake: a request written whole gets its answer."""

    def __init__(self, protocol: Any, answer: Answer, scheme: str, host: str) -> None:
        """Feed ``protocol`` the answers of ``answer`` to the requests written to it."""
        super().__init__()
        self._protocol = protocol
        self._answer = answer
        self._scheme = scheme
        self._host = host
        self._request = RequestBytes()
        self._closing = False

    def write(self, data: bytes | bytearray | memoryview) -> None:
        """Take part of the request; once it is whole, answer it (on the next loop turn)."""
        self._request.feed(data)
        if self._request.complete:
            raw, self._request = bytes(self._request.data), RequestBytes()
            request = to_fake_request(raw, self._scheme, self._host)
            asyncio.get_running_loop().call_soon(self._deliver, request)

    def writelines(self, list_of_data: Any) -> None:
        """Take several parts of the request."""
        for data in list_of_data:
            self.write(data)

    def _deliver(self, request: FakeRequest) -> None:
        if self._closing:
            return
        try:
            data = self._answer(request, self._protocol.read_timeout)
        except (TimeoutError, asyncio.TimeoutError):
            from aiohttp import SocketTimeoutError

            # What aiohttp's own read timeout raises; the fake's clock: nobody waits.
            self._protocol.set_exception(SocketTimeoutError("Timeout on reading data from socket"))
            return
        except OSError as error:  # a reset: the peer is gone
            self._closing = True
            self._protocol.connection_lost(error)
            return
        self._protocol.data_received(data)
        self._closing = True
        self._protocol.connection_lost(None)  # every answer says ``connection: close``

    def is_closing(self) -> bool:
        """Whether the connection is closed."""
        return self._closing

    def close(self) -> None:
        """Close the connection."""
        self._closing = True

    def abort(self) -> None:
        """Close the connection at once."""
        self._closing = True

    def get_write_buffer_size(self) -> int:
        """Nothing is ever buffered."""
        return 0

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        """No socket, no TLS object: what aiohttp asks for is absent."""
        return default

    def can_write_eof(self) -> bool:
        """No half-close."""
        return False

    def is_reading(self) -> bool:
        """Always reading."""
        return not self._closing

    def pause_reading(self) -> None:
        """Flow control is not needed in memory."""

    def resume_reading(self) -> None:
        """Flow control is not needed in memory."""


def patch_aiohttp(
    replace: Callable[[Any, str, Any], Any], intercepted: Callable[[str], bool], answer: Answer
) -> None:
    """``aiohttp.TCPConnector`` connects to intercepted hosts through a :class:`WireTransport`."""
    from aiohttp import TCPConnector
    from aiohttp.client_proto import ResponseHandler

    original = TCPConnector.__dict__["_create_connection"]

    async def _create_connection(connector: Any, req: Any, traces: Any, timeout: Any) -> Any:
        url = req.url
        host = (url.host or "").lower()
        if not intercepted(host) or req.proxy:
            return await original(connector, req, traces, timeout)
        default = 443 if url.scheme in ("https", "wss") else 80
        netloc = host if url.port in (None, default) else f"{host}:{url.port}"
        protocol = ResponseHandler(connector._loop)
        protocol.connection_made(WireTransport(protocol, answer, url.scheme, netloc))
        return protocol

    replace(TCPConnector, "_create_connection", _create_connection)
