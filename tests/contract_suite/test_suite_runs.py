"""The contract suite as users run it: `pytest -p paragon --paragon-suite` and `verify`.

Every run is a real subprocess in an empty pytester directory. Runs are kept small (a few
operations with ``-k``, two or five generated requests per operation) except the one that checks
the whole suite passes against the fake.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pytest_paragon.contract import load_contract

TIMEOUT = 600.0
CONTRACT = load_contract()
OPERATION_IDS = {operation.operation_id for operation in CONTRACT.operations}


def _item_ids(lines: list[str]) -> list[str]:
    """The operationIds of the collected items (``...::test_operation[getX]``)."""
    items = [line for line in lines if "::test_operation[" in line]
    return [line.rsplit("[", 1)[1].rstrip("]") for line in items]


def test_one_item_per_operation_in_an_empty_directory(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")  # schemathesis' plugin comes along
    result = pytester.runpytest_subprocess(
        "-p", "paragon", "--paragon-suite", "--collect-only", "-q", timeout=TIMEOUT
    )
    assert result.ret == 0, result.stdout.str()
    ids = _item_ids(result.outlines)
    assert len(ids) == len(CONTRACT.operations) == 71
    assert set(ids) == OPERATION_IDS


def _ci_verify_run() -> tuple[Path, pytest.LineMatcher] | None:
    """The main command's own ``pytest-paragon verify`` run, when ``.ci/run`` made one.

    ``.ci/run`` runs the README's main command (a whole verify, 25 examples per operation) with a
    JUnit report and its output kept in ``PARAGON_CI_VERIFY_DIR``; reading it saves running a
    second whole verify in the suite.
    """
    folder = os.environ.get("PARAGON_CI_VERIFY_DIR")
    if not folder:
        return None
    report, output = Path(folder, "verify.xml"), Path(folder, "verify.out")
    assert report.is_file(), f"{report}: .ci/run's main command wrote no JUnit report"
    return report, pytest.LineMatcher(output.read_text("utf-8").splitlines())


def test_verify_passes_against_the_fake_and_writes_a_junit_report(
    pytester: pytest.Pytester,
) -> None:
    ci_run = _ci_verify_run()
    if ci_run is not None:
        report, stdout = ci_run
    else:
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
        stdout = result.stdout
    stdout.fnmatch_lines(
        [
            "*paragon contract suite: the built-in fake, in-process*",
            "*= paragon contract suite =*",
            "71 operations checked against the built-in fake: 71 passed",
            "* requests sent and checked; checks run:",
            "  not_a_server_error * run, 0 failed",
            "failures by check: none",
            "4 flows run (actionkit, authorization, connect, sync): 4 passed",
        ]
    )
    suite = ET.parse(report).getroot().find("testsuite")
    assert suite is not None
    counts = {
        name: int(suite.get(name, "0")) for name in ("tests", "failures", "errors", "skipped")
    }
    assert counts == {"tests": 71 + 4, "failures": 0, "errors": 0, "skipped": 0}  # 4 flows
    names = {case.get("name", "") for case in suite.iter("testcase")}
    assert {name.rsplit("[", 1)[1].rstrip("]") for name in names} == OPERATION_IDS | {
        "actionkit",
        "authorization",
        "connect",
        "sync",
    }
    for case in suite.iter("testcase"):  # each test case says what was checked (via xdist)
        if case.get("name", "").startswith("test_flow["):
            continue
        properties = {p.get("name"): p.get("value", "") for p in case.iter("property")}
        assert int(properties["paragon.requests"]) >= 1, case.get("name")
        assert re.fullmatch(r"\d+ run, 0 failed", properties["paragon.check.not_a_server_error"])


BROKEN_FAKE = """
import pytest_paragon.fake.core  # registers every handler
from pytest_paragon.fake.base.context import HANDLERS, Reply

