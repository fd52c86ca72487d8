"""Named strategies for the shapes a client reads most: users, credentials, integrations, flows.

Each is ``from_contract`` of one component plus keyword-only constraints checked when the
strategy is built, and the cross-references of :mod:`pytest_paragon.strategies.links`. Every
example validates against its component schema and parses into the generated model.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st

from pytest_paragon.strategies import links, values
from pytest_paragon.strategies.arguments import check_name, check_type
from pytest_paragon.strategies.schemas import default_contract, from_contract


def credential_statuses() -> tuple[str, ...]:
    """The credential statuses the contract documents (``CredentialStatus``)."""
    return tuple(default_contract().schemas["CredentialStatus"]["enum"])


def _check_integration_types(function: str, chosen: Sequence[str] | None) -> tuple[str, ...] | None:
    if chosen is None:
        return None
    check_type(function, "integration_types", chosen, (list, tuple))
    for name in chosen:
        check_name(function, "integration_types", name, values.integration_types())
    return tuple(chosen)


def branch_of(component: str, discriminator_value: str, function: str, argument: str) -> str:
    """The component a discriminated ``oneOf`` maps ``discriminator_value`` to."""
    mapping = default_contract().schemas[component]["discriminator"]["mapping"]
    check_name(function, argument, discriminator_value, mapping)
    return str(mapping[discriminator_value]).rsplit("/", 1)[-1]


def _with_status(status: str | None) -> Any:
    def apply(credential: dict[str, Any]) -> dict[str, Any]:
        return credential if status is None else {**credential, "status": status}

    return apply


def connected_users(
    *,
    integration_types: Sequence[str] | None = None,
    credential_status: str | None = None,
    optional_fields: bool | None = None,
) -> st.SearchStrategy[dict[str, Any]]:
    """``GET /sdk/me`` bodies (``ConnectedUserResponse``) with consistent cross-references.

    Integrations are keyed by known integration types (only ``integration_types`` when given);
    each integration's ``credentialId`` is one of its ``allCredentials``, whose ``projectId`` is
    the response's project and whose ``integrationId`` is shared; ``credential_status`` fixes the
    status of every credential.
    """
    allowed = _check_integration_types("connected_users", integration_types)
    if credential_status is not None:
        check_name("connected_users", "credential_status", credential_status, credential_statuses())

    def constrain(document: dict[str, Any]) -> dict[str, Any]:
        integrations = document.get("integrations") or {}
        if allowed is not None:
            integrations = {k: v for k, v in integrations.items() if k in allowed}
        if credential_status is not None:
            for entry in integrations.values():
                for credential in entry.get("allCredentials") or []:
                    credential["status"] = credential_status
        return links.link_connected_user({**document, "integrations": integrations})

    base = from_contract("ConnectedUserResponse", optional_fields=optional_fields)
    return base.map(constrain)


def credentials(
    *,
    status: str | None = None,
    integration_id: str | None = None,
    optional_fields: bool | None = None,
) -> st.SearchStrategy[dict[str, Any]]:
    """Credentials (``Credential``); ``status`` and ``integration_id`` fix those fields."""
    if status is not None:
        check_name("credentials", "status", status, credential_statuses())
    check_type("credentials", "integration_id", integration_id, str)
    strategy = from_contract("Credential", optional_fields=optional_fields).map(
        _with_status(status)
    )
    if integration_id is None:
        return strategy
    return strategy.map(lambda credential: {**credential, "integrationId": integration_id})


def integrations(
    *, integration_type: str | None = None, optional_fields: bool | None = None
) -> st.SearchStrategy[dict[str, Any]]:
    """Integrations (``Integration``) of a known type (``integration_type`` when given)."""
    if integration_type is not None:
        check_name("integrations", "integration_type", integration_type, values.integration_types())
    strategy = from_contract("Integration", optional_fields=optional_fields)
    types = (
        st.sampled_from(values.integration_types())
        if integration_type is None
        else st.just(integration_type)
    )
    return st.builds(lambda document, kind: {**document, "type": kind}, strategy, types)


def integration_configs(
    *, optional_fields: bool | None = None
) -> st.SearchStrategy[dict[str, Any]]:
    """Integration configurations as the portal reads them (``IntegrationConfig``)."""
    return from_contract("IntegrationConfig", optional_fields=optional_fields)


def install_flow_stages(*, stage: str | None = None) -> st.SearchStrategy[dict[str, Any]]:
    """Headless installFlow stages (``InstallFlowStage``); ``stage`` picks one kind."""
    if stage is None:
        return from_contract("InstallFlowStage")
    return from_contract(branch_of("InstallFlowStage", stage, "install_flow_stages", "stage"))


def field_option_pages() -> st.SearchStrategy[dict[str, Any]]:
    """Pages of dynamic field options (``FieldOptionsResult``), empty and full pages included."""
    return from_contract("FieldOptionsResult")


def app_events() -> st.SearchStrategy[dict[str, Any]]:
    """App Event requests (``AppEventRequest``: an event name and a free-form payload)."""
    return from_contract("AppEventRequest")


def trigger_subscriptions(
    *, optional_fields: bool | None = None
) -> st.SearchStrategy[dict[str, Any]]:
    """ActionKit trigger subscriptions (``TriggerSubscription``)."""
    return from_contract("TriggerSubscription", optional_fields=optional_fields)


def workflow_executions(
    *, optional_fields: bool | None = None
) -> st.SearchStrategy[dict[str, Any]]:
    """Task History workflow executions (``WorkflowExecution``)."""
    return from_contract("WorkflowExecution", optional_fields=optional_fields)


def error_bodies() -> st.SearchStrategy[dict[str, Any]]:
    """Paragon's JSON error bodies (``ErrorBody``)."""
    return from_contract("ErrorBody")


def tools() -> st.SearchStrategy[dict[str, Any]]:
    """ActionKit tools (``Tool``)."""
    return from_contract("Tool")


def syncs() -> st.SearchStrategy[dict[str, Any]]:
    """Managed Sync descriptions (``Sync``)."""
    return from_contract("Sync")


def synced_record_pages() -> st.SearchStrategy[dict[str, Any]]:
    """Pages of synced records (``SyncedRecordsPage``)."""
    return from_contract("SyncedRecordsPage")
