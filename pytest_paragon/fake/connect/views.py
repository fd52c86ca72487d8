"""Wire payloads built from the fake's state, in the shapes the contract gives them.

``me_payload`` is ``GET /sdk/me`` (E1) with ``allCredentials`` for every active integration and
``project.accessibleFeatures``, as SDK 2.4.0 requires; ``integration_payload`` is one entry of
``GET /sdk/integrations`` (E3); ``credential_payload`` is a Credential with its configurations.
"""

from __future__ import annotations

from typing import Any

from pytest_paragon.fake.base.project import IntegrationSpec, ProjectSpec, stable_id
from pytest_paragon.fake.base.records import (
    ConfigurationRecord,
    ConnectedUserRecord,
    CredentialRecord,
)
from pytest_paragon.fake.base.state import FakeState

CATALOGUE_DATE = "2024-01-01T00:00:00.000Z"
CDN = "https://cdn.useparagon.com/latest/dashboard/public"


def configuration_payload(configuration: ConfigurationRecord) -> dict[str, Any]:
    """A Configuration."""
    payload: dict[str, Any] = {
        "id": configuration.id,
        "dateCreated": configuration.date_created,
        "dateUpdated": configuration.date_updated,
        "connectCredentialId": configuration.credential_id,
        "isDefault": configuration.is_default,
        "workflowSettings": {wid: s.wire() for wid, s in configuration.workflows.items()},
        "sharedSettings": dict(configuration.shared_settings),
        "configMeta": {"isIntegrationEnableTriggered": configuration.enable_triggered},
    }
    if configuration.external_id is not None:
        payload["externalId"] = configuration.external_id
    if configuration.meta:
        payload["meta"] = dict(configuration.meta)
    return payload


def credential_payload(
    credential: CredentialRecord, project_id: str, *, account_auth: bool = False
) -> dict[str, Any]:
    """A Credential with every configuration (and the deprecated ``config`` of the default)."""
    default = credential.default_configuration
    payload: dict[str, Any] = {
        "id": credential.id,
        "projectId": project_id,
        "integrationId": credential.integration_id,
        "personaId": credential.persona_id,
        "status": credential.status,
        "providerId": credential.provider_id,
        "providerData": dict(credential.provider_data),
        "isPreviewCredential": False,
        "refreshFailureCount": credential.refresh_failure_count,
        "dateCreated": credential.date_created,
        "dateUpdated": credential.date_updated,
        "dateRefreshed": credential.date_updated,
        "dateDeleted": None,
        "config": {
            "configuredWorkflows": {wid: s.wire() for wid, s in default.workflows.items()},
            "sharedSettings": dict(default.shared_settings),
        },
        "configurations": [configuration_payload(c) for c in credential.configurations],
    }
    if credential.external_id is not None:
        payload["externalId"] = credential.external_id
    if account_auth and credential.account_auth:
        payload["accountAuth"] = dict(credential.account_auth)
    return payload


def sdk_integration_payload(
    state: FakeState, user_id: str, spec: IntegrationSpec
) -> dict[str, Any]:
    """One entry of ``/sdk/me.integrations``: the primary credential's view plus all accounts."""
    credentials = state.credentials_of(user_id, spec.type)
    primary = state.primary_credential(user_id, spec.type)
    entry: dict[str, Any] = {
        "enabled": primary is not None and primary.status == "VALID",
        "allCredentials": [credential_payload(c, state.project.id) for c in credentials],
    }
    if primary is None:
        entry["configuredWorkflows"] = {}
        return entry
    default = primary.default_configuration
    workflow_settings = {wid: s.wire() for wid, s in default.workflows.items()}
    entry.update(
        credentialId=primary.id,
        credentialStatus=primary.status,
        credentialConfigId=default.id,
        providerId=primary.provider_id,
        providerData=dict(primary.provider_data),
        sharedSettings=dict(default.shared_settings),
        workflowSettings=workflow_settings,
        configuredWorkflows=workflow_settings,
        configMeta={"isIntegrationEnableTriggered": default.enable_triggered},
    )
    if primary.external_id is not None:
        entry["externalId"] = primary.external_id
    return entry


