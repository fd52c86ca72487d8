"""Put the :class:`~pytest_paragon.contract_suite.world.World`'s values into a generated case.

Schemathesis generates every parameter; where a parameter names something that must exist (a
credential, a workflow, a Sync, a Tool and parameters that fit it, a page cursor the target
issued) the suite replaces the generated value with one from the world, so that valid requests
reach real state and answer 2xx. Only the parts generated as valid data are changed: a part that
schemathesis made invalid on purpose (negative data) keeps its invalid values, so the target must
still reject it. Schemathesis re-checks a changed case before sending it, so its checks always
judge the request that was actually sent.

The rules, by parameter location and name:

- path: ``credentialId``, ``integrationId``, ``integrationType``, ``workflowId``,
  ``oauthMetaKeyId``, ``resourceId``, ``subscriptionId``, ``syncId``, ``recordId``,
  ``executionId``, ``stepExecutionId`` (``projectId`` is pinned for the whole run);
- query: ``integrationId``/``action`` (OAuth: the integration the user has not connected yet),
  ``integration``, ``userToken``, ``cursor`` (left out when the target issued none), and
  ``installOptions`` that allow another account;
- headers: ``X-Paragon-Credential``, ``X-Paragon-Configuration-Id`` (the credential header is
  added when only the configuration header was generated: a configuration is always named
  within its credential);
- query and header values whose schema says they carry JSON (``contentMediaType:
  application/json``) get a JSON object when the generated text is not JSON;
- the values of a free-form query map (E24's ``query``) are sent as the strings they are on the
  wire, in every case (:func:`_wire_strings`);
- request bodies: per operation (:data:`BODY_BINDERS`), the ids, names and page cursors inside
  them (a cursor is only valid when the target issued it: the first page's is ``0``), and
  external ids and install options that cannot clash with what earlier requests created.

Two kinds of invalid query that schemathesis generates cannot be sent at all (an invalid value of
a free-form query map, an item of a comma-separated list holding a comma): the target reads them
as valid. For those cases only the "invalid data is rejected" check is left out
(:func:`unrepresentable_negative`).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Mapping, MutableMapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pytest_paragon.contract import Operation
    from pytest_paragon.contract_suite.world import World

CREDENTIAL_HEADER = "X-Paragon-Credential"
CONFIGURATION_HEADER = "X-Paragon-Configuration-Id"
_SERIAL = itertools.count(1)


def unique(prefix: str = "paragon-contract") -> str:
    """A value no earlier request of this run used (external ids must be new on a live target)."""
    return f"{prefix}-{next(_SERIAL)}"


def _install_options(options: dict[str, Any]) -> None:
    """Install options that never clash with what the target holds already.

    A second account of an integration needs ``allowMultipleCredentials`` (a live target keeps
    the accounts earlier requests installed); an external id must be new; a selected credential
    would name an account of another integration.
    """
    options["allowMultipleCredentials"] = True
    options.pop("selectedCredentialId", None)
    if "externalId" in options:
        options["externalId"] = unique()


def _path_values(world: World) -> dict[str, str | None]:
    """Path parameter values by name."""
    return {
        "credentialId": world.credential_id,
        "integrationId": world.integration_id,
        "integrationType": world.integration_type,
        "workflowId": world.workflow_id,
        "oauthMetaKeyId": world.oauth_session,
        "resourceId": world.resource_id,
        "subscriptionId": world.subscription_id,
        "syncId": world.sync_id,
        "recordId": world.record_id,
        "executionId": world.execution_id,
        "stepExecutionId": world.step_execution_id,
    }


def _query_values(world: World, token: str | None) -> dict[str, str | None]:
    """Query parameter values by name (OAuth installs go to the integration not connected)."""
    return {
        "integrationId": world.fresh_integration_id,
        "action": world.fresh_integration_type,
        "integration": world.integration_type,
        "userToken": token,
        "cursor": world.cursor,
    }


def _credential_for(operation_id: str, world: World) -> str | None:
    """The credential an operation's ``X-Paragon-Credential`` should name."""
    if operation_id in TRIGGER_OPERATIONS:
        return world.trigger_credential_id
    if operation_id in TOOL_OPERATIONS:
        return world.tool_credential_id
    return world.credential_id


