"""Generated from contracts/paragon.openapi.yaml by scripts/generate_models.py: do not edit.
Pydantic v2 models of every component schema of the contract, one module per x-paragon-area.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, RootModel

from . import input_values, options, workflows


class CredentialStatus(str, Enum):
    """`VALID`; `INVALID` (enabled false, workflows and proxy fail until reconnect); `PENDING` (OAuth done but required post-OAuth options not completed). Third-party schemas list `EXPIRED`, which the SDK lacks."""

    VALID = "VALID"
    INVALID = "INVALID"
    PENDING = "PENDING"


class ConfigurationMeta(BaseModel):
    """Configuration metadata (`configMeta`)."""

    model_config = ConfigDict(
        extra="allow",
    )
    isIntegrationEnableTriggered: bool | None = None


class Payload(BaseModel):
    """The OAuth popup payload, or input id -> value plus `skipPostOAuthInputs`."""

    model_config = ConfigDict(
        extra="allow",
    )
    skipPostOAuthInputs: bool | None = None


class CreateConfigurationRequest(BaseModel):
    """E12 body, `{}` or `{externalId}`. The SDK rejects an empty or whitespace-only `externalId`."""

    model_config = ConfigDict(
        extra="allow",
    )
    externalId: Annotated[str | None, Field(pattern="\\S")] = None


class UpdateConfigurationRequest(BaseModel):
    """E13 body; the configuration is named by the `X-Paragon-Configuration-Id` header."""

    model_config = ConfigDict(
        extra="allow",
    )
    meta: dict[str, Any]
    """
    Configuration-level metadata (free-form).
    """


class IntegrationWorkflowState(BaseModel):
    """A workflow's enablement and workflow-level User Settings for one configuration."""

    model_config = ConfigDict(
        extra="allow",
    )
    enabled: bool
    settings: dict[str, input_values.ConnectInputValue]
    """
    Input id -> value.
    """


class SharedSettings(RootModel[dict[str, input_values.ConnectInputValue]]):
    """Integration-level User Settings, input id -> value."""

    root: dict[str, input_values.ConnectInputValue]


class WorkflowSettings(RootModel[dict[str, IntegrationWorkflowState]]):
    """Workflow id -> IntegrationWorkflowState."""

    root: dict[str, IntegrationWorkflowState]


class CredentialConfig(BaseModel):
    """The deprecated credential-level `config` (`SDKConnectCredentialConfig`). Docs show `configuredWorkflows` (E6) and `sharedSettings` (E8 body); superseded by `configurations`."""

    model_config = ConfigDict(
        extra="allow",
    )
    configuredWorkflows: WorkflowSettings | None = None
    sharedSettings: SharedSettings | None = None


class CredentialConfigUpdate(BaseModel):
    """E8 `config`. Accepts both forms:

    * SDK 2.4.0: exactly one of `sharedSettings` (merged values) or `workflowSettings` (the whole
      map with one workflow's settings merged), targeting the configuration named by the
      `X-Paragon-Configuration-Id` header; implies per-key merge on the server (inferred).
    * Docs: the whole `config` with `configuredWorkflows` (and `sharedSettings`), **replacing** the
      existing value, so the full existing value must be sent with the changes applied.

    """

    model_config = ConfigDict(
        extra="allow",
    )
    sharedSettings: SharedSettings | None = None
    workflowSettings: WorkflowSettings | None = None
    configuredWorkflows: WorkflowSettings | None = None


class UpdateCredentialRequest(BaseModel):
    """E8 body `{config: CredentialConfigUpdate}`. Docs: `config` is updated by replacement; SDK 2.4.0 sends partial `sharedSettings` or `workflowSettings` with both headers (see CredentialConfigUpdate)."""

    model_config = ConfigDict(
        extra="allow",
    )
    config: CredentialConfigUpdate


class CreateCredentialFromPayloadRequest(BaseModel):
    """E9 variant A (also the E10 body): after OAuth success (`payload` = the popup's
    `oauth_success_callback` payload) or API-key `installFlow.setPreOptions` (`payload` = the
    pre-option values plus `skipPostOAuthInputs`). SDK 2.4.0 always sends `config: {}`.

    """

    model_config = ConfigDict(
        extra="allow",
    )
    integrationId: str
    config: workflows.EmptyObject | None = None
    payload: Annotated[Payload, Field(title="CredentialPayload")]
    """
    The OAuth popup payload, or input id -> value plus `skipPostOAuthInputs`.
    """
    installOptions: options.InstallOptions | None = None


class IntegrationOptions(BaseModel):
    """`CompleteInstallOptions.integrationOptions`."""

    model_config = ConfigDict(
        extra="allow",
    )
    installOptions: options.InstallOptions | None = None


