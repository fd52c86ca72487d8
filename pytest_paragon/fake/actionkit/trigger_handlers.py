"""ActionKit Triggers: E37 (trigger types), E38-E41 (subscriptions), E42 (example payloads).

Trigger types come from the project (declared ``actionkit.triggers`` or the catalogue), filtered
like List Tools (``integrations``, ``limit_to_available``, the permissions claim). Subscriptions
belong to the Connected User and run on a credential: the one ``X-Paragon-Credential`` selects
(UUID, ``ext:<id>`` or bare external id), else the integration's primary credential, which must be
VALID. Several subscriptions per trigger type and credential are allowed. Listing with
``X-Paragon-Credential`` shows that credential's subscriptions only. PATCH merges as documented;
an unknown subscription is a 404. The contract documents no 404 for E39 and E42, so an
integration the user cannot use there is a 400 ``Integration not enabled for user.``.
"""

from __future__ import annotations

from typing import Any

from pytest_paragon.fake.actionkit.state import (
    ActionKitState,
    permitted,
    trigger_specs,
)
from pytest_paragon.fake.actionkit.tool_handlers import claim_of, csv_query, selected_integrations
from pytest_paragon.fake.actionkit.triggers import (
    example_payloads,
    find_trigger,
    live_subscriptions,
    subscribe,
    subscription_of,
    update_subscription,
)
from pytest_paragon.fake.base.context import Reply, RequestContext, handles
from pytest_paragon.fake.base.errors import (
    INTEGRATION_NOT_ENABLED,
    FakeError,
    bad_request,
    forbidden,
)
from pytest_paragon.fake.base.project import IntegrationSpec
from pytest_paragon.fake.base.records import CredentialRecord


def _integration(context: RequestContext, name: Any) -> IntegrationSpec:
    spec = context.state.project.integration(str(name))
    if spec is None:
        raise bad_request(f"Integration {name} is not in this project.")
    if not permitted(claim_of(context), spec.type):
        raise forbidden()
    return spec


def _credential(context: RequestContext, spec: IntegrationSpec) -> CredentialRecord:
    try:
        credential = context.selected_credential(spec.type)
    except FakeError as error:
        message = INTEGRATION_NOT_ENABLED if context.credential_header is None else error.message
        raise bad_request(message) from None
    if credential.status != "VALID" or credential.integration_type != spec.type:
        raise bad_request(INTEGRATION_NOT_ENABLED)
    if not permitted(claim_of(context), spec.type, credential.id):
        raise forbidden()
    return credential


@handles("listTriggerTypes")
def list_trigger_types(context: RequestContext) -> Reply:
    """E37: ``{triggers: {integration: [TriggerDefinition]}, errors}``."""
    integrations, errors = selected_integrations(context)
    listed = {
        spec.type: [trigger.definition() for trigger in trigger_specs(spec)]
        for spec in integrations
        if trigger_specs(spec)
    }
    return Reply(json={"triggers": listed, "errors": errors})


@handles("listTriggerSubscriptions")
def list_trigger_subscriptions(context: RequestContext) -> Reply:
    """E38: the user's subscriptions by integration, filtered by integrations, status, type."""
    wanted = csv_query(context, "integrations")
    status = context.query.get("status")
    trigger_type = context.query.get("type")
    only_credential: str | None = None
    if context.credential_header is not None:
        try:
            only_credential = context.selected_credential().id
        except FakeError:
            only_credential = ""  # names no credential of the user: nothing matches
    claim = claim_of(context)
    listed: dict[str, list[dict[str, Any]]] = {}
    for subscription in live_subscriptions(context.state, context.user.id):
        if wanted is not None and subscription.integration not in wanted:
            continue
        if status is not None and subscription.status != status:
            continue
        if trigger_type is not None and subscription.type != trigger_type:
            continue
        if only_credential is not None and subscription.credential_id != only_credential:
            continue
        if not permitted(claim, subscription.integration, subscription.credential_id):
            continue
        listed.setdefault(subscription.integration, []).append(subscription.wire())
    return Reply(json={"triggers": listed})


@handles("createTriggerSubscription")
def create_trigger_subscription(context: RequestContext) -> Reply:
    """E39: subscribe the user's credential to a trigger type (status ACTIVE)."""
    body = context.json_object()
    spec = _integration(context, body.get("integration"))
    trigger = find_trigger(spec, str(body.get("type")))
    credential = _credential(context, spec)
    parameters = body.get("parameters")
    if not isinstance(parameters, dict):
        raise bad_request("`parameters` must be an object.")
    record = subscribe(
        context.state,
        user_id=context.user.id,
        integration=spec.type,
        trigger_type=trigger.type,
        parameters=parameters,
        credential_id=credential.id,
        webhook_override=body.get("webhookOverride"),
    )
    return Reply(json=record.wire())


def _owned(context: RequestContext) -> Any:
    record = subscription_of(context.state, context.user.id, context.path_params["subscriptionId"])
    if not permitted(claim_of(context), record.integration, record.credential_id):
        raise forbidden()
    return record


@handles("updateTriggerSubscription")
def update_trigger_subscription(context: RequestContext) -> Reply:
    """E40: merge ``parameters`` (null removes, arrays replaced), replace or clear the override."""
    record = _owned(context)
    return Reply(json=update_subscription(context.state, record, context.json_object()).wire())


@handles("deleteTriggerSubscription")
def delete_trigger_subscription(context: RequestContext) -> Reply:
    """E41: ``{success: true}`` (with the seeded ``warning`` of a failed tear-down)."""
    record = _owned(context)
    del context.state.area(ActionKitState).subscriptions[record.id]
    body: dict[str, Any] = {"success": True}
    if record.teardown_warning:
        body["warning"] = record.teardown_warning
    return Reply(json=body)


@handles("getTriggerExamplePayloads")
def get_trigger_example_payloads(context: RequestContext) -> Reply:
    """E42: the trigger type's example records, with the given parameter values filled in."""
    body = context.json_object()
    spec = _integration(context, body.get("integration"))
    trigger = find_trigger(spec, str(body.get("type")))
    _credential(context, spec)
    parameters = body.get("parameters") or {}
    if not isinstance(parameters, dict):
        raise bad_request("`parameters` must be an object.")
    return Reply(json=example_payloads(trigger, parameters))
