"""Hypothesis strategies for every shape of Paragon's contract, valid by construction.

``from_contract(name)`` covers every component schema; ``requests(operation_id)`` and
``responses(operation_id, status=...)`` every operation; the plural nouns below the shapes a
client reads most, with keyword-only constraints checked when the strategy is built. Importing
this package registers ``st.from_type`` strategies for the generated models
(``st.from_type(pytest_paragon.models.Credential)``).
"""

from __future__ import annotations

from pytest_paragon.strategies.arguments import StrategyArgumentError
from pytest_paragon.strategies.events import (
    SDK_EVENT_SCHEMAS,
    app_event_names,
    install_events,
    portal_close_events,
    portal_open_events,
    sdk_events,
    signed_trigger_webhooks,
    sync_webhook_events,
    trigger_webhooks,
    uninstall_events,
    workflow_change_events,
)
from pytest_paragon.strategies.operations import (
    DrawnRequest,
    DrawnResponse,
    documented_statuses,
    requests,
    responses,
)
from pytest_paragon.strategies.schemas import from_contract
from pytest_paragon.strategies.shapes import (
    app_events,
    connected_users,
    credential_statuses,
    credentials,
    error_bodies,
    field_option_pages,
    install_flow_stages,
    integration_configs,
    integrations,
    synced_record_pages,
    syncs,
    tools,
    trigger_subscriptions,
    workflow_executions,
)
from pytest_paragon.strategies.types import register_model_strategies
from pytest_paragon.strategies.values import integration_types

__all__ = [
    # events and webhooks
    "SDK_EVENT_SCHEMAS",
    # any shape of the contract
    "DrawnRequest",
    "DrawnResponse",
    # helpers
    "StrategyArgumentError",
    "app_event_names",
    # the shapes a client reads most
    "app_events",
    "connected_users",
    "credential_statuses",
    "credentials",
    "documented_statuses",
    "error_bodies",
    "field_option_pages",
    "from_contract",
    "install_events",
    "install_flow_stages",
    "integration_configs",
    "integration_types",
    "integrations",
    "portal_close_events",
    "portal_open_events",
    "register_model_strategies",
    "requests",
    "responses",
    "sdk_events",
    "signed_trigger_webhooks",
    "sync_webhook_events",
    "synced_record_pages",
    "syncs",
    "tools",
    "trigger_subscriptions",
    "trigger_webhooks",
    "uninstall_events",
    "workflow_change_events",
    "workflow_executions",
]

register_model_strategies()
