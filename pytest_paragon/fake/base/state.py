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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from pytest_paragon.fake.base.errors import (
    ApiError,
    UnknownIntegrationError,
    bad_request,
    not_found,
)
from pytest_paragon.fake.base.project import IntegrationSpec, ProjectSpec
from pytest_paragon.fake.base.records import (
    AppEventRecord,
    Clock,
    ConfigurationRecord,
    ConnectedUserRecord,
    CredentialRecord,
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
    faults: Any = None
    """The fake's :class:`~pytest_paragon.fake.base.faults.FaultBook` (seeds register into it)."""
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

    def primary_credential(self, user_id: str, integration_type: str) -> CredentialRecord | None:
        """The credential the SDK shows for an integration: the oldest VALID, else the oldest."""
        found = self.credentials_of(user_id, integration_type)
        valid = [credential for credential in found if credential.status == "VALID"]
        candidates = valid or found
        return candidates[0] if candidates else None

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

    # -- events and sessions ----------------------------------------------------------------


__all__ = ["ApiError", "FakeState", "external_id_of", "is_uuid", "normalize_meta"]
