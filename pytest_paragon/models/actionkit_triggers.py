"""Generated from contracts/paragon.openapi.yaml by scripts/generate_models.py: do not edit.
Pydantic v2 models of every component schema of the contract, one module per x-paragon-area.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from . import inputs


class TriggerModel(str, Enum):
    """How Paragon detects the trigger's events (polling or provider webhook)."""

    POLLING = "POLLING"
    WEBHOOK = "WEBHOOK"


class TriggerTypeError(BaseModel):
    """A per-integration error of List Trigger Types (SDK 2.4.0 `{type, message}`)."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: str
    """
    The integration the error concerns.
    """
    message: str


class TriggerSubscriptionStatus(str, Enum):
    """Status of a trigger subscription."""

    ACTIVE = "ACTIVE"
    ERRORED = "ERRORED"


class WebhookOverride(BaseModel):
    """Per-subscription delivery target replacing the project's ActionKit webhook URL. In requests `url` plus optional `headers` (sent with each event) and `metadata` (echoed as `triggerSubscriptionMetadata` in events); responses echo at least `{url}`."""

    model_config = ConfigDict(
        extra="allow",
    )
    url: str
    headers: Annotated[dict[str, str] | None, Field(title="WebhookOverrideHeaders")] = None
    """
    Extra HTTP headers sent with each event.
    """
    metadata: Annotated[dict[str, Any] | None, Field(title="WebhookOverrideMetadata")] = None
    """
    Arbitrary metadata delivered with each event.
    """


class TriggerSubscription(BaseModel):
    """A trigger subscription of the Connected User. Open."""

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    type: str
    """
    The trigger type.
    """
    parameters: Annotated[dict[str, Any], Field(title="TriggerSubscriptionParameters")]
    """
    The subscription's parameter values, keyed by input id.
    """
    status: TriggerSubscriptionStatus
    dateCreated: str
    dateLastReceivedEvent: str | None
    """
    Polling triggers, the last check; webhook triggers, the last event (null before any, inferred).
    """
    credentialId: str
    """
    The credential (connected account) the subscription runs on.
    """
    error: str | None = None
    """
    Only when status is ERRORED.
    """
    webhookOverride: WebhookOverride | None = None


class ListTriggerSubscriptionsResponse(BaseModel):
    """Response of E38."""

    model_config = ConfigDict(
        extra="allow",
    )
    triggers: Annotated[
        dict[str, list[TriggerSubscription]], Field(title="TriggerSubscriptionsByIntegration")
    ]
    """
    Integration name -> subscriptions.
    """


class CreateTriggerSubscriptionRequest(BaseModel):
    """Body of E39. Closed (the docs fully determine it)."""

    model_config = ConfigDict(
        extra="allow",
    )
    integration: Annotated[str, Field(min_length=1)]
    type: Annotated[str, Field(min_length=1)]
    """
    A trigger type from E37.
    """
    parameters: Annotated[dict[str, Any], Field(title="CreateTriggerSubscriptionParameters")]
    """
    Values for the trigger definition's parameters, keyed by input id.
    """
    webhookOverride: WebhookOverride | None = None


class UpdateTriggerSubscriptionRequest(BaseModel):
    """Body of E40. `parameters` is shallow-merged: omitted keys unchanged, provided keys overwrite, `null` removes the key, arrays are replaced. `webhookOverride: null` clears the override. Closed."""

    model_config = ConfigDict(
        extra="allow",
    )
    parameters: Annotated[
        dict[str, Any] | None, Field(title="UpdateTriggerSubscriptionParameters")
    ] = None
    """
    Parameter changes; a null value removes that parameter.
    """
    webhookOverride: WebhookOverride | None = None


class DeleteTriggerSubscriptionResponse(BaseModel):
    """Response of E41. `warning` is present when the provider webhook tear-down failed."""

    model_config = ConfigDict(
        extra="allow",
    )
    success: Literal[True]
    warning: str | None = None


class TriggerExamplesRequest(BaseModel):
    """Body of E42. Closed."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Annotated[str, Field(min_length=1)]
    integration: Annotated[str, Field(min_length=1)]
    parameters: Annotated[dict[str, Any] | None, Field(title="TriggerExamplesParameters")] = None
    """
    Optional parameter values that shape the examples.
    """


class TriggerExampleRecord(BaseModel):
    """One example event payload of a trigger (integration-specific, user-specific custom fields included). Open."""

    model_config = ConfigDict(
        extra="allow",
    )


class TriggerDefinition(BaseModel):
    """An available trigger type (SDK 2.4.0 `TriggerDefinition`)."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Annotated[str, Field(min_length=1)]
    """
    The trigger type to subscribe to.
    """
    triggerModel: TriggerModel
    title: str
    description: str
    parameters: list[inputs.IntentInputKeyConfig]
    """
    The trigger's parameters as Paragon inputs.
    """


class GetTriggerTypesResponse(BaseModel):
    """Response of E37 (SDK 2.4.0 `GetTriggerTypesResponse`); getTriggers() returns it as is."""

    model_config = ConfigDict(
        extra="allow",
    )
    triggers: Annotated[
        dict[str, list[TriggerDefinition]], Field(title="TriggerDefinitionsByIntegration")
    ]
    """
    Integration name -> trigger definitions.
    """
    errors: list[TriggerTypeError] | None = None
