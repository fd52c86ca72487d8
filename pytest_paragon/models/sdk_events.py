"""Generated from contracts/paragon.openapi.yaml by scripts/generate_models.py: do not edit.
Pydantic v2 models of every component schema of the contract, one module per x-paragon-area.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from . import input_values


class SdkEventName(str, Enum):
    """`paragon.subscribe()` event names (`SDK_EVENT`) [SDK 2.4.0 types/sdk.d.ts]. `connect()` option aliases: onInstall (also onSuccess), onUninstall, onWorkflowChange, onOpen, onClose. Other names throw `"<name> is not valid paragon event"`."""

    onIntegrationInstall = "onIntegrationInstall"
    onIntegrationUninstall = "onIntegrationUninstall"
    onWorkflowChange = "onWorkflowChange"
    onPortalOpen = "onPortalOpen"
    onPortalClose = "onPortalClose"


class Credential(BaseModel):
    """The created credential (`IConnectCredential`; the Credential shape of §8.2)."""

    model_config = ConfigDict(
        extra="allow",
    )
    id: str


class IntegrationInstallEvent(BaseModel):
    """Payload of `onIntegrationInstall` / `onInstall` / `installFlow` `onComplete` [SDK 2.4.0 types/sdk.d.ts]. SDK 2.4.0 emits `{integrationId, integrationType}`; the `connect()` wrapper adds `credentialId` and `credential`. Docs: `integrationType` typed VisibleConnectAction and `credential`/`credentialId` always present [S1]; the SDK types make them optional."""

    model_config = ConfigDict(
        extra="allow",
    )
    integrationId: str
    integrationType: str
    """
    e.g. `salesforce`, `custom.<slug>`.
    """
    credentialId: str | None = None
    credential: Annotated[Credential | None, Field(title="InstallEventCredential")] = None
    """
    The created credential (`IConnectCredential`; the Credential shape of §8.2).
    """


class IntegrationUninstallEvent(IntegrationInstallEvent):
    """Payload of `onIntegrationUninstall` / `onUninstall` (same type as IntegrationInstallEvent) [SDK 2.4.0 types/sdk.d.ts]; SDK 2.4.0 emits `{integrationId, integrationType}`."""

    model_config = ConfigDict(
        extra="allow",
    )


class WorkflowStateChange(BaseModel):
    """`Partial<IntegrationWorkflowState>` [SDK 2.4.0 types/connect.d.ts]: the changed enablement and/or settings."""

    model_config = ConfigDict(
        extra="allow",
    )
    enabled: bool | None = None
    settings: dict[str, input_values.ConnectInputValue] | None = None


class WorkflowStateChangeEvent(BaseModel):
    """Payload of `onWorkflowChange` [SDK 2.4.0 types/sdk.d.ts]. Emitted only when the portal iframe invokes it; headless enableWorkflow/disableWorkflow/updateWorkflowState do not emit it (inferred)."""

    model_config = ConfigDict(
        extra="allow",
    )
    integrationId: str
    workflowId: str
    workflowStateChange: WorkflowStateChange


class PortalOpenEvent(BaseModel):
    """Payload of `onPortalOpen` / `onOpen` [SDK 2.4.0 types/sdk.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    integrationId: str
    integrationType: str


class PortalCloseEvent(PortalOpenEvent):
    """Payload of `onPortalClose` / `onClose` (same type as PortalOpenEvent) [SDK 2.4.0 types/sdk.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )


class InstallResult(IntegrationInstallEvent):
    """What `connect()` / `installIntegration()` resolve with on install (§8.6): `{integrationId, integrationType, credentialId, credential}`; headless OAuth through `installIntegration` resolves without `credential` (observed at runtime). Docs: since Jan 2025 the created credential is included [S5 changelog]. `installIntegration` is typed `Promise<void | IntegrationInstallEvent>`."""

    model_config = ConfigDict(
        extra="allow",
    )
    credentialId: str
