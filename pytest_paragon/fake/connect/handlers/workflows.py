"""Workflow enablement, field options and resources: E19, E20, E21, E22."""

from __future__ import annotations

from typing import Any

from pytest_paragon.fake.base.context import Reply, RequestContext, handles
from pytest_paragon.fake.base.errors import FakeError, bad_request, not_found
from pytest_paragon.fake.connect import domain as connect_domain
from pytest_paragon.fake.connect.handlers.credentials import account_for, request_integration

PAGE_SIZE = 20


def _workflow_target(context: RequestContext) -> tuple[Any, Any, str]:
    workflow_id = context.path_params["workflowId"]
    found = context.state.project.workflow(workflow_id)
    if found is None:
        raise not_found(f"Workflow {workflow_id} not found.")
    spec, _ = found
    credential = context.state.resolve_credential(
        context.user.id, context.credential_header, spec.type
    )
    if credential.integration_type != spec.type:
        raise bad_request(
            f"Workflow {workflow_id} does not belong to {credential.integration_type}."
        )
    if credential.status != "VALID":
        raise bad_request(f"Credential {credential.id} is {credential.status}, not VALID.")
    configuration = context.state.resolve_configuration(credential, context.configuration_header)
    return credential, configuration, workflow_id


@handles("enableWorkflow")
def enable_workflow(context: RequestContext) -> Reply:
    """E19: enable a workflow in the selected credential and configuration."""
    credential, configuration, workflow_id = _workflow_target(context)
    configuration.workflow(workflow_id).enabled = True
    configuration.enable_triggered = True
    connect_domain.touch(context.state, credential, configuration)
    return Reply(json={})


@handles("disableWorkflow")
def disable_workflow(context: RequestContext) -> Reply:
    """E20: disable a workflow in the selected credential and configuration."""
    credential, configuration, workflow_id = _workflow_target(context)
    configuration.workflow(workflow_id).enabled = False
    connect_domain.touch(context.state, credential, configuration)
    return Reply(json={})


@handles("loadFieldOptions")
def load_field_options(context: RequestContext) -> Reply:
    """E21: options registered for ``(integration, sourceKey)``, searched and paged by cursor."""
    body = context.json_object()
    spec = request_integration(context, body.get("action"))
    source_key = str(body.get("sourceKey"))
    try:
        account_for(context, spec.type)  # options are loaded with the user's account
    except FakeError as error:
        raise bad_request(error.message) from None
    paging = body.get("paginationParameters") or {}
    options = context.state.field_options.get((spec.type, source_key), [])
    search = str(paging.get("search") or "").lower()
    if search:
        options = [o for o in options if search in str(o.get("label", o.get("title", ""))).lower()]
    try:
        start = int(paging.get("pageCursor") or 0)
    except (TypeError, ValueError):
        raise bad_request("paginationParameters.pageCursor must be a page cursor") from None
    page = options[start : start + PAGE_SIZE]
    following = start + PAGE_SIZE
    cursor = str(following) if following < len(options) else None
    return Reply(status=201, json={"output": {"records": page, "nextPageCursor": cursor}})


@handles("connectResource")
def connect_resource(context: RequestContext) -> Reply:
    """E22: connect a user-level Resource; ``/sdk/me.resources`` shows it connected."""
    resource_id = context.path_params["resourceId"]
    resource = next((r for r in context.state.project.resources if r.id == resource_id), None)
    if resource is None:
        raise not_found(f"Resource {resource_id} not found.")
    if not context.json_object():
        raise bad_request("The resource's credential values are required.")
    user = context.user
    credential_id = user.resources.get(resource.id) or context.state.ids()
    user.resources[resource.id] = credential_id
    return Reply(
        status=201,
        json={"id": credential_id, "status": "VALID", "dateCreated": context.state.clock.iso()},
    )
