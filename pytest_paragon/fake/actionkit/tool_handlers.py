"""ActionKit Tools: E35 (list) and E36 (run), on ``/tools`` and on the legacy ``/actions`` path.

List: the Tools of the project's integrations, keyed by integration (``tools`` on ``/tools``,
``actions`` on ``/actions``), plus ``errors`` naming requested integrations that are unknown or
not available to the user. ``limit_to_available`` (default true) keeps the integrations the user
has a VALID credential for; ``integrations`` and ``categories`` filter; integrations a JWT
permissions claim does not grant ``actionkit`` for are left out. ``format=json_schema`` (default)
splits polymorphic Tools into one per variant; ``format=paragon`` gives Paragon inputs.
``reload_fields`` is accepted (the fake has no field cache).

Run: ``{tool | action, parameters}``; an unknown Tool is a 400, an integration the user has no
VALID credential for (the one ``X-Paragon-Credential`` selects, else the primary) a 404
``Integration not enabled for user.``, parameters outside the Tool's JSON Schema a 400. The
answer comes from the handler a test registered with ``actionkit.on``, else the default output.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Mapping
from typing import Any

from pytest_paragon.errors import UnmatchedAnswerError
from pytest_paragon.fake.actionkit.state import (
    ActionKitState,
    ToolCall,
    actionkit_of,
    check_parameters,
    default_output,
    permitted,
    resolve_tool,
    tool_specs,
)
from pytest_paragon.fake.base.context import Reply, RequestContext, handles
from pytest_paragon.fake.base.errors import (
    INTEGRATION_NOT_ENABLED,
    ApiError,
    FakeError,
    bad_request,
    forbidden,
    integration_not_enabled,
)
from pytest_paragon.fake.base.project import IntegrationSpec
from pytest_paragon.fake.base.registrations import amongst, pick, provider_reply
from pytest_paragon.fake.base.tool_specs import paragon_tool, runnable_tools


def _flag(context: RequestContext, name: str, default: bool) -> bool:
    raw = context.query.get(name)
    return default if raw is None else raw.strip().lower() in ("true", "1")


def csv_query(context: RequestContext, name: str) -> list[str] | None:
    """A comma-separated (or repeated) query parameter, ``None`` when absent."""
    values = [value for key, value in context.query_items if key == name]
    if not values:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def claim_of(context: RequestContext) -> Mapping[str, Any] | None:
    """The JWT permissions claim of the request, if any."""
    return context.token.permissions if context.token is not None else None


def selected_integrations(
    context: RequestContext,
) -> tuple[list[IntegrationSpec], list[dict[str, str]]]:
    """E35/E37: the integrations to list, and ``errors`` for requested ones left out.

    Filters: ``integrations``, ``limit_to_available`` and the permissions claim.
    """
    project = context.state.project
    wanted = csv_query(context, "integrations")
    limit = _flag(context, "limit_to_available", True)
    claim = claim_of(context)
    errors = [
        {"type": name, "message": f"Integration {name} is not in this project."}
        for name in wanted or ()
        if project.integration(name) is None
    ]
    kept = []
    for spec in project.integrations:
        if wanted is not None and spec.type not in wanted and spec.id not in wanted:
            continue
        if not permitted(claim, spec.type):
            continue
        valid = [
            c
            for c in context.state.credentials_of(context.user.id, spec.type)
            if c.status == "VALID"
        ]
        if limit and not valid:
            if wanted is not None:
                errors.append({"type": spec.type, "message": INTEGRATION_NOT_ENABLED})
            continue
        kept.append(spec)
    return kept, errors


def _list(context: RequestContext, key: str) -> Reply:
    integrations, errors = selected_integrations(context)
    categories = csv_query(context, "categories")
    paragon = context.query.get("format") == "paragon"
    listed: dict[str, list[dict[str, Any]]] = {}
    for spec in integrations:
        if categories is not None and actionkit_of(spec).category not in categories:
            continue
        tools: list[dict[str, Any]] = []
        for tool_spec in tool_specs(spec):
            if paragon:
                tools.append(paragon_tool(spec.type, tool_spec))
            else:
                tools.extend(tool.wire() for tool in runnable_tools(spec.type, tool_spec))
        if tools:
            listed[spec.type] = tools
    return Reply(json={key: listed, "errors": errors})


@handles("listActionKitTools")
def list_tools(context: RequestContext) -> Reply:
    """E35 on ``/tools``: ``{tools: {integration: [...]}, errors}``."""
    return _list(context, "tools")


@handles("listActionKitActionsLegacy")
def list_actions(context: RequestContext) -> Reply:
    """E35 on the legacy ``/actions``: ``{actions: {integration: [...]}, errors}``."""
    return _list(context, "actions")


@handles("runActionKitTool", "runActionKitActionLegacy")
def run_tool(context: RequestContext) -> Reply:
    """E36: run a Tool for the user's connected account."""
    body = context.json_object()
    name = body.get("tool") or body.get("action")
    if not isinstance(name, str) or not name:
        raise bad_request("`tool` (or the legacy `action`) is required.")
    parameters = body.get("parameters")
    if not isinstance(parameters, dict):
        raise bad_request("`parameters` must be an object.")
    tool, checked = resolve_tool(context.state.project, name, parameters)
    claim = claim_of(context)
    if not permitted(claim, tool.integration):
        raise forbidden()
    spec = context.state.integration(tool.integration)
    try:
        credential = context.selected_credential(spec.type)
    except FakeError:
        raise integration_not_enabled(integrationId=spec.id, endUserId=context.user.id) from None
    if credential.status != "VALID" or credential.integration_type != spec.type:
        raise integration_not_enabled(integrationId=spec.id, endUserId=context.user.id)
    if not permitted(claim, spec.type, credential.id):
        raise forbidden()
    call = ToolCall(
        tool=tool.name,
        requested=name,
        base=tool.spec.name,
        integration=spec.type,
        parameters=copy.deepcopy(parameters),
        user_id=context.user.id,
        credential_id=credential.id,
        headers=dict(context.headers),
    )
    actionkit = context.state.area(ActionKitState)
    try:
        check_parameters(tool, checked)
    except ApiError as refusal:  # a run refused for its parameters is still a run the test reads
        actionkit.tool_calls.append(dataclasses.replace(call, refused=refusal.message))
        raise
    actionkit.tool_calls.append(call)
    names = (call.tool, call.requested, call.base)
    registered = [r for r in actionkit.tool_handlers if r.tool in names]
    registration = pick(registered, call)
    if registration is None:
        if registered and not context.allow_unmatched_answers:
            context.record_problem(
                UnmatchedAnswerError.from_call(
                    "Tool",
                    f"the run of {call.tool} with parameters {call.parameters!r}",
                    amongst(registered, call),
                    answered="with the Tool's default output",
                )
            )
        return Reply(json=default_output(context.state, tool, call))
    outcome = provider_reply(registration.call(call))
    status = 200 if 200 <= outcome.status < 300 else outcome.status
    return Reply(status=status, json=outcome.body, headers=dict(outcome.headers))
