"""A loopback server standing in for a live Paragon, reached through the on-prem host setting.

The "live Paragon" is the fake's own server mode (real uvicorn on 127.0.0.1) serving a
``FakeParagon`` whose signing key is written to a PEM file, so the tokens the tests mint with
``--paragon-signing-key`` are real tokens it verifies. Clients reach it as
``http://zeus.paragon.localhost:PORT``: ``*.localhost`` names resolve to loopback as RFC 6761 asks
(the resolver of this machine does not do it, so :func:`localhost_resolves` adds exactly that).
"""

from __future__ import annotations

import socket
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pytest_paragon.fake.core import FakeParagon
from pytest_paragon.fake.entrances.server import ParagonApp, ServerThread
from pytest_paragon.files import write_atomically
from pytest_paragon.tokens import SigningKey

ONPREM = "paragon.localhost"

RESOLVER = '''
import socket

_resolve = socket.getaddrinfo


def _loopback_for_localhost(host, *args, **kwargs):
    """RFC 6761: every *.localhost name is loopback."""
    name = host.decode("ascii", "replace") if isinstance(host, bytes) else host
    if isinstance(name, str) and name.endswith(".localhost"):  # anyio asks with IDNA bytes
        host = "127.0.0.1"
    return _resolve(host, *args, **kwargs)
'''


@dataclass
class Live:
    """The running stand-in: its fake, its port, its key file, its zeus base URL."""

    fake: FakeParagon
    thread: ServerThread
    pem: Path

    @property
    def port(self) -> int:
        return self.thread.port

    @property
    def zeus(self) -> str:
        return f"http://zeus.{ONPREM}:{self.port}"

    def stop(self) -> None:
        self.thread.stop()


@pytest.fixture
def localhost_resolves(monkeypatch: pytest.MonkeyPatch) -> None:
    """``*.localhost`` resolves to 127.0.0.1 in this process (RFC 6761)."""
    namespace: dict[str, Any] = {}
    exec(RESOLVER, namespace)  # the same resolver the pytester conftest installs
    monkeypatch.setattr(socket, "getaddrinfo", namespace["_loopback_for_localhost"])


@pytest.fixture
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """A live-Paragon stand-in on loopback, with its signing key in a PEM file."""
    key = SigningKey.generate()
    pem = tmp_path_factory.mktemp("key") / "signing-key.pem"
    write_atomically(pem, key.private_pem(), mode=0o600)
    fake = FakeParagon(signing_key=key)
    thread = ServerThread(ParagonApp(fake)).start()
    try:
        yield Live(fake, thread, pem)
    finally:
        thread.stop()


def user_conftest(live: Live, **extra_ini: str) -> tuple[str, str]:
    """(conftest.py, pytest.ini) of a user's suite recording from ``live`` as on-prem Paragon."""
    conftest = RESOLVER + textwrap.dedent(
        f"""
        import pytest

        ZEUS = "http://zeus.{ONPREM}:{live.port}"


        @pytest.fixture(autouse=True)
        def _localhost(monkeypatch):
            monkeypatch.setattr(socket, "getaddrinfo", _loopback_for_localhost)
        """
    )
    lines = [
        "[pytest]",
        f"paragon_onprem_host = {ONPREM}",
        f"paragon_signing_key = {live.pem}",
        *(f"paragon_{key} = {value}" for key, value in extra_ini.items()),
    ]
    return conftest, "\n".join(lines) + "\n"
