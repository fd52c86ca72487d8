"""The README's "Recording real traffic" section runs as written: recorded, replayed offline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pytest_paragon.cli import main
from tests.cassettes.conftest import Live, user_conftest

README = Path(__file__).resolve().parents[2] / "README.md"


def blocks(title: str) -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    assert section is not None, title
    return re.findall(r"```python\n(.*?)```", section.group(1), flags=re.S)


def test_the_recording_section_records_replays_and_verifies(
    pytester: pytest.Pytester,
    live: Live,
    localhost_resolves: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = blocks("Recording real traffic")[0]
    live.fake.users.connect("user-1", "salesforce")
    conftest, ini = user_conftest(live)
    pytester.makeconftest(conftest)
    pytester.makeini(ini)
    pytester.makepyfile(test_readme=code)
    monkeypatch.setenv("PARAGON_ZEUS", live.zeus)
    pytester.runpytest("-p", "paragon", "--paragon-record-mode=once").assert_outcomes(passed=1)
    cassette = pytester.path / "cassettes" / "test_readme" / "test_connected_integrations.yaml"
    assert '"operation": "getConnectedUser"' in cassette.read_text(encoding="utf-8")
    assert len(live.fake.journal) == 1
    live.stop()
    pytester.runpytest("-p", "paragon").assert_outcomes(passed=1)
    capsys.readouterr()
    assert main(["cassettes", "verify", str(pytester.path / "cassettes")]) == 0
    assert capsys.readouterr().out.endswith("1 cassette(s), 1 interaction(s): clean\n")


OFFLINE = """
import socket

import pytest


@pytest.fixture(autouse=True)
def _offline(monkeypatch):
    def refuse(sock, address):
        raise OSError(f"offline: no connection to {address}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
"""


def test_recording_from_the_served_fake_then_replaying_offline(pytester: pytest.Pytester) -> None:
    code = blocks("Recording real traffic")[1]
    assert 'record_from="paragon_server"' in code
    pytester.makepyfile(test_served=code)
    pytester.runpytest("-p", "paragon", "--paragon-record-mode=once").assert_outcomes(passed=1)
    cassette = (
        pytester.path / "cassettes" / "test_served" / "test_me_recorded_from_the_served_fake.yaml"
    )
    text = cassette.read_text(encoding="utf-8")
    assert '"url": "https://zeus.useparagon.com/projects/' in text  # the host the client asked
    assert '"operation": "getConnectedUser"' in text
    pytester.makeconftest(OFFLINE)  # no socket may connect: no server, no network
    result = pytester.runpytest("-p", "paragon")
    result.assert_outcomes(passed=1)
