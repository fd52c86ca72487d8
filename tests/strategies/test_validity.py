"""Valid by construction: every example of every strategy honours the contract.

Each component's strategy is checked with jsonschema-rs (formats on) and by parsing into the
generated model of the same name; every operation's drawn requests pass the fake's own request
checker and route back to the same operation; every drawn response passes ``check_response``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jsonschema_rs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from pytest_paragon import models
from pytest_paragon import strategies as ps
from pytest_paragon.contract import load_contract
from pytest_paragon.contract.validation import DRAFT, RequestChecker, check_response, validators_of

# Hypothesis warns when it renders the repr of a big compiled strategy (a health-check message);
# the strategies are built from the whole contract, so their reprs are big by nature.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

CONTRACT = load_contract()
FEW = settings(
    max_examples=12,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SOME = settings(FEW, max_examples=40)


def strict_validator(schema_name: str) -> jsonschema_rs.Validator:
    """A validator compiled here (not the package's cached one), Draft 2020-12, formats on."""
    components = CONTRACT.document["components"]
    root = {
        "$schema": DRAFT,
        "components": components,
        "$ref": f"#/components/schemas/{schema_name}",
    }
    return jsonschema_rs.validator_for(root, validate_formats=True)


def assert_valid(schema_name: str, document: Any) -> None:
    errors = [error.message for error in strict_validator(schema_name).iter_errors(document)]
    assert not errors, (schema_name, errors[:3], document)
    TypeAdapter(getattr(models, schema_name)).validate_python(document)


@pytest.mark.parametrize("schema_name", sorted(CONTRACT.schemas))
def test_every_component_strategy_is_valid(schema_name: str) -> None:
    @FEW
    @given(document=ps.from_contract(schema_name))
    def check(document: Any) -> None:
        assert_valid(schema_name, document)

    check()


NAMED: dict[str, tuple[Callable[[], st.SearchStrategy[Any]], str]] = {
    "connected_users": (ps.connected_users, "ConnectedUserResponse"),
    "connected_users(salesforce, INVALID)": (
        lambda: ps.connected_users(integration_types=["salesforce"], credential_status="INVALID"),
        "ConnectedUserResponse",
    ),
    "credentials(optional_fields=True)": (
        lambda: ps.credentials(optional_fields=True, status="PENDING"),
        "Credential",
    ),
    "credentials(optional_fields=False)": (
        lambda: ps.credentials(optional_fields=False),
        "Credential",
    ),
    "integrations": (lambda: ps.integrations(integration_type="slack"), "Integration"),
    "integration_configs": (ps.integration_configs, "IntegrationConfig"),
    "install_flow_stages": (ps.install_flow_stages, "InstallFlowStage"),
    "install_flow_stages(oauth)": (
        lambda: ps.install_flow_stages(stage="oauth"),
        "InstallFlowStage",
    ),
    "field_option_pages": (ps.field_option_pages, "FieldOptionsResult"),
    "app_events": (ps.app_events, "AppEventRequest"),
    "trigger_subscriptions": (ps.trigger_subscriptions, "TriggerSubscription"),
    "workflow_executions": (ps.workflow_executions, "WorkflowExecution"),
    "error_bodies": (ps.error_bodies, "ErrorBody"),
    "tools": (ps.tools, "Tool"),
    "syncs": (ps.syncs, "Sync"),
    "synced_record_pages": (ps.synced_record_pages, "SyncedRecordsPage"),
    "install_events": (ps.install_events, "IntegrationInstallEvent"),
    "uninstall_events": (ps.uninstall_events, "IntegrationUninstallEvent"),
    "workflow_change_events": (ps.workflow_change_events, "WorkflowStateChangeEvent"),
    "portal_open_events": (ps.portal_open_events, "PortalOpenEvent"),
    "portal_close_events": (ps.portal_close_events, "PortalCloseEvent"),
    "trigger_webhooks": (
        lambda: ps.trigger_webhooks(integration_type="hubspot", user_id="user-9"),
        "ActionKitTriggerWebhook",
    ),
    "sync_webhook_events": (ps.sync_webhook_events, "SyncWebhookEvent"),
    "sync_webhook_events(record_errored)": (
        lambda: ps.sync_webhook_events(event="record_errored"),
        "SyncWebhookEvent",
    ),
}


@pytest.mark.parametrize("label", sorted(NAMED))
def test_every_named_strategy_is_valid(label: str) -> None:
    make, schema_name = NAMED[label]

    @SOME
    @given(document=make())
    def check(document: Any) -> None:
        assert_valid(schema_name, document)

    check()


def _with_fields(present: bool) -> st.SearchStrategy[tuple[str, Any]]:
    names = st.sampled_from(sorted(CONTRACT.schemas))
    return names.flatmap(
        lambda name: st.tuples(st.just(name), ps.from_contract(name, optional_fields=present))
    )


@settings(FEW, max_examples=100)
@given(all_fields=_with_fields(True), required_only=_with_fields(False))
def test_every_component_is_valid_with_and_without_its_optional_fields(
    all_fields: tuple[str, Any], required_only: tuple[str, Any]
) -> None:
    # A plain object's variant is not filtered by the validator (valid by construction): proved
    # here over every component, with every optional field and with none.
    for schema_name, document in (all_fields, required_only):
        assert_valid(schema_name, document)


@SOME
@given(event=ps.sdk_events())
def test_sdk_events_are_valid_and_named(event: tuple[str, dict[str, Any]]) -> None:
    name, payload = event
    assert_valid(ps.SDK_EVENT_SCHEMAS[name], payload)


OPERATIONS = sorted(operation.operation_id for operation in CONTRACT)
CHECKER = RequestChecker(CONTRACT)


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_every_drawn_request_passes_the_request_checker(operation_id: str) -> None:
    operation = CONTRACT.operation(operation_id)

    @FEW
    @given(request=ps.requests(operation_id))
    def check(request: ps.DrawnRequest) -> None:
        matched = CONTRACT.match(request.method, request.path)
        assert matched is not None, request.path
        assert matched[0].operation_id == operation_id, request.path
        violations = CHECKER.check(
            operation,
            path_params=matched[1],
            query=request.query,
            headers=request.headers,
            content_type="application/json",
            body=request.content(),
        )
        assert violations == [], (violations, request)

    check()


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_every_drawn_response_passes_the_response_check(operation_id: str) -> None:
    operation = CONTRACT.operation(operation_id)

    @FEW
    @given(response=ps.responses(operation_id))
    def check(response: ps.DrawnResponse) -> None:
        media = response.media_type or "application/json"
        assert str(response.status) in ps.documented_statuses(operation) or any(
            key in ps.documented_statuses(operation)
            for key in (f"{str(response.status)[0]}XX", "default")
        )
        if "json" in media and "ndjson" not in media:
            found = check_response(
                CONTRACT, validators_of(CONTRACT), operation, response.status, media, response.body
            )
            assert found == [], found

    check()


def test_webhooks_of_the_contract_have_strategies() -> None:
    """Every webhook of the contract's ``webhooks`` has a request strategy (its body schema)."""
    bodies = {
        webhook["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        for webhook in CONTRACT.document["webhooks"].values()
    }
    assert bodies == {
        "#/components/schemas/ActionKitTriggerWebhook",
        "#/components/schemas/SyncWebhookEvent",
    }
