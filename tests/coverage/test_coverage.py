"""Contract coverage from the fake's journal: summary line, -v table, JSON v1, fail-under, xdist."""

from __future__ import annotations

import json
from typing import Any

import pytest

SUITE = """
import httpx


def test_me_and_metadata(paragon_fake, paragon_user):
    base = f"https://zeus.useparagon.com/projects/{paragon_fake.project.id}/sdk"
    auth = {"Authorization": f"Bearer {paragon_user.token}", "X-Paragon-SDK-Version": "2.4.0"}
    assert httpx.get(f"{base}/me", headers=auth).status_code == 200
    body = {"meta": {"Name": "Grace", "plan": "pro"}}
    assert httpx.patch(f"{base}/me", headers=auth, json=body).status_code == 200


def test_an_unknown_credential(paragon_fake, paragon_user):
    url = (
        f"https://zeus.useparagon.com/projects/{paragon_fake.project.id}/sdk/credentials/"
        "00000000-0000-4000-8000-000000000000"
    )
    headers = {"Authorization": f"Bearer {paragon_user.token}"}
    assert httpx.get(url, headers=headers).status_code == 404


def test_server_mode(paragon_server, paragon_user):
    url = f"{paragon_server.url}/projects/{paragon_server.fake.project.id}/sdk/integrations"
    headers = {"Authorization": f"Bearer {paragon_user.token}"}
    assert httpx.get(url, headers=headers).status_code == 200


def test_an_install_emits_an_sdk_event(paragon_install_flow):
    paragon_install_flow.start("jira")
    paragon_install_flow.set_post_options({"JIRA_CLOUD_ID": "acme-cloud"})
    assert [name for name, _ in paragon_install_flow.events.emitted] == ["onIntegrationInstall"]


def test_without_the_fake():
    assert True
"""


def _run(pytester: pytest.Pytester, *args: str) -> tuple[pytest.RunResult, dict[str, Any]]:
    pytester.makepyfile(test_suite=SUITE)
    result = pytester.runpytest_subprocess(
        "-p", "paragon", "--paragon-coverage-json", "cov.json", *args
    )
    return result, json.loads((pytester.path / "cov.json").read_text())


def _row(report: dict[str, Any], operation_id: str) -> dict[str, Any]:
    return next(row for row in report["operations"] if row["operationId"] == operation_id)


def test_the_json_report_names_what_the_suite_exercised(pytester: pytest.Pytester) -> None:
    result, report = _run(pytester)
    result.assert_outcomes(passed=5)
    assert (report["format"], report["version"]) == ("pytest-paragon-coverage", 1)
    assert report["contract"]["version"] == "2.4.0"
    me = _row(report, "getConnectedUser")
    assert (me["calls"], me["statuses"]) == (1, {"200": 1})
    assert "request.header.x-paragon-sdk-version" in me["requestFields"]["used"]
    assert {"response.body.meta", "response.body.userId"} <= set(me["responseFields"]["used"])
    patch = _row(report, "updateConnectedUserMetadata")
    assert {"request.body.meta", "request.body.meta.Name"} <= set(patch["requestFields"]["used"])
    assert _row(report, "getCredential")["statuses"] == {"200": 1, "404": 1}  # flow, then ours
    assert _row(report, "listProjectIntegrations")["calls"] >= 1  # server mode shares the journal
    assert _row(report, "buildOAuthUrl")["calls"] == 1  # the install flow's OAuth step
    assert _row(report, "sendAppEvent")["calls"] == 0
    assert report["events"]["sdk"]["covered"] == ["onIntegrationInstall"]
    summary = report["summary"]
    assert summary["operations"]["total"] == 71
    covered = sum(1 for row in report["operations"] if row["calls"])
    assert summary["operations"]["covered"] == covered
    assert summary["operations"]["percent"] == round(100 * covered / 71, 1)
    parts = ("operations", "statusCodes", "requestFields", "responseFields", "events")
    assert summary["overall"] == round(sum(summary[p]["percent"] for p in parts) / 5, 1)
    line = next(line for line in result.outlines if line.startswith("paragon coverage:"))
    assert line.startswith(f"paragon coverage: {covered}/71 operations (")
    assert "paragon contract coverage" not in result.stdout.str()  # the table needs -v


def test_verbose_prints_the_table(pytester: pytest.Pytester) -> None:
    result, _ = _run(pytester, "-v")
    result.stdout.fnmatch_lines(
        [
            "*paragon contract coverage*",
            "operation * calls  statuses * req fields resp fields",
            "getConnectedUser * 1  200 of *",
            "getCredential * 2  200,404 of *",
            "sdk events: 1/5 covered; not exercised: *",
        ]
    )


def test_fail_under(pytester: pytest.Pytester) -> None:
    result, report = _run(pytester, "--paragon-coverage-fail-under", "90")
    assert result.ret == 1
    result.assert_outcomes(passed=5)
    result.stdout.fnmatch_lines(
        [f"FAIL: paragon contract coverage {report['summary']['overall']}% is under *90%"]
    )
    result, _ = _run(pytester, "--paragon-coverage-fail-under", "0.5")
    assert result.ret == 0


def test_xdist_workers_are_merged(pytester: pytest.Pytester) -> None:
    _, serial = _run(pytester)
    parallel_result, parallel = _run(pytester, "-n", "2")
    parallel_result.assert_outcomes(passed=5)
    assert parallel["operations"] == serial["operations"]
    assert parallel["events"] == serial["events"]
    assert parallel["summary"] == serial["summary"]
    lines = [line for line in parallel_result.outlines if line.startswith("paragon coverage:")]
    assert len(lines) == 1  # the controller reports once, workers not at all


def test_off_by_default_and_nothing_registered(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_off="""
        def test_plugin(pytestconfig, paragon_fake):
            assert not pytestconfig.pluginmanager.has_plugin("paragon-coverage")
        """
    )
    result = pytester.runpytest_subprocess("-p", "paragon")
    result.assert_outcomes(passed=1)
    assert "paragon coverage" not in result.stdout.str()


def test_the_ini_key_turns_it_on(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nparagon_coverage = true\n")
    pytester.makepyfile(test_suite=SUITE)
    result = pytester.runpytest_subprocess("-p", "paragon")
    result.stdout.fnmatch_lines(["paragon coverage: * operations *; overall *%"])
