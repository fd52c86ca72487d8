"""Generated from contracts/paragon.openapi.yaml by scripts/generate_models.py: do not edit.
Pydantic v2 models of every component schema of the contract, one module per x-paragon-area.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class ConnectSdkErrorName(str, Enum):
    """`ConnectSDKError` names [SDK 2.4.0 types/errors.d.ts]. `InstallFlowError` (installFlow `onError`) is every name except `IntegrationNotInstalledError`."""

    UnknownError = "UnknownError"
    UserNotAuthenticatedError = "UserNotAuthenticatedError"
    NoActiveInstallFlowError = "NoActiveInstallFlowError"
    IntegrationNotFoundError = "IntegrationNotFoundError"
    IntegrationNotInstalledError = "IntegrationNotInstalledError"
    HeadlessModeNotEnabledError = "HeadlessModeNotEnabledError"
    OAuthBlockedError = "OAuthBlockedError"
    OAuthTimeoutError = "OAuthTimeoutError"


class Meta(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    integrationName: str | None = None
    originalError: Any | None = None
    """
    The wrapped error.
    """


class ConnectSdkError(BaseModel):
    """An error the SDK throws or passes to `onError` (`ConnectSDKError`) [SDK 2.4.0 types/errors.d.ts]. Messages: UserNotAuthenticatedError "User not authenticated, Call paragon.authenticate(<projectId>, <user token>) before using the SDK."; NoActiveInstallFlowError "No active install flow, make sure you call installFlow.start(<integrationName>, ...args) before calling any other method"; IntegrationNotFoundError "Integration with name <x> not found"; IntegrationNotInstalledError `Integration "<x>" is not installed.`; HeadlessModeNotEnabledError "Headless mode is not enabled. …"; OAuthBlockedError "Popup was blocked by the browser."; OAuthTimeoutError "OAuth timeout"; UnknownError the original message. `meta.integrationName` accompanies IntegrationNotFoundError/IntegrationNotInstalledError; `meta.originalError` UnknownError."""

    model_config = ConfigDict(
        extra="allow",
    )
    name: ConnectSdkErrorName
    message: str
    meta: Annotated[Meta | None, Field(title="ConnectSdkErrorMeta")] = None


class ProxyRequestError(BaseModel):
    """What `paragon.request()` throws on a non-2xx Proxy response (§5.4) [SDK 2.4.0 utils/http.d.ts]: `name` is "Error", `message` the derived message, `response` the parsed error body with any `headers` key removed."""

    model_config = ConfigDict(
        extra="allow",
    )
    name: Literal["Error"]
    message: str
    response: dict[str, Any]


class PortalError(BaseModel):
    """The Connect Portal's connection error (`ParagonError`, §5.4) [SDK 2.4.0 types/connectModal.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    code: str
    status: int
    message: str
    meta: dict[str, Any]
    logOnInitialization: bool
