"""Connect's test helpers: ``paragon_fake.users``, ``.proxy`` and ``.triggers``.

Seed: :meth:`~ConnectHelpers.connect` an integration for a user (status, provider data, settings,
enabled workflows, extra accounts), field options and the OAuth outcome; register proxy answers
(:meth:`ProxyHelpers.on`) and request-trigger answers (:meth:`TriggerHelpers.on`). Read back what
the code under test did: the user's metadata, credentials, settings and workflow states, and the
App Events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pytest_paragon.errors import ParagonUsageError, Report, deprecated
from pytest_paragon.fake.base.helpers import AreaHelpers
from pytest_paragon.fake.base.matchers import UNSET, RequestMatch, label_with
from pytest_paragon.fake.base.project import SeedCredentialSpec, SeedUserSpec
from pytest_paragon.fake.base.records import AppEventRecord, CredentialRecord, CredentialStatus
from pytest_paragon.fake.base.registrations import (
    ProxyRegistration,
    TriggerRegistration,
    answer_from,
)
from pytest_paragon.fake.connect import domain as connect_domain
from pytest_paragon.providers import ProviderDocument, ProviderStore, parse_document

if TYPE_CHECKING:
    pass


class ConnectHelpers(AreaHelpers):
    """Users, credentials and their settings: seeding and reading (``paragon_fake.users``)."""

    _area = "users"

    # -- seeding --------------------------------------------------------------------------------

    def connect(
        self,
        user_id: str,
        integration: str,
        *,
        status: CredentialStatus = "VALID",
        provider_id: str | None = None,
        provider_data: Mapping[str, Any] | None = None,
        settings: Mapping[str, Any] | None = None,
        workflows: Iterable[str] | Mapping[str, Mapping[str, Any]] = (),
        external_id: str | None = None,
        account_auth: Mapping[str, str] | None = None,
        credential_id: str | None = None,
    ) -> CredentialRecord:
        """Connect ``integration`` for ``user_id`` and return the new credential.

        ``workflows`` lists workflow ids to enable, or maps ids to their settings (enabled too).
        Call again for extra accounts of the same integration (multi-account).
        """
        workflow_settings = dict(workflows) if isinstance(workflows, Mapping) else {}
        enabled = list(workflow_settings) if isinstance(workflows, Mapping) else list(workflows)
        return connect_domain.create_credential(
            self._state,
            user_id,
            integration,
            status=status,
            provider_id=provider_id,
            provider_data=provider_data,
            external_id=external_id,
            account_auth=account_auth,
            shared_settings=settings,
            enabled_workflows=enabled,
            workflow_settings=workflow_settings,
            credential_id=credential_id,
        )

    def workflow_id(
        self,
        integration: str,
        description: str | None = None,
        *,
        request_trigger: bool | None = None,
    ) -> str:
        """The id of ``integration``'s workflow with ``description`` (or the first that matches)."""
        spec = self._state.integration(integration)
        for workflow in spec.workflows:
            if description is not None and workflow.description != description:
                continue
            if request_trigger is not None and workflow.request_trigger != request_trigger:
                continue
            return workflow.id
        raise ParagonUsageError(
            f"{integration} has no workflow matching description={description!r}, "
            f"request_trigger={request_trigger}; it has {[w.description for w in spec.workflows]}"
        )

    def field_options(
        self, integration: str, source_key: str, options: Iterable[Mapping[str, Any]]
    ) -> None:
        """The options ``POST /sdk/actions`` (getFieldOptions) pages through for a source key."""
        spec = self._state.integration(integration)
        self._state.field_options[(spec.type, source_key)] = [dict(option) for option in options]

    def oauth_outcome(self, outcome: Literal["granted", "pending"]) -> None:
        """Whether OAuth consent is granted at once (default) or waits for ``grant_oauth``."""
        self._state.oauth_outcome = outcome

    def grant_oauth(self, session_key: str | None = None) -> str:
        """Grant the consent of an OAuth session (default: the only one waiting).

        Returns the new credential's id, which ``GET /sdk/actions/session-id/{key}`` answers next.
        """
        from pytest_paragon.fake.connect.installs import grant_oauth

        if session_key is None:
            waiting = [k for k, s in self._state.oauth_sessions.items() if s.credential_id is None]
            if len(waiting) != 1:
                raise ParagonUsageError(f"{len(waiting)} OAuth sessions wait for consent; name one")
            session_key = waiting[0]
        with self._state.lock:
            return grant_oauth(self._state, session_key)

    def seed_declared_users(self) -> None:
        """Create the users, credentials and configurations the project declares (``users:``).

        Ids given in the declaration are kept, so outside tests can refer to them.
        """
        from pytest_paragon.errors import ParagonError, Report
        from pytest_paragon.fake.base.errors import FakeError

        for u_index, user in enumerate(self._state.project.users):
            connect_domain.set_metadata(self._state, user.id, user.meta)
            self._seed_resources(user)
            for c_index, seed in enumerate(user.credentials):
                place = f"users.{u_index}.credentials.{c_index}"
                try:
                    self._seed_credential(user.id, seed)
                except FakeError as error:
                    raise ParagonError(
                        Report(
                            what=f"Cannot seed the declared credential: {error.message}",
                            where=f"project {self._state.project.id} at {place}",
                            anchor="declaring-a-project",
                        )
                    ) from None

    def seed_user(self, user: SeedUserSpec) -> None:
        """Seed one user: metadata, credentials (with configurations) and Resources."""
        connect_domain.set_metadata(self._state, user.id, user.meta)
        self._seed_resources(user)
        for seed in user.credentials:
            self._seed_credential(user.id, seed)

    def _seed_resources(self, user: SeedUserSpec) -> None:
        record = self._state.ensure_user(user.id)
        by_slug = {r.slug: r.id for r in self._state.project.resources}
        for resource, credential_id in user.resources.items():
            record.resources[by_slug.get(resource, resource)] = credential_id

    def seed_credential(self, user_id: str, seed: SeedCredentialSpec) -> CredentialRecord:
        """Create a declared credential with its configurations and workflow states.

        Everything is checked before anything is stored: a wrong field changes nothing.
        """
        return self._seed_credential(user_id, seed)

    def _seed_credential(self, user_id: str, seed: SeedCredentialSpec) -> CredentialRecord:
        from pytest_paragon.fake.base.errors import bad_request
        from pytest_paragon.fake.base.project import workflow_states

        state = self._state
        spec = state.integration(seed.integration)
        declared = [(seed.settings, workflow_states(seed.workflows))] + [
            (c.settings, workflow_states(c.workflows)) for c in seed.configurations
        ]
        for _, workflows in declared:
            for workflow_id in workflows:
                if spec.workflow(workflow_id) is None:
                    raise bad_request(f"Workflow {workflow_id} does not belong to {spec.type}.")
        wanted = [seed.id, seed.defaultConfigurationId, *(c.id for c in seed.configurations)]
        for given in (value for value in wanted if value is not None):
            if connect_domain.id_taken(state, given) or wanted.count(given) > 1:
                raise bad_request(f"The id {given} is taken already.")
        external = [c.externalId for c in seed.configurations if c.externalId is not None]
        if len(set(external)) < len(external):
            raise bad_request("Two configurations have the same externalId.")
        with state.lock:
            credential = connect_domain.create_credential(
                state,
                user_id,
                spec.type,
                status=seed.status,
                provider_id=seed.providerId,
                provider_data=seed.providerData,
                external_id=seed.externalId,
                account_auth=seed.accountAuth,
                credential_id=seed.id,
            )
            if seed.defaultConfigurationId is not None:
                default = credential.default_configuration
                del state.configuration_owners[default.id]
                default.id = seed.defaultConfigurationId
                state.configuration_owners[default.id] = credential.id
            configurations = [credential.default_configuration] + [
                connect_domain.create_configuration(state, credential, c.externalId, c.id)
                for c in seed.configurations
            ]
            for configuration, (settings, workflows) in zip(configurations, declared, strict=True):
                configuration.shared_settings.update(settings)
                for workflow_id, wanted_state in workflows.items():
                    current = configuration.workflow(workflow_id)
                    current.enabled = wanted_state.enabled
                    current.settings.update(wanted_state.settings)
        return credential

    # -- reading --------------------------------------------------------------------------------

    def metadata(self, user_id: str) -> dict[str, Any]:
        """The user's metadata as stored (``Name``/``Email`` normalised)."""
        user = self._state.users.get(user_id)
        return dict(user.meta) if user else {}

    def credentials(self, user_id: str, integration: str | None = None) -> list[CredentialRecord]:
        """The user's credentials (oldest first), optionally for one integration (type or id)."""
        if integration is not None:
            integration = self._state.integration(integration).type
        return self._state.credentials_of(user_id, integration)

    def credential(self, user_id: str, integration: str) -> CredentialRecord:
        """The user's only credential for ``integration`` (an error when there are 0 or several)."""
        integration = self._state.integration(integration).type  # unknown: a usage error
        found = self._state.credentials_of(user_id, integration)
        if len(found) != 1:
            raise ParagonUsageError(
                Report(
                    what=f"User {user_id!r} has {len(found)} {integration} credentials, not one",
                    where="paragon_fake.users.credential()",
                    expected="exactly one credential of the integration",
                    received=", ".join(c.id for c in found) or "none",
                    remedy=(
                        "connect it first (paragon_fake.users.connect("
                        f"{user_id!r}, {integration!r})); "
                        "for several accounts, read "
                        "paragon_fake.users.credentials(user_id, integration)"
                    ),
                    anchor="seeding-and-reading-state",
                )
            )
        return found[0]

    def _account(
        self, user_id: str, integration: str, credential_id: str | None
    ) -> CredentialRecord | None:
        """The primary credential, or the one ``credential_id`` names (UUID or ``ext:`` id)."""
        integration = self._state.integration(integration).type
        if credential_id is None:
            return self._state.primary_credential(user_id, integration)
        return self._state.resolve_credential(user_id, credential_id, integration)

    def settings(
        self, user_id: str, integration: str, *, credential_id: str | None = None
    ) -> dict[str, Any]:
        """The integration-level User Settings of the user's primary (or named) credential."""
        account = self._account(user_id, integration, credential_id)
        return dict(account.default_configuration.shared_settings) if account else {}

    def workflow_states(
        self, user_id: str, integration: str, *, credential_id: str | None = None
    ) -> dict[str, bool]:
        """Workflow id -> enabled, for the user's primary (or named) credential."""
        account = self._account(user_id, integration, credential_id)
        if account is None:
            return {}
        return {wid: s.enabled for wid, s in account.default_configuration.workflows.items()}

    def app_events(self, name: str | None = None) -> list[AppEventRecord]:
        """App Events received (optionally only those called ``name``)."""
        return [event for event in self._state.app_events if name is None or event.name == name]


