"""``pytest-paragon verify --target URL`` against a served fake passes every operation, unaided.

Nothing but the URL is given: the suite recognises pytest-paragon by ``GET /__paragon/health``,
takes the project id and API key from it, mints its token and seeds the world it needs through
``POST /__paragon/seed``. The whole contract runs (71 operations), with one generated request per
operation in the fuzzing phase (``--max-examples 1``; the examples and coverage phases add
theirs) to keep it near a minute.
"""

from __future__ import annotations

import sys

import pytest

from pytest_paragon.contract import load_contract
from pytest_paragon.fake.core import FakeParagon
from pytest_paragon.fake.entrances.server import ParagonApp, ServerThread

TIMEOUT = 900.0


def test_verify_against_serve_passes_every_operation_out_of_the_box(
    pytester: pytest.Pytester,
) -> None:
    operations = len(load_contract().operations)
    fake = FakeParagon(random_seed=3)  # as `pytest-paragon serve` starts: nothing seeded
    with ServerThread(ParagonApp(fake)) as server:
        result = pytester.run(
            sys.executable,
            "-m",
            "pytest_paragon",
            "verify",
            "--target",
            server.url,
            "--max-examples",
            "1",
            "-p",
            "no:cacheprovider",
            timeout=TIMEOUT,
        )
    output = result.stdout.str()
    assert result.ret == 0, output[-6000:]
    result.stdout.fnmatch_lines(
        [
            f"*{operations} operations checked*: {operations} passed*",
            "3 flows run (actionkit, connect, sync): 3 passed",
        ]
    )
    assert operations == 71
    # the suite seeded through the admin API, and the proxy operations reached the answers
    seeded = [e for e in fake.journal if e.operation_id and e.operation_id.startswith("proxy")]
    assert any(200 <= e.status < 300 for e in seeded)
