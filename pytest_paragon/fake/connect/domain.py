"""Connect's domain operations on the state (no HTTP here).

Metadata, credentials, configurations, App Events and OAuth sessions.

Moved out of :class:`~pytest_paragon.fake.base.state.FakeState`, which keeps what every area needs
(users, resolving credentials and configurations, ids, clock, lock). Each function takes the state
first and changes it under its lock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pytest_paragon.fake.base.errors import bad_request, not_found
from pytest_paragon.fake.base.project import IntegrationSpec, stable_id
from pytest_paragon.fake.base.records import (
    AppEventRecord,
    ConfigurationRecord,
    ConnectedUserRecord,
    CredentialRecord,
    CredentialStatus,
    OAuthSession,
)
from pytest_paragon.fake.base.state import FakeState, normalize_meta


def set_metadata(state: FakeState, user_id: str, meta: Mapping[str, Any]) -> ConnectedUserRecord:
    """Merge ``meta`` (normalised) into the user's metadata."""
    state.changed()
    with state.lock:
        user = state.ensure_user(user_id)
        user.meta.update(normalize_meta(meta))
        return user


def id_taken(state: FakeState, record_id: str) -> bool:
    """Whether a credential or a configuration already has ``record_id``."""
    return record_id in state.credentials or record_id in state.configuration_owners


def create_credential(
    state: FakeState,
    user_id: str,
    integration_type: str,
    *,
    status: CredentialStatus = "VALID",
    provider_id: str | None = None,
    provider_data: Mapping[str, Any] | None = None,
    external_id: str | None = None,
    account_auth: Mapping[str, str] | None = None,
    install_options: Mapping[str, Any] | None = None,
    shared_settings: Mapping[str, Any] | None = None,
    enabled_workflows: Iterable[str] = (),
    workflow_settings: Mapping[str, Mapping[str, Any]] | None = None,
    credential_id: str | None = None,
) -> CredentialRecord:
    """Connect an account: a credential with its default configuration."""
    state.changed()
    spec = state.integration(integration_type)
    with state.lock:
        user = state.ensure_user(user_id)
        if external_id is not None:
            _check_external_id_free(state, user_id, spec.type, external_id)
        now = state.clock.iso()
        credential = CredentialRecord(
            id=credential_id or state.ids(),
            user_id=user.id,
            persona_id=user.persona_id,
            integration_type=spec.type,
            integration_id=spec.id,
            status=status,
            date_created=now,
            date_updated=now,
            provider_id=provider_id or f"{spec.type}-account-{len(state.credentials) + 1}",
            provider_data=dict(spec.providerData if provider_data is None else provider_data),
            account_auth=dict(account_auth or _default_account_auth(state, spec)),
            external_id=external_id,
            install_options=dict(install_options or {}),
        )
        configuration = ConfigurationRecord(
            id=state.ids(),
            credential_id=credential.id,
            is_default=True,
            date_created=now,
            date_updated=now,
        )
        configuration.shared_settings.update(shared_settings or {})
        for workflow in spec.workflows:
            workflow_state = configuration.workflow(workflow.id)
            workflow_state.enabled = workflow.defaultEnabled and status == "VALID"
        for workflow_id in enabled_workflows:
            _workflow_of(spec, workflow_id)
            configuration.workflow(workflow_id).enabled = True
        for workflow_id, settings in (workflow_settings or {}).items():
            _workflow_of(spec, workflow_id)
            configuration.workflow(workflow_id).settings.update(settings)
        credential.configurations.append(configuration)
        state.credentials[credential.id] = credential
        state.credentials_by_user.setdefault(user.id, {})[credential.id] = credential
        state.configuration_owners[configuration.id] = credential.id
        return credential


def _default_account_auth(state: FakeState, spec: IntegrationSpec) -> dict[str, str]:
    if not spec.accountAuth:
        return {}
    return {"OAUTH_ACCESS_TOKEN": f"fake-{spec.type}-access-token-{state.ids()[:8]}"}


