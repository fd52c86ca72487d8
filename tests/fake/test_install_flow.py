"""The installFlow simulator: stage order, outcomes, errors, effects in the fake, events."""

from __future__ import annotations

from typing import Any

import pytest

from pytest_paragon.contract import Contract
from pytest_paragon.fake.core import FakeParagon
from pytest_paragon.fake.entrances.users import FakeUser
from pytest_paragon.sdk.install_flow import (
    HeadlessModeNotEnabledError,
    InstallFlow,
    InstallFlowError,
    IntegrationNotFoundError,
    NoActiveInstallFlowError,
    OAuthBlockedError,
    OAuthTimeoutError,
    WrongStageError,
)
from pytest_paragon.sdk.sdk_events import SdkEvents


def _valid_stage(contract: Contract, stage: dict[str, Any]) -> bool:
    validator = contract_validators(contract).validator(contract.schemas["InstallFlowStage"])
    return bool(validator.is_valid(stage))


def contract_validators(contract: Contract) -> Any:
    from pytest_paragon.contract.validation import ContractValidators

    return ContractValidators(contract)


@pytest.mark.parametrize(
    ("integration", "expected"),
    [
        ("hubspot", ["oauth", "done"]),
        ("jira", ["oauth", "postOptions"]),
        ("shopify", ["preOptions"]),
        ("freshdesk", ["preOptions"]),
        ("salesforce", ["accountType"]),
    ],
)
def test_first_stages_follow_the_sdk_order(
    paragon_install_flow: InstallFlow,
    paragon_contract: Contract,
    integration: str,
    expected: list[str],
) -> None:
    seen: list[dict[str, Any]] = []
    paragon_install_flow.start(integration, on_next=seen.append)
    assert [stage["stage"] for stage in seen] == expected
    assert all(_valid_stage(paragon_contract, stage) for stage in seen)


def test_salesforce_sandbox_goes_through_the_package_instruction(
    paragon_fake: FakeParagon, paragon_install_flow: InstallFlow, paragon_user: FakeUser
) -> None:
    flow = paragon_install_flow
    stage = flow.start("salesforce")
    assert stage is not None
    assert [option["id"] for option in stage["options"]] == ["default", "sandbox"]
    stage = flow.set_account_type("sandbox")
    assert stage is not None
    assert stage["stage"] == "instruction"
    assert stage["packageInstallUrl"].startswith("https://test.salesforce.com/")
    assert stage["ctas"][0]["href"] == stage["packageInstallUrl"]
    assert flow.finish_instruction() == {"stage": "done", "done": True}
    credential = paragon_fake.users.credential(paragon_user.id, "salesforce")
    assert credential.status == "VALID"
    assert credential.install_options["accountType"] == "sandbox"
    assert flow.account_type_value() == "sandbox"


def test_oauth_with_post_options_is_pending_until_completed(
    paragon_fake: FakeParagon, paragon_install_flow: InstallFlow, paragon_user: FakeUser
) -> None:
    completed: list[dict[str, Any]] = []
    flow = paragon_install_flow
    stage = flow.start("jira", on_complete=completed.append)
    assert stage is not None
    assert stage["stage"] == "postOptions"
    assert paragon_fake.users.credential(paragon_user.id, "jira").status == "PENDING"
    assert completed == []
    assert flow.set_post_options({"JIRA_CLOUD_ID": "cloud-1"}) == {"stage": "done", "done": True}
    credential = paragon_fake.users.credential(paragon_user.id, "jira")
    assert credential.status == "VALID"
    assert credential.inputs == {"JIRA_CLOUD_ID": "cloud-1"}
    assert [event["credentialId"] for event in completed] == [credential.id]
    assert completed[0]["integrationType"] == "jira"


def test_the_requests_are_the_ones_the_sdk_sends(
    paragon_fake: FakeParagon, paragon_install_flow: InstallFlow
) -> None:
    paragon_install_flow.start("jira")
    paragon_install_flow.set_post_options({"JIRA_CLOUD_ID": "c"})
    assert [entry.operation_id for entry in paragon_fake.requests()] == [
        "buildOAuthUrl",
        "getOAuthSessionStatus",
        "getCredential",
        "deleteOAuthSession",
        "completeCredentialSetup",
    ]