def _is_json_object_text(value: Any) -> bool:
    """Whether ``value`` is the text of a JSON object."""
    try:
        return isinstance(json.loads(value), dict)
    except (TypeError, ValueError):
        return False


def _parameters_in(operation: Operation, location: str) -> list[Mapping[str, Any]]:
    """The contract's ``location`` parameters of ``operation`` (``$ref`` resolved)."""
    return [parameter for parameter in operation.parameters if parameter.get("in") == location]


def _schema_of(parameter: Mapping[str, Any]) -> Mapping[str, Any]:
    """A parameter's schema (``{}`` when it declares none)."""
    schema = parameter.get("schema")
    return schema if isinstance(schema, Mapping) else {}


def _json_parameters(operation: Operation, location: str) -> set[str]:
    """Names of the ``location`` parameters whose string value carries JSON."""
    return {
        str(parameter.get("name"))
        for parameter in _parameters_in(operation, location)
        if _schema_of(parameter).get("contentMediaType") == "application/json"
    }


def _negative_locations(case: Any) -> set[str] | None:
    """The request parts schemathesis generated invalid on purpose (``None``: no metadata).

    ``Case.meta`` is the one part of a case the suite reads beyond the documented fields: its
    ``components`` map each part (a string enum: ``"path"``, ``"query"``, ``"header"``,
    ``"body"``) to the mode it was generated in. Read here only, so a change shows in one place.
    """
    meta = case.meta
    if meta is None:
        return None
    return {
        str(getattr(location, "value", location))
        for location, component in meta.components.items()
        if component.mode.is_negative
    }


def _replace(
    container: MutableMapping[str, Any] | None, values: Mapping[str, Any], *, add: bool = False
) -> None:
    """Set ``container``'s entries to ``values`` (the present ones only, unless ``add``)."""
    if container is None:
        return
    for name, value in values.items():
        if value is not None and (add or name in container):
            container[name] = value


def _header_name(headers: Mapping[str, Any], wanted: str) -> str | None:
    """The name ``wanted`` is spelled with in ``headers`` (case-insensitive), if present."""
    return next((name for name in headers if name.lower() == wanted.lower()), None)


def bind(case: Any, world: World, operation: Operation, *, token: str | None = None) -> None:
    """Fill ``case`` (a schemathesis ``Case`` of ``operation``) with ``world``'s values.

    Only the parts generated valid are filled in; the parameters' definitions are read from the
    contract (``operation``), the case's own fields are the documented ones (``path_parameters``,
    ``query``, ``headers``, ``body``).
    """
    negative = _negative_locations(case) or set()
    operation_id = operation.operation_id
    _wire_strings(case, operation)

    def valid(location: str) -> bool:
        """Whether ``location`` was generated valid (only valid parts are filled in)."""
        return location not in negative

    if valid("path"):
        _replace(case.path_parameters, _path_values(world))
    if valid("query") and case.query:
        _replace(case.query, _query_values(world, token))
        if world.cursor is None:
            case.query.pop("cursor", None)  # only a cursor the target issued is valid
        for name in _json_parameters(operation, "query"):
            if name in case.query and not _is_json_object_text(case.query[name]):
                case.query[name] = "{}"
        if any(p.get("name") == "installOptions" for p in _parameters_in(operation, "query")):
            options = json.loads(case.query.get("installOptions") or "{}")
            _install_options(options)
            case.query["installOptions"] = json.dumps(options)
    if valid("header") and case.headers:
        _bind_headers(case, world, operation)
    if valid("body") and isinstance(case.body, dict):
        binder = BODY_BINDERS.get(operation_id)
        if binder is not None:
            binder(case.body, world)


