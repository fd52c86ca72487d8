"""Every published SDK against the fake in its own version's mode, and what it sent.

Each version (npm aliases in ``package.json``) runs its public methods through one Node process:
authenticate with metadata, the user, metadata, Proxy GET and POST, a request trigger, an App
Event, user settings, field options, a headless OAuth install, the user again (2.4.0 also
``getTriggers``). The fake serves that version's frozen contract with strict checking: zero
violations, and every result checked. The requests the SDK sent (``tests/fidelity/wire.py``) must be
described by the contract and be in the committed ``tests/fidelity/wire/<version>.json``
(``PARAGON_UPDATE_WIRE=1`` adds new ones).
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from pytest_paragon.contract import load_contract
from pytest_paragon.contract.history import contract_for_sdk
from tests.fidelity import wire
from tests.fidelity.conftest import HERE, _unavailable

SLACK_CHANNEL = "SLACK_CHANNEL"


@pytest.fixture
def paragon_contract(request: pytest.FixtureRequest) -> Any:
    return load_contract(contract_for_sdk(request.param))


def _package(version: str) -> str:
    package = wire.PACKAGES[version]
    manifest = HERE / "node_modules" / package / "package.json"
    if not manifest.exists():
        _unavailable(f"{package} is missing: run `npm ci` in {HERE}")
    assert json.loads(manifest.read_text())["version"] == version
    return package


def _steps(version: str, trigger: str) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = [
        {"call": "getUser", "label": "user"},
        {"call": "setUserMetadata", "args": [{"plan": "pro"}], "label": "metadata"},
        {
            "call": "request",
            "args": ["slack", "/conversations.list?limit=5", {"method": "GET"}],
            "label": "proxy-get",
        },
        {
            "call": "request",
            "args": [
                "slack",
                "chat.postMessage",
                {"method": "POST", "body": {"channel": "C1", "text": "hi"}},
            ],
            "label": "proxy-post",
        },
        {"call": "workflow", "args": [trigger, {"body": {"name": "Acme"}}], "label": "trigger"},
        {
            "call": "event",
            "args": ["Contact Created", {"email": "ada@example.com"}],
            "label": "event",
        },
        {
            "call": "updateIntegrationUserSettings",
            "args": ["slack", {SLACK_CHANNEL: "ops"}],
            "label": "settings",
        },
        {
            "call": "getFieldOptions",
            "args": [{"integration": "slack", "action": "channels"}],
            "label": "options",
        },
        {"call": "installIntegration", "args": ["hubspot"], "timeoutMs": 20000, "label": "oauth"},
        {"call": "getUser", "label": "after"},
    ]
    if version == "2.4.0":
        steps.append({"call": "getTriggers", "args": ["slack"], "label": "triggers"})
    return steps


@pytest.mark.parametrize(
    ("version", "paragon_contract"),
    [(version, version) for version in wire.PACKAGES],
    indirect=["paragon_contract"],
)
def test_each_version_in_its_own_mode(
    version: str, paragon_fake: Any, paragon_server: Any, paragon_user: Any, run_sdk: Any
) -> None:
    package = _package(version)
    trigger = paragon_fake.users.workflow_id("slack", request_trigger=True)
    slack = paragon_user.connect("slack", workflows=[trigger])
    paragon_fake.proxy.on("slack", {"channels": ["general"]}, method="GET", path="/conversations*")
    paragon_fake.proxy.on("slack", {"ok": True}, method="POST", path="/chat.postMessage")
    paragon_fake.users.field_options("slack", "channels", [{"label": "#ops", "value": "C1"}])
    run = run_sdk(
        _steps(version, trigger),
        package=package,
        authenticate={"metadata": {"Name": "Ada Lovelace"}},
        route=True,
    )
    results = {step["label"]: step for step in run.steps}
    failed = {name: step["error"] for name, step in results.items() if not step["ok"]}
    entries = wire.entries_of(run.sent, [paragon_fake.contract, load_contract()])
    if os.environ.get("PARAGON_UPDATE_WIRE"):
        wire.save(version, entries)
    assert failed == {}, (failed, run.stderr[-2000:])
    run.assert_clean()
    assert paragon_fake._violations == []
    assert paragon_fake.problems() == []
    # every step did what it says, with real ids
    assert results["user"]["value"]["meta"]["Name"] == "Ada Lovelace"
    assert paragon_fake.users.metadata(paragon_user.id)["plan"] == "pro"
    assert paragon_fake.users.settings(paragon_user.id, "slack") == {SLACK_CHANNEL: "ops"}
    assert results["options"]["value"]["data"] == [{"label": "#ops", "value": "C1"}]
    (event,) = paragon_fake.users.app_events()
    assert (event.name, event.user_id) == ("Contact Created", paragon_user.id)
    (credential,) = paragon_fake.users.credentials(paragon_user.id, "hubspot")
    installed = results["oauth"].get("value")
    if installed is not None:  # SDK < 2.2 resolves installIntegration without a value
        assert installed.get("credentialId") == credential.id, (installed, run.popups)
    assert credential.status == "VALID"
    if version not in ("2.1.1", "2.2.3", "2.2.4"):
        # 2.1.1 to 2.2.4 resolve installIntegration on the popup's message, before their own
        # POST /sdk/credentials has refreshed the SDK's state: getUser() may not show it yet
        assert results["after"]["value"]["integrations"]["hubspot"]["enabled"] is True
    assert slack.id
    # what it sent: described by its contract, and kept as data
    assert wire.undescribed(paragon_fake.contract, entries) == []
    committed = {wire.key(e) for e in wire.load(version)}
    new = [e for e in entries if wire.key(e) not in committed]
    assert new == [], f"run with PARAGON_UPDATE_WIRE=1 to record: {new}"


NEIGHBOURS = [
    # (the SDK, the neighbouring line's contract, what it calls, what the fake must report)
    (
        "2.1.1",
        "2.2.4",
        [
            {
                "call": "installIntegration",
                "args": ["hubspot", {"oauthTimeout": 1500}],
                "timeoutMs": 5000,
            }
        ],
        ["no documented operation for GET /projects/{P}/sdk/actions/build-oauth"],
    ),
    (
        "2.2.4",
        "2.4.0",
        [{"call": "getUser"}],
        ["the client's SDK 2.2.4-experimental.2 is outside the active contract's range >=2.4.0"],
    ),
    (
        "2.4.0",
        "2.2.4",
        [{"call": "getTriggers", "args": ["slack"]}],
        [
            "the client's SDK 2.4.0 is outside the active contract's range >=2.2.0 <2.3.0",
            "no documented operation for GET /projects/{P}/triggers",
        ],
    ),
]


@pytest.mark.parametrize(
    ("version", "paragon_contract", "steps", "expected"),
    NEIGHBOURS,
    indirect=["paragon_contract"],
    ids=[f"{sdk}-against-{line}" for sdk, line, _, _ in NEIGHBOURS],
)
def test_each_version_against_a_neighbouring_contract(
    version: str,
    steps: list[dict[str, Any]],
    expected: list[str],
    paragon_fake: Any,
    paragon_server: Any,
    paragon_user: Any,
    run_sdk: Any,
) -> None:
    paragon_user.connect("slack")
    run = run_sdk(steps, package=_package(version), route=True)
    assert run.authenticate == {"ok": True}
    project = paragon_fake.project.id
    found = [v.message.replace(project, "{P}") for v in paragon_fake._violations]
    for message in expected:
        assert any(line.startswith(message) for line in found), found
    paragon_fake._violations.clear()  # reported: that is the point
    paragon_fake._failures.clear()


@pytest.mark.parametrize("paragon_contract", ["2.4.0"], indirect=True)
def test_complete_install_adds_another_account(
    paragon_fake: Any, paragon_server: Any, paragon_user: Any, run_sdk: Any
) -> None:
    first = paragon_user.connect("hubspot")
    options = {"authorizationCode": "code-2", "showPortalAfterInstall": False}
    run = run_sdk(
        [{"call": "completeInstall", "args": ["hubspot", options]}],
        package=_package("2.4.0"),
        route=True,
    )
    run.assert_clean()
    assert run.steps[0]["ok"], run.steps[0]
    credentials = paragon_fake.users.credentials(paragon_user.id, "hubspot")
    assert credentials[0].id == first.id
    assert len(credentials) == 2  # the code added a second account, no "already installed"
    (exchange,) = paragon_fake.requests("createCredential")
    assert (exchange.status, exchange.json["code"]) == (201, "code-2")
    assert paragon_fake._violations == []
