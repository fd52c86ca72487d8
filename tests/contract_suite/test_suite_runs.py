"""The contract suite as users run it: `pytest -p paragon --paragon-contract` and `verify`.

Every run is a real subprocess in an empty pytester directory. Runs are kept small (a few
operations with ``-k``, two or five generated requests per operation) except the one that checks
the whole suite passes against the fake.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pytest_paragon.contract import load_contract

TIMEOUT = 600.0
CONTRACT = load_contract()
OPERATION_IDS = {operation.operation_id for operation in CONTRACT.operations}


def _item_ids(lines: list[str]) -> list[str]:
    """The operationIds of the collected items (``...::test_operation[GET /x][getX]``)."""
    items = [line for line in lines if "::test_operation[" in line]
    return [line.rsplit("[", 1)[1].rstrip("]") for line in items]


def test_one_item_per_operation_in_an_empty_directory(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")  # schemathesis' plugin comes along
    result = pytester.runpytest_subprocess(
        "-p", "paragon", "--paragon-contract", "--collect-only", "-q", timeout=TIMEOUT
    )
    assert result.ret == 0, result.stdout.str()
    ids = _item_ids(result.outlines)
    assert len(ids) == len(CONTRACT.operations) == 71
    assert set(ids) == OPERATION_IDS


def test_verify_passes_against_the_fake_and_writes_a_junit_report(
    pytester: pytest.Pytester,
) -> None:
    report = pytester.path / "reports" / "contract.xml"
    workers = ["-n", "2"] if importlib.util.find_spec("xdist") else []  # node ids are unique
    result = pytester.run(
        sys.executable,
        "-m",
        "pytest_paragon",
        "verify",
        "--max-examples",
        "2",
        "--junitxml",
        "reports/contract.xml",
        *workers,
        timeout=TIMEOUT,
    )
    assert result.ret == 0, result.stdout.str()[-5000:]
    result.stdout.fnmatch_lines(["*paragon contract suite: the built-in fake, in-process*"])
    suite = ET.parse(report).getroot().find("testsuite")
    assert suite is not None
    counts = {
        name: int(suite.get(name, "0")) for name in ("tests", "failures", "errors", "skipped")
    }
    assert counts == {"tests": 71, "failures": 0, "errors": 0, "skipped": 0}
    names = {case.get("name", "") for case in suite.iter("testcase")}
    assert {name.rsplit("[", 1)[1].rstrip("]") for name in names} == OPERATION_IDS


BROKEN_FAKE = """
import pytest_paragon.fake.core  # registers every handler
from pytest_paragon.fake.base.context import HANDLERS, Reply

# getCredential answers a body the contract refuses; listSyncs is not served at all (501).
HANDLERS["getCredential"] = lambda context: Reply(json={"id": 42, "status": "BROKEN"})
del HANDLERS["listSyncs"]
"""


def test_a_broken_fake_fails_the_suite_naming_the_operations(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(BROKEN_FAKE)
    result = pytester.runpytest_subprocess(
        "-p",
        "paragon",
        "--paragon-contract",
        "--paragon-max-examples",
        "2",
        "-k",
        "getCredential or listSyncs or getConnectedUser",
        timeout=TIMEOUT,
    )
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines_random(
        [
            "FAILED *test_operation[[]GET /projects/{projectId}/sdk/credentials/{credentialId}]"
            "[[]getCredential]*",
            "FAILED *test_operation[[]GET /api/syncs][[]listSyncs]*",
            "*Response violates schema*",
            "*Server error*",
        ]
    )


RECORDER = """
import json

from pytest_paragon.fake.core import FakeParagon

SEEN = []
_handle = FakeParagon.handle


def handle(self, request):
    query = sorted(pair for pair in request.query if pair[0] != "userToken")  # minted now
    SEEN.append([request.method, request.path, query, request.body.decode("latin-1")])
    return _handle(self, request)


FakeParagon.handle = handle


def pytest_sessionfinish(session):
    with open("requests.json", "w", encoding="utf-8") as stream:
        json.dump(SEEN, stream)
"""


def _requests_sent(pytester: pytest.Pytester, seed: int) -> list[object]:
    result = pytester.runpytest_subprocess(
        "-p",
        "paragon",
        "--paragon-contract",
        "--paragon-seed",
        str(seed),
        "--paragon-max-examples",
        "5",
        "-k",
        "updateCredential or createTriggerSubscription or listWorkflowExecutions",
        timeout=TIMEOUT,
    )
    result.assert_outcomes(passed=3)
    sent: list[object] = json.loads(Path(pytester.path, "requests.json").read_text("utf-8"))
    return sent


def test_the_same_seed_sends_the_same_requests(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(RECORDER)
    first, again, other = (_requests_sent(pytester, seed) for seed in (3, 3, 4))
    assert len(first) > 30
    assert first == again
    assert first != other


OFFLINE = """
import socket


def refuse(self, address):
    raise OSError(f"the contract suite tried to reach {address!r}")


socket.socket.connect = refuse
socket.socket.connect_ex = refuse
"""


def test_nothing_leaves_the_machine_without_a_target(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(OFFLINE)
    result = pytester.runpytest_subprocess(
        "-p",
        "paragon",
        "--paragon-contract",
        "--paragon-max-examples",
        "2",
        "-k",
        "getConnectedUser or proxyPost or runActionKitTool or enableSync",
        timeout=TIMEOUT,
    )
    outcomes = result.parseoutcomes()
    assert set(outcomes) == {"passed", "deselected"}, result.stdout.str()[-3000:]
    assert outcomes["passed"] >= 4