def _wire_strings(case: Any, operation: Operation) -> None:
    """Send the values of a free-form query map as the strings they travel as.

    A query map (an exploded ``type: object`` parameter, E24's ``query``) declares string values,
    and every query value is a string on the wire: a generated ``false`` or ``3`` cannot violate
    the schema once sent. Sending the wire text lets schemathesis judge the case as sent.
    """
    query = _parameters_in(operation, "query")
    maps = [
        str(parameter.get("name"))
        for parameter in query
        if _schema_of(parameter).get("type") == "object" and parameter.get("explode", True)
    ]
    if not maps or not case.query:
        return
    declared = {str(parameter.get("name")) for parameter in query} - set(maps)
    for name, value in list(case.query.items()):
        if name not in declared and not isinstance(value, str):
            case.query[name] = json.dumps(value, ensure_ascii=False)


def unrepresentable_negative(case: Any, operation: Operation) -> bool:
    """Whether the case's only invalid part cannot be sent: no request can carry it.

    - A free-form query map (E24's ``query``): every query string is a valid map of strings, so
      an invalid map (a value of another type, a map that is not an object) arrives as a valid one.
    - An item of a comma-separated list that holds a comma (violating the items' ``pattern``): the
      target splits the decoded value on commas, as Paragon and every server that accepts
      ``?integrations=slack,jira`` from ordinary clients (which percent-encode the comma) must,
      and reads two valid items.

    Such a case is not checked for rejection; every other check still runs on its answer.
    """
    if _negative_locations(case) != {"query"}:
        return False
    parameters = _parameters_in(operation, "query")
    if parameters and all(_schema_of(p).get("type") == "object" for p in parameters):
        return True
    lists = {
        p.get("name")
        for p in parameters
        if _schema_of(p).get("type") == "array" and p.get("explode") is False
    }
    # What was mutated: the fuzzing phase lists its mutations, the coverage phase names one
    # parameter and a scenario (both read from ``Case.meta``, see _negative_locations).
    data = case.meta.phase.data
    mutations = tuple(getattr(data, "mutations", ()) or ())
    if mutations:
        return all(m.parameter in lists and tuple(m.keywords) == ("pattern",) for m in mutations)
    scenario = getattr(getattr(data, "scenario", None), "value", "")
    return getattr(data, "parameter", None) in lists and scenario == "invalid_pattern"


def _bind_headers(case: Any, world: World, operation: Operation) -> None:
    """The credential and configuration headers, and JSON where a header carries JSON."""
    headers = case.headers
    credential = _header_name(headers, CREDENTIAL_HEADER)
    configuration = _header_name(headers, CONFIGURATION_HEADER)
    credential_id = _credential_for(operation.operation_id, world)
    if configuration is not None and world.configuration_id is not None:
        headers[configuration] = world.configuration_id
        if credential is None and credential_id is not None:
            credential = CREDENTIAL_HEADER
    if credential is not None and credential_id is not None:
        headers[credential] = credential_id
    for name in _json_parameters(operation, "header"):
        present = _header_name(headers, name)
        if present is not None and not _is_json_object_text(headers[present]):
            headers[present] = "{}"


# -- bodies -------------------------------------------------------------------------------------


def _create_credential(body: dict[str, Any], world: World) -> None:
    """E9: install the integration the user has not connected, as another account if need be."""
    _replace(body, {"integrationId": world.fresh_integration_id})
    if "code" in body:  # the authorization-code form keeps them under integrationOptions
        holder = body.setdefault("integrationOptions", {})
        options = holder.setdefault("installOptions", {}) if isinstance(holder, dict) else None
    else:
        options = body.setdefault("installOptions", {})
    if isinstance(options, dict):
        _install_options(options)


def _create_configuration(body: dict[str, Any], world: World) -> None:
    """E12: a new external id (an existing one is refused)."""
    if "externalId" in body:
        body["externalId"] = unique()


def _complete_setup(body: dict[str, Any], world: World) -> None:
    """E10: the credential's own integration."""
    _replace(body, {"integrationId": world.integration_id})


def _update_credential(body: dict[str, Any], world: World) -> None:
    """E8: workflow settings keyed by workflows of the credential's integration."""
    config = body.get("config")
    if not isinstance(config, dict) or not world.workflow_ids:
        return
    for key in ("configuredWorkflows", "workflowSettings"):
        settings = config.get(key)
        if isinstance(settings, dict):
            values = list(settings.values())
            ids = world.workflow_ids
            config[key] = {ids[index % len(ids)]: value for index, value in enumerate(values)}