class ProxyHelpers(AreaHelpers):
    """What providers answer to Proxy API calls (``paragon_fake.proxy``)."""

    _area = "proxy"

    def on(
        self,
        integration: str,
        response: Callable[[Any], Any] | Any = None,
        *,
        method: str | None = None,
        path: str | None = None,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        optional: bool = False,
        match: Mapping[str, Any] | Callable[[Any], Any] | None = None,
        match_json: Any = UNSET,
        match_query: Mapping[str, Any] | None = None,
        match_headers: Mapping[str, str] | None = None,
        match_content: bytes | str | None = None,
    ) -> ProxyRegistration:
        """Answer proxy calls to ``integration`` (and ``method``/``path`` glob, when given).

        ``response`` is the provider's JSON body, or a function of the
        :class:`~pytest_paragon.fake.base.records.ProxyCall` returning a body, ``(status, body)`` or
        a ``ProviderReply``; ``headers`` are the reply's. ``match`` and ``match_*`` state what the
        call must carry (:mod:`~pytest_paragon.fake.base.matchers`: ``match={...}`` the body
        contains it, ``match_json`` the body equals it, ``match_query`` exactly these parameters,
        ``match_headers`` these headers, ``match_content`` these bytes, ``match=function`` a
        predicate of the call). The oldest matching registration not called yet answers (see
        :mod:`~pytest_paragon.fake.base.registrations`).
        """
        self._state.integration(integration)
        condition = RequestMatch.of(
            match,
            match_json=match_json,
            match_query=match_query,
            match_headers=match_headers,
            match_content=match_content,
        )
        registration = ProxyRegistration(
            label=label_with(
                f"proxy.on({integration!r}, method={method!r}, path={path!r})", condition
            ),
            answer=answer_from(response, status, dict(headers or {})),
            optional=optional,
            condition=condition,
            integration=self._state.integration(integration).type,
            method=method,
            path=path,
        )
        self._state.proxy_handlers.append(registration)
        return registration

    def add_endpoints(self, document: Mapping[str, Any] | str | Path) -> ProviderDocument:
        """Check proxied calls against more provider endpoints, for this fake (until reset).

        ``document`` is a mapping or a YAML/JSON file in the format of
        :mod:`pytest_paragon.providers` (``provider``, ``integration``, ``endpoints``); its
        endpoints win over the built-in ones for the same call.
        """
        parsed = parse_document(document, where="paragon_fake.proxy.add_endpoints()")
        self._state.integration(parsed.integration)  # an unknown integration names the nearest
        self._state.area(ProviderStore).documents.append(parsed)
        return parsed

    def _unused(self) -> list[str]:
        """The registered proxy answers that were never called (and not optional)."""
        return [r.label for r in self._state.proxy_handlers if not r.called and not r.optional]


