"""ActionKit's test helpers: ``paragon_fake.actionkit``.

Register Tool answers with :meth:`~ActionKitHelpers.on` (an unused one fails the test, as
with ``proxy.on``), read the runs with :meth:`~ActionKitHelpers.tool_calls`, seed and read the
records the default Tool answers use (:meth:`~ActionKitHelpers.seed_records`,
:meth:`~ActionKitHelpers.records`), seed and read trigger subscriptions, and build the signed
event Paragon would deliver for a subscription with :meth:`~ActionKitHelpers.fire`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from pytest_paragon.errors import ParagonUsageError, deprecated
from pytest_paragon.fake.actionkit.state import (
    ActionKitState,
    SubscriptionStatus,
    ToolCall,
    ToolRegistration,
    TriggerEvent,
    TriggerSubscriptionRecord,
    find_tool,
    records_of,
    tool_names,
)
from pytest_paragon.fake.actionkit.triggers import (
    live_subscriptions,
    subscribe,
    trigger_event,
)
from pytest_paragon.fake.base.errors import FakeError
from pytest_paragon.fake.base.helpers import AreaHelpers
from pytest_paragon.fake.base.matchers import UNSET, RequestMatch, label_with
from pytest_paragon.fake.base.records import ProviderReply
from pytest_paragon.fake.base.registrations import answer_from

if TYPE_CHECKING:
    from pytest_paragon.fake.base.records import CredentialRecord


class ActionKitHelpers(AreaHelpers):
    """ActionKit seeding and reading helpers (``paragon_fake.actionkit``)."""

    _area = "actionkit"

    # -- Tools ----------------------------------------------------------------------------------

    def on(
        self,
        tool: str,
        response: Callable[[ToolCall], Any] | Any = None,
        *,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        optional: bool = False,
        parameters: Mapping[str, Any] | None = None,
        match: Mapping[str, Any] | Callable[[Any], Any] | None = None,
        match_json: Any = UNSET,
        match_headers: Mapping[str, str] | None = None,
    ) -> ToolRegistration:
        """Answer runs of ``tool`` (E36) instead of the default output.

        ``response`` is the Tool's output (or a ``ProviderReply``), or a function of the
        :class:`~pytest_paragon.fake.actionkit.state.ToolCall` returning an output, ``(status,
        body)`` or a ``ProviderReply``; a 2xx answer is sent as 200, any other status as is. A
        polymorphic Tool may be named by a variant (``SALESFORCE_CREATE_RECORD_CONTACT``) or by its
        base name (every variant). With ``match={...}``, only runs whose parameters hold those
        values match; ``match_json`` the parameters equal it exactly, ``match_headers`` the run
        carries these headers, ``match=function`` a predicate of the :class:`ToolCall`. A second
        answer for the same Tool is queued behind the first (first registered, first served).
        ``parameters=`` is the deprecated spelling of ``match=``.
        """
        if parameters is not None:
            if match is not None:
                raise ParagonUsageError("give match= (parameters= is its older spelling), not both")
            deprecated("paragon_fake.actionkit.on(parameters=...)", "match=...")
        if find_tool(self._state.project, tool) is None:
            raise ParagonUsageError.from_unknown(
                "ActionKit Tool",
                tool,
                tool_names(self._state.project),
                where="paragon_fake.actionkit.on()",
                anchor="actionkit",
            )
        answer = response
        if not isinstance(response, ProviderReply):
            answer = answer_from(response, status, dict(headers or {}))
        condition = RequestMatch.of(
            match if parameters is None else dict(parameters),
            match_json=match_json,
            match_headers=match_headers,
        )
        registration = ToolRegistration(
            label=label_with(f"actionkit.on({tool!r})", condition),
            answer=answer,
            optional=optional,
            condition=condition,
            tool=tool,
        )
        self._state.area(ActionKitState).tool_handlers.append(registration)
        return registration

    def on_tool(self, tool: str, response: Any = None, **options: Any) -> ToolRegistration:
        """Deprecated: :meth:`on` (one verb registers answers in every area)."""
        deprecated("paragon_fake.actionkit.on_tool(...)", "paragon_fake.actionkit.on(...)")
        return self.on(tool, response, **options)

    @property
    def signing_secret(self) -> str:
        """The project's ActionKit Signing Secret (what trigger events are signed with)."""
        return self._state.area(ActionKitState).signing_secret

    def tool_calls(self, tool: str | None = None) -> list[ToolCall]:
        """Every Tool run (E36), oldest first; optionally only those of ``tool``.

        Runs refused for parameters that break the Tool's schema are included, with the 400's
        message in ``refused`` (``[c for c in calls if c.refused is None]`` are the answered ones).
        """
        calls = self._state.area(ActionKitState).tool_calls
        return [c for c in calls if tool is None or tool in (c.tool, c.requested, c.base)]

    def _credential_for(
        self, user_id: str, integration: str, credential_id: str | None
    ) -> CredentialRecord:
        try:
            return self._state.resolve_credential(user_id, credential_id, integration)
        except FakeError as error:
            raise ParagonUsageError(
                f"{user_id} has no {integration} credential {credential_id or ''}: "
                f"{error.message} (connect it first)"
            ) from None

    def seed_records(
        self,
        user_id: str,
        integration: str,
        collection: str,
        records: Iterable[Mapping[str, Any]],
        *,
        credential_id: str | None = None,
    ) -> list[dict[str, Any]]:
        """Add records that the default Tool answers list, get and update.

        ``collection`` is e.g. ``channels`` (Slack) or ``Contact`` (Salesforce); a record without
        an ``id`` gets one. The records belong to the user's primary (or given) credential.
        """
        spec = self._state.integration(integration)
        credential = self._credential_for(user_id, spec.type, credential_id)
        stored = records_of(self._state, credential.id, collection)
        added = []
        for record in records:
            item = {"id": record.get("id") or self._state.ids(), **copy.deepcopy(dict(record))}
            stored.append(item)
            added.append(copy.deepcopy(item))
        return added

    def records(
        self, user_id: str, integration: str, collection: str, *, credential_id: str | None = None
    ) -> list[dict[str, Any]]:
        """The records of a collection of the user's (primary or given) credential."""
        spec = self._state.integration(integration)
        credential = self._credential_for(user_id, spec.type, credential_id)
        return copy.deepcopy(records_of(self._state, credential.id, collection))

    # -- triggers -------------------------------------------------------------------------------

    def subscribe(
        self,
        user_id: str,
        integration: str,
        trigger_type: str,
        parameters: Mapping[str, Any] | None = None,
        *,
        credential_id: str | None = None,
        webhook_override: Mapping[str, Any] | None = None,
        status: SubscriptionStatus = "ACTIVE",
        error: str | None = None,
        teardown_warning: str | None = None,
    ) -> TriggerSubscriptionRecord:
        """Seed a trigger subscription, as E39 would create it.

        ``status="ERRORED"`` with an ``error`` seeds a failed one; ``teardown_warning`` makes its
        deletion (E41) answer with that warning.
        """
        spec = self._state.integration(integration)
        credential = self._credential_for(user_id, spec.type, credential_id)
        try:
            return subscribe(
                self._state,
                user_id=user_id,
                integration=spec.type,
                trigger_type=trigger_type,
                parameters=parameters or {},
                credential_id=credential.id,
                webhook_override=webhook_override,
                status=status,
                error=error,
                teardown_warning=teardown_warning,
            )
        except FakeError as problem:
            raise ParagonUsageError(problem.message) from None

    def subscriptions(
        self, user_id: str, integration: str | None = None
    ) -> list[TriggerSubscriptionRecord]:
        """The user's trigger subscriptions (oldest first), optionally of one integration."""
        return [
            s
            for s in live_subscriptions(self._state, user_id)
            if integration is None or s.integration == integration
        ]

    def fire(self, subscription_id: str, payload: Mapping[str, Any] | None = None) -> TriggerEvent:
        """The signed event Paragon would POST for an ACTIVE subscription.

        It goes to ``webhookOverride.url`` or the project's ActionKit webhook URL
        (``state.area(ActionKitState).webhook_url``) and carries ``payload``, or the trigger's
        first example.
        """
        record = self._state.area(ActionKitState).subscriptions.get(subscription_id)
        if record is None:
            raise ParagonUsageError(f"no trigger subscription {subscription_id}")
        if record.status != "ACTIVE":
            raise ParagonUsageError(f"subscription {subscription_id} is {record.status}")
        return trigger_event(self._state, record, payload)

    def _unused(self) -> list[str]:
        """The registered Tool answers that were never called (and not optional)."""
        handlers = self._state.area(ActionKitState).tool_handlers
        return [r.label for r in handlers if not r.called and not r.optional]
