"""Generated from contracts/paragon.openapi.yaml by scripts/generate_models.py: do not edit.
Pydantic v2 models of every component schema of the contract, one module per x-paragon-area.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel


class ActionKitTriggerWebhook(BaseModel):
    """Body of an ActionKit trigger event POSTed to the customer's webhook URL (signed with `x-paragon-signature`). Open."""

    model_config = ConfigDict(
        extra="allow",
    )
    eventId: str
    """
    Unique event id; use it to deduplicate deliveries.
    """
    userId: str
    """
    The Connected User id (JWT sub).
    """
    integration: str
    triggerType: str
    triggerSubscriptionId: str
    credentialId: str
    projectId: str
    dateReceived: str
    payload: Annotated[dict[str, Any], Field(title="ActionKitTriggerPayload")]
    """
    The trigger-specific event data (see getTriggerExamplePayloads).
    """
    triggerSubscriptionMetadata: dict[str, Any] | None = None
    """
    The subscription's `webhookOverride.metadata`, when set.
    """


class User(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    """
    The Connected User id.
    """


class SyncWebhookEventBase(BaseModel):
    """Fields common to every Managed Sync webhook event (base of the SyncWebhookEvent variants)."""

    model_config = ConfigDict(
        extra="allow",
    )
    event: str
    """
    The event name (discriminator of SyncWebhookEvent).
    """
    sync: str
    """
    The integration name of the Sync.
    """
    syncInstanceId: str
    """
    The Sync id.
    """
    credentialId: str
    user: Annotated[User, Field(title="SyncWebhookUser")]


class SyncWebhookRecordData(BaseModel):
    """The affected record of a record_created / record_updated / record_deleted event."""

    model_config = ConfigDict(
        extra="allow",
    )
    recordId: str
    model: str
    """
    The Synced Object model of the record.
    """


class Data(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    model: str
    syncedAt: str
    numRecords: Annotated[int, Field(ge=0)]


class SyncCompleteWebhookEvent(SyncWebhookEventBase):
    """`sync_complete`: a sync run finished (docs also say `sync_completed`)."""

    model_config = ConfigDict(
        extra="allow",
    )
    event: Literal["sync_complete"]
    """
    The event name (discriminator of SyncWebhookEvent).
    """
    data: Annotated[Data, Field(title="SyncCompleteData")]


class Error(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    message: str
    code: str | int | None = None
    """
    Error code, e.g. 10007 (type not documented).
    """


class SyncErroredWebhookEvent(SyncWebhookEventBase):
    """`sync_errored`: a non-recoverable Sync error (code 10007 = the root resource is no longer accessible)."""

    model_config = ConfigDict(
        extra="allow",
    )
    event: Literal["sync_errored"]
    """
    The event name (discriminator of SyncWebhookEvent).
    """
    error: Annotated[Error, Field(title="SyncErroredError")]


class SyncRecordCreatedWebhookEvent(SyncWebhookEventBase):
    """`record_created` (docs also say `recordCreated`): a new record is available to pull."""

    model_config = ConfigDict(
        extra="allow",
    )
    event: Literal["record_created"]
    """
    The event name (discriminator of SyncWebhookEvent).
    """
    data: SyncWebhookRecordData


class SyncRecordUpdatedWebhookEvent(SyncWebhookEventBase):
    """`record_updated`: a record changed."""

    model_config = ConfigDict(
        extra="allow",
    )
    event: Literal["record_updated"]
    """
    The event name (discriminator of SyncWebhookEvent).
    """
    data: SyncWebhookRecordData


class SyncRecordDeletedWebhookEvent(SyncWebhookEventBase):
    """`record_deleted`: a record was deleted or unshared from the connected account."""

    model_config = ConfigDict(
        extra="allow",
    )
    event: Literal["record_deleted"]
    """
    The event name (discriminator of SyncWebhookEvent).
    """
    data: SyncWebhookRecordData


class ErrorModel(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    message: str
    recordId: str
    model: str


class SyncRecordErroredWebhookEvent(SyncWebhookEventBase):
    """`record_errored`: one record could not be synced."""

    model_config = ConfigDict(
        extra="allow",
    )
    event: Literal["record_errored"]
    """
    The event name (discriminator of SyncWebhookEvent).
    """
    error: Annotated[ErrorModel, Field(title="SyncRecordErroredError")]


class SyncWebhookEvent(
    RootModel[
        SyncCompleteWebhookEvent
        | SyncErroredWebhookEvent
        | SyncRecordCreatedWebhookEvent
        | SyncRecordUpdatedWebhookEvent
        | SyncRecordDeletedWebhookEvent
        | SyncRecordErroredWebhookEvent
    ]
):
    root: Annotated[
        SyncCompleteWebhookEvent
        | SyncErroredWebhookEvent
        | SyncRecordCreatedWebhookEvent
        | SyncRecordUpdatedWebhookEvent
        | SyncRecordDeletedWebhookEvent
        | SyncRecordErroredWebhookEvent,
        Field(
            discriminator="event",
            examples=[
                {
                    "event": "record_created",
                    "sync": "googledrive",
                    "syncInstanceId": "7c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
                    "credentialId": "6f5e6a0c-0d7a-4f5e-9a53-3c9a1c7f1a11",
                    "user": {"id": "user-123"},
                    "data": {"recordId": "1d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a", "model": "file"},
                }
            ],
        ),
    ]
    """
    A Managed Sync webhook event, discriminated by `event`. Naming drift: the Enable-Sync / Sync-API pages say `sync_completed` and `recordCreated`; the webhooks page names (used here) are `sync_complete`, `sync_errored`, `record_created`, `record_updated`, `record_deleted`, `record_errored`.
    """