class TriggerHelpers(AreaHelpers):
    """The Response steps of request-triggered workflows (``paragon_fake.triggers``)."""

    _area = "triggers"

    def on(
        self,
        workflow_id: str,
        response: Callable[[Any], Any] | Any = None,
        *,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        optional: bool = False,
        body: Mapping[str, Any] | None = None,
        match: Mapping[str, Any] | Callable[[Any], Any] | None = None,
        match_json: Any = UNSET,
        match_query: Mapping[str, Any] | None = None,
        match_headers: Mapping[str, str] | None = None,
        match_content: bytes | str | None = None,
    ) -> TriggerRegistration:
        """Give request-triggered workflow ``workflow_id`` a Response step.

        ``response`` is the body, or a function of the
        :class:`~pytest_paragon.fake.base.records.TriggerCall` returning a body, ``(status, body)``
        or a ``ProviderReply``. Advance a frozen clock inside it to run past the 542 limit. With
        ``match={...}``, only runs whose JSON body holds those keys and values match;
        ``match_json``, ``match_query``, ``match_headers``, ``match_content`` and
        ``match=function`` work as for :meth:`ProxyHelpers.on`. A second answer for the same
        workflow is queued behind the first (first registered, first served). ``body=`` is the
        deprecated spelling of ``match=``.
        """
        if body is not None:
            if match is not None:
                raise ParagonUsageError("give match= (body= is its older spelling), not both")
            deprecated("paragon_fake.triggers.on(body=...)", "match=...")
        found = self._state.project.workflow(workflow_id)
        if found is None or not found[1].request_trigger:
            raise ParagonUsageError.from_unknown(
                "request-triggered workflow",
                workflow_id,
                (
                    f"{w.id} ({spec.type})"
                    for spec in self._state.project.integrations
                    for w in spec.workflows
                    if w.request_trigger
                ),
                where="paragon_fake.triggers.on()",
                remedy=(
                    "paragon_fake.users.workflow_id(integration, request_trigger=True) names one"
                ),
                anchor="seeding-and-reading-state",
            )
        condition = RequestMatch.of(
            match if body is None else dict(body),
            match_json=match_json,
            match_query=match_query,
            match_headers=match_headers,
            match_content=match_content,
        )
        registration = TriggerRegistration(
            label=label_with(f"triggers.on({workflow_id!r})", condition),
            answer=answer_from(response, status, dict(headers or {})),
            optional=optional,
            condition=condition,
            workflow_id=workflow_id,
        )
        self._state.trigger_handlers.append(registration)
        return registration

    def _unused(self) -> list[str]:
        """The registered trigger answers that were never called (and not optional)."""
        return [r.label for r in self._state.trigger_handlers if not r.called and not r.optional]
