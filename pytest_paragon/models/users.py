"""Generated from contracts/paragon.openapi.yaml by scripts/generate_models.py: do not edit.
Pydantic v2 models of every component schema of the contract, one module per x-paragon-area.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel

from . import credentials, options


class UnauthenticatedUser(BaseModel):
    """`getUser()` before `authenticate()` or after a logout (e.g. a 401/403 from zeus)."""

    model_config = ConfigDict(
        extra="allow",
    )
    authenticated: Literal[False]


class PersonaMeta(BaseModel):
    """Connected User metadata (free-form). `Name` and `Email` are special (case-sensitive) and shown in the Connected Users dashboard; SDK 2.4.0 normalises `name`/`email` keys in any case to them."""

    model_config = ConfigDict(
        extra="allow",
    )
    Name: str | None = None
    Email: str | None = None


class BillingPlan(str, Enum):
    """The project's billing plan (SDK `types/stripe.d.ts`)."""

    free = "free"
    starter = "starter"
    business = "business"
    premium = "premium"
    enterprise = "enterprise"
    connect_trial = "connect_trial"
    basic = "basic"
    pro = "pro"
    connect_enterprise = "connect_enterprise"


class ConnectAddOn(str, Enum):
    """A Connect add-on. Plan map: basic -> none; pro -> byo, headless-cp, monitoring, user-metadata, whitelabel; connect_enterprise -> all nine."""

    byo = "byo"
    dfm = "dfm"
    headless_cp = "headless-cp"
    th_api = "th-api"
    monitoring = "monitoring"
    rbac = "rbac"
    user_metadata = "user-metadata"
    whitelabel = "whitelabel"
    workflow_permissions = "workflow-permissions"


class UpdateUserMetadataRequest(BaseModel):
    """E2 body. SDK 2.4.0 sends only `meta`."""

    model_config = ConfigDict(
        extra="allow",
    )
    meta: PersonaMeta


class LegacyProjectInfo(BaseModel):
    """E23 response (SDK 1.0.3 only). Its shape is not documented (gap); SDK 2.x reads the project from E1's `project` (ConnectProject) instead. Modelled as an open object."""

    model_config = ConfigDict(
        extra="allow",
    )


class SDKResourceState(BaseModel):
    """A user-level Resource (E1 `resources[]`), used by `connectAction` and `getCustomWebhookUserManualUrl`."""

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    slug: str
    credentialId: str | None = None
    credentialStatus: credentials.CredentialStatus | None = None
    integrationId: str | None = None


class ConnectProject(BaseModel):
    """The project as E1 returns it (`IConnectSDKProject`)."""

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    billingPlan: BillingPlan
    accessibleFeatures: list[ConnectAddOn]
    """
    Add-ons the plan grants; `headless-cp` gates install/uninstall, `dfm` dynamic field mapping.
    """


class SDKIntegration(BaseModel):
    """The user's state for one integration type (E1 `integrations[type]`, `getUser().integrations`).
    `allCredentials` is required: an entry without it crashes SDK 2.4.0 (`...reading 'flatMap'`).
    The selected configuration's `sharedSettings`, `workflowSettings`, `configMeta` and
    `externalId` are mirrored here; `configuredWorkflows` is the deprecated alias of
    `workflowSettings`. Docs: the getUser example shows entries with only `configuredWorkflows`,
    `credentialId`, `credentialStatus`, `enabled`, `providerData`, `providerId`.

    """

    model_config = ConfigDict(
        extra="allow",
    )
    enabled: bool
    credentialId: str | None = None
    credentialConfigId: str | None = None
    credentialStatus: credentials.CredentialStatus | None = None
    providerId: str | None = None
    providerData: dict[str, str | float | bool] | None = None
    """
    Provider-specific data, e.g. Salesforce `instanceURL`.
    """
    allCredentials: list[credentials.CredentialWithConfigurations]
    """
    Every credential (connected account) of the user for this integration.
    """
    allConfigurations: list[credentials.Configuration] | None = None
    """
    Computed client-side by the SDK (flattened `allCredentials[].configurations`); not on the wire.
    """
    sharedSettings: credentials.SharedSettings | None = None
    workflowSettings: credentials.WorkflowSettings | None = None
    configMeta: credentials.ConfigurationMeta | None = None
    externalId: str | None = None
    configuredWorkflows: Annotated[credentials.WorkflowSettings | None, Field(deprecated=True)] = (
        None
    )


class AuthenticatedConnectUser(BaseModel):
    """The SDK's state for an authenticated user (`getUser()` returns a deep clone without `token`).
    Built from E1: each `integrations` entry additionally carries `allConfigurations`, computed
    client-side from `allCredentials[].configurations`.

    """

    model_config = ConfigDict(
        extra="allow",
    )
    authenticated: Literal[True]
    token: str | None = None
    """
    SDK-internal; omitted by `getUser()`.
    """
    userId: str
    """
    The JWT `sub` (or `id` when `sub` is absent).
    """
    integrations: dict[str, SDKIntegration]
    """
    Integration type -> state; a key for every active project integration.
    """
    meta: PersonaMeta | None = None
    resources: list[SDKResourceState] | None = None


class ConnectedUserResponse(BaseModel):
    """The E1 wire payload (`IConnectUserWithProject`, inferred): `userId`, `integrations` (map of
    SDKIntegration **without** `allConfigurations`), `meta`, `resources` and `project`. SDK 2.x
    needs `integrations` (each entry with `allCredentials`, each credential with `configurations`),
    `resources` and `project` (`project.accessibleFeatures` must contain `headless-cp` for
    install/uninstall and `dfm` for `connect({mapObjectFields})`). Docs add `authenticated: true`.

    """

    model_config = ConfigDict(
        extra="allow",
    )
    authenticated: Literal[True] | None = None
    """
    Docs only; the SDK sets it client-side.
    """
    userId: str
    """
    The JWT `sub`. Not read by the SDK.
    """
    integrations: dict[str, SDKIntegration]
    """
    Integration type -> the user's state for it.
    """
    meta: PersonaMeta | None = None
    resources: list[SDKResourceState]
    project: ConnectProject


class ConnectUser(RootModel[UnauthenticatedUser | AuthenticatedConnectUser]):
    root: Annotated[
        UnauthenticatedUser | AuthenticatedConnectUser, Field(examples=[{"authenticated": False}])
    ]
    """
    What `paragon.getUser()` returns (SDK state, not a wire payload): `{authenticated: false}` or an
    AuthenticatedConnectUser. The two variants are told apart by the boolean `authenticated`
    (const in each); no OpenAPI `discriminator` is declared because discriminator values must be
    strings.

    """


class UpdateWorkflowStateResult(BaseModel):
    """What `updateWorkflowState` resolves with (`UpdateWorkflowStateResponse`) [SDK 2.4.0 types/sdk.d.ts]; errors are collected, not thrown."""

    model_config = ConfigDict(
        extra="allow",
    )
    user: ConnectUser
    errors: list[options.UpdateWorkflowStateError]
