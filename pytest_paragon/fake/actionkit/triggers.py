"""ActionKit trigger subscriptions: resolve trigger types, check parameters, merge updates, sign.

The rules on :attr:`ActionKitState.subscriptions`: subscribe (E38), update with the documented
merge rules (E40), list the live ones (a disconnected credential takes its subscriptions along),
example payloads, and the signed event Paragon would POST for a subscription. No HTTP here.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pytest_paragon.fake.actionkit.state import (
    ActionKitState,
    SubscriptionStatus,
    TriggerEvent,
    TriggerSubscriptionRecord,
    sign,
    trigger_specs,
)
from pytest_paragon.fake.base.errors import bad_request, not_found
from pytest_paragon.fake.base.tool_specs import TriggerSpec

if TYPE_CHECKING:
    from pytest_paragon.fake.base.project import IntegrationSpec
    from pytest_paragon.fake.base.state import FakeState


# -- triggers ------------------------------------------------------------------------------------


def find_trigger(spec: IntegrationSpec, trigger_type: str) -> TriggerSpec:
    """The integration's trigger type ``trigger_type`` (400 when it has none)."""
    for trigger in trigger_specs(spec):
        if trigger.type == trigger_type:
            return trigger
    raise bad_request(f'Trigger type "{trigger_type}" is not available for {spec.type}.')


def _enum_values(values: Any) -> list[Any]:
    return [v.get("value") if isinstance(v, Mapping) else v for v in values or ()]


def check_trigger_parameters(trigger: TriggerSpec, parameters: Mapping[str, Any]) -> None:
    """400 for unknown parameters, missing required ones, or a value outside an ENUM."""
    inputs = {str(item["id"]): item for item in trigger.parameters}
    unknown = sorted(set(parameters) - set(inputs))
    if unknown:
        raise bad_request(f"{trigger.type}: unknown parameters {', '.join(unknown)}.")
    missing = [
        key
        for key, item in inputs.items()
        if item.get("required") and parameters.get(key) in (None, "")
    ]
    if missing:
        raise bad_request(f"{trigger.type}: missing required parameters {', '.join(missing)}.")
    for key, value in parameters.items():
        item = inputs[key]
        allowed = _enum_values(item.get("values"))
        if item.get("type") == "ENUM" and value is not None and value not in allowed:
            raise bad_request(f"{trigger.type}: {key} must be one of {allowed}.")


def live_subscriptions(state: FakeState, user_id: str) -> list[TriggerSubscriptionRecord]:
    """The user's subscriptions, oldest first; those of deleted credentials are dropped."""
    subscriptions = state.area(ActionKitState).subscriptions
    for gone in [s.id for s in subscriptions.values() if s.credential_id not in state.credentials]:
        del subscriptions[gone]
    return [s for s in subscriptions.values() if s.user_id == user_id]


def subscription_of(
    state: FakeState, user_id: str, subscription_id: str
) -> TriggerSubscriptionRecord:
    """The user's subscription ``subscription_id`` (404 otherwise)."""
    for subscription in live_subscriptions(state, user_id):
        if subscription.id == subscription_id:
            return subscription
    raise not_found(f"Trigger subscription {subscription_id} not found.")


def subscribe(
    state: FakeState,
    *,
    user_id: str,
    integration: str,
    trigger_type: str,
    parameters: Mapping[str, Any],
    credential_id: str,
    webhook_override: Mapping[str, Any] | None = None,
    status: SubscriptionStatus = "ACTIVE",
    error: str | None = None,
    teardown_warning: str | None = None,
) -> TriggerSubscriptionRecord:
    """Create a subscription after checking the trigger type and its parameters."""
    spec = state.integration(integration)
    trigger = find_trigger(spec, trigger_type)
    check_trigger_parameters(trigger, parameters)
    record = TriggerSubscriptionRecord(
        id=state.ids(),
        user_id=user_id,
        integration=spec.type,
        type=trigger.type,
        parameters=copy.deepcopy(dict(parameters)),
        credential_id=credential_id,
        date_created=state.clock.iso(),
        status=status,
        error=error,
        webhook_override=copy.deepcopy(dict(webhook_override)) if webhook_override else None,
        teardown_warning=teardown_warning,
    )
    with state.lock:
        state.area(ActionKitState).subscriptions[record.id] = record
    return record


def update_subscription(
    state: FakeState, record: TriggerSubscriptionRecord, changes: Mapping[str, Any]
) -> TriggerSubscriptionRecord:
    """Apply E40's merge rules to ``record``.

    ``parameters`` is shallow-merged: omitted keys stay, provided keys overwrite (arrays are
    replaced), ``null`` removes a key. ``webhookOverride`` is replaced, cleared by ``null`` and
    left alone when omitted. The merged parameters must still suit the trigger type (400).
    """
    parameters = copy.deepcopy(record.parameters)
    for key, value in (changes.get("parameters") or {}).items():
        if value is None:
            parameters.pop(key, None)
        else:
            parameters[key] = copy.deepcopy(value)
    spec = state.integration(record.integration)
    check_trigger_parameters(find_trigger(spec, record.type), parameters)
    record.parameters = parameters
    if "webhookOverride" in changes:
        override = changes["webhookOverride"]
        record.webhook_override = copy.deepcopy(dict(override)) if override else None
    return record


def example_payloads(trigger: TriggerSpec, parameters: Mapping[str, Any]) -> list[dict[str, Any]]:
    """E42: the trigger's examples, with the given parameter values in the fields they name."""
    examples = []
    for example in trigger.examples:
        record = copy.deepcopy(dict(example))
        for key, value in parameters.items():
            if key in record and value is not None:
                record[key] = copy.deepcopy(value)
        examples.append(record)
    return examples


def trigger_event(
    state: FakeState, record: TriggerSubscriptionRecord, payload: Mapping[str, Any] | None
) -> TriggerEvent:
    """Build and sign the event Paragon would deliver for ``record`` (and note its date)."""
    if payload is None:
        trigger = find_trigger(state.integration(record.integration), record.type)
        examples = example_payloads(trigger, record.parameters)
        payload = examples[0] if examples else {}
    now = state.clock.iso()
    override = record.webhook_override or {}
    document = {
        "eventId": state.ids(),
        "userId": record.user_id,
        "integration": record.integration,
        "triggerType": record.type,
        "triggerSubscriptionId": record.id,
        "credentialId": record.credential_id,
        "projectId": state.project.id,
        "dateReceived": now,
        "payload": copy.deepcopy(dict(payload)),
        "triggerSubscriptionMetadata": copy.deepcopy(override.get("metadata")),
    }
    body = json.dumps(document, separators=(",", ":")).encode()
    headers = {
        **{str(k): str(v) for k, v in (override.get("headers") or {}).items()},
        "content-type": "application/json",
        "x-paragon-signature": sign(state.area(ActionKitState).signing_secret, body),
    }
    record.date_last_received_event = now
    return TriggerEvent(
        url=override.get("url") or state.area(ActionKitState).webhook_url,
        headers=headers,
        body=body,
    )
