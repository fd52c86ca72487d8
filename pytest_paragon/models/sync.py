"""Generated from contracts/paragon.openapi.yaml by scripts/generate_models.py: do not edit.
Pydantic v2 models of every component schema of the contract, one module per x-paragon-area.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class SyncState(str, Enum):
    """Status of a Sync. RATE_LIMITED is newer than some doc renders. IDLE with `summary.lastSyncedAt` means the initial sync completed."""

    INITIALIZING = "INITIALIZING"
    ACTIVE = "ACTIVE"
    IDLE = "IDLE"
    RATE_LIMITED = "RATE_LIMITED"
    DISABLED = "DISABLED"
    ERRORED = "ERRORED"


class Sync(BaseModel):
    """A Sync as returned by enableSync (E43). Open."""

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    userId: str
    """
    The Connected User id (JWT sub).
    """
    integration: str
    pipeline: str
    """
    The sync pipeline, e.g. `files`.
    """
    projectId: str
    status: SyncState


class SyncListItem(BaseModel):
    """One Sync in listSyncs (E44). Open."""

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    integration: str
    pipeline: str
    status: SyncState
    configurationName: str | None = None
    dateCreated: str | None = None
    dateUpdated: str | None = None


class SyncList(BaseModel):
    """Response of listSyncs (E44)."""

    model_config = ConfigDict(
        extra="allow",
    )
    data: list[SyncListItem]


class EnableSyncRequest(BaseModel):
    """Body of enableSync (E43). Without `credentialId` the user's oldest active credential for the integration is used. Closed."""

    model_config = ConfigDict(
        extra="allow",
    )
    integration: Annotated[str, Field(min_length=1)]
    pipeline: Annotated[str, Field(min_length=1)]
    """
    The sync pipeline, e.g. `files`.
    """
    configuration: Annotated[dict[str, Any] | None, Field(title="SyncPipelineConfiguration")] = None
    """
    Pipeline-specific settings (e.g. filters); not specified further in the reference.
    """
    configurationName: str | None = None
    credentialId: str | None = None
    """
    The credential to sync (Multi-Account Authorization).
    """


class SyncFrequency(str, Enum):
    """Incremental sync interval (`incrementalAccumulatorFrequency`)."""

    field_1m = "1m"
    field_5m = "5m"
    field_10m = "10m"
    field_30m = "30m"
    field_1h = "1h"
    field_3h = "3h"
    field_6h = "6h"
    field_24h = "24h"


class SyncSummary(BaseModel):
    """Record counts and progress of a Sync."""

    model_config = ConfigDict(
        extra="allow",
    )
    totalRecords: Annotated[int, Field(ge=0)]
    syncedRecordsCount: Annotated[int, Field(ge=0)]
    lastSyncedAt: str | None = None
    latestCursor: str | None = None


class SyncStatus(BaseModel):
    """Response of getSyncStatus (E45). Open."""

    model_config = ConfigDict(
        extra="allow",
    )
    status: SyncState
    summary: SyncSummary
    credentialId: str | None = None
    incrementalAccumulatorFrequency: SyncFrequency | None = None
    rateLimitBackoffMs: Annotated[int | None, Field(ge=0)] = None
    """
    Only when status is RATE_LIMITED.
    """
    error: str | None = None
    """
    Only when status is ERRORED.
    """


class UpdateSyncRequest(BaseModel):
    """Body of updateSync (E46); at least one field. Closed."""

    model_config = ConfigDict(
        extra="allow",
    )
    credentialId: Annotated[str | None, Field(min_length=1)] = None
    incrementalAccumulatorFrequency: SyncFrequency | None = None


class UpdateSyncResponse(BaseModel):
    """Response of updateSync (E46): the update is accepted and applied asynchronously."""

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    """
    The Sync id.
    """
    data: Annotated[dict[str, Any], Field(title="UpdateSyncAcceptedData")]
    """
    The accepted changes.
    """
    message: str
    """
    "Update request accepted and is being processed".
    """


class SyncActionResponse(BaseModel):
    """Body of deleteSync, disableSync and reenableSync (E47-E49). Not documented publicly; the fake returns `{"success": true}`. Open."""

    model_config = ConfigDict(
        extra="allow",
    )
    success: Literal[True]


class SyncedRecord(BaseModel):
    """One normalized synced record. Its fields depend on the Synced Object (File, CRM Contact, CRM Company, CRM Deal, CRM Custom Object, Ticket); those schemas are not in the reference (known gap), so the record is an open object."""

    model_config = ConfigDict(
        extra="allow",
    )


class SyncPaging(BaseModel):
    """Paging of pullSyncedRecords. `cursor` marks the last record of the page. Docs drift: an older render used snake_case and a date-time `last_seen`; modelled is the current camelCase render with numeric `lastSeen`. Null cursor/lastSeen on an empty page is allowed (inferred)."""

    model_config = ConfigDict(
        extra="allow",
    )
    totalRecords: Annotated[int, Field(ge=0)]
    totalActiveRecords: Annotated[int | None, Field(ge=0)] = None
    remainingRecords: Annotated[int, Field(ge=0)]
    cursor: str | None
    lastSeen: float | None = None


class SyncedRecordsPage(BaseModel):
    """Response of pullSyncedRecords (E50)."""

    model_config = ConfigDict(
        extra="allow",
    )
    data: list[SyncedRecord]
    paging: SyncPaging
