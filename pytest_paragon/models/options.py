"""Generated from contracts/paragon.openapi.yaml by scripts/generate_models.py: do not edit.
Pydantic v2 models of every component schema of the contract, one module per x-paragon-area.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, RootModel

from . import conditions, input_types, input_values, inputs


class AuthenticationScheme(str, Enum):
    """How an integration authenticates [SDK 2.4.0 entities/credential.interface.d.ts]."""

    basic = "basic"
    oauth = "oauth"
    oauth_client_credential = "oauth_client_credential"
    service_account = "service_account"
    oauth_app = "oauth_app"
    impersonated_app = "impersonated_app"


class InstallOptions(BaseModel):
    """Install options [SDK 2.4.0 types/sdk.d.ts], sent on the wire as E9's `installOptions`. Left open: the SDK forwards the portal's api-installation options, which may carry more keys. SDK validation: `bypassPostOAuthPrompt` and `showPortalAfterInstall` cannot both be true; `externalId` and `selectedCredentialId` are exclusive."""

    model_config = ConfigDict(
        extra="allow",
    )
    isApiInstallation: bool | None = None
    """
    API-only (true) or UI install.
    """
    showPortalAfterInstall: bool | None = None
    bypassPostOAuthPrompt: bool | None = None
    accountType: str | list[str] | None = None
    """
    Skips account type selection.
    """
    allowMultipleCredentials: bool | None = None
    overrideRedirectUrl: str | None = None
    """
    Overrides the OAuth redirect URL.
    """
    externalId: Annotated[str | None, Field(pattern="\\S")] = None
    """
    Credential-level external id; must not be empty or whitespace-only. Exclusive with `selectedCredentialId`.
    """


class CredentialConfigOptions(BaseModel):
    """Credential / configuration selection [SDK 2.4.0 types/sdk.d.ts]. `selectedCredentialId`: a UUID, or (when it starts with `ext:` or is not a UUID) a credential external id; `selectedConfigurationId`: a UUID or `ext:<externalId>` (§10). The settings updates and getTriggers accept exact UUIDs only."""

    model_config = ConfigDict(
        extra="allow",
    )
    selectedCredentialId: Annotated[str | None, Field(min_length=1)] = None
    selectedConfigurationId: Annotated[str | None, Field(min_length=1)] = None


class InstallIntegrationOptions(BaseModel):
    """Data fields of `installIntegration(type, options)` [SDK 2.4.0 types/sdk.d.ts]: Partial InstallOptions (minus `isApiInstallation`) + UserProvidedIntegrationConfig + CredentialConfigOptions + `oauthTimeout`. The callbacks (`onSuccess`, `onInstall`, `onError`, `onUninstall`, `onWorkflowChange`) are functions, never on the wire, and not modelled; neither is the function-based DynamicFieldMappingConfig form of `mapObjectFields`. SDK-level argument."""

    model_config = ConfigDict(
        extra="allow",
    )
    showPortalAfterInstall: bool | None = None
    bypassPostOAuthPrompt: bool | None = None
    accountType: str | list[str] | None = None
    allowMultipleCredentials: bool | None = None
    overrideRedirectUrl: str | None = None
    externalId: Annotated[str | None, Field(pattern="\\S")] = None
    """
    Credential-level external id; must not be empty or whitespace-only. Exclusive with `selectedCredentialId`.
    """
    mapObjectFields: (
        dict[str, input_types.DynamicMappingOptions | list[input_types.DynamicMappingField]] | None
    ) = None
    """
    objectName -> fields (requires the `dfm` add-on).
    """
    selectedCredentialId: Annotated[str | None, Field(min_length=1)] = None
    selectedConfigurationId: Annotated[str | None, Field(min_length=1)] = None
    oauthTimeout: Annotated[int | None, Field(ge=0)] = None
    """
    Milliseconds; headless only.
    """


class UninstallOptions(BaseModel):
    """`uninstallIntegration` options [SDK 2.4.0 types/connect.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    selectedCredentialId: Annotated[str | None, Field(min_length=1)] = None


class GetIntegrationAccountOptions(BaseModel):
    """`getIntegrationAccount` options [SDK 2.4.0 types/connect.d.ts] (E7 `includeAccountAuth`)."""

    model_config = ConfigDict(
        extra="allow",
    )
    includeAccountAuth: bool | None = None
    selectedCredentialId: Annotated[str | None, Field(min_length=1)] = None


class CreateConfigurationOptions(BaseModel):
    """`createConfiguration` argument [SDK 2.4.0 types/sdk.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    credentialId: str
    externalId: str | None = None


class DeleteConfigurationOptions(BaseModel):
    """`destroyConfiguration` argument [SDK 2.4.0 types/sdk.d.ts]. The default configuration cannot be deleted."""

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    credentialId: str


class UpdateConfigurationOptions(BaseModel):
    """`updateConfiguration` argument [SDK 2.4.0 types/sdk.d.ts]; `meta` is configuration-level metadata [S16]."""

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    credentialId: str
    meta: dict[str, Any]


class Metadata(BaseModel):
    """PersonaMeta: `Name?`, `Email?` and any other keys."""

    model_config = ConfigDict(
        extra="allow",
    )
    Name: str | None = None
    Email: str | None = None


class AuthenticateOptions(BaseModel):
    """`authenticate(projectId, token, options)` options [SDK 2.4.0 types/sdk.d.ts]; `metadata` triggers E2 when changed."""

    model_config = ConfigDict(
        extra="allow",
    )
    metadata: Annotated[Metadata | None, Field(title="PersonaMetaInput")] = None
    """
    PersonaMeta: `Name?`, `Email?` and any other keys.
    """


class TriggerWorkflowOptions(BaseModel):
    """`workflow(workflowId, options)` argument (`TriggerWorkflowRequest`) [SDK 2.4.0 types/sdk.d.ts]; sent to E24."""

    model_config = ConfigDict(
        extra="allow",
    )
    selectedCredentialId: Annotated[str | None, Field(min_length=1)] = None
    selectedConfigurationId: Annotated[str | None, Field(min_length=1)] = None
    body: Any | None = None
    """
    A JSON object or a raw BodyInit.
    """
    headers: dict[str, str] | None = None
    """
    Header name -> value (RequestInit headers as a plain object); passed through unchanged.
    """
    query: dict[str, str] | None = None


class ProxyRequestOptions(BaseModel):
    """`request(type, path, options)` argument [SDK 2.4.0 types/sdk.d.ts]; omitted means GET without a body (E28)."""

    model_config = ConfigDict(
        extra="allow",
    )
    selectedCredentialId: Annotated[str | None, Field(min_length=1)] = None
    method: str | None = None
    body: Any | None = None
    """
    A JSON object or a raw BodyInit.
    """
    headers: dict[str, str] | None = None
    """
    Header name -> value (RequestInit headers as a plain object); passed through unchanged.
    """


class IntegrationOptions(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    installOptions: InstallOptions | None = None


class CompleteInstallOptions(BaseModel):
    """`completeInstall(type, options)` argument [SDK 2.4.0 types/sdk.d.ts] (E9 variant B). `authorizationCode is required` otherwise."""

    model_config = ConfigDict(
        extra="allow",
    )
    authorizationCode: Annotated[str, Field(min_length=1)]
    showPortalAfterInstall: bool | None = True
    redirectUrl: str | None = None
    integrationOptions: Annotated[
        IntegrationOptions | None, Field(title="CompleteInstallIntegrationOptions")
    ] = None


class UpdateWorkflowStateError(BaseModel):
    """One failed entry of `updateWorkflowState` [SDK 2.4.0 types/sdk.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    workflowId: str
    message: str


class UserSettingsUpdate(RootModel[dict[str, input_values.ConnectInputValue]]):
    """`userSettingsUpdate` of `updateIntegrationUserSettings` / `updateWorkflowUserSettings`: a partial map input id -> value; keys not included are not updated [S1]. Sent within E8's config."""

    root: dict[str, input_values.ConnectInputValue]


class WorkflowStateUpdate(RootModel[dict[str, bool]]):
    """`workflowStateUpdate` of `updateWorkflowState`: a partial map workflow id -> enabled; each entry becomes E19 (true) or E20 (false), in order [S1]."""

    root: dict[str, bool]


class AccountType(BaseModel):
    """An account type of an integration (`sdkIntegrationConfig.accountTypes`, install-flow AccountTypeStage options) [SDK 2.4.0 types/action.d.ts]. The SDK type declares `scheme` non-optional, but the docs' Salesforce example omits it [S1], so only `id` is required."""

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    """
    e.g. `default`, `sandbox`, `user-configured-oauth`.
    """
    scheme: AuthenticationScheme | None = None
    oauthParameters: list[conditions.KeyedSource] | None = None
    """
    OAuth scheme: VALUE sources passed to the OAuth flow.
    """
    endUserSuppliedValues: list[inputs.IntegrationConnectInput] | None = None
    """
    Inputs needed before OAuth (e.g. a subdomain).
    """
    accountDescription: str | None = "account"
    skipPostOAuthInputs: bool | None = None
