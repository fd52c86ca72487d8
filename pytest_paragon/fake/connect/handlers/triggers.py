"""Request-triggered workflows (E24), App Events (E25, E26) and inbound custom webhooks (E27).

A request trigger answers 202 ``{}`` when no handler is registered for the workflow (a workflow
without a Response step), the handler's status and body otherwise, and 542 with Paragon's
documented body when the handler runs past the fake's ``trigger_timeout`` on the fake's clock
(advance a frozen clock inside the handler to simulate a slow workflow).
"""

from __future__ import annotations

from pytest_paragon.errors import UnmatchedAnswerError
from pytest_paragon.fake.base.context import Reply, RequestContext, handles
from pytest_paragon.fake.base.errors import FakeError, bad_request, not_found
from pytest_paragon.fake.base.records import (
    AppEventRecord,
    InboundWebhook,
    TriggerCall,
    WorkflowRun,
)
from pytest_paragon.fake.base.registrations import amongst, pick, provider_reply
from pytest_paragon.fake.connect import domain as connect_domain

TIMEOUT_MESSAGE = "Workflow has been enqueued but has not completed."


@handles("runRequestTriggerWorkflow")
def run_request_trigger_workflow(context: RequestContext) -> Reply:
    """E24: run a request-triggered workflow enabled for the user's credential."""
    workflow_id = context.path_params["workflowId"]
    found = context.state.project.workflow(workflow_id)
    if found is None or not found[1].request_trigger:
        raise not_found(f"Workflow {workflow_id} is not a deployed request-triggered workflow.")
    spec, _ = found
    credential = context.state.resolve_credential(
        context.user.id, context.credential_header, spec.type
    )
    if credential.status != "VALID":
        raise bad_request(f'Integration "{spec.type}" has no valid credential for this user.')
    configuration = context.state.resolve_configuration(credential, context.configuration_header)
    if not configuration.workflow(workflow_id).enabled:
        raise bad_request(f"Workflow {workflow_id} is not enabled for this user.")
    call = TriggerCall(
        workflow_id=workflow_id,
        integration_type=spec.type,
        user_id=context.user.id,
        body=context.json,
        query=dict(context.query),
        headers=dict(context.headers),
        credential_id=credential.id,
        configuration_id=configuration.id,
        content=context.raw_body or b"",
    )
    registered = [r for r in context.state.trigger_handlers if r.workflow_id == workflow_id]
    handler = pick(registered, call)
    if handler is None and registered and not context.allow_unmatched_answers:
        context.record_problem(
            UnmatchedAnswerError.from_call(
                "request trigger",
                f"the run of {workflow_id}",
                amongst(registered, call),
                answered="with a 202, as a workflow without a Response step",
            )
        )
    started = context.state.clock()
    if handler is None:
        context.state.record_run(
            WorkflowRun(
                id=context.state.ids(),
                user_id=context.user.id,
                workflow_id=workflow_id,
                integration=spec.type,
                started_at=started,
                finished=True,
                request=context.json,
                response=None,
            )
        )
        return Reply(status=202, json={})
    outcome = provider_reply(handler.call(call))
    finished = context.state.clock() - started <= context.trigger_timeout
    run_id = context.state.ids()
    context.state.record_run(
        WorkflowRun(
            id=run_id,
            user_id=context.user.id,
            workflow_id=workflow_id,
            integration=spec.type,
            started_at=started,
            finished=finished,
            request=context.json,
            response=outcome.body,
        )
    )
    if not finished:
        return Reply(
            status=542,
            json={
                "message": TIMEOUT_MESSAGE,
                "dateSubmitted": context.state.clock.iso(started),
                "projectId": context.state.project.id,
                "workflowId": workflow_id,
                "executionId": run_id,
            },
        )
    if isinstance(outcome.body, bytes):
        media = outcome.headers.get("content-type", "application/octet-stream")
        return Reply(status=outcome.status, content=outcome.body, media_type=media)
    return Reply(status=outcome.status, json={} if outcome.body is None else outcome.body)


def _record_event(context: RequestContext) -> Reply:
    body = context.json_object()
    credential, configuration = context.credential_header, context.configuration_header
    if configuration is not None and credential is None:
        raise bad_request("Configuration ID cannot be used without a corresponding Credential ID.")
    credential_id = configuration_id = None
    if credential is not None:
        # The event runs for the selected account (and configuration): record their ids, whatever
        # form (UUID, ``ext:x``, bare ``x``) selected them. An unknown selector is a bad request
        # (App Events document 400, not 404).
        try:
            selected = context.state.resolve_credential(context.user.id, credential)
            if configuration is not None:
                configuration_id = context.state.resolve_configuration(selected, configuration).id
        except FakeError as error:
            raise bad_request(error.message) from None
        credential_id = selected.id
    connect_domain.record_app_event(
        context.state,
        AppEventRecord(
            name=str(body.get("name")),
            payload=body.get("payload"),
            user_id=context.user.id,
            path=context.path,
            received_at=context.state.clock.iso(),
            credential=credential_id,
            configuration=configuration_id,
        ),
    )
    return Reply(status=201, json={})


@handles("sendAppEvent", "sendAppEventV2")
def send_app_event(context: RequestContext) -> Reply:
    """E25 (docs' path) and E26 (SDK's ``/v2`` path): record the App Event; 201."""
    return _record_event(context)


@handles("receiveCustomWebhook")
def receive_custom_webhook(context: RequestContext) -> Reply:
    """E27: a provider calls a user-level custom webhook URL; the call is recorded.

    A JSON body (or one without a type) is kept parsed; any other content type (the contract
    accepts ``*/*``: providers post forms, XML, text) is kept as the raw bytes.
    """
    context.state.integration(context.path_params["integrationId"])
    media = (context.header("content-type") or "").split(";")[0].strip().lower()
    json_body = media == "" or media == "application/json" or media.endswith("+json")
    context.state.inbound_webhooks.append(
        InboundWebhook(
            integration_id=context.path_params["integrationId"],
            trigger_id=context.path_params["customWebhookTriggerId"],
            credential_id=context.query.get("id"),
            body=context.json if json_body else (context.raw_body or None),
            received_at=context.state.clock.iso(),
        )
    )
    return Reply(json={})
