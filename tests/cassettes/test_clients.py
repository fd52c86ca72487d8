"""httpx (sync, async, streamed) and requests traffic is recorded and replayed alike."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
import requests

from tests.cassettes.conftest import Live
from tests.cassettes.sessions import cassette

pytestmark = pytest.mark.usefixtures("localhost_resolves")


def _calls(live: Live, token: str) -> list[object]:
    """The same four reads through four ways of sending a request."""
    headers = {"Authorization": f"Bearer {token}"}
    me = f"{live.zeus}/projects/{live.fake.project.id}/sdk/me"
    credentials = f"{live.zeus}/projects/{live.fake.project.id}/sdk/credentials"
    with httpx.Client(headers=headers) as client:
        sync = client.get(me).json()
        with client.stream("GET", credentials) as streamed:
            chunks = b"".join(streamed.iter_bytes())

    async def read() -> object:
        async with httpx.AsyncClient(headers=headers) as client:
            return (await client.get(me, params={"via": "async"})).json()

    asynchronous = asyncio.run(read())
    with requests.Session() as session:
        plain = session.get(me, headers=headers, params={"via": "requests"}).json()
    return [sync, chunks, asynchronous, plain]


def test_every_client_is_recorded_and_replayed_offline(tmp_path: Path, live: Live) -> None:
    live.fake.users.connect("user-1", "salesforce")
    token = live.fake.signing_key.mint("user-1", project_id=live.fake.project.id, ttl=600)
    path = tmp_path / "clients.yaml"
    with cassette(path, "once") as session:
        recorded = _calls(live, token)
    assert session.finish() == []
    assert len(live.fake.journal) == 4
    assert recorded[0]["integrations"]["salesforce"]["enabled"] is True  # type: ignore[index]
    live.stop()
    with cassette(path) as session:
        replayed = _calls(live, token)
    assert session.finish() == []
    assert session.unused() == []
    assert replayed[0] == recorded[0]
    assert replayed[2] == recorded[2]
    assert replayed[3] == recorded[3]
    assert (
        httpx.Response(200, content=replayed[1]).json()
        == httpx.Response(  # type: ignore[arg-type]
            200,
            content=recorded[1],  # type: ignore[arg-type]
        ).json()
    )
