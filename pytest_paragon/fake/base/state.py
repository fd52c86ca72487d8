"""The state of one fake Paragon project, and the domain operations on it (no HTTP here).

One :class:`FakeState` per project holds every user, credential, configuration, App Event, OAuth
session and registered handler; :meth:`FakeState.reset` empties it. Ids come from a seeded
:class:`~pytest_paragon.fake.base.records.IdFactory` and time from an injectable
:class:`~pytest_paragon.fake.base.records.Clock`, so a seed reproduces a run.

Selectors follow SDK 2.4.0 (reference section 10): a credential or configuration is addressed by
UUID, by ``ext:<externalId>``, or by a bare external id (anything that is not a UUID).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from pytest_paragon.fake.base.errors import (
    ApiError,
    UnknownIntegrationError,
    bad_request,
    not_found,
)
from pytest_paragon.fake.base.project import IntegrationSpec, ProjectSpec, stable_id
from pytest_paragon.fake.base.records import (
    AppEventRecord,
    Clock,
    ConfigurationRecord,
    ConnectedUserRecord,
    CredentialRecord,
    CredentialStatus,
    IdFactory,
    InboundWebhook,
    OAuthSession,
    WorkflowRun,
)
from pytest_paragon.fake.base.registrations import ProxyRegistration, TriggerRegistration

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def is_uuid(value: str) -> bool:
    """Whether ``value`` is a UUID (otherwise the SDK treats it as an external id)."""
    return bool(_UUID.match(value))


def external_id_of(selector: str) -> str | None:
    """The external id a selector names (``ext:x`` or bare ``x``), or ``None`` for a UUID."""
    if selector.startswith("ext:"):
        return selector[4:].strip()
    return None if is_uuid(selector) else selector.strip()


def normalize_meta(meta: Mapping[str, Any]) -> dict[str, Any]:
    """Normalise metadata keys as SDK 2.4.0 does.

    ``name``/``email`` in any case become ``Name``/``Email``; other keys are trimmed.
    """
    out: dict[str, Any] = {}
    for key, value in meta.items():
        stripped = key.strip()
        if stripped.lower() == "name":
            stripped = "Name"
        elif stripped.lower() == "email":
            stripped = "Email"
        out[stripped] = value
    return out


class AreaStore(Protocol):
    """The state of one area (ActionKit, Managed Sync, Task History): built empty, reset empty."""

    def reset(self) -> None:
        """Forget everything."""


StoreT = TypeVar("StoreT", bound=AreaStore)


@dataclass
class FakeState:
    """Everything one fake project knows. Thread-safe through :attr:`lock` (server mode)."""

    project: ProjectSpec
    clock: Clock = field(default_factory=Clock)
    ids: IdFactory = field(default_factory=IdFactory)
    users: dict[str, ConnectedUserRecord] = field(default_factory=dict)
    credentials: dict[str, CredentialRecord] = field(default_factory=dict)
    app_events: list[AppEventRecord] = field(default_factory=list)
    oauth_sessions: dict[str, OAuthSession] = field(default_factory=dict)
    inbound_webhooks: list[InboundWebhook] = field(default_factory=list)
    proxy_handlers: list[ProxyRegistration] = field(default_factory=list)
    trigger_handlers: list[TriggerRegistration] = field(default_factory=list)
    field_options: dict[tuple[str, str], list[Any]] = field(default_factory=dict)
    oauth_outcome: str = "granted"
    areas: dict[type[Any], AreaStore] = field(default_factory=dict)
    run_listeners: list[Callable[[WorkflowRun], None]] = field(default_factory=list)
    lock: threading.RLock = field(default_factory=threading.RLock)
    # Indexes kept by the methods below, so that a user's credentials and an id's owner are O(1)
    # at any project size: credential id -> record per user (oldest first), configuration id ->
    # credential id.
    credentials_by_user: dict[str, dict[str, CredentialRecord]] = field(
        default_factory=dict, repr=False
    )
    configuration_owners: dict[str, str] = field(default_factory=dict, repr=False)
    # Bumped by every change (the domain methods here, every helper call, every request but
    # ``GET /sdk/me``), never restored: a version names one state, so a body encoded at a version
    # is the body at that version. ``encoded_me``: user id -> (version, payload, encoded body).
    version: int = field(default=0, repr=False)
    encoded_me: dict[str, tuple[int, Any, bytes]] = field(default_factory=dict, repr=False)

    def changed(self) -> None:
        """Note that the state changed (what was encoded from it is stale)."""
        self.version += 1

    def reset(self) -> None:
        """Forget every user, credential, event, session and handler; restart the id sequence.

        The clock goes back to how it was made: a seeded time does not outlive a reset (every
        new token would be expired against it).
        """
        self.clock.restart()
        with self.lock:
            self.changed()
            self.encoded_me.clear()
            self.users.clear()
            self.credentials.clear()
            self.credentials_by_user.clear()
            self.configuration_owners.clear()
            self.app_events.clear()
            self.oauth_sessions.clear()
            self.inbound_webhooks.clear()
            self.proxy_handlers.clear()
            self.trigger_handlers.clear()
            self.field_options.clear()
            self.oauth_outcome = "granted"
            for store in self.areas.values():
                store.reset()
            self.ids.reset()

    def area(self, kind: type[StoreT]) -> StoreT:
        """The store of one area, created empty on first use.

        The areas' stores import this module, so it cannot import them: each area asks for its
        own store by type (``state.area(SyncStore)``) and the composition root owns them all.
        """
        store = self.areas.get(kind)
        if store is None:
            with self.lock:
                store = self.areas.setdefault(kind, kind())
        assert isinstance(store, kind)
        return store

    def record_run(self, run: WorkflowRun) -> None:
        """Tell the listeners (Task History) that a workflow ran."""
        for listener in self.run_listeners:
            listener(run)

    # -- integrations -----------------------------------------------------------------------

    def integration(self, type_or_id: str) -> IntegrationSpec:
        """The project's integration by type or id (404 when the project has none)."""
        found = self.project.integration(type_or_id)
        if found is None:
            raise UnknownIntegrationError(type_or_id, (i.type for i in self.project.integrations))
        return found

    # -- users ------------------------------------------------------------------------------

    def ensure_user(self, user_id: str) -> ConnectedUserRecord:
        """The Connected User ``user_id``, created on first use as Paragon does."""
        with self.lock:
            user = self.users.get(user_id)
            if user is None:
                user = ConnectedUserRecord(
                    id=user_id, persona_id=self.ids(), date_created=self.clock.iso()
                )
                self.users[user_id] = user
                self.changed()
            return user

    def set_metadata(self, user_id: str, meta: Mapping[str, Any]) -> ConnectedUserRecord:
        """Merge ``meta`` (normalised) into the user's metadata."""
        self.changed()
        with self.lock:
            user = self.ensure_user(user_id)
            user.meta.update(normalize_meta(meta))
            return user

    # -- credentials ------------------------------------------------------------------------

    def credentials_of(
        self, user_id: str, integration_type: str | None = None
    ) -> list[CredentialRecord]:
        """The user's credentials (oldest first), optionally for one integration."""
        owned = self.credentials_by_user.get(user_id)
        if not owned:
            return []
        if integration_type is None:
            return list(owned.values())
        return [c for c in owned.values() if c.integration_type == integration_type]

    def id_taken(self, record_id: str) -> bool:
        """Whether a credential or a configuration already has ``record_id``."""
        return record_id in self.credentials or record_id in self.configuration_owners

    def primary_credential(self, user_id: str, integration_type: str) -> CredentialRecord | None:
        """The credential the SDK shows for an integration: the oldest VALID, else the oldest."""
        found = self.credentials_of(user_id, integration_type)
        valid = [credential for credential in found if credential.status == "VALID"]
        candidates = valid or found
        return candidates[0] if candidates else None

    def create_credential(
        self,
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
        self.changed()
        spec = self.integration(integration_type)
        with self.lock:
            user = self.ensure_user(user_id)
            if external_id is not None:
                self._check_external_id_free(user_id, spec.type, external_id)
            now = self.clock.iso()
            credential = CredentialRecord(
                id=credential_id or self.ids(),
                user_id=user.id,
                persona_id=user.persona_id,
                integration_type=spec.type,
                integration_id=spec.id,
                status=status,
                date_created=now,
                date_updated=now,
                provider_id=provider_id or f"{spec.type}-account-{len(self.credentials) + 1}",
                provider_data=dict(spec.providerData if provider_data is None else provider_data),
                account_auth=dict(account_auth or self._default_account_auth(spec)),
                external_id=external_id,
                install_options=dict(install_options or {}),
            )
            configuration = ConfigurationRecord(
                id=self.ids(),
                credential_id=credential.id,
                is_default=True,
                date_created=now,
                date_updated=now,
            )
            configuration.shared_settings.update(shared_settings or {})
            for workflow in spec.workflows:
                state = configuration.workflow(workflow.id)
                state.enabled = workflow.defaultEnabled and status == "VALID"
            for workflow_id in enabled_workflows:
                self._workflow_of(spec, workflow_id)
                configuration.workflow(workflow_id).enabled = True
            for workflow_id, settings in (workflow_settings or {}).items():
                self._workflow_of(spec, workflow_id)
                configuration.workflow(workflow_id).settings.update(settings)
            credential.configurations.append(configuration)
            self.credentials[credential.id] = credential
            self.credentials_by_user.setdefault(user.id, {})[credential.id] = credential
            self.configuration_owners[configuration.id] = credential.id
            return credential

    def _default_account_auth(self, spec: IntegrationSpec) -> dict[str, str]:
        if not spec.accountAuth:
            return {}
        return {"OAUTH_ACCESS_TOKEN": f"fake-{spec.type}-access-token-{self.ids()[:8]}"}

    def _check_external_id_free(
        self, user_id: str, integration_type: str, external_id: str
    ) -> None:
        if not external_id.strip():
            raise bad_request("`externalId` must not be an empty or whitespace-only string.")
        for credential in self.credentials_of(user_id, integration_type):
            if credential.external_id == external_id:
                raise bad_request(
                    f'A credential with externalId "{external_id}" already exists. '
                    f'Use selectedCredentialId: "ext:{external_id}" to update it.'
                )

    @staticmethod
    def _workflow_of(spec: IntegrationSpec, workflow_id: str) -> None:
        if spec.workflow(workflow_id) is None:
            raise not_found(f"Workflow {workflow_id} does not belong to integration {spec.type}.")

    def delete_credential(self, credential: CredentialRecord) -> None:
        """Disconnect: the credential, its configurations, settings and workflow states go."""
        self.changed()
        with self.lock:
            self.credentials.pop(credential.id, None)
            self.credentials_by_user.get(credential.user_id, {}).pop(credential.id, None)
            for configuration in credential.configurations:
                self.configuration_owners.pop(configuration.id, None)
            owner = self.users.get(credential.user_id)  # resources name the owner's credentials
            if owner is not None and credential.id in owner.resources.values():
                owner.resources = {
                    resource: cid
                    for resource, cid in owner.resources.items()
                    if cid != credential.id
                }

    def resolve_credential(
        self, user_id: str, selector: str | None, integration_type: str | None = None
    ) -> CredentialRecord:
        """The user's credential named by ``selector`` (UUID, ``ext:x`` or bare ``x``).

        Without a selector: the primary credential of ``integration_type``.
        """
        candidates = self.credentials_of(user_id, integration_type)
        if selector is None:
            if integration_type is None:
                raise bad_request("A credential must be selected (X-Paragon-Credential).")
            primary = self.primary_credential(user_id, integration_type)
            if primary is None:
                raise not_found(f'Integration "{integration_type}" is not installed.')
            return primary
        external = external_id_of(selector)
        for credential in candidates:
            if (external is None and credential.id == selector) or (
                external is not None and credential.external_id == external
            ):
                return credential
        if external is not None:
            raise not_found(f'Credential with externalId "{external}" not found.')
        raise not_found(f"Credential {selector} not found.")

    def resolve_configuration(
        self, credential: CredentialRecord, selector: str | None
    ) -> ConfigurationRecord:
        """The configuration named by ``selector`` in ``credential`` (default when ``None``)."""
        if selector is None:
            return credential.default_configuration
        external = external_id_of(selector)
        matches = [
            configuration
            for configuration in credential.configurations
            if (external is None and configuration.id == selector)
            or (external is not None and configuration.external_id == external)
        ]
        if not matches:
            # Only the user's own other credentials: another user's configuration id must answer
            # as an unknown one does, or the difference tells one tenant what another holds.
            owner = self.credentials.get(self.configuration_owners.get(selector, ""))
            owned_elsewhere = owner is not None and owner.user_id == credential.user_id
            if owned_elsewhere:
                raise bad_request(
                    'Provided "selectedCredentialId" does not belongs to provided '
                    '"selectedConfigurationId".'
                )
            raise not_found(f"Credential configuration not found for provided id: {selector}.")
        if len(matches) > 1:
            raise bad_request(
                f"Multiple credential configurations found for provided id: {selector}."
            )
        return matches[0]

    def create_configuration(
        self,
        credential: CredentialRecord,
        external_id: str | None = None,
        configuration_id: str | None = None,
    ) -> ConfigurationRecord:
        """Add a configuration to ``credential`` (workflows disabled, no settings)."""
        self.changed()
        with self.lock:
            if external_id is not None and any(
                c.external_id == external_id for c in credential.configurations
            ):
                raise bad_request(
                    f'A configuration with externalId "{external_id}" already exists.'
                )
            now = self.clock.iso()
            configuration = ConfigurationRecord(
                id=configuration_id or self.ids(),
                credential_id=credential.id,
                is_default=False,
                date_created=now,
                date_updated=now,
                external_id=external_id,
            )
            credential.configurations.append(configuration)
            self.configuration_owners[configuration.id] = credential.id
            credential.date_updated = now
            return configuration

    def delete_configuration(
        self, credential: CredentialRecord, configuration: ConfigurationRecord
    ) -> None:
        """Remove a non-default configuration."""
        self.changed()
        if configuration.is_default:
            raise bad_request("The default configuration cannot be deleted.")
        with self.lock:
            credential.configurations.remove(configuration)
            self.configuration_owners.pop(configuration.id, None)
            credential.date_updated = self.clock.iso()

    def touch(
        self, credential: CredentialRecord, configuration: ConfigurationRecord | None = None
    ) -> None:
        """Record that ``credential`` (and ``configuration``) changed now."""
        self.changed()
        now = self.clock.iso()
        credential.date_updated = now
        if configuration is not None:
            configuration.date_updated = now

    # -- events and sessions ----------------------------------------------------------------

    def record_app_event(self, event: AppEventRecord) -> None:
        """Append an App Event to the log."""
        self.changed()
        with self.lock:
            self.app_events.append(event)

    def start_oauth(
        self, key: str, user_id: str, integration_type: str, options: dict[str, Any]
    ) -> OAuthSession:
        """Remember an OAuth flow started by E16 under its ``oauthMetaKeyId``."""
        self.changed()
        with self.lock:
            session = OAuthSession(key, user_id, integration_type, self.clock(), options)
            # derived, not drawn: starting a flow leaves the id sequence as it was
            session.code = "fake-oauth-code-" + stable_id(
                "oauth-code", key, user_id, str(len(self.oauth_sessions))
            )
            self.oauth_sessions[key] = session
            return session


__all__ = ["ApiError", "FakeState", "external_id_of", "is_uuid", "normalize_meta"]
