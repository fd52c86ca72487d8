"""`--paragon-target`: the suite over real HTTP, against the fake behind a loopback server.

The server runs in this process (``ServerThread``, as ``paragon_server`` does); the suite runs in
a subprocess through ``pytest-paragon verify --target``. It must find the ids it needs on the
target by itself (discovery), authenticate with minted tokens and the project API key, and reach
nothing but the target.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pytest_paragon.contract_suite.world import seed_fake
from pytest_paragon.fake.core import FakeParagon
from pytest_paragon.fake.entrances.server import ParagonApp, ServerThread
from pytest_paragon.files import write_atomically

TIMEOUT = 600.0
OPERATIONS = "getCredential,getWorkflowExecution,runActionKitTool,pullSyncedRecords"


@pytest.fixture
def served() -> Iterator[tuple[FakeParagon, str]]:
    """A seeded fake on a loopback server: its world exists before the suite looks for it."""
    fake = FakeParagon(random_seed=11)
    seed_fake(fake)
    with ServerThread(ParagonApp(fake)) as server:
        yield fake, server.url


def _verify(
    pytester: pytest.Pytester, fake: FakeParagon, url: str, *extra: str
) -> pytest.RunResult:
    key = Path(pytester.path, "signing-key.pem")
    write_atomically(key, fake.signing_key.private_pem())
    return pytester.run(
        sys.executable,
        "-m",
        "pytest_paragon",
        "verify",
        "--target",
        url,
        "--project-id",
        fake.project.id,
        "--signing-key",
        str(key),
        "--max-examples",
        "2",
        "--operations",
        OPERATIONS,
        *extra,
        timeout=TIMEOUT,
    )


def test_the_suite_runs_against_a_loopback_server(
    pytester: pytest.Pytester, served: tuple[FakeParagon, str]
) -> None:
    fake, url = served
    credential = fake.users.credentials("paragon-contract-user")[0]
    execution = fake.task_history.executions()[0]
    result = _verify(pytester, fake, url, "--target-api-key", fake.project.apiKeys[0])
    assert result.ret == 0, result.stdout.str()[-5000:]
    result.stdout.fnmatch_lines([f"*paragon contract suite: target {url}*", "*4 passed*"])
    asked = {(entry.operation_id, entry.path) for entry in fake.journal}
    prefix = f"/projects/{fake.project.id}"
    # discovery read the ids, and the generated requests used them
    assert ("getCredential", f"{prefix}/sdk/credentials/{credential.id}") in asked
    path = f"{prefix}/task-history/workflow-executions/{execution.id}"
    assert ("getWorkflowExecution", path) in asked
    assert any(op == "runActionKitTool" for op, _ in asked)
    statuses = {entry.status for entry in fake.journal if entry.operation_id == "getCredential"}
    assert 200 in statuses


def test_a_served_fake_gives_its_api_key_when_none_is_given(
    pytester: pytest.Pytester, served: tuple[FakeParagon, str]
) -> None:
    # A live Paragon would skip Task History without --target-api-key; a served fake names its key.
    fake, url = served
    result = _verify(pytester, fake, url, "-rs")
    assert result.ret == 0, result.stdout.str()[-5000:]
    result.stdout.fnmatch_lines(["*4 passed*"])
    assert "SKIPPED" not in result.stdout.str()


def test_a_target_needs_a_project_and_a_way_to_authenticate(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess(
        "-p", "paragon", "--paragon-suite", "--paragon-target", "http://127.0.0.1:9"
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--paragon-target needs --paragon-project-id*"])
