"""Generated from contracts/paragon.openapi.yaml by scripts/generate_models.py: do not edit.
Pydantic v2 models of every component schema of the contract, one module per x-paragon-area.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel

from . import conditions, data_sources, options
from . import inputs as inputs_1


class AccountAuth(BaseModel):
    """Only in E7 responses with `includeAccountAuth=true`, for the SDK allow-list `box`, `googledrive`, `onedrive`, `sharepoint`. The file picker needs `OAUTH_ACCESS_TOKEN` (onedrive also `DOMAIN`)."""

    model_config = ConfigDict(
        extra="allow",
    )
    __annotations__ = {
        "__pydantic_extra__": dict[str, str],
    }
    OAUTH_ACCESS_TOKEN: str | None = None
    DOMAIN: str | None = None


class AuthSchemeOptions(BaseModel):
    """Auth scheme options. `packageInstallUrl` (a Salesforce package / AppExchange URL) enables the install flow's `instruction` stage."""

    model_config = ConfigDict(
        extra="allow",
    )
    packageInstallUrl: str | None = None


class Workflow(BaseModel):
    """A workflow of an integration (`Integration.workflows[]`). Docs also show `projectId` and `steps`. Optional foreign keys may be `null` (inferred, as `customIntegrationId` shows)."""

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    dateCreated: str | None = None
    dateUpdated: str | None = None
    description: str | None = None
    teamId: str | None = None
    isOnboardingWorkflow: bool | None = None
    integrationId: str | None = None
    customWebhookTriggerId: str | None = None
    """
    Used by `getCustomWebhookUserManualUrl` to build the E27 URL.
    """
    resourceId: str | None = None
    projectId: str | None = None
    """
    Docs only.
    """
    steps: list[Any] | None = None
    """
    Docs only (empty in the example).
    """


class CustomIntegrationNoAuthorization(BaseModel):
    """No API authorization."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["none"]


class CustomIntegrationBearerAuthorization(BaseModel):
    """`Authorization: Bearer <token>`."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["bearer"]
    token: str


class CustomIntegrationBasicAuthorization(BaseModel):
    """HTTP basic auth."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["basic"]
    username: str
    password: str


class CustomIntegrationQueryParamsAuthorization(BaseModel):
    """Credentials sent as query parameters."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["query_params"]
    params: dict[str, str]


class CustomIntegrationAuthHeaderAuthorization(BaseModel):
    """Credentials sent as request headers."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["auth_header"]
    headers: dict[str, str]


class IntegrationMetadata(BaseModel):
    """`getIntegrationMetadata()` items and E5 entries. SDK 2.4.0 builds them from E3 for `isActive` entries; `icon` = `{CDN}/integrations/{type}.svg` (aliases `monday.com` -> `monday`, `wordpress.com` -> `wordpress`); custom integrations use their own icon or the BYO placeholder."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: str
    name: str
    icon: str
    brandColor: str


class CustomIntegrationApiAuthorization(
    RootModel[
        CustomIntegrationNoAuthorization
        | CustomIntegrationBearerAuthorization
        | CustomIntegrationBasicAuthorization
        | CustomIntegrationQueryParamsAuthorization
        | CustomIntegrationAuthHeaderAuthorization
    ]
):
    root: Annotated[
        CustomIntegrationNoAuthorization
        | CustomIntegrationBearerAuthorization
        | CustomIntegrationBasicAuthorization
        | CustomIntegrationQueryParamsAuthorization
        | CustomIntegrationAuthHeaderAuthorization,
        Field(discriminator="type", examples=[{"type": "bearer", "token": "{{settings.apiKey}}"}]),
    ]
    """
    How a custom integration authorizes API requests: `none`, `bearer{token}`, `basic{username, password}`, `query_params{params}` or `auth_header{headers}`. The name of the discriminating property is not given in the reference; `type` is assumed (inferred).
    """


class SharedMeta(BaseModel):
    """Integration-level portal metadata; `inputs` are the integration-level User Settings."""

    model_config = ConfigDict(
        extra="allow",
    )
    inputs: list[inputs_1.SerializedConnectInput] | None = None


class CustomIntegration(BaseModel):
    """A custom (BYO) integration (`ICustomIntegration`); the published form adds `oauthClientId`. The types of `integrations` and `oauthScopes` are not detailed in the reference."""

    model_config = ConfigDict(
        extra="allow",
    )
    projectId: str | None = None
    name: str | None = None
    slug: str | None = None
    """
    `custom.` + the lower-cased name without non-word characters.
    """
    icon: str | None = None
    integrations: Any | None = None
    """
    Type not detailed in the reference.
    """
    authenticationType: options.AuthenticationScheme | None = None
    inputFields: list[Any] | None = None
    """
    The input fields shown in the install flow's preOptions stage.
    """
    oauthAuthorizationUrl: str | None = None
    oauthAccessTokenUrl: str | None = None
    oauthScopes: Any | None = None
    """
    Type not detailed in the reference.
    """
    oauthIncludeClientAuthorizationHeader: bool | None = None
    usePKCEInCodeExchange: bool | None = None
    apiBaseUrl: str | None = None
    testEndpointPath: str | None = None
    apiAuthorization: CustomIntegrationApiAuthorization | None = None
    isPublished: bool | None = None
    oauthClientId: str | None = None