def test_api_key_integration_creates_the_credential_from_pre_options(
    paragon_fake: FakeParagon, paragon_install_flow: InstallFlow, paragon_user: FakeUser
) -> None:
    flow = paragon_install_flow
    flow.start("freshdesk")
    values = {"FRESHDESK_DOMAIN": "acme", "FRESHDESK_API_KEY": "key"}
    assert flow.set_pre_options(values) == {"stage": "done", "done": True}
    credential = paragon_fake.users.credential(paragon_user.id, "freshdesk")
    assert credential.status == "VALID"
    assert credential.inputs == values
    assert flow.pre_options_value() == values
    assert [entry.operation_id for entry in paragon_fake.requests()] == ["createCredential"]


def test_pre_options_then_oauth_sends_the_values_as_end_user_supplied(
    paragon_fake: FakeParagon, paragon_install_flow: InstallFlow, paragon_user: FakeUser
) -> None:
    flow = paragon_install_flow
    flow.start("shopify")
    assert flow.set_pre_options({"SHOP_NAME": "my-shop"}) == {"stage": "done", "done": True}
    (built,) = paragon_fake.requests("buildOAuthUrl")
    assert dict(built.query)["endUserSuppliedValues"] == '{"SHOP_NAME": "my-shop"}'
    assert paragon_fake.users.credential(paragon_user.id, "shopify").inputs == {
        "SHOP_NAME": "my-shop"
    }


def test_missing_required_pre_option_is_an_error_in_its_stage(
    paragon_install_flow: InstallFlow,
) -> None:
    errors: list[tuple[str, Any]] = []
    flow = paragon_install_flow
    flow.start("freshdesk", on_error=lambda error, context: errors.append((error.message, context)))
    flow.set_pre_options({"FRESHDESK_DOMAIN": "acme"})
    assert errors == [("Missing required values: FRESHDESK_API_KEY", {"stage": "preOptions"})]
    assert flow.stage is not None
    assert flow.stage["stage"] == "preOptions"


@pytest.mark.parametrize(
    ("outcome", "error_type", "message"),
    [
        ("denied", "UnknownError", "access_denied: The user denied the authorization request."),
        ("provider_error", "UnknownError", "Hubspot returned an error during authorization."),
        ("timeout", "OAuthTimeoutError", "OAuth timeout"),
        ("popup_blocked", "OAuthBlockedError", "Popup was blocked by the browser."),
    ],
)
def test_oauth_failures_reach_on_error_and_leave_no_credential(
    paragon_fake: FakeParagon,
    paragon_install_flow: InstallFlow,
    paragon_user: FakeUser,
    outcome: Any,
    error_type: str,
    message: str,
) -> None:
    errors: list[tuple[InstallFlowError, Any]] = []
    paragon_install_flow.start(
        "hubspot", oauth=outcome, on_error=lambda error, context: errors.append((error, context))
    )
    ((error, context),) = errors
    assert (error.name, error.message, context) == (error_type, message, {"stage": "oauth"})
    assert paragon_fake.users.credentials(paragon_user.id) == []
    assert paragon_fake.state.oauth_sessions == {}  # E18 cleaned the session up


def test_plain_style_raises_the_sdk_errors(paragon_install_flow: InstallFlow) -> None:
    with pytest.raises(OAuthTimeoutError):
        paragon_install_flow.start("hubspot", oauth="timeout")
    with pytest.raises(OAuthBlockedError):
        paragon_install_flow.start("hubspot", oauth="popup_blocked")
    with pytest.raises(IntegrationNotFoundError, match="Integration with name nope not found"):
        paragon_install_flow.start("nope")


def test_headless_mode_must_be_enabled(paragon_fake: FakeParagon, paragon_user: FakeUser) -> None:
    errors: list[Any] = []
    flow = InstallFlow(paragon_fake, paragon_user.token, headless=False)
    flow.start("hubspot", on_error=lambda error, context: errors.append((error.name, context)))
    flow.close()
    assert errors == [("HeadlessModeNotEnabledError", None)]
    with pytest.raises(HeadlessModeNotEnabledError):
        InstallFlow(paragon_fake, paragon_user.token, headless=False).start("hubspot")


def test_calls_out_of_stage_are_errors(paragon_install_flow: InstallFlow) -> None:
    with pytest.raises(NoActiveInstallFlowError, match="No active install flow"):
        paragon_install_flow.set_pre_options({})
    paragon_install_flow.start("salesforce")
    with pytest.raises(
        WrongStageError, match=r"set_post_options\(\) cannot be called in the 'accountType'"
    ):
        paragon_install_flow.set_post_options({})
    with pytest.raises(WrongStageError):
        paragon_install_flow.finish_instruction()


