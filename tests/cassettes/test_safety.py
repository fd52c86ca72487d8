"""Writes are atomic (a killed recorder leaves the previous cassette) and xdist-safe."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import yaml

from pytest_paragon.cassettes import store
from pytest_paragon.files import clean_stale_temporaries
from tests.cassettes.conftest import Live, user_conftest

ROOT = Path(__file__).resolve().parents[2]

KILLED_WHILE_SAVING = """
import os, sys, time
from pytest_paragon.cassettes.recorder import CassetteSession
from pytest_paragon.fake.base.exchange import FakeRequest, FakeResponse

path, ready = sys.argv[1], sys.argv[2]
real_fsync = os.fsync

def slow_disk(descriptor):
    # the new cassette is in its temporary file; hang before the rename, like a slow disk
    open(ready, "w").close()
    time.sleep(600)

session = CassetteSession(
    path,
    mode="all",
    forward=lambda request: FakeResponse(200, {"content-type": "application/json"}, b'{"n": 2}'),
)
for n in range(200):
    query = (("n", str(n)),)
    session.handle(FakeRequest("GET", "zeus.useparagon.com", "/projects/p/sdk/me", query))
os.fsync = slow_disk
session.save()
"""


def test_a_recorder_killed_while_saving_leaves_the_previous_cassette(tmp_path: Path) -> None:
    path = tmp_path / "cassette.yaml"
    previous = [
        {
            "request": {"method": "GET", "url": "https://zeus.useparagon.com/projects/p/sdk/me"},
            "response": {"status": 200, "json": {"n": 1}},
        }
    ]
    store.write(path, previous)
    before = path.read_bytes()
    ready = tmp_path / "ready"
    script = tmp_path / "record.py"
    script.write_text(KILLED_WHILE_SAVING, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, str(script), str(path), str(ready)], env=env)
    try:
        while not ready.exists():  # waits for the event, not for a duration
            assert process.poll() is None, "the recorder ended before saving"
            time.sleep(0.01)
        partial = [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]
        assert len(partial) == 1
        assert partial[0].stat().st_size > len(before)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert path.read_bytes() == before
    assert store.read(path) == previous
    assert clean_stale_temporaries(path) == partial
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cassette.yaml", "ready", "record.py"]


SHARED = """
import httpx, pytest

@pytest.mark.parametrize("n", range(8))
@pytest.mark.paragon_cassette("shared")
def test_reads(paragon_user, zeus, n):
    project = paragon_user.fake.project.id
    reply = httpx.get(
        f"{zeus}/projects/{project}/sdk/me", params={"n": str(n)},
        headers={"Authorization": f"Bearer {paragon_user.token}"},
    )
    assert reply.status_code == 200
"""


def test_two_xdist_workers_recording_one_shared_cassette_lose_nothing(
    pytester: pytest.Pytester, live: Live, localhost_resolves: None
) -> None:
    conftest, ini = user_conftest(live)
    pytester.makeconftest(
        conftest
        + textwrap.dedent(
            """

            @pytest.fixture
            def zeus():
                return ZEUS
            """
        )
    )
    pytester.makeini(ini)
    pytester.makepyfile(test_shared=SHARED)
    result = pytester.runpytest("-p", "paragon", "-n", "2", "--paragon-record-mode=new_episodes")
    result.assert_outcomes(passed=8)
    shared = pytester.path / "cassettes" / "shared.yaml"
    recorded = yaml.safe_load(shared.read_text(encoding="utf-8"))["interactions"]
    assert sorted(int(i["request"]["query"]["n"]) for i in recorded) == list(range(8))
    result.stdout.fnmatch_lines(["*created: 2/2 workers*"])
    assert len(live.fake.journal) == 8
    live.stop()
    pytester.runpytest("-p", "paragon", "-n", "2").assert_outcomes(passed=8)