# getCredential answers a body the contract refuses; listSyncs is not served at all (501).
HANDLERS["getCredential"] = lambda context: Reply(json={"id": 42, "status": "BROKEN"})
del HANDLERS["listSyncs"]
"""


def test_a_broken_fake_fails_the_suite_naming_the_operations(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # the short summary keeps the whole sentence
    pytester.makeconftest(BROKEN_FAKE)
    result = pytester.runpytest_subprocess(
        "-p",
        "paragon",
        "--paragon-suite",
        "--paragon-max-examples",
        "2",
        "-k",
        "getCredential or listSyncs or getConnectedUser",
        timeout=TIMEOUT,
    )
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines_random(
        [
            "FAILED *test_operation[[]getCredential] - getCredential (GET /projects/{projectId}"
            "/sdk/credentials/{credentialId}) failed the contract*",
            "FAILED *test_operation[[]listSyncs] - listSyncs (GET /api/syncs) failed the*",
            "*Response violates schema*",
            "*Server error*",
        ]
    )
    # the closing summary: operations, checks run, failures by check
    result.stdout.fnmatch_lines(
        [
            "*= paragon contract suite =*",
            "3 operations checked against the built-in fake: 2 failed, 1 passed",
            "* requests sent and checked; checks run:",
            "  response_schema_conformance * run, * failed",
            "failures by check:",
            "  not_a_server_error: 1 operation (listSyncs)",
            "  response_schema_conformance: 1 operation (getCredential)",
            "  status_code_conformance: 1 operation (listSyncs)",
        ]
    )


def _contract_requiring(pytester: pytest.Pytester, field: str) -> Path:
    """A copy of the contract whose ``/sdk/me`` answer requires ``field`` (the fake lacks it)."""
    document = copy.deepcopy(dict(CONTRACT.document))
    answer = document["paths"]["/projects/{projectId}/sdk/me"]["get"]["responses"]["200"]
    schema = answer["content"]["application/json"]["schema"]
    answer["content"]["application/json"]["schema"] = {
        "allOf": [schema, {"type": "object", "required": [field]}]
    }
    path = Path(pytester.path, "newer-contract.json")
    path.write_text(json.dumps(document), "utf-8")
    return path


def test_verify_junit_failure_messages_read_as_sentences(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # the short summary keeps the whole sentence
    contract = _contract_requiring(pytester, "plan")
    result = pytester.run(
        sys.executable,
        "-m",
        "pytest_paragon",
        "verify",
        "--contract-file",
        str(contract),
        "--max-examples",
        "2",
        "--junitxml",
        "contract.xml",
        "--operations",
        "getConnectedUser,listProjectIntegrations",
        timeout=TIMEOUT,
    )
    assert result.ret == 1, result.stdout.str()[-5000:]
    cases = {
        case.get("name", ""): case
        for case in ET.parse(Path(pytester.path, "contract.xml")).getroot().iter("testcase")
    }
    assert set(cases) == {
        "test_operation[getConnectedUser]",
        "test_operation[listProjectIntegrations]",
    }
    assert cases["test_operation[listProjectIntegrations]"].find("failure") is None
    failure = cases["test_operation[getConnectedUser]"].find("failure")
    assert failure is not None
    assert failure.get("message") == (
        "getConnectedUser (GET /projects/{projectId}/sdk/me) failed the contract: schemathesis "
        'found a failure: Response violates schema (response_schema_conformance, ST108): "plan" '
        "is a required property."
    )
    assert "plan" in (failure.text or "")  # the full report stays in the element's text
    properties = {
        p.get("name"): p.get("value", "")
        for p in cases["test_operation[getConnectedUser]"].iter("property")
    }
    assert re.fullmatch(
        r"\d+ run, [1-9]\d* failed", properties["paragon.check.response_schema_conformance"]
    )
    result.stdout.fnmatch_lines(
        [
            "2 operations checked against the built-in fake: 1 failed, 1 passed",
            "failures by check:",
            "  response_schema_conformance: 1 operation (getConnectedUser)",
            "FAILED *test_operation[[]getConnectedUser] - getConnectedUser (GET /projects/*",
        ]
    )


def test_operations_builds_only_the_operations_named(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess(
        "-p",
        "paragon",
        "--paragon-suite",
        "--paragon-operations",
        "getCredential, listSyncs,getCredential",
        "--collect-only",
        "-q",
        timeout=TIMEOUT,
    )
    assert result.ret == 0, result.stdout.str()[-3000:]
    assert _item_ids(result.outlines) == ["getCredential", "listSyncs"]
    assert "deselected" not in result.stdout.str()  # never built, not built and then dropped


def test_an_unknown_operation_is_a_usage_error_naming_the_nearest(
    pytester: pytest.Pytester,
) -> None:
    result = pytester.run(
        sys.executable,
        "-m",
        "pytest_paragon",
        "verify",
        "--operations",
        "getCredential,getCredentail",
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR, result.stdout.str()[-3000:]
    result.stderr.fnmatch_lines(
        [
            "*Unknown --paragon-operations operationId 'getCredentail'; did you mean "
            "'getCredential'?*",
            "*expected: one of batchCheckPermissions, *",
        ]
    )


def test_operations_with_an_unreadable_contract_name_the_file_and_place(
    pytester: pytest.Pytester,
) -> None:
    Path(pytester.path, "bad.yaml").write_text("openapi: [1\n", "utf-8")
    result = pytester.run(
        sys.executable, "-m", "pytest_paragon", "verify", "--contract-file", "bad.yaml",
        "--operations", "getCredential",
    )  # fmt: skip
    assert result.ret == pytest.ExitCode.USAGE_ERROR, result.stdout.str()[-3000:]
    result.stderr.fnmatch_lines(["*Cannot load the contract: not valid YAML*", "*bad.yaml:2:1*"])


def test_each_session_reads_its_own_settings(pytester: pytest.Pytester) -> None:
    """Settings live in ``config.stash``: two sessions in one process never share them."""
    headers = []
    for seed in ("3", "4"):
        result = pytester.runpytest_inprocess(
            "-p",
            "paragon",
            "--paragon-suite",
            "--paragon-random-seed",
            seed,
            "--paragon-operations",
            "getConnectedUser",
            "--collect-only",
        )
        assert result.ret == 0, result.stdout.str()[-3000:]
        headers += [line for line in result.outlines if line.startswith("paragon contract suite")]
    assert [header.split("; ")[1] for header in headers] == [
        "random seed 3, max examples 25 per operation",
        "random seed 4, max examples 25 per operation",
    ]


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


def _requests_sent(pytester: pytest.Pytester, seed: int, examples: int = 5) -> list[object]:
    result = pytester.runpytest_subprocess(
        "-p",
        "paragon",
        "--paragon-suite",
        "--paragon-random-seed",
        str(seed),
        "--paragon-max-examples",
        str(examples),
        "--paragon-operations",
        "updateConnectedUserMetadata,createTriggerSubscription,listWorkflowExecutions",
        timeout=TIMEOUT,
    )
    result.assert_outcomes(passed=3)
    sent: list[object] = json.loads(Path(pytester.path, "requests.json").read_text("utf-8"))
    return sent


def test_the_same_seed_sends_the_same_requests(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(RECORDER)
    # Warm the on-disk caches first: hypothesis draws some strings from the constants of the
    # local modules loaded so far (its "local constants"), and a cold cache loads other modules
    # (the contract parsed from YAML instead of its cached form) than every later run does.
    _requests_sent(pytester, 3, examples=1)
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
        "--paragon-suite",
        "--paragon-max-examples",
        "2",
        "--paragon-operations",
        "getConnectedUser,proxyPost,runActionKitTool,enableSync",
        timeout=TIMEOUT,
    )
    assert result.parseoutcomes() == {"passed": 4}, result.stdout.str()[-3000:]
