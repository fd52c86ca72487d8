"""A baseline of known failures, and failures you can replay, with defects planted in the fake.

The defects are a pytest plugin module (``-p defects``) that breaks the fake's handlers named in
``$PARAGON_DEFECTS``: ``verify`` (first run) records the baseline, a second run with one defect
fixed and another added fails on the new one alone and reports the fixed ones, and the replay
file the new failure wrote fails while its defect is planted and passes once it is gone.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pytest_paragon.contract_suite.failures import Baseline, FailureRecord, failure_records
from pytest_paragon.contract_suite.outcomes import RunOutcomes
from tests.browser import Shown, dump_dom
from tests.contract_suite.defects import DEFECTS

TIMEOUT = 600.0


OPERATIONS = "getCredential,listIntegrationMetadata,listSyncs"


def _verify(pytester: pytest.Pytester, defects: str, *extra: str) -> pytest.RunResult:
    pytester.makepyfile(defects=DEFECTS)
    pytester._monkeypatch.setenv("PARAGON_DEFECTS", defects)
    return pytester.run(
        sys.executable, "-m", "pytest_paragon", "verify", "--max-examples", "2",
        "--operations", OPERATIONS, "--baseline", "baseline.json", "-p", "defects", *extra,
        timeout=TIMEOUT,
    )  # fmt: skip


def test_a_baseline_fails_only_new_failures_and_their_replays_reproduce_them(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    first = _verify(pytester, "getCredential,listIntegrationMetadata")
    assert first.ret == 0, first.stdout.str()[-4000:]  # recorded: the run passes
    first.stdout.fnmatch_lines(["baseline */baseline.json: written with 4 known failures*"])
    stored = Baseline.load(Path(pytester.path, "baseline.json")).entries
    assert {entry["operationId"] for entry in stored.values()} == {
        "getCredential",
        "listIntegrationMetadata",
    }
    assert all(entry["check"] == "response_schema_conformance" for entry in stored.values())

    # listIntegrationMetadata fixed, listSyncs newly broken, getCredential still broken
    second = _verify(
        pytester, "getCredential,listSyncs", "--junitxml", "run.xml", "--suite-json", "run.json",
        "--suite-html", "run.html",
    )  # fmt: skip
    assert second.ret == 1, second.stdout.str()[-4000:]
    document = json.loads(Path(pytester.path, "run.json").read_text("utf-8"))
    outcomes = {op["operationId"]: op for op in document["operations"]}
    assert outcomes["getCredential"]["outcome"] == "xfailed"  # the same codes as the first run
    assert outcomes["listIntegrationMetadata"]["outcome"] == "passed"
    assert outcomes["listSyncs"]["outcome"] == "failed"
    verdict = document["baseline"]
    new = verdict["new"]
    assert new
    assert all(code.startswith("listSyncs/") for code in new)
    assert sorted(verdict["known"]) == sorted(c for c in stored if c.startswith("getCredential/"))
    assert sorted(verdict["fixed"]) == sorted(
        c for c in stored if c.startswith("listIntegrationMetadata/")
    )
    second.stdout.fnmatch_lines_random(
        [
            f"baseline */baseline.json: {len(new)} new, {len(verdict['known'])} known, "
            f"{len(verdict['fixed'])} fixed",
            f"  new: {new[0]}",
            "  fixed (remove with --paragon-baseline-update): listIntegrationMetadata/*",
            "FAILED *test_operation[[]listSyncs]*",
        ]
    )
    # JUnit carries the codes as properties of the test case
    cases = {
        case.get("name"): case for case in ET.parse(Path(pytester.path, "run.xml")).iter("testcase")
    }
    codes = {
        prop.get("value")
        for prop in cases["test_operation[listSyncs]"].iter("property")
        if prop.get("name") == "paragon.failure"
    }
    assert codes == set(new)

    # the replay file of the new failure: fails while the defect is there, passes once fixed
    failure = outcomes["listSyncs"]["failures"][0]
    replay = Path(pytester.path, failure["replay"])
    text = replay.read_text("utf-8")
    assert "Bearer" not in text.split("# curl", 1)[0]
    assert "eyJ" not in text
    assert failure["curl"].startswith("curl -X GET 'https://sync.useparagon.com/api/syncs")
    assert "$PARAGON_TOKEN" in failure["curl"]
    # the run's page, in a browser: the new failure with its replay command
    shown = Shown(dump_dom(Path(pytester.path, "run.html"), Path(pytester.path, "profile")))
    assert f"Replay: pytest {failure['replay']}" in shown.all_text
    assert f"{failure['code']} (new)" in shown.all_text
    assert shown.row("listSyncs")[1] == ("failed", "failed")
    assert shown.row("getCredential")[1] == ("xfailed", "xfailed")
    monkeypatch.setenv("PARAGON_DEFECTS", "listSyncs")
    broken = pytester.runpytest_subprocess("-p", "defects", str(replay), timeout=TIMEOUT)
    broken.assert_outcomes(failed=1)
    monkeypatch.setenv("PARAGON_DEFECTS", "")
    fixed = pytester.runpytest_subprocess("-p", "defects", str(replay), timeout=TIMEOUT)
    fixed.assert_outcomes(passed=1)


class _SchemaFailure(AssertionError):
    """Stands in for schemathesis' JSON Schema failure (its public attributes)."""

    code = "ST108"
    checks = ("response_schema_conformance",)

    def __init__(self, message: str, schema_path: list[str]) -> None:
        super().__init__(message)
        self.title = "Response violates schema"
        self.message = message
        self.schema_path = schema_path


def test_codes_ignore_generated_data_and_wording_but_tell_kinds_apart() -> None:
    one = failure_records("getX", _SchemaFailure("42 is not a string", ["properties", "id"]))
    again = failure_records("getX", _SchemaFailure("7 is not a string", ["properties", "id"]))
    other = failure_records("getX", _SchemaFailure("42 is not a string", ["required"]))
    assert [r.code for r in one] == [r.code for r in again]
    assert one[0].code != other[0].code
    assert one[0].code.startswith("getX/response_schema_conformance/ST108-")


def test_a_bad_baseline_file_names_the_file_and_the_place(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    path.write_text('{"format": "pytest-paragon-baseline", "version": 1,\n "failures": [3]}')
    with pytest.raises(ValueError, match=r"baseline.json at failures.0: an object with a code"):
        Baseline.load(path)
    path.write_text("{\n  nope")
    with pytest.raises(ValueError, match=r"baseline.json:2:3: the baseline is not JSON"):
        Baseline.load(path)


def test_updating_a_baseline_keeps_the_operations_not_run(tmp_path: Path) -> None:
    stored = Baseline()
    old = FailureRecord("getA", "not_a_server_error", "ST101", "00000000", "Server error")
    gone = FailureRecord("getB", "not_a_server_error", "ST101", "11111111", "Server error")
    stored.add(old)
    stored.add(gone)
    outcomes = RunOutcomes("the fake", baseline=stored, baseline_path=tmp_path / "b.json")
    outcomes.recording = True
    outcomes.add("getB", "passed", None, [])
    assert set(outcomes.baseline_to_write().entries) == {old.code}
