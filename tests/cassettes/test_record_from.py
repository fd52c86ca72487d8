"""Recording from any Paragon-compatible base URL, and async clients recorded asynchronously."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import httpx
import pytest

from pytest_paragon.cassettes.forward import (
    RecordingUnreachableError,
    forwarding,
    target_url,
)
from pytest_paragon.cassettes.recorder import CassetteSession
from pytest_paragon.errors import ParagonUsageError
from pytest_paragon.fake.base.exchange import FakeRequest
from pytest_paragon.fake.entrances.interception import Interception
from pytest_paragon.fake.entrances.transport import CLOUD_HOSTS
from tests.cassettes.conftest import Live


def test_every_paragon_host_maps_onto_the_base_url() -> None:
    request = FakeRequest("GET", "proxy.useparagon.com", "/projects/p/sdk/proxy/x")
    assert target_url(request, "http://127.0.0.1:8123/") == (
        "http://127.0.0.1:8123/projects/p/sdk/proxy/x"
    )
    assert target_url(request, "https://{service}.paragon.example.com/base") == (
        "https://proxy.paragon.example.com/base/projects/p/sdk/proxy/x"
    )
    assert target_url(request, None) == "https://proxy.useparagon.com/projects/p/sdk/proxy/x"
    with pytest.raises(ParagonUsageError, match="record_from"):
        target_url(request, "zeus.example.com")


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_recorded_request_that_reaches_nothing_names_the_setting(tmp_path: Path) -> None:
    session = CassetteSession(tmp_path / "c.yaml", mode="all")
    interception = Interception(session, CLOUD_HOSTS)
    url = f"http://127.0.0.1:{_closed_port()}"
    with (
        interception,
        forwarding(interception, session, url),
        pytest.raises(RecordingUnreachableError) as caught,
    ):
        httpx.get("https://zeus.useparagon.com/projects/p/sdk/me")
    message = str(caught.value)
    assert "--paragon-record-from" in message
    assert "paragon_server" in message
    assert session.problems == [caught.value]  # fails the test even if the client swallows it
    assert not session.save()


def test_an_async_client_records_through_the_async_transport(tmp_path: Path, live: Live) -> None:
    token = live.fake.signing_key.mint("user-1", project_id=live.fake.project.id, ttl=600)
    session = CassetteSession(tmp_path / "async.yaml", mode="all")
    interception = Interception(session, CLOUD_HOSTS)

    def never(request: FakeRequest) -> object:
        raise AssertionError("the sync transport was used for an async client")

    async def call() -> int:
        async with httpx.AsyncClient() as client:
            reply = await client.get(
                f"https://zeus.useparagon.com/projects/{live.fake.project.id}/sdk/me",
                headers={"Authorization": f"Bearer {token}"},
            )
            return reply.status_code

    with interception, forwarding(interception, session, live.thread.url):
        session.forward = never  # type: ignore[assignment]
        assert asyncio.run(call()) == 200
    assert session.save()
    recorded = session.interactions[0]["request"]
    assert recorded["url"].startswith("https://zeus.useparagon.com/projects/")
    assert len(live.fake.journal) == 1


def test_a_client_pointed_at_another_host_while_recording_is_told_the_setting(
    tmp_path: Path,
) -> None:
    import respx

    from pytest_paragon.fake.entrances.interception import UnroutedWhileRecordingError

    session = CassetteSession(tmp_path / "c.yaml", mode="all")
    router = respx.MockRouter(assert_all_called=False, assert_all_mocked=True)
    interception = Interception(session, CLOUD_HOSTS, router)
    with interception, pytest.raises(UnroutedWhileRecordingError, match="--paragon-record-from"):
        httpx.get("http://127.0.0.1:9/projects/p/sdk/me")