def _field_options(body: dict[str, Any], world: World) -> None:
    """E21: the connected integration, from the first page."""
    _replace(body, {"action": world.integration_type})
    paging = body.get("paginationParameters")
    if isinstance(paging, dict) and "pageCursor" in paging:
        paging["pageCursor"] = 0  # the first page, as the SDK asks for it; others are issued


def _run_tool(body: dict[str, Any], world: World) -> None:
    """E36: a Tool of a connected integration with parameters that fit its schema."""
    if world.tool is None:
        return
    for key in ("tool", "action"):
        if key in body:
            body[key] = world.tool
    body["parameters"] = dict(world.tool_parameters)


def _trigger(body: dict[str, Any], world: World) -> None:
    """E39/E42: a trigger type of a connected integration with fitting parameters."""
    _replace(body, {"integration": world.trigger_integration, "type": world.trigger_type})
    if world.trigger_type is not None and (
        "parameters" in body or body.get("type") == world.trigger_type
    ):
        body["parameters"] = dict(world.trigger_parameters)


def _update_subscription(body: dict[str, Any], world: World) -> None:
    """E40: parameters that fit the subscription's trigger type."""
    if "parameters" in body and world.trigger_type is not None:
        body["parameters"] = dict(world.trigger_parameters)


def _enable_sync(body: dict[str, Any], world: World) -> None:
    """E43: a connected integration and, when one is named, a credential that does not clash."""
    integration = world.sync_integration or world.integration_type
    _replace(body, {"integration": integration})
    if "credentialId" in body:
        # The Sync's own credential (another one would conflict with the Sync that exists);
        # without one, the target picks the oldest VALID credential.
        if world.sync_credential_id is not None and integration == world.sync_integration:
            body["credentialId"] = world.sync_credential_id
        elif world.sync_id is None and world.credential_of(integration) is not None:
            body["credentialId"] = world.credential_of(integration)
        else:
            del body["credentialId"]


def _update_sync(body: dict[str, Any], world: World) -> None:
    """E46: a VALID credential of the Sync's integration."""
    _replace(body, {"credentialId": world.credential_of(world.sync_integration)})


def _permission(body: dict[str, Any], world: World) -> None:
    """E53, E55-E57, E59: a synced object and a user who was granted a role on it."""
    _replace(body, {"object": world.record_id, "user": world.permission_user})


def _batch_check(body: dict[str, Any], world: World) -> None:
    """E54: each check on the synced object, for the granted user (``user:<email>``)."""
    for check in body.get("checks") or ():
        if isinstance(check, dict):
            _replace(check, {"object": world.record_id})
            if world.permission_user is not None and "user" in check:
                check["user"] = f"user:{world.permission_user}"


TRIGGER_OPERATIONS = frozenset(
    {
        "createTriggerSubscription",
        "updateTriggerSubscription",
        "deleteTriggerSubscription",
        "getTriggerExamplePayloads",
        "listTriggerSubscriptions",
    }
)
TOOL_OPERATIONS = frozenset({"runActionKitTool", "runActionKitActionLegacy"})

BODY_BINDERS: dict[str, Callable[[dict[str, Any], World], None]] = {
    "createCredential": _create_credential,
    "completeCredentialSetup": _complete_setup,
    "createConfiguration": _create_configuration,
    "updateCredential": _update_credential,
    "loadFieldOptions": _field_options,
    "runActionKitTool": _run_tool,
    "runActionKitActionLegacy": _run_tool,
    "createTriggerSubscription": _trigger,
    "getTriggerExamplePayloads": _trigger,
    "updateTriggerSubscription": _update_subscription,
    "enableSync": _enable_sync,
    "updateSync": _update_sync,
    "checkPermission": _permission,
    "listPermittedUsers": _permission,
    "listPermittedObjects": _permission,
    "streamPermittedObjects": _permission,
    "expandPermissions": _permission,
    "batchCheckPermissions": _batch_check,
}
"""Request-body binders by operationId: they edit a valid body in place."""
