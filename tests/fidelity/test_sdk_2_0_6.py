"""The official Connect SDK 2.0.6 against the fake in its contract's mode (issue 14, section 2).

``@useparagon/connect@2.0.6`` is installed beside 2.4.0 under the npm alias
``paragon-connect-2.0.6``. The fake serves ``contracts/history/paragon-2.0.6.openapi.yaml`` (the
module overrides ``paragon_contract``), so strict checking holds every request of the old SDK to
that contract: the tests fail on any violation, as the 2.4.0 ones do. ``HERMES_PUBLIC_URL``
points at a closed port: SDK 2.0.6 must send App Events and request triggers to zeus.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.fidelity.conftest import HERE, _unavailable

PACKAGE = "paragon-connect-2.0.6"
CLOSED_HERMES = {"HERMES_PUBLIC_URL": "http://127.0.0.1:9"}


@pytest.fixture
def paragon_contract() -> Any:
    from pytest_paragon.contract.history import load_history

    return load_history("2.0.6")


@pytest.fixture
def old_sdk(node_executable: str) -> str:
    manifest = HERE / "node_modules" / PACKAGE / "package.json"
    if not manifest.exists():
        _unavailable(f"{PACKAGE} is missing: run `npm ci` in {HERE}")
    assert json.loads(manifest.read_text())["version"] == "2.0.6"
    return PACKAGE


def conforms(fake: Any) -> list[str]:
    """The operations the SDK called; asserts each is one of the 2.0.6 contract's, answered 2xx."""
    ids = {operation.operation_id for operation in fake.contract.operations}
    assert fake._violations == []
    for entry in fake.journal:
        assert entry.operation_id in ids, (entry.method, entry.path)
        assert entry.status < 400, (entry.operation_id, entry.status, entry.response_body)
        assert "x-paragon-sdk-version" not in entry.headers  # SDK 2.0.6 has no version header
    return [entry.operation_id for entry in fake.journal]


def test_authenticate_sends_metadata_as_a_header(paragon_fake, paragon_user, run_sdk, old_sdk):
    run = run_sdk(
        [{"call": "getUser"}, {"call": "setUserMetadata", "args": [{"plan": "pro"}]}],
        package=old_sdk,
        authenticate={"metadata": {"Name": "Grace Hopper"}},
    )
    run.assert_clean()
    assert run.value(0)["meta"]["Name"] == "Grace Hopper"
    assert paragon_fake.users.metadata(paragon_user.id)["plan"] == "pro"
    called = conforms(paragon_fake)
    assert called[:2] == ["getConnectedUserWithMetadataHeader", "listProjectIntegrations"]
    assert "updateConnectedUserMetadata" in called
    (first, *_) = paragon_fake.requests("getConnectedUserWithMetadataHeader")
    assert json.loads(first.headers["x-paragon-user-metadata"]) == {"Name": "Grace Hopper"}


def test_app_events_and_request_triggers_go_to_zeus(paragon_fake, paragon_user, run_sdk, old_sdk):
    paragon_user.connect("salesforce")
    trigger = paragon_fake.users.workflow_id("hubspot", request_trigger=True)
    paragon_user.connect("hubspot", workflows=[trigger])
    run = run_sdk(
        [
            {"call": "event", "args": ["Contact Created", {"email": "ada@example.com"}]},
            {"call": "workflow", "args": [trigger, {"body": {"name": "Acme"}}]},
        ],
        package=old_sdk,
        overrides=CLOSED_HERMES,
    )
    run.assert_clean()
    called = conforms(paragon_fake)
    assert called.count("sendAppEventV2") == 1
    assert called.count("runRequestTriggerWorkflow") == 1
    (event,) = paragon_fake.users.app_events()
    assert (event.name, event.payload, event.user_id) == (
        "Contact Created",
        {"email": "ada@example.com"},
        paragon_user.id,
    )


def test_a_2_4_0_sdk_against_the_2_0_6_contract_is_reported(paragon_fake, run_sdk):
    run = run_sdk([{"call": "getUser"}])
    assert run.authenticate == {"ok": True}
    (violation,) = paragon_fake._violations  # once per SDK version, not once per request
    assert violation.place == "header X-Paragon-SDK-Version"
    assert "outside the active contract's range >=2.0.0 <2.1.0" in violation.message
    paragon_fake._violations.clear()  # reported; the test itself passes


def test_oauth_install_opens_the_old_build_oauth_path(paragon_fake, paragon_user, run_sdk, old_sdk):
    # SDK 2.0.6 navigates the popup straight to build-oauth (no nonce page), keyed by sessionId;
    # the fake redirects to its consent page, the popup closes, the SDK polls E17 and cleans up.
    run = run_sdk(
        [
            {"call": "installIntegration", "args": ["hubspot"], "timeoutMs": 20000},
            {"call": "getUser"},
        ],
        package=old_sdk,
    )
    run.assert_clean()
    installed = run.value(0)
    (credential,) = paragon_fake.users.credentials(paragon_user.id, "hubspot")
    assert installed["credentialId"] == credential.id
    assert run.value(1)["integrations"]["hubspot"]["enabled"] is True
    (popup,) = run.popups
    (page,) = popup["pages"]
    assert "/projects/" in page["url"]
    assert "/v2/" not in page["url"]
    assert page["url"].split("?")[0].endswith("/sdk/actions/build-oauth")
    # the consent page's oauth_success_callback makes the SDK send E9 with the code: the fake
    # exchanges it for the credential consent created (no second one, no "already installed")
    (exchange,) = paragon_fake.requests("createCredential")
    assert (exchange.status, exchange.response_json["id"]) == (201, credential.id)
    # the E17 polling races E9: when E9's credential arrives first, the SDK may not poll at all,
    # skip E11 and end before its poll cleans up with E18
    flow = [op for op in conforms(paragon_fake) if op != "createCredential"]
    start = ["getConnectedUserWithMetadataHeader", "listProjectIntegrations"]
    assert flow[:3] == [*start, "buildOAuthUrlWithSessionId"]
    assert set(flow[3:]) <= {"getOAuthSessionStatus", "getCredential", "deleteOAuthSession"}
    (build,) = paragon_fake.requests("buildOAuthUrlWithSessionId")
    session = dict(build.query)["sessionId"]
    assert build.status == 302
    for cleanup in paragon_fake.requests("deleteOAuthSession"):
        assert cleanup.path.endswith(f"/session-id/{session}")
