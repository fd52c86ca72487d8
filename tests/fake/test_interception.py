"""Interception: httpx and requests to Paragon's hosts reach the fake; other clients are blocked."""

from __future__ import annotations

import asyncio
import socket
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
import requests
import respx

from pytest_paragon.fake.core import FakeParagon
from pytest_paragon.fake.entrances.interception import (
    Interception,
    ParagonHostBlockedError,
    intercept,
)
from pytest_paragon.fake.entrances.users import FakeUser, make_user

ZEUS = "https://zeus.useparagon.com"


@pytest.fixture
def fake() -> FakeParagon:
    return FakeParagon(validate_responses=True)


@pytest.fixture
def user(fake: FakeParagon) -> FakeUser:
    return make_user(fake, "user-1", meta={"Name": "Ada"})


@pytest.fixture
def intercepted(fake: FakeParagon) -> Iterator[Interception]:
    with intercept(fake) as interception:
        yield interception


def me_url(fake: FakeParagon) -> str:
    return f"{ZEUS}/projects/{fake.project.id}/sdk/me"


def test_httpx_sync_and_async_reach_the_fake(
    fake: FakeParagon, user: FakeUser, intercepted: Interception
) -> None:
    with httpx.Client(headers=user.headers) as client:
        assert client.get(me_url(fake)).json()["userId"] == "user-1"

    async def fetch() -> int:
        async with httpx.AsyncClient(headers=user.headers) as client:
            return (await client.get(me_url(fake))).status_code

    assert asyncio.run(fetch()) == 200
    assert [entry.operation_id for entry in fake.journal] == ["getConnectedUser"] * 2


def test_requests_module_functions_reach_the_fake(
    fake: FakeParagon, user: FakeUser, intercepted: Interception
) -> None:
    response = requests.get(me_url(fake), headers=user.headers, timeout=5)
    assert response.status_code == 200
    assert response.json()["userId"] == "user-1"
    assert response.reason == "OK"
    assert response.headers["Content-Type"].startswith("application/json")
    assert fake.requests("getConnectedUser")[0].user_id == "user-1"


def test_requests_sessions_send_bodies_and_stream(
    fake: FakeParagon, user: FakeUser, intercepted: Interception
) -> None:
    with requests.Session() as session:
        session.headers.update(user.headers)
        patched = session.patch(
            f"{ZEUS}/projects/{fake.project.id}/sdk/me", json={"meta": {"Plan": "pro"}}, timeout=5
        )
        streamed = session.get(me_url(fake), stream=True, timeout=5)
        chunks = b"".join(streamed.iter_content(chunk_size=7))
    assert patched.status_code == 200
    assert fake.journal[0].body == b'{"meta": {"Plan": "pro"}}'
    assert chunks == streamed.content
    assert streamed.json()["meta"]["Plan"] == "pro"


def test_requests_without_a_token_get_the_fakes_401(
    fake: FakeParagon, intercepted: Interception
) -> None:
    response = requests.get(me_url(fake), timeout=5)
    assert response.status_code == 401
    assert fake.journal[-1].status == 401


def test_requests_to_other_hosts_are_not_answered_by_the_fake(
    fake: FakeParagon, intercepted: Interception
) -> None:
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{port}/", timeout=5)
    assert fake.journal == []


def test_other_httpx_hosts_stay_with_respx(fake: FakeParagon, intercepted: Interception) -> None:
    with pytest.raises(respx.models.AllMockedAssertionError):
        httpx.get("https://api.example.com/x")
    intercepted.router.get("https://api.example.com/x").respond(json={"mine": True})
    assert httpx.get("https://api.example.com/x").json() == {"mine": True}


def test_an_injected_transport_still_answers(fake: FakeParagon, intercepted: Interception) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(299, json={"own": True}))
    with httpx.Client(transport=transport) as client:
        assert client.get(me_url(fake)).status_code == 299
    assert fake.journal == []


def with_socket(use: Callable[[socket.socket], object]) -> None:
    with socket.socket() as sock:
        use(sock)


