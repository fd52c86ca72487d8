"""Faults in server mode: real sockets that wait, stall, reset or cut a body short (bounded)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from pytest_paragon.fake.core import FakeParagon
from pytest_paragon.fake.entrances.server import ParagonServer
from pytest_paragon.fake.entrances.users import FakeUser


@pytest.fixture
def client(paragon_server: ParagonServer, paragon_user: FakeUser) -> Iterator[httpx.Client]:
    base = f"{paragon_server.url}/projects/{paragon_user.project_id}"
    with httpx.Client(base_url=base, headers=paragon_user.headers, timeout=5) as http:
        yield http


def test_a_status_fault_seeded_through_the_admin_api(
    paragon_server: ParagonServer, paragon_fake: FakeParagon, client: httpx.Client
) -> None:
    seed = {"faults": [{"operation": "getConnectedUser", "status": 429, "retryAfter": 7}]}
    admin = httpx.post(f"{paragon_server.url}/__paragon/seed", json=seed, timeout=5)
    assert admin.status_code == 201, admin.text
    response = client.get("/sdk/me")
    assert response.status_code == 429
    assert response.headers["retry-after"] == "7"
    assert response.json() == {"message": "Too Many Requests", "statusCode": 429}


def test_latency_answers_late_and_past_the_clients_timeout_it_times_out(
    paragon_fake: FakeParagon, client: httpx.Client
) -> None:
    paragon_fake.faults.on("getConnectedUser", "latency", seconds=0.05, times=1)
    assert client.get("/sdk/me").status_code == 200
    paragon_fake.faults.on("getConnectedUser", "latency", seconds=1)
    with pytest.raises(httpx.ReadTimeout):
        client.get("/sdk/me", timeout=0.2)


def test_a_timeout_is_a_stalled_socket(paragon_fake: FakeParagon, client: httpx.Client) -> None:
    paragon_fake.faults.on("getConnectedUser", "timeout", seconds=1)
    with pytest.raises(httpx.ReadTimeout):
        client.get("/sdk/me", timeout=0.2)


def test_a_reset_is_a_reset_connection(paragon_fake: FakeParagon, client: httpx.Client) -> None:
    paragon_fake.faults.on(area="users", kind="reset", times=1)
    with pytest.raises((httpx.ReadError, httpx.RemoteProtocolError)):
        client.get("/sdk/me")
    assert client.get("/sdk/me").status_code == 200  # the server serves on


def test_a_truncated_body_stops_short_of_its_length(
    paragon_fake: FakeParagon, client: httpx.Client
) -> None:
    paragon_fake.faults.on("getConnectedUser", "truncated")
    with pytest.raises(httpx.RemoteProtocolError, match=r"incomplete|complete message body"):
        client.get("/sdk/me")


def test_a_malformed_body_is_not_json(paragon_fake: FakeParagon, client: httpx.Client) -> None:
    paragon_fake.faults.on("getConnectedUser", "malformed")
    response = client.get("/sdk/me")
    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        response.json()
