"""Adapters from httpx to the fake: the explicit transports and the conversions.

``ParagonTransport`` / ``AsyncParagonTransport`` serve clients that take an injected transport;
:mod:`~pytest_paragon.fake.entrances.interception` uses the same conversions for clients that do
not. ``home_hosts=True`` (the fake users' own clients) sends each request to the Paragon host that
serves its operation, so one base URL reaches every API; client code under test gets no such help:
an operation on the wrong Paragon host is a 404.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from types import ModuleType
from typing import Any

import httpx

from pytest_paragon.fake.base.exchange import Answers, FakeRequest, FakeResponse, fake_request

CLOUD_HOSTS = (
    "api.useparagon.com",
    "zeus.useparagon.com",
    "hermes.useparagon.com",
    "proxy.useparagon.com",
    "actionkit.useparagon.com",
    "sync.useparagon.com",
)
ONPREM_SERVICES = (
    "zeus",
    "hermes",
    "worker-proxy",
    "proxy",  # SDK <= 2.1.1 derives proxy.{host} for the Proxy API
    "worker-actionkit",
    "sync",
    "api-triggerkit",
)


def paragon_hosts(onprem_base: str | None = None) -> tuple[str, ...]:
    """The cloud hosts, plus the on-prem service hosts under ``onprem_base`` when given."""
    if not onprem_base:
        return CLOUD_HOSTS
    return CLOUD_HOSTS + tuple(f"{service}.{onprem_base}" for service in ONPREM_SERVICES)


def to_fake_request(request: httpx.Request) -> FakeRequest:
    """An httpx request as the fake sees it."""
    url = request.url
    return fake_request(
        request.method,
        url.netloc.decode("ascii"),
        url.path,
        tuple(url.params.multi_items()) if url.query else (),
        headers_of(request.headers),
        request.content,
        url.scheme,
    )


def headers_of(headers: Any) -> dict[str, str]:
    """``dict(headers)`` of httpx (or httpx2) ``Headers``, in one pass over the raw pairs.

    The same mapping as ``dict(headers)``: lower-case names, repeated names joined with ``", "``
    in order. ``dict(headers)`` looks every name up again through the whole list (quadratic, and
    the encoding re-read per pair), which cost more than the fake's routing; headers that are not
    ASCII take that path still, with httpx's own fallback encodings.
    """
    raw = headers.raw
    try:
        found = {name.decode("ascii").lower(): value.decode("ascii") for name, value in raw}
    except UnicodeDecodeError:
        return dict(headers)
    if len(found) < len(raw):  # a repeated name: its values joined in order
        found = {}
        for name, value in raw:
            key, text = name.decode("ascii").lower(), value.decode("ascii")
            found[key] = f"{found[key]}, {text}" if key in found else text
    return found


def to_httpx_response(
    response: FakeResponse, request: httpx.Request, module: ModuleType = httpx
) -> httpx.Response:
    """The fake's response as an httpx (or httpx2: ``module``) response to ``request``.

    A fault becomes what httpx raises for it: ``ReadError`` for a reset, ``ReadTimeout`` for a
    timeout or a latency over the request's read timeout (at once: nobody waits), and
    ``RemoteProtocolError`` while reading a truncated body.
    """
    if response.fault or response.delay:
        _raise_fault(response, request, module)
    if response.fault == "truncated":
        return module.Response(  # type: ignore[no-any-return]
            response.status,
            headers={**response.headers, "content-length": str(len(response.body))},
            stream=_truncated_stream(module, response.body),
            request=request,
        )
    return module.Response(  # type: ignore[no-any-return]
        response.status, headers=response.headers, content=response.body, request=request
    )


def _raise_fault(response: FakeResponse, request: Any, module: ModuleType) -> None:
    if response.fault == "reset":
        raise module.ReadError("[Errno 104] Connection reset by peer", request=request)
    read = (request.extensions.get("timeout") or {}).get("read")
    if response.fault == "timeout" or (read is not None and response.delay > read):
        raise module.ReadTimeout("timed out", request=request)


def _truncated_stream(module: ModuleType, body: bytes) -> Any:
    """A body stream that stops half-way, as a peer closing too early (sync and async)."""
    half = body[: len(body) // 2]
    message = (
        "peer closed connection without sending complete message body: "
        f"received {len(half)} bytes, expected {len(body)}"
    )

    class Truncated(module.SyncByteStream, module.AsyncByteStream):  # type: ignore[name-defined,misc]
        def __iter__(self) -> Iterator[bytes]:
            yield half
            raise module.RemoteProtocolError(message)

        async def __aiter__(self) -> AsyncIterator[bytes]:
            yield half
            raise module.RemoteProtocolError(message)

    return Truncated()


def _rehomed(fake: Answers, request: FakeRequest) -> FakeRequest:
    """``request`` sent to the Paragon host that serves its operation (same domain)."""
    contract, hosts = getattr(fake, "contract", None), getattr(fake, "_hosts", None)
    if contract is None or hosts is None:
        return request
    found = contract.match(request.method, request.path)
    home = hosts.misrouted(found[0], request.host) if found else None
    return request if home is None else replace(request, host=home)


class ParagonTransport(httpx.BaseTransport):
    """A sync httpx transport answered by the fake."""

    def __init__(self, fake: Answers, *, home_hosts: bool = False) -> None:
        """Serve ``fake``; ``home_hosts``: send each operation to the host that serves it."""
        self.fake = fake
        self.home_hosts = home_hosts

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Answer one request."""
        request.read()
        fake_request = to_fake_request(request)
        if self.home_hosts:
            fake_request = _rehomed(self.fake, fake_request)
        return to_httpx_response(self.fake.handle(fake_request), request)


class AsyncParagonTransport(httpx.AsyncBaseTransport):
    """An async httpx transport answered by the fake."""

    def __init__(self, fake: Answers, *, home_hosts: bool = False) -> None:
        """Serve ``fake``; ``home_hosts``: send each operation to the host that serves it."""
        self.fake = fake
        self.home_hosts = home_hosts

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Answer one request."""
        await request.aread()
        fake_request = to_fake_request(request)
        if self.home_hosts:
            fake_request = _rehomed(self.fake, fake_request)
        return to_httpx_response(self.fake.handle(fake_request), request)
