"""``pytest-paragon diff``: the 2.0.6 -> 2.4.0 snapshot, exit statuses, formats and ``--ignore``."""

from __future__ import annotations

import json
import os
from pathlib import Path
from xml.etree import ElementTree

import pytest

from pytest_paragon.cli import main

SNAPSHOT = Path(__file__).parent / "snapshots" / "diff-2.0.6-2.4.0.json"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_the_2_0_6_to_2_4_0_diff_is_pinned(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "diff", "2.0.6", "2.4.0", "--format", "json")
    assert (status, err) == (1, "")
    document = json.loads(out)  # stdout is the JSON document alone
    if os.environ.get("PARAGON_UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    assert document == json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert document["summary"] == {"breaking": 4, "warning": 8, "info": 45, "ignored": 0}
    breaking = [
        (c["kind"], c["operationId"]) for c in document["changes"] if c["severity"] == "breaking"
    ]
    assert ("onprem-host-removed", None) in {  # SDK <= 2.1.1's on-prem Proxy host proxy.{domain}
        (c["kind"], c["operationId"]) for c in document["changes"] if c["severity"] == "warning"
    }
    assert breaking == [
        ("operation-path-changed", "buildOAuthUrlWithSessionId"),
        ("request-parameter-added-required", "buildOAuthUrlWithSessionId"),
        ("response-status-removed", "buildOAuthUrlWithSessionId"),  # the popup's 302
        ("security-requirement-removed", "buildOAuthUrlWithSessionId"),  # userToken query
    ]


def test_the_reverse_diff_finds_the_hermes_move_and_the_lost_stages(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "diff", "2.4.0", "2.0.6", "--format", "json")
    assert status == 1
    found = {
        (c["kind"], c["operationId"])
        for c in json.loads(out)["changes"]
        if c["severity"] == "breaking"
    }
    assert ("operation-server-removed", "sendAppEventV2") in found
    assert ("operation-server-removed", "runRequestTriggerWorkflow") in found
    assert ("operation-removed", "getOAuthNoncePage") in found
    assert ("response-enum-value-removed", None) in found  # install-flow stages instruction, oauth


@pytest.mark.parametrize(("fail_on", "status"), [("breaking", 1), ("warning", 1), ("info", 1)])
def test_fail_on_thresholds(capsys: pytest.CaptureFixture[str], fail_on: str, status: int) -> None:
    assert run(capsys, "diff", "2.0.6", "2.4.0", "--fail-on", fail_on)[0] == status


def test_no_changes_exit_zero_at_any_threshold(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "diff", "2.4.0", "2.4.0", "--fail-on", "info")
    assert status == 0
    assert out.strip().endswith("0 breaking, 0 warning, 0 info (--fail-on info: ok)")


def test_the_frozen_2_4_0_contract_matches_the_bundled_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from pytest_paragon.contract import default_contract_path, load_contract

    if load_contract().document["info"]["version"] != "2.4.0":
        pytest.skip("the bundled contract moved on; freeze it with scripts/build_history.py")
    status, out, _ = run(capsys, "diff", "2.4.0", str(default_contract_path()), "--fail-on", "info")
    assert (status, out.splitlines()[-1].split(": ", 1)[1]) == (
        0,
        "0 breaking, 0 warning, 0 info (--fail-on info: ok)",
    )


def test_text_markdown_and_junit_formats(capsys: pytest.CaptureFixture[str]) -> None:
    _, text, _ = run(capsys, "diff", "2.0.6", "2.4.0")
    assert (
        "BREAKING operation-path-changed  GET /projects/{projectId}/sdk/actions/build-oauth" in text
    )
    assert "at #/paths/~1projects~1{projectId}~1sdk~1actions~1build-oauth/get" in text
    _, markdown, _ = run(capsys, "diff", "2.0.6", "2.4.0", "--format", "markdown")
    assert markdown.splitlines()[0] == "### Paragon contract diff `2.0.6` → `2.4.0`"
    assert (
        "| breaking | `operation-path-changed` | "
        "GET /projects/{projectId}/sdk/actions/build-oauth |" in markdown
    )
    _, junit, _ = run(capsys, "diff", "2.0.6", "2.4.0", "--format", "junit", "--fail-on", "warning")
    suite = ElementTree.fromstring(junit.split("\n", 1)[1] if junit.startswith("<?xml") else junit)[
        0
    ]
    assert (suite.get("tests"), suite.get("failures")) == ("57", "12")  # warnings fail too
    assert len(suite.findall("testcase/failure")) == 12


def test_output_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "report" / "diff.json"
    status, out, err = run(
        capsys, "diff", "2.0.6", "2.4.0", "--format", "json", "--output", str(target)
    )
    assert (status, out) == (1, "")
    assert "report written to" in err
    assert json.loads(target.read_text())["format"] == "pytest-paragon-diff"


def test_ignore_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rules = tmp_path / "accepted.yaml"
    rules.write_text(
        "ignore:\n"
        "  - kind: '*'\n"
        "    operation: buildOAuthUrlWithSessionId\n"
        "    reason: we never open the OAuth popup ourselves\n"
        "  - kind: request-parameter-removed\n"
        "    operation: GET /projects/{projectId}/sdk/me\n"
        "    field: request.header.x-paragon-user-metadata\n"
        "    reason: we call setUserMetadata after authenticate\n"
    )
    status, out, _ = run(
        capsys, "diff", "2.0.6", "2.4.0", "--ignore", str(rules), "--format", "json"
    )
    document = json.loads(out)
    assert status == 0
    assert document["summary"]["breaking"] == 0
    assert document["summary"]["warning"] == 6  # the install-flow stages (SDK side), on-prem host
    ignored = document["summary"]["ignored"]
    assert ignored == 8 + 1  # every change of the old build-oauth, and the metadata header


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("ignore:\n  - kind: operation-removed\n", "needs a kind and a reason"),
        ("ignore:\n  - kind: x\n    reason: y\n    when: z\n", "unknown keys ['when']"),
        ("just text\n", "expected a list of entries"),
    ],
)
def test_bad_ignore_files_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, message: str
) -> None:
    rules = tmp_path / "accepted.yaml"
    rules.write_text(content)
    status, out, err = run(capsys, "diff", "2.0.6", "2.4.0", "--ignore", str(rules))
    assert (status, out) == (2, "")
    assert message in err
    assert len(err.splitlines()) == 1


def test_unknown_versions_and_files_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "diff", "2.3.0", "2.4.0")  # 2.3.x is not on the registry
    assert status == 2
    assert "no frozen contract describes SDK 2.3.0" in err
    status, _, err = run(capsys, "diff", "nope.yaml", "2.4.0")
    assert status == 2
    assert "'nope.yaml' is neither a contract file nor an SDK version" in err


def test_usage_file_of_the_wrong_format_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    usage = tmp_path / "usage.json"
    usage.write_text('{"format": "something-else"}')
    status, _, err = run(capsys, "diff", "2.0.6", "2.4.0", "--usage", str(usage))
    assert status == 2
    assert "is not a pytest-paragon coverage file" in err


def test_contract_json_listing_is_json_alone_on_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "contract", "--format", "json")
    assert status == 0
    assert len(json.loads(out)) == 71
    assert "valid; 71 operations" in err