def _check_external_id_free(
    state: FakeState, user_id: str, integration_type: str, external_id: str
) -> None:
    if not external_id.strip():
        raise bad_request("`externalId` must not be an empty or whitespace-only string.")
    for credential in state.credentials_of(user_id, integration_type):
        if credential.external_id == external_id:
            raise bad_request(
                f'A credential with externalId "{external_id}" already exists. '
                f'Use selectedCredentialId: "ext:{external_id}" to update it.'
            )


def _workflow_of(spec: IntegrationSpec, workflow_id: str) -> None:
    if spec.workflow(workflow_id) is None:
        raise not_found(f"Workflow {workflow_id} does not belong to integration {spec.type}.")


def delete_credential(state: FakeState, credential: CredentialRecord) -> None:
    """Disconnect: the credential, its configurations, settings and workflow states go."""
    state.changed()
    with state.lock:
        state.credentials.pop(credential.id, None)
        state.credentials_by_user.get(credential.user_id, {}).pop(credential.id, None)
        for configuration in credential.configurations:
            state.configuration_owners.pop(configuration.id, None)
        owner = state.users.get(credential.user_id)  # resources name the owner's credentials
        if owner is not None and credential.id in owner.resources.values():
            owner.resources = {
                resource: cid for resource, cid in owner.resources.items() if cid != credential.id
            }


def create_configuration(
    state: FakeState,
    credential: CredentialRecord,
    external_id: str | None = None,
    configuration_id: str | None = None,
) -> ConfigurationRecord:
    """Add a configuration to ``credential`` (workflows disabled, no settings)."""
    state.changed()
    with state.lock:
        if external_id is not None and any(
            c.external_id == external_id for c in credential.configurations
        ):
            raise bad_request(f'A configuration with externalId "{external_id}" already exists.')
        now = state.clock.iso()
        configuration = ConfigurationRecord(
            id=configuration_id or state.ids(),
            credential_id=credential.id,
            is_default=False,
            date_created=now,
            date_updated=now,
            external_id=external_id,
        )
        credential.configurations.append(configuration)
        state.configuration_owners[configuration.id] = credential.id
        credential.date_updated = now
        return configuration


def delete_configuration(
    state: FakeState, credential: CredentialRecord, configuration: ConfigurationRecord
) -> None:
    """Remove a non-default configuration."""
    state.changed()
    if configuration.is_default:
        raise bad_request("The default configuration cannot be deleted.")
    with state.lock:
        credential.configurations.remove(configuration)
        state.configuration_owners.pop(configuration.id, None)
        credential.date_updated = state.clock.iso()


def touch(
    state: FakeState, credential: CredentialRecord, configuration: ConfigurationRecord | None = None
) -> None:
    """Record that ``credential`` (and ``configuration``) changed now."""
    state.changed()
    now = state.clock.iso()
    credential.date_updated = now
    if configuration is not None:
        configuration.date_updated = now


def record_app_event(state: FakeState, event: AppEventRecord) -> None:
    """Append an App Event to the log."""
    state.changed()
    with state.lock:
        state.app_events.append(event)


def start_oauth(
    state: FakeState, key: str, user_id: str, integration_type: str, options: dict[str, Any]
) -> OAuthSession:
    """Remember an OAuth flow started by E16 under its ``oauthMetaKeyId``."""
    state.changed()
    with state.lock:
        session = OAuthSession(key, user_id, integration_type, state.clock(), options)
        # derived, not drawn: starting a flow leaves the id sequence as it was
        session.code = "fake-oauth-code-" + stable_id(
            "oauth-code", key, user_id, str(len(state.oauth_sessions))
        )
        state.oauth_sessions[key] = session
        return session


__all__ = [
    "create_configuration",
    "create_credential",
    "delete_configuration",
    "delete_credential",
    "id_taken",
    "record_app_event",
    "set_metadata",
    "start_oauth",
    "touch",
]
