"""Named flows: state carried from one operation to the next, checked against any target.

The planted defects keep every single answer within the contract (a credential created but not
listed, a setting written but not read back, a disabled workflow that still runs): the
per-operation suite passes each operation, and the ``connect`` flow finds all three.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from pytest_paragon.contract import load_contract
from pytest_paragon.contract_suite import FLOW_NAMES, SuiteSettings, parse_flows
from pytest_paragon.contract_suite.flow_machines import run_flow
from pytest_paragon.contract_suite.flows import STEPS, FlowClient
from pytest_paragon.contract_suite.targets import FakeTarget
from pytest_paragon.errors import ParagonUsageError
from tests.browser import Shown, dump_dom
from tests.contract_suite.defects import FLOW_DEFECTS

TIMEOUT = 600.0
OPERATIONS = (
    "createCredential,listCredentials,updateConnectedUserMetadata,getConnectedUser,"
    "disableWorkflow,runRequestTriggerWorkflow,getCredential"
)


@pytest.fixture(scope="module")
def fake_target() -> FakeTarget:
    return FakeTarget(SuiteSettings(), load_contract())


@pytest.mark.parametrize("name", FLOW_NAMES)
def test_every_flow_passes_against_the_fake_reaching_each_step(
    fake_target: FakeTarget, name: str
) -> None:
    def client() -> FlowClient:
        world = fake_target.prepare()
        fake_target.before_example()
        return FlowClient(fake_target, world)

    every, last = run_flow(name, client, examples=5)
    reached = {step.step for step in every if 200 <= step.status < 300}
    assert reached == set(STEPS[name])
    assert last
    assert all(step.status < 500 for step in every)


def test_flows_are_named_or_all_or_none() -> None:
    assert parse_flows(None) == FLOW_NAMES
    assert parse_flows(None, ("getCredential",)) == ()
    assert parse_flows("sync, connect") == ("connect", "sync")
    assert parse_flows("none") == ()
    with pytest.raises(ParagonUsageError, match=r"'conect'; did you mean 'connect'"):
        parse_flows("conect")


def test_only_the_flow_finds_defects_each_answer_hides(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    pytester.makepyfile(flowdefects=FLOW_DEFECTS)
    result = pytester.run(
        sys.executable, "-m", "pytest_paragon", "verify", "--flows", "connect",
        "--operations", OPERATIONS, "--max-examples", "2", "--suite-json", "run.json",
        "--authorization", "on", "--suite-html", "run.html",
        "-p", "flowdefects", timeout=TIMEOUT,
    )  # fmt: skip
    assert result.ret == 1, result.stdout.str()[-4000:]
    document = json.loads(Path(pytester.path, "run.json").read_text("utf-8"))
    assert {op["operationId"]: op["outcome"] for op in document["operations"]} == dict.fromkeys(
        OPERATIONS.split(","), "passed"
    )
    flow, authorization = sorted(document["flows"], key=lambda f: f["flow"] != "connect")
    assert flow["outcome"] == authorization["outcome"] == "failed"
    leaks = {f["code"].split("/")[2].split("-")[0]: f for f in authorization["failures"]}
    assert set(leaks) == {"PF401"}  # B read A's credential: every credentialId operation
    leaked = {f["detail"].split(":", 1)[0] for f in authorization["failures"]}
    assert {"getCredential", "updateCredential", "createConfiguration"} <= leaked
    assert all("syncId" not in f["detail"] for f in authorization["failures"])
    found = {failure["title"]: failure for failure in flow["failures"]}
    assert set(found) == {
        "Created but not listed",
        "Written but not read back",
        "Disabled workflow still runs",
    }
    assert found["Created but not listed"]["code"].startswith("flow:connect/flow/PF301-")
    assert (
        "was disabled, but the trigger answered 2"
        in found["Disabled workflow still runs"]["detail"]
    )
    result.stdout.fnmatch_lines(
        [
            "2 flows run (authorization, connect): 2 failed",
            "FAILED *test_flow[[]connect] - flow connect failed: found 3 distinct failures*",
        ]
    )
    # the run's page, in a browser: the failures, and the flows with the steps that failed
    shown = Shown(dump_dom(Path(pytester.path, "run.html"), Path(pytester.path, "profile")))
    text = shown.all_text
    for title in ("Created but not listed", "Written but not read back", "Disabled workflow"):
        assert f"flow connect: {title}" in text
    assert "flow authorization: Another user's data reached" in text
    assert "connect failed" in text
    assert "connect: POST /projects/" in text  # a step of the failing example
    assert shown.row("getCredential")[1] == ("passed", "passed")


def _links() -> list[tuple[str, str, str, dict[str, str]]]:
    """``(source operation, status, target operationId, parameters)`` of every link."""
    contract = load_contract()
    found = []
    for operation in contract.operations:
        for status, response in (operation.definition.get("responses") or {}).items():
            for link in (contract.resolve(response).get("links") or {}).values():
                found.append(
                    (operation.operation_id, status, link["operationId"], link["parameters"])
                )
    return found


def test_the_contract_links_each_id_a_response_hands_to_another_operation() -> None:
    contract = load_contract()
    operations = {operation.operation_id: operation for operation in contract.operations}
    links = _links()
    assert {(source, target) for source, _, target, _ in links} >= {
        ("createCredential", "getCredential"),
        ("createCredential", "uninstallIntegration"),
        ("enableSync", "pullSyncedRecords"),
        ("enableSync", "deleteSync"),
        ("pullSyncedRecords", "pullSyncedRecords"),
        ("createTriggerSubscription", "deleteTriggerSubscription"),
        ("listWorkflowExecutions", "getWorkflowExecution"),
    }
    for source, status, target, parameters in links:
        names = {
            contract.resolve(parameter)["name"].lower()
            for parameter in operations[target].parameters
        } | {"projectid"}
        for name, expression in parameters.items():
            bare = name.split(".", 1)[-1].lower()
            assert bare in names, f"{source} {status} -> {target}: no parameter {name}"
            assert expression.startswith(("$response.body#/", "$request.path.")), expression