@pytest.mark.parametrize(
    "reach",
    [
        lambda: socket.create_connection(("zeus.useparagon.com", 443), timeout=1),
        lambda: socket.getaddrinfo("proxy.useparagon.com", 443),
        lambda: with_socket(lambda sock: sock.connect(("hermes.useparagon.com", 443))),
        lambda: with_socket(lambda sock: sock.connect_ex(("SYNC.useparagon.com", 443))),
    ],
    ids=["create_connection", "getaddrinfo", "connect", "connect_ex"],
)
def test_raw_sockets_to_paragon_fail_naming_server_mode(
    intercepted: Interception, reach: object
) -> None:
    with pytest.raises(ParagonHostBlockedError) as raised:
        reach()  # type: ignore[operator]
    assert "paragon_server" in str(raised.value)
    assert "server-mode" in str(raised.value)


def test_a_client_that_is_not_answered_is_refused_in_the_first_line(
    intercepted: Interception,
) -> None:
    async def open_stream() -> None:  # asyncio's own streams: no library the fake answers
        await asyncio.open_connection("zeus.useparagon.com", 443)

    with pytest.raises(ParagonHostBlockedError) as raised:
        asyncio.run(open_stream())
    first_line = str(raised.value).splitlines()[0]
    assert "zeus.useparagon.com was blocked" in first_line
    assert "aiohttp" in first_line


def test_onprem_hosts_are_intercepted_when_given(fake: FakeParagon, user: FakeUser) -> None:
    host = "zeus.paragon.acme.test"
    with Interception(fake, [host]):
        response = requests.get(
            f"https://{host}/projects/{fake.project.id}/sdk/me", headers=user.headers, timeout=5
        )
        with pytest.raises(ParagonHostBlockedError):
            socket.getaddrinfo(host, 443)
    assert response.status_code == 200


def test_stopping_restores_every_patch(fake: FakeParagon) -> None:
    import http.client

    import aiohttp
    import httpx2
    import urllib3

    def current() -> tuple[object, ...]:
        return (
            httpx.HTTPTransport.handle_request,
            httpx.AsyncHTTPTransport.handle_async_request,
            httpx2.HTTPTransport.handle_request,
            httpx2.AsyncHTTPTransport.handle_async_request,
            requests.adapters.HTTPAdapter.send,
            http.client.HTTPConnection.connect,
            http.client.HTTPSConnection.connect,
            urllib3.connection.HTTPConnection.connect,
            urllib3.connection.HTTPSConnection.connect,
            aiohttp.TCPConnector._create_connection,
            socket.getaddrinfo,
            socket.socket.connect,
            socket.socket.connect_ex,
            tuple(sys.meta_path),
        )

    originals = current()
    with intercept(fake), Interception(fake):  # nested: each restores what it found
        patched = current()
        pairs = zip(patched[:-1], originals[:-1], strict=True)
        assert all(now is not before for now, before in pairs)
    assert current() == originals


def test_a_respx_mock_of_the_tests_own_answers_other_hosts(
    fake: FakeParagon, intercepted: Interception
) -> None:
    with respx.mock(assert_all_called=False) as own:
        own.get("https://api.example.com/y").respond(json={"own": True})
        assert httpx.get("https://api.example.com/y").json() == {"own": True}
        assert httpx.get(me_url(fake)).status_code == 401  # Paragon's host: still the fake's
    assert fake.journal[-1].status == 401


def test_a_library_imported_while_intercepting_is_patched_then(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pytest_paragon.fake.entrances.interception import _PatchOnImport

    (tmp_path / "late_client_probe.py").write_text("VALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    seen: list[object] = []
    hook = _PatchOnImport({"late_client_probe": lambda module: seen.append(module.VALUE)})
    monkeypatch.setattr(sys, "meta_path", [hook, *sys.meta_path])
    import late_client_probe  # type: ignore[import-not-found]

    assert seen == [1]
    assert late_client_probe.VALUE == 1
    monkeypatch.delitem(sys.modules, "late_client_probe")
