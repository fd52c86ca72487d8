"""Every client of the table, real library: answered, checked, journaled, recorded, replayed."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pytest_paragon.errors import ContractViolationError
from pytest_paragon.fake.core import FakeParagon
from pytest_paragon.fake.entrances.interception import Interception, intercept
from pytest_paragon.fake.entrances.server import ParagonApp, ServerThread
from pytest_paragon.fake.entrances.users import FakeUser, make_user
from pytest_paragon.tokens import SigningKey
from tests.cassettes.conftest import ONPREM, RESOLVER
from tests.cassettes.sessions import cassette
from tests.fake.clients import Client, clients

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


@clients
def test_answered_from_state(
    client: Client, fake: FakeParagon, user: FakeUser, intercepted: Interception
) -> None:
    url = f"{ZEUS}/projects/{fake.project.id}/sdk/me"
    status, body = client.send("PATCH", url, user.headers, {"meta": {"Plan": "pro"}}, 5)
    assert status == 200, body
    status, body = client.send("GET", url + "?via=table", user.headers, None, 5)
    assert status == 200
    assert b'"Plan":"pro"' in body.replace(b" ", b"")
    assert fake.problems() == []


@clients
def test_journaled_with_user_body_and_query(
    client: Client, fake: FakeParagon, user: FakeUser, intercepted: Interception
) -> None:
    url = f"{ZEUS}/projects/{fake.project.id}/sdk/me?via=table"
    client.send("PATCH", url, user.headers, {"meta": {"Plan": "pro"}}, 5)
    [entry] = fake.requests("updateConnectedUserMetadata")
    assert entry.user_id == "user-1"
    assert entry.json == {"meta": {"Plan": "pro"}}
    assert entry.query == (("via", "table"),)
    assert entry.host == "zeus.useparagon.com"
    assert entry.status == 200


@clients
def test_a_contract_violation_is_reported(
    client: Client, fake: FakeParagon, user: FakeUser, intercepted: Interception
) -> None:
    url = f"{ZEUS}/projects/{fake.project.id}/sdk/me"
    status, _ = client.send("PATCH", url, user.headers, {"meta": "not an object"}, 5)
    assert status == 400
    [problem] = fake.problems()
    assert isinstance(problem, ContractViolationError)
    assert "meta" in str(problem)


@clients
def test_the_wrong_paragon_host_is_a_404_and_a_violation(
    client: Client, fake: FakeParagon, user: FakeUser, intercepted: Interception
) -> None:
    url = f"https://proxy.useparagon.com/projects/{fake.project.id}/sdk/me"
    status, body = client.send("GET", url, user.headers, None, 5)
    assert status == 404
    assert b"zeus.useparagon.com" in body
    [violation] = fake._violations
    assert violation.place == "host"


# -- recorded from a live stand-in, replayed offline ------------------------------------------


@pytest.fixture(scope="module")
def live_server() -> Iterator[tuple[FakeParagon, int]]:
    """One live-Paragon stand-in on loopback for every row (tests.cassettes' ``live``, shared)."""
    key = SigningKey.generate()
    fake = FakeParagon(signing_key=key)
    with ServerThread(ParagonApp(fake)) as thread:
        yield fake, thread.port


@pytest.fixture
def localhost(monkeypatch: pytest.MonkeyPatch) -> None:
    namespace: dict[str, Any] = {}
    exec(RESOLVER, namespace)
    monkeypatch.setattr(socket, "getaddrinfo", namespace["_loopback_for_localhost"])


@clients
@pytest.mark.usefixtures("localhost")
def test_recorded_then_replayed_offline(
    client: Client, live_server: tuple[FakeParagon, int], tmp_path: Path
) -> None:
    live, port = live_server
    live.journal.clear()
    live.users.connect("user-1", "salesforce")
    token = live.signing_key.mint("user-1", project_id=live.project.id, ttl=600)
    headers = {"Authorization": f"Bearer {token}"}
    url = f"http://zeus.{ONPREM}:{port}/projects/{live.project.id}/sdk/me?via=cassette"
    path = tmp_path / "client.yaml"
    with cassette(path, "once") as session:
        recorded = client.send("GET", url, headers, None, 5)
    assert session.finish() == []
    assert [entry.path for entry in live.journal] == [f"/projects/{live.project.id}/sdk/me"]
    assert recorded[0] == 200
    assert b"salesforce" in recorded[1]
    with cassette(path) as session:  # mode none: a request not in the cassette fails
        replayed = client.send("GET", url, headers, None, 5)
    assert session.finish() == []
    assert session.unused() == []
    assert replayed == recorded
    assert len(live.journal) == 1  # replayed offline: the live stand-in saw nothing more