def me_payload(state: FakeState, user: ConnectedUserRecord) -> dict[str, Any]:
    """``GET /sdk/me`` for ``user``."""
    project = state.project
    return {
        "authenticated": True,
        "userId": user.id,
        "meta": dict(user.meta),
        "resources": [
            {
                "id": resource.id,
                "slug": resource.slug,
                **({"integrationId": resource.integrationId} if resource.integrationId else {}),
                **(
                    {"credentialId": user.resources[resource.id], "credentialStatus": "VALID"}
                    if resource.id in user.resources
                    else {}
                ),
            }
            for resource in project.resources
        ],
        "project": {
            "id": project.id,
            "billingPlan": project.billingPlan,
            "accessibleFeatures": list(project.accessibleFeatures),
        },
        "integrations": {
            spec.type: sdk_integration_payload(state, user.id, spec)
            for spec in project.integrations
            if spec.isActive
        },
    }


def integrations_payload(project: ProjectSpec) -> list[dict[str, Any]]:
    """``GET /sdk/integrations``: every integration of the project."""
    return [integration_payload(project, spec) for spec in project.integrations]


def integration_payload(project: ProjectSpec, spec: IntegrationSpec) -> dict[str, Any]:
    """One Integration of E3."""
    workflow_meta = {
        workflow.id: {
            "id": workflow.id,
            "description": workflow.description,
            "defaultEnabled": workflow.defaultEnabled,
            "hidden": workflow.hidden,
            "order": order,
            "inputs": [item.wire() for item in workflow.inputs],
            **({"infoText": workflow.infoText} if workflow.infoText else {}),
        }
        for order, workflow in enumerate(spec.workflows)
    }
    auth_scheme_options = (
        {"packageInstallUrl": spec.packageInstallUrl} if spec.packageInstallUrl else {}
    )
    return {
        "id": spec.id,
        "projectId": project.id,
        "dateCreated": CATALOGUE_DATE,
        "dateUpdated": CATALOGUE_DATE,
        "type": spec.type,
        "name": spec.name,
        "brandColor": spec.brandColor,
        "isActive": spec.isActive,
        "customIntegrationId": None,
        "customIntegration": None,
        "authenticationType": spec.authenticationType,
        "providerType": spec.type,
        "hasCredential": True,
        "connectedUserLimitOnDevCred": 0,
        "connectedUserLimitReached": False,
        "needPreOauthInputs": bool(spec.authConfigInputs),
        "configs": [
            {
                "id": stable_id("config", spec.type),
                "integrationId": spec.id,
                "dateCreated": CATALOGUE_DATE,
                "dateUpdated": CATALOGUE_DATE,
                "values": {
                    "accentColor": spec.brandColor,
                    "paragonLink": True,
                    "description": spec.description,
                    "overview": spec.overview,
                    "sharedMeta": {"inputs": [item.wire() for item in spec.userSettings]},
                    "workflowMeta": workflow_meta,
                },
            }
        ],
        "workflows": [
            {
                "id": workflow.id,
                "description": workflow.description,
                "projectId": project.id,
                "integrationId": spec.id,
                "dateCreated": CATALOGUE_DATE,
                "dateUpdated": CATALOGUE_DATE,
                "steps": [],
                **(
                    {"customWebhookTriggerId": workflow.customWebhookTriggerId}
                    if workflow.customWebhookTriggerId
                    else {}
                ),
            }
            for workflow in spec.workflows
        ],
        "sdkIntegrationConfig": {
            "oauthInputs": [],
            "authConfigInputs": [item.wire() for item in spec.authConfigInputs],
            "postOauthInputs": [item.wire() for item in spec.postOauthInputs],
            "accountTypes": [account.wire() for account in spec.accountTypes],
            "dataSources": dict(spec.dataSources),
            "authSchemeOptions": auth_scheme_options,
        },
    }


def metadata_payload(project: ProjectSpec) -> list[dict[str, Any]]:
    """``GET /sdk/metadata``: ``{type, name, brandColor, icon}`` of every active integration."""
    return [
        {
            "type": spec.type,
            "name": spec.name,
            "brandColor": spec.brandColor,
            "icon": f"{CDN}/integrations/{spec.type}.svg",
        }
        for spec in project.integrations
        if spec.isActive
    ]
