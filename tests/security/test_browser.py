"""The served fake against web pages: Host check, CORS, Private Network Access, the admin guard.

A page in the developer's browser can send requests to 127.0.0.1: these tests send what such a
page's browser would send (``Origin``, ``Sec-Fetch-Site``, simple ``text/plain`` POSTs, preflights)
and check that nothing is minted, reset or readable, while loopback pages and tools keep working.
Loopback only; every request has a timeout.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from pytest_paragon.fake.core import FakeParagon
from pytest_paragon.fake.entrances.browser import BrowserPolicy, bind_warning, host_name
from pytest_paragon.fake.entrances.server import ParagonApp, ParagonServer, ServerThread
from pytest_paragon.fake.entrances.users import FakeUser

TIMEOUT = 10
EVIL = "https://evil.example"
LOCAL_PAGE = "http://localhost:3000"


@pytest.fixture
def http() -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session


def _get(http: requests.Session, url: str, **headers: str) -> requests.Response:
    return http.get(url, headers=headers, timeout=TIMEOUT)


def _me(server: ParagonServer, user: FakeUser) -> str:
    return f"{server.url}/projects/{user.project_id}/sdk/me"


# -- CORS on Paragon's own paths ---------------------------------------------------------------


@pytest.mark.parametrize(
    "origin",
    [LOCAL_PAGE, "http://127.0.0.1:5173", "http://[::1]:8080", "https://app.localhost"],
)
def test_a_loopback_page_may_call_paragon_paths(
    paragon_server: ParagonServer, paragon_user: FakeUser, http: requests.Session, origin: str
) -> None:
    preflight = http.options(
        _me(paragon_server, paragon_user),
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization, x-paragon-sdk-version, x-other",
        },
        timeout=TIMEOUT,
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == origin
    assert preflight.headers["vary"] == "Origin"
    allowed = {
        h.strip().lower() for h in preflight.headers["access-control-allow-headers"].split(",")
    }
    assert {"authorization", "x-paragon-sdk-version"} <= allowed
    assert "x-other" not in allowed  # only the Paragon headers are echoed
    reply = _get(http, _me(paragon_server, paragon_user), Origin=origin, **paragon_user.headers)
    assert reply.status_code == 200
    assert reply.headers["access-control-allow-origin"] == origin
    assert paragon_server.fake.journal[-1].operation_id == "getConnectedUser"


def test_another_origin_gets_no_cors_and_no_private_network_grant(
    paragon_server: ParagonServer, paragon_user: FakeUser, http: requests.Session
) -> None:
    preflight = http.options(
        _me(paragon_server, paragon_user),
        headers={
            "Origin": EVIL,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Private-Network": "true",
        },
        timeout=TIMEOUT,
    )
    assert preflight.status_code == 403
    assert "access-control-allow-origin" not in preflight.headers
    assert "access-control-allow-private-network" not in preflight.headers
    # even from a loopback page, Private Network Access is never granted
    local = http.options(
        _me(paragon_server, paragon_user),
        headers={
            "Origin": LOCAL_PAGE,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Private-Network": "true",
        },
        timeout=TIMEOUT,
    )
    assert local.status_code == 204
    assert "access-control-allow-private-network" not in local.headers
    reply = _get(http, _me(paragon_server, paragon_user), Origin=EVIL, **paragon_user.headers)
    assert reply.status_code == 200  # a tool may send any Origin; a browser cannot read it
    assert "access-control-allow-origin" not in reply.headers
    assert paragon_server.fake.journal == [paragon_server.fake.journal[-1]]  # the GET only


def test_no_answer_carries_a_wildcard_origin(
    paragon_server: ParagonServer, paragon_user: FakeUser, http: requests.Session
) -> None:
    for reply in (
        _get(http, _me(paragon_server, paragon_user), **paragon_user.headers),
        _get(http, f"{paragon_server.url}/__paragon/health"),
        _get(http, f"{paragon_server.url}/nowhere", Origin=LOCAL_PAGE),
    ):
        assert reply.headers.get("access-control-allow-origin") != "*"
    paragon_server.fake._violations.clear()  # /nowhere is a contract violation on purpose


# -- the admin API -----------------------------------------------------------------------------


@pytest.mark.parametrize("origin", [EVIL, LOCAL_PAGE, "null"])
def test_a_page_cannot_mint_a_token_with_a_simple_request(
    paragon_server: ParagonServer, http: requests.Session, origin: str
) -> None:
    """A ``text/plain`` POST needs no preflight: it must be refused, not answered unreadably."""
    reply = http.post(
        f"{paragon_server.url}/__paragon/tokens",
        data='{"sub": "victim"}',
        headers={"Origin": origin, "Content-Type": "text/plain;charset=UTF-8"},
        timeout=TIMEOUT,
    )
    assert reply.status_code == 403
    assert "token" not in reply.json()
    assert "access-control-allow-origin" not in reply.headers


@pytest.mark.parametrize(
    "headers",
    [
        {"Content-Type": "text/plain"},
        {"Content-Type": "application/x-www-form-urlencoded"},
        {"Content-Type": "multipart/form-data; boundary=x"},
        {},
    ],
    ids=["text", "form", "multipart", "none"],
)
@pytest.mark.parametrize("path", ["/__paragon/tokens", "/__paragon/reset"])
def test_mutating_admin_requests_must_be_json(
    paragon_server: ParagonServer,
    paragon_fake: FakeParagon,
    http: requests.Session,
    headers: dict[str, str],
    path: str,
) -> None:
    paragon_fake.users.connect("kept", "salesforce")
    body = '{"sub": "x"}' if path.endswith("tokens") else ""
    reply = http.post(paragon_server.url + path, data=body, headers=headers, timeout=TIMEOUT)
    assert reply.status_code == 415
    assert "application/json" in reply.json()["message"]
    assert paragon_fake.users.credentials("kept")  # no reset happened


def test_a_cross_site_fetch_without_origin_is_refused(
    paragon_server: ParagonServer, http: requests.Session
) -> None:
    reply = http.get(
        f"{paragon_server.url}/__paragon/journal",
        headers={"Sec-Fetch-Site": "cross-site"},
        timeout=TIMEOUT,
    )
    assert reply.status_code == 403
    same = http.get(
        f"{paragon_server.url}/__paragon/journal",
        headers={"Sec-Fetch-Site": "none"},
        timeout=TIMEOUT,
    )
    assert same.status_code == 200


def test_the_admin_preflight_is_refused_even_for_a_loopback_page(
    paragon_server: ParagonServer, http: requests.Session
) -> None:
    reply = http.options(
        f"{paragon_server.url}/__paragon/tokens",
        headers={"Origin": LOCAL_PAGE, "Access-Control-Request-Method": "POST"},
        timeout=TIMEOUT,
    )
    assert reply.status_code == 403
    assert "access-control-allow-origin" not in reply.headers


def test_tools_without_origin_keep_using_the_admin_api(
    paragon_server: ParagonServer, http: requests.Session
) -> None:
    minted = http.post(f"{paragon_server.url}/__paragon/tokens", json={"sub": "u"}, timeout=TIMEOUT)
    assert minted.status_code == 201
    assert minted.json()["token"].count(".") == 2
    assert http.post(f"{paragon_server.url}/__paragon/reset", json={}, timeout=TIMEOUT).ok


def test_a_configured_origin_may_use_the_admin_api() -> None:
    fake = FakeParagon()
    policy = BrowserPolicy.of(cors_origins=["https://dashboard.example/"])
    with ServerThread(ParagonApp(fake, policy)) as thread, requests.Session() as http:
        origin = "https://dashboard.example"
        preflight = http.options(
            f"{thread.url}/__paragon/tokens",
            headers={"Origin": origin, "Access-Control-Request-Method": "POST"},
            timeout=TIMEOUT,
        )
        assert preflight.status_code == 204
        assert preflight.headers["access-control-allow-origin"] == origin
        minted = http.post(
            f"{thread.url}/__paragon/tokens",
            json={"sub": "u"},
            headers={"Origin": origin},
            timeout=TIMEOUT,
        )
        assert minted.status_code == 201
        assert minted.headers["access-control-allow-origin"] == origin
        other = http.post(
            f"{thread.url}/__paragon/tokens",
            json={"sub": "u"},
            headers={"Origin": EVIL},
            timeout=TIMEOUT,
        )
        assert other.status_code == 403


# -- Host (DNS rebinding) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:8000", "127.0.0.1.nip.io", "10.0.0.5", ""]
)
def test_a_foreign_host_is_not_answered(
    paragon_server: ParagonServer, paragon_fake: FakeParagon, http: requests.Session, host: str
) -> None:
    for method, path in (("POST", "/__paragon/tokens"), ("GET", "/__paragon/journal")):
        reply = http.request(
            method,
            paragon_server.url + path,
            json={"sub": "x"} if method == "POST" else None,
            headers={"Host": host},
            timeout=TIMEOUT,
        )
        assert reply.status_code == 421
        assert "token" not in reply.json()
    assert paragon_fake.journal == []


@pytest.mark.parametrize("host", ["localhost:1234", "127.0.0.1", "[::1]:80", "app.localhost"])
def test_loopback_hosts_are_answered(
    paragon_server: ParagonServer, http: requests.Session, host: str
) -> None:
    reply = http.get(
        f"{paragon_server.url}/__paragon/health", headers={"Host": host}, timeout=TIMEOUT
    )
    assert reply.status_code == 200


def test_allowed_hosts_extend_the_loopback_names() -> None:
    policy = BrowserPolicy.of(allowed_hosts=["paragon-fake:8000", "192.168.1.20"])
    assert policy.host_allowed("paragon-fake")
    assert policy.host_allowed("192.168.1.20:8000")
    assert not policy.host_allowed("paragon-fake.evil.example")
    assert host_name("[::1]:8000") == "::1"


@pytest.mark.parametrize(
    ("host", "warned"),
    [("127.0.0.1", False), ("localhost", False), ("::1", False), ("0.0.0.0", True),
     ("192.168.1.20", True), ("::", True)],
)  # fmt: skip
def test_a_non_loopback_bind_is_warned_about(host: str, warned: bool) -> None:
    warning = bind_warning(host)
    assert (warning is not None) is warned
    if warning:
        assert host in warning
        assert "mint tokens" in warning


# -- the serve command ---------------------------------------------------------------------------


def test_serve_takes_cors_origins_allowed_hosts_and_the_journal_bounds(tmp_path: Path) -> None:
    from tests.server.test_cli_serve import serve

    arguments = ("--cors-origin", "https://dash.example", "--allow-host", "paragon-fake")
    with serve(tmp_path, *arguments, "--journal-max-entries", "2") as served:
        admin = f"{served.url}/__paragon/tokens"
        preflight = requests.options(
            admin,
            headers={"Origin": "https://dash.example", "Access-Control-Request-Method": "POST"},
            timeout=TIMEOUT,
        )
        assert preflight.status_code == 204
        assert preflight.headers["access-control-allow-origin"] == "https://dash.example"
        health = f"{served.url}/__paragon/health"
        assert requests.get(health, headers={"Host": "paragon-fake:8000"}, timeout=TIMEOUT).ok
        foreign = requests.get(health, headers={"Host": "evil.example"}, timeout=TIMEOUT)
        assert foreign.status_code == 421
        for _ in range(3):
            requests.get(f"{served.url}/nowhere", timeout=TIMEOUT)
        summary = requests.get(f"{served.url}/__paragon/journal/summary", timeout=TIMEOUT).json()
        assert (summary["kept"], summary["dropped"]) == (2, 1)
        status, _, stderr = served.stop()
    assert status == 0
    assert "not loopback" not in stderr  # 127.0.0.1: no warning
