"""The table of HTTP clients the fake answers in process: one row per client, sync and async.

Each row sends one request with the real library and returns ``(status, body)``; the
interception tests (``test_clients.py``), the cassette tests and the fault tests run every row, so
a client added here gets every test.
"""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pytest

Send = Callable[[str, str, Mapping[str, str], Any, float], tuple[int, bytes]]
"""(method, url, headers, JSON body or None, timeout) -> (status, body bytes)."""


@dataclass(frozen=True)
class Client:
    """One client library in one mode."""

    name: str
    module: str
    send: Send
    timeout_errors: tuple[str, ...]
    """Qualified names of the exceptions the library raises on a read timeout."""
    broken_errors: tuple[str, ...]
    """Qualified names of what it raises on a reset connection or a truncated body."""


def _body(json_body: Any) -> bytes | None:
    return None if json_body is None else json.dumps(json_body).encode()


def _with_type(headers: Mapping[str, str], json_body: Any) -> dict[str, str]:
    return {**headers, **({"content-type": "application/json"} if json_body is not None else {})}


def _httpx(module: str) -> tuple[Send, Send]:
    def sync(method: str, url: str, headers: Mapping[str, str], body: Any, timeout: float) -> Any:
        lib = pytest.importorskip(module)
        with lib.Client(headers=dict(headers), timeout=timeout) as client:
            response = client.request(method, url, json=body)
            return response.status_code, response.content

    def asynchronous(
        method: str, url: str, headers: Mapping[str, str], body: Any, timeout: float
    ) -> Any:
        lib = pytest.importorskip(module)

        async def run() -> Any:
            async with lib.AsyncClient(headers=dict(headers), timeout=timeout) as client:
                response = await client.request(method, url, json=body)
                return response.status_code, response.content

        return asyncio.run(run())

    return sync, asynchronous


def _requests(method: str, url: str, headers: Mapping[str, str], body: Any, timeout: float) -> Any:
    import requests

    with requests.Session() as session:
        response = session.request(method, url, headers=dict(headers), json=body, timeout=timeout)
        return response.status_code, response.content


def _urllib3(method: str, url: str, headers: Mapping[str, str], body: Any, timeout: float) -> Any:
    import urllib3

    pool = urllib3.PoolManager(retries=False, timeout=timeout)
    response = pool.request(method, url, headers=_with_type(headers, body), body=_body(body))
    return response.status, response.data


def _urllib(method: str, url: str, headers: Mapping[str, str], body: Any, timeout: float) -> Any:
    request = urllib.request.Request(
        url, data=_body(body), headers=_with_type(headers, body), method=method
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:  # urllib raises on 4xx/5xx: the answer is in it
        return error.code, error.read()


def _aiohttp(method: str, url: str, headers: Mapping[str, str], body: Any, timeout: float) -> Any:
    aiohttp = pytest.importorskip("aiohttp")

    async def run() -> Any:
        limits = aiohttp.ClientTimeout(total=timeout, sock_read=timeout)
        async with (
            aiohttp.ClientSession(headers=dict(headers), timeout=limits) as session,
            session.request(method, url, json=body) as response,
        ):
            return response.status, await response.read()

    return asyncio.run(run())


_httpx_sync, _httpx_async = _httpx("httpx")
_httpx2_sync, _httpx2_async = _httpx("httpx2")
_HTTPX_BROKEN = ("httpx.RemoteProtocolError", "httpx.ReadError")
_HTTPX2_BROKEN = ("httpx2.RemoteProtocolError", "httpx2.ReadError")

CLIENTS = [
    Client("httpx", "httpx", _httpx_sync, ("httpx.ReadTimeout",), _HTTPX_BROKEN),
    Client("httpx async", "httpx", _httpx_async, ("httpx.ReadTimeout",), _HTTPX_BROKEN),
    Client("httpx2", "httpx2", _httpx2_sync, ("httpx2.ReadTimeout",), _HTTPX2_BROKEN),
    Client("httpx2 async", "httpx2", _httpx2_async, ("httpx2.ReadTimeout",), _HTTPX2_BROKEN),
    Client(
        "requests",
        "requests",
        _requests,
        ("requests.exceptions.ReadTimeout",),
        ("requests.exceptions.ConnectionError", "requests.exceptions.ChunkedEncodingError"),
    ),
    Client(
        "urllib3",
        "urllib3",
        _urllib3,
        ("urllib3.exceptions.ReadTimeoutError",),
        ("urllib3.exceptions.ProtocolError",),
    ),
    Client(
        "urllib.request",
        "urllib.request",
        _urllib,
        ("TimeoutError", "urllib.error.URLError"),
        ("http.client.IncompleteRead", "ConnectionResetError", "urllib.error.URLError"),
    ),
    Client(
        "aiohttp",
        "aiohttp",
        _aiohttp,
        ("aiohttp.ServerTimeoutError",),
        ("aiohttp.ClientPayloadError", "aiohttp.ClientOSError", "aiohttp.ServerDisconnectedError"),
    ),
]

clients = pytest.mark.parametrize("client", CLIENTS, ids=[client.name for client in CLIENTS])
"""Run a test once per client of the table."""