class CreateCredentialFromCodeRequest(BaseModel):
    """E9 variant B (`completeInstall`, marketplace code exchange). The SDK prefixes `redirectUrl` with `https://` when it has no scheme."""

    model_config = ConfigDict(
        extra="allow",
    )
    code: Annotated[str, Field(min_length=1)]
    """
    The authorization code (`authorizationCode` option).
    """
    integrationId: str
    redirectUrl: str | None = None
    integrationOptions: Annotated[
        IntegrationOptions | None, Field(title="CompleteInstallIntegrationOptions")
    ] = None
    """
    `CompleteInstallOptions.integrationOptions`.
    """


class CompleteSetupRequest(CreateCredentialFromPayloadRequest):
    """E10 body, the same shape as E9 variant A, with the post-OAuth option values as `payload`."""

    model_config = ConfigDict(
        extra="allow",
    )


class Configuration(BaseModel):
    """A configuration of a credential (`IConnectCredentialConfig`); every credential has a default
    one plus any created with E12. Docs also mention configuration-level metadata set by
    `updateConfiguration` (E13); the response field that carries it is undocumented (gap).

    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    dateCreated: str | None = None
    dateUpdated: str | None = None
    connectCredentialId: str
    workflowSettings: WorkflowSettings | None = None
    sharedSettings: SharedSettings | None = None
    configMeta: ConfigurationMeta | None = None
    externalId: str | None = None
    isDefault: bool


class CreateCredentialRequest(
    RootModel[CreateCredentialFromPayloadRequest | CreateCredentialFromCodeRequest]
):
    root: Annotated[
        CreateCredentialFromPayloadRequest | CreateCredentialFromCodeRequest,
        Field(
            examples=[
                {
                    "integrationId": "7c1e9d2a-4b3f-4e8a-9d6c-5b4a3f2e1d0c",
                    "config": {},
                    "payload": {"API_KEY": "fd_live_8f7e6d5c4b3a", "skipPostOAuthInputs": False},
                    "installOptions": {},
                }
            ]
        ),
    ]
    """
    E9 body: variant A (payload: OAuth success or API-key pre-options) or variant B (authorization code, `completeInstall`). The variants are closed objects with disjoint keys (`payload` vs `code`), so exactly one matches.
    """


class Credential(BaseModel):
    """A Connect credential, i.e. one connected account (`IConnectCredential`). SDK 2.4.0 needs
    `status` and `configurations` (at least one, exactly one `isDefault`) wherever it receives
    credentials; those places use CredentialWithConfigurations. This schema requires only `id`
    because the docs' E6 example is older (2021) and lacks `configurations` and `status`; it also
    carries the deprecated `config` and `dateDeleted`.

    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    projectId: str | None = None
    integrationId: str | None = None
    personaId: str | None = None
    """
    The Connected User record.
    """
    config: CredentialConfig | None = None
    configurations: Annotated[list[Configuration] | None, Field(min_length=1)] = None
    isPreviewCredential: bool | None = None
    providerId: str | None = None
    """
    The user's id at the provider.
    """
    providerData: dict[str, str | float | bool] | None = None
    """
    Provider-specific data, e.g. Salesforce `instanceURL`.
    """
    dateCreated: str | None = None
    dateUpdated: str | None = None
    dateRefreshed: str | None = None
    dateValidUntil: str | None = None
    dateDeleted: str | None = None
    """
    Docs only (always null in the example).
    """
    status: CredentialStatus | None = None
    refreshFailureCount: Annotated[int | None, Field(ge=0)] = None
    accountAuth: dict[str, str] | None = None
    """
    Decrypted tokens; only for some integrations (E7).
    """
    externalId: str | None = None
    """
    Credential-level external id from `InstallOptions.externalId`.
    """
    isRefreshing: bool | None = None
    """
    Docs only (multi-account examples).
    """


class CredentialWithConfigurations(Credential):
    """A Credential as SDK 2.4.0 needs it (E1 `allCredentials[]`, E8-E13): with `status` and `configurations` (at least one; exactly one `isDefault: true`). The SDK emits `onIntegrationInstall` when `status` is `VALID`."""

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    status: CredentialStatus
    configurations: Annotated[list[Configuration], Field(min_length=1)]


class UpdateCredentialResponse(CredentialWithConfigurations):
    """E8 response: the updated Credential (with `status` and `configurations`) plus an optional `errors` array that SDK 2.4.0 passes through to the caller as `{userState, errors}`."""

    model_config = ConfigDict(
        extra="allow",
    )
    errors: list[Any] | None = None
    """
    Errors passed through to the caller; the item shape is undocumented (gap).
    """
