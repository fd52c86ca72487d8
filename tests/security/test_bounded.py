"""Bounded memory and time: the journal keeps at most its bounds, a half-sent request is dropped.

The journal kept every body forever (40 x 4.9 MB bodies: +204 MB); a client that sent half a
request head held the connection open for as long as it liked. Loopback only; every socket has a
timeout that bounds a hang, none is a threshold the test measures.
"""

from __future__ import annotations

import json
import socket
import time
import warnings

import pytest
import requests

from pytest_paragon.fake.base.exchange import Journal, JournalTrimmedWarning
from pytest_paragon.fake.core import FakeParagon
from pytest_paragon.fake.entrances.server import ParagonApp, ServerThread
from pytest_paragon.fake.entrances.users import make_user

TIMEOUT = 10


def _events(fake: FakeParagon, count: int, size: int) -> None:
    user = make_user(fake, "u-1")
    for number in range(count):
        reply = user.client.post(
            f"https://hermes.useparagon.com/v2/projects/{fake.project.id}/sdk/events/trigger",
            json={"name": "E", "payload": {"n": number, "blob": "x" * size}},
        )
        assert reply.status_code == 201


def test_the_journal_drops_the_oldest_past_its_count() -> None:
    fake = FakeParagon(journal_max_entries=5)
    with pytest.warns(JournalTrimmedWarning, match="journal_max_entries") as caught:
        _events(fake, 12, 10)
    assert len(caught) == 1  # said once, not per dropped exchange
    assert len(fake.journal) == 5
    assert [entry.json["payload"]["n"] for entry in fake.journal] == [7, 8, 9, 10, 11]
    assert fake.journal.dropped == 7
    assert fake.journal.summary()["dropped"] == 7
    assert len(fake.users.app_events()) == 12  # state is not the journal: nothing else is dropped


def test_the_journal_drops_the_oldest_past_its_bytes() -> None:
    fake = FakeParagon(journal_max_bytes=200_000)
    with pytest.warns(JournalTrimmedWarning):
        _events(fake, 40, 50_000)
    assert fake.journal.bytes <= 200_000
    assert sum(Journal.size_of(entry) for entry in fake.journal) == fake.journal.bytes
    assert fake.journal.dropped + len(fake.journal) == 40
    assert fake.journal.dropped_bytes > 40 * 50_000 - 200_000 - 40 * 1000
    assert fake.journal[-1].json["payload"]["n"] == 39


def test_an_entry_larger_than_the_byte_bound_is_kept_alone() -> None:
    fake = FakeParagon(journal_max_bytes=1_000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", JournalTrimmedWarning)
        _events(fake, 3, 5_000)
    assert len(fake.journal) == 1  # the newest, so assertions on the last request still work
    assert fake.journal.dropped == 2


def test_reset_forgets_the_dropped_counts() -> None:
    fake = FakeParagon(journal_max_entries=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", JournalTrimmedWarning)
        _events(fake, 3, 1)
    fake.reset()
    assert fake.journal.summary() == {
        "kept": 0,
        "bytes": 0,
        "dropped": 0,
        "droppedBytes": 0,
        "maxEntries": 1,
        "maxBytes": fake.journal.max_bytes,
    }


@pytest.mark.paragon(journal_max_entries=2)
def test_the_setting_reaches_the_fixture_and_the_admin_summary(
    paragon_fake: FakeParagon, paragon_server: object
) -> None:
    assert paragon_fake.journal.max_entries == 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", JournalTrimmedWarning)
        _events(paragon_fake, 3, 1)
    url = paragon_server.url  # type: ignore[attr-defined]
    summary = requests.get(f"{url}/__paragon/journal/summary", timeout=TIMEOUT).json()
    assert summary["kept"] == 2
    assert summary["dropped"] == 1


# -- the header-read timeout -------------------------------------------------------------------


def _connect(thread: ServerThread) -> socket.socket:
    connection = socket.create_connection((thread.host, thread.port), timeout=TIMEOUT)
    return connection


def _read_all(connection: socket.socket) -> bytes:
    answer = b""
    try:
        while chunk := connection.recv(65536):
            answer += chunk
    except (ConnectionResetError, TimeoutError):
        pass
    return answer


def test_a_half_sent_request_head_gets_408_and_the_server_serves_on() -> None:
    with ServerThread(ParagonApp(FakeParagon()), header_timeout=0.5) as thread:
        with _connect(thread) as slow:
            slow.sendall(b"GET /__paragon/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            answer = _read_all(slow)  # the server closes: recv returns b"" before TIMEOUT
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 408"), answer[:200]
        assert json.loads(body)["statusCode"] == 408
        reply = requests.get(f"{thread.url}/__paragon/health", timeout=TIMEOUT)
        assert reply.status_code == 200


def test_an_idle_keep_alive_connection_is_not_cut_by_the_head_timer() -> None:
    """The timer stops when the head is complete and starts again with the next request's."""
    server = ServerThread(ParagonApp(FakeParagon()), header_timeout=0.5)
    with server as thread, _connect(thread) as client:
        for _ in range(2):  # two requests on one connection
            client.sendall(b"GET /__paragon/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            data = b""
            while b"}" not in data:
                data += client.recv(65536)
            assert data.startswith(b"HTTP/1.1 200"), data[:200]
            time.sleep(1.0)  # idle past the head timeout: only the keep-alive timer runs