class Integration(BaseModel):
    """A project integration (E3; `entities/integration.interface.d.ts`). Docs: the example "may
    include more than is in this list". SDK 2.4.0 ignores entries with empty `configs` and uses
    only `isActive` ones. Custom integrations may arrive with `type` `custom.<slug>` or `custom`;
    the SDK rewrites `custom.*` to `custom` and keys the entry by `customIntegration.slug`.

    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    projectId: str | None = None
    dateCreated: str | None = None
    dateUpdated: str | None = None
    type: str
    """
    The integration type, e.g. `salesforce`; the key into E1 `integrations`.
    """
    isActive: bool
    customIntegrationId: str | None = None
    """
    `null` for built-in integrations.
    """
    customIntegration: CustomIntegration | None = None
    """
    `null` for built-in integrations.
    """
    authenticationType: options.AuthenticationScheme | None = None
    configs: list[IntegrationConfigEntity]
    """
    Connect Portal configuration; the SDK reads `configs[0]`.
    """
    workflows: list[Workflow]
    hasCredential: bool | None = None
    """
    A developer OAuth app is configured (inferred).
    """
    connectedUserLimitOnDevCred: float | None = None
    connectedUserLimitReached: bool | None = None
    needPreOauthInputs: bool | None = None
    name: str
    brandColor: str | None = None
    providerType: str | None = None
    """
    Docs only.
    """
    accountAuth: AccountAuth | None = None
    """
    Only in E7 responses with `includeAccountAuth=true`, for the SDK allow-list `box`, `googledrive`, `onedrive`, `sharepoint`. The file picker needs `OAUTH_ACCESS_TOKEN` (onedrive also `DOMAIN`).
    """
    providerData: dict[str, str | float | bool] | None = None
    """
    Only in E7 responses, e.g. SharePoint `webUrl`.
    """
    sdkIntegrationConfig: SDKIntegrationConfig | None = None
    """
    Only for active integrations.
    """
    noPermissionWorkflows: list[str] | None = None
    """
    Workflows hidden by Workflow Permissions.
    """


class IntegrationConfigEntity(BaseModel):
    """One Connect Portal configuration of an integration (`Integration.configs[]`)."""

    model_config = ConfigDict(
        extra="allow",
    )
    id: str | None = None
    dateCreated: str | None = None
    dateUpdated: str | None = None
    integrationId: str | None = None
    values: ModalConfig


class ModalConfig(BaseModel):
    """The Connect Portal configuration values (`configs[].values`)."""

    model_config = ConfigDict(
        extra="allow",
    )
    accentColor: str | None = None
    paragonLink: bool | None = True
    description: str | None = None
    """
    Short description (`IntegrationConfig.shortDescription`).
    """
    overview: str | None = None
    """
    Markdown overview (`IntegrationConfig.longDescription`).
    """
    workflowMeta: dict[str, IntegrationWorkflowMeta] | None = None
    """
    Workflow id -> its portal metadata.
    """
    sharedMeta: SharedMeta | None = None


class IntegrationWorkflowMeta(BaseModel):
    """Portal metadata of one workflow (`workflowMeta[id]`; also the items of `IntegrationConfig.availableWorkflows`, where `description` comes from the workflow entity)."""

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    description: str | None = None
    infoText: str | None = None
    defaultEnabled: bool | None = False
    hidden: bool | None = False
    order: float | None = None
    inputs: list[inputs_1.SerializedConnectInput]
    """
    Workflow-level User Settings.
    """
    permissions: conditions.OrConditions | None = None


class SDKIntegrationConfig(BaseModel):
    """Install configuration of an active integration: pre-OAuth (`authConfigInputs`), OAuth and post-OAuth inputs, account types and data sources. The SDK reads `accountTypes`, `authConfigInputs`, `postOauthInputs` and `dataSources`."""

    model_config = ConfigDict(
        extra="allow",
    )
    oauthInputs: list[inputs_1.IntegrationConnectInput] | None = None
    authConfigInputs: list[inputs_1.IntegrationConnectInput] | None = None
    postOauthInputs: list[inputs_1.IntegrationConnectInput] | None = None
    accountTypes: list[options.AccountType] | None = None
    dataSources: dict[str, data_sources.DataSource] | None = None
    """
    Data-source key -> DataSource.
    """
    authSchemeOptions: AuthSchemeOptions | None = None


class IntegrationConfig(BaseModel):
    """`getIntegrationConfig(type)` (SDK-side, derived from E3 `configs[0].values`):
    `shortDescription` <- `description`, `longDescription` <- `overview`, `availableUserSettings`
    <- `sharedMeta.inputs`; `availableWorkflows` = `workflowMeta` entries whose id is in
    `workflows` or `noPermissionWorkflows`, not hidden and not permission-restricted;
    `hiddenWorkflows` = entries with `hidden: true`, or with `permissions` while listed in
    `noPermissionWorkflows`. Runtime objects keep every IntegrationWorkflowMeta field (inferred).

    """

    model_config = ConfigDict(
        extra="allow",
    )
    shortDescription: str | None = None
    longDescription: str | None = None
    availableUserSettings: list[inputs_1.SerializedConnectInput] | None = None
    availableWorkflows: list[IntegrationWorkflowMeta]
    hiddenWorkflows: list[IntegrationWorkflowMeta]


class IntegrationWithCredentialInfo(Integration):
    """E7 response (`IConnectIntegrationWithCredentialInfo`): one Integration with the selected credential's `accountAuth` (only with `includeAccountAuth=true` and for the SDK allow-list `box`, `googledrive`, `onedrive`, `sharepoint`) and `providerData` (e.g. SharePoint `webUrl`). `getIntegrationAccount` needs any truthy object."""

    model_config = ConfigDict(
        extra="allow",
    )


Integration.model_rebuild()
IntegrationConfigEntity.model_rebuild()
ModalConfig.model_rebuild()
IntegrationWithCredentialInfo.model_rebuild()