def test_cancel_removes_the_pending_credential(
    paragon_fake: FakeParagon, paragon_install_flow: InstallFlow, paragon_user: FakeUser
) -> None:
    paragon_install_flow.start("jira")
    assert paragon_fake.users.credential(paragon_user.id, "jira").status == "PENDING"
    paragon_install_flow.cancel()
    assert paragon_fake.users.credentials(paragon_user.id, "jira") == []
    assert paragon_install_flow.stage is None
    (uninstall,) = paragon_fake.requests("uninstallIntegration")
    assert uninstall.headers["x-paragon-credential"]


def test_a_second_account_needs_allow_multiple_credentials(
    paragon_fake: FakeParagon, paragon_install_flow: InstallFlow, paragon_user: FakeUser
) -> None:
    paragon_user.connect("hubspot")
    with pytest.raises(InstallFlowError, match=r'Integration "hubspot" is already installed\.'):
        paragon_install_flow.start("hubspot")
    stage = paragon_install_flow.start("hubspot", allow_multiple_credentials=True)
    assert stage == {"stage": "done", "done": True}
    assert len(paragon_fake.users.credentials(paragon_user.id, "hubspot")) == 2


def test_selected_credential_is_replaced_and_keeps_its_settings(
    paragon_fake: FakeParagon, paragon_install_flow: InstallFlow, paragon_user: FakeUser
) -> None:
    workflow = paragon_fake.users.workflow_id("hubspot", request_trigger=False)
    original = paragon_user.connect(
        "hubspot", status="INVALID", settings={"a": 1}, workflows=[workflow]
    )
    stage = paragon_install_flow.start("hubspot", selected_credential_id=original.id)
    assert stage == {"stage": "done", "done": True}
    (credential,) = paragon_fake.users.credentials(paragon_user.id, "hubspot")
    assert credential.id == original.id
    assert credential.status == "VALID"
    assert credential.default_configuration.shared_settings == {"a": 1}
    assert credential.default_configuration.workflow(workflow).enabled


def test_external_id_rules(
    paragon_fake: FakeParagon, paragon_install_flow: InstallFlow, paragon_user: FakeUser
) -> None:
    flow = paragon_install_flow
    with pytest.raises(InstallFlowError, match="must not be an empty or whitespace-only string"):
        flow.start("hubspot", external_id="  ")
    with pytest.raises(InstallFlowError, match="cannot be used together"):
        flow.start("hubspot", external_id="acme", selected_credential_id="x")
    flow.start("hubspot", external_id="acme")
    assert paragon_fake.users.credential(paragon_user.id, "hubspot").external_id == "acme"
    with pytest.raises(
        InstallFlowError, match='A credential with externalId "acme" already exists'
    ):
        flow.start("hubspot", external_id="acme", allow_multiple_credentials=True)


def test_install_event_reaches_subscribers_and_local_callbacks_once(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    events = SdkEvents(user=paragon_user)
    seen: list[tuple[str, str]] = []
    local: list[str] = []
    unsubscribe = events.subscribe(
        "onIntegrationInstall", lambda event, user: seen.append((event["integrationType"], user.id))
    )
    events.once_for("hubspot", onInstall=lambda event, user: local.append(event["credentialId"]))
    flow = InstallFlow(paragon_fake, paragon_user.token, events=events)
    flow.start("hubspot")
    flow.start("hubspot", allow_multiple_credentials=True)
    assert unsubscribe() is True
    assert unsubscribe() is False
    flow.start("hubspot", allow_multiple_credentials=True)
    flow.close()
    assert seen == [("hubspot", "user-1"), ("hubspot", "user-1")]
    assert len(local) == 1
    assert len(events.emitted) == 3


def test_unknown_event_names_are_refused() -> None:
    with pytest.raises(ValueError, match="onNothing is not valid paragon event"):
        SdkEvents().subscribe("onNothing", lambda event, user: None)


def test_listener_errors_are_caught_like_the_sdk(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    events = SdkEvents()

    def broken(event: Any, user: Any) -> None:
        raise RuntimeError("listener bug")

    events.subscribe("onIntegrationInstall", broken)
    flow = InstallFlow(paragon_fake, paragon_user.token, events=events)
    assert flow.start("hubspot") == {"stage": "done", "done": True}
    flow.close()
    assert [str(error) for error in events.errors] == ["listener bug"]
