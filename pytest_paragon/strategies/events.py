"""Strategies for events: the SDK's five events and the webhooks Paragon POSTs to the customer.

``sdk_events()`` draws ``(name, payload)`` pairs that :class:`pytest_paragon.sdk_events.SdkEvents`
can emit as they are; ``trigger_webhooks()`` and ``sync_webhook_events()`` draw webhook bodies,
and ``signed_trigger_webhooks(secret=...)`` whole signed deliveries
(:class:`pytest_paragon.webhooks.Delivery`) ready for a receiver.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st

from pytest_paragon.strategies import links, values
from pytest_paragon.strategies.arguments import check_name, check_type
from pytest_paragon.strategies.schemas import from_contract
from pytest_paragon.strategies.shapes import branch_of

if TYPE_CHECKING:
    from pytest_paragon.webhooks import Delivery

# SDK event name -> the component of its payload (reference section 8.6).
SDK_EVENT_SCHEMAS = {
    "onIntegrationInstall": "IntegrationInstallEvent",
    "onIntegrationUninstall": "IntegrationUninstallEvent",
    "onWorkflowChange": "WorkflowStateChangeEvent",
    "onPortalOpen": "PortalOpenEvent",
    "onPortalClose": "PortalCloseEvent",
}


def install_events() -> st.SearchStrategy[dict[str, Any]]:
    """``onIntegrationInstall`` payloads (``IntegrationInstallEvent``)."""
    return from_contract("IntegrationInstallEvent")


def uninstall_events() -> st.SearchStrategy[dict[str, Any]]:
    """``onIntegrationUninstall`` payloads (``IntegrationUninstallEvent``)."""
    return from_contract("IntegrationUninstallEvent")


def workflow_change_events() -> st.SearchStrategy[dict[str, Any]]:
    """``onWorkflowChange`` payloads (``WorkflowStateChangeEvent``)."""
    return from_contract("WorkflowStateChangeEvent")


def portal_open_events() -> st.SearchStrategy[dict[str, Any]]:
    """``onPortalOpen`` payloads (``PortalOpenEvent``)."""
    return from_contract("PortalOpenEvent")


def portal_close_events() -> st.SearchStrategy[dict[str, Any]]:
    """``onPortalClose`` payloads (``PortalCloseEvent``)."""
    return from_contract("PortalCloseEvent")


def sdk_events(*, name: str | None = None) -> st.SearchStrategy[tuple[str, dict[str, Any]]]:
    """``(event name, payload)`` of the SDK's events (only ``name``'s when given)."""
    if name is not None:
        check_name("sdk_events", "name", name, SDK_EVENT_SCHEMAS)
        return from_contract(SDK_EVENT_SCHEMAS[name]).map(lambda payload: (name, payload))
    return st.one_of([sdk_events(name=event) for event in SDK_EVENT_SCHEMAS])


def app_event_names() -> st.SearchStrategy[str]:
    """App Event names as customers define them (``Contact Created``, ``invoice.paid``...)."""
    return st.sampled_from(("Contact Created", "Deal Won", "invoice.paid", "user_signed_up"))


def trigger_webhooks(
    *, integration_type: str | None = None, user_id: str | None = None
) -> st.SearchStrategy[dict[str, Any]]:
    """ActionKit trigger webhook bodies (``ActionKitTriggerWebhook``).

    ``integration`` is a known integration type (``integration_type`` when given); ``user_id``
    fixes ``userId`` (the JWT ``sub`` of the Connected User).
    """
    if integration_type is not None:
        check_name(
            "trigger_webhooks", "integration_type", integration_type, values.integration_types()
        )
    check_type("trigger_webhooks", "user_id", user_id, str)
    strategy = from_contract("ActionKitTriggerWebhook").map(
        lambda body: links.link_trigger_webhook(body, user_id)
    )
    if integration_type is None:
        return strategy
    return strategy.map(lambda body: {**body, "integration": integration_type})


def sync_webhook_events(*, event: str | None = None) -> st.SearchStrategy[dict[str, Any]]:
    """Managed Sync webhook bodies (``SyncWebhookEvent``); ``event`` picks one event kind."""
    if event is None:
        return from_contract("SyncWebhookEvent")
    return from_contract(branch_of("SyncWebhookEvent", event, "sync_webhook_events", "event"))


def signed_trigger_webhooks(
    *, secret: str, integration_type: str | None = None
) -> st.SearchStrategy[Delivery]:
    """Signed ActionKit trigger deliveries (body bytes + ``x-paragon-signature``) for ``secret``."""
    check_type("signed_trigger_webhooks", "secret", secret, str)
    from pytest_paragon.webhooks import trigger_delivery

    return trigger_webhooks(integration_type=integration_type).map(
        lambda body: trigger_delivery(body, secret=secret)
    )
