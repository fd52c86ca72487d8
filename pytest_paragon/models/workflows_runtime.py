"""Generated from contracts/paragon.openapi.yaml by scripts/generate_models.py: do not edit.
Pydantic v2 models of every component schema of the contract, one module per x-paragon-area.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, RootModel


class RequestTriggerBody(RootModel[Any]):
    root: Annotated[
        Any,
        Field(
            examples=[{"email": "bowie@example.com", "first_name": "Bowie", "last_name": "Foo"}, {}]
        ),
    ]
    """
    The request body of a Request-triggered workflow run (E24): any JSON value, passed to the workflow's Request trigger as its body. SDK 2.4.0 `paragon.workflow(id, {body})` sends `body` (default `{}`), JSON-stringifying objects, always with `Content-Type: application/json`. Docs: the Request trigger's optional body/parameter validation is configured per workflow in the dashboard; its failures return an error response whose shape is undocumented.
    """


class RequestTriggerAccepted(BaseModel):
    """Body of the 202 Accepted answer of E24, sent immediately when the workflow has no Response step. Docs: only the status (202 Accepted) is documented, not the body. Decision: a JSON object with no required properties (open: Paragon may include more), so that every 2xx answer of the trigger endpoint is JSON like the rest of the API and a client's parsed result is an object; the fake answers `{}`. SDK 2.4.0 returns the parsed JSON as is (an empty body would become `undefined`, which it also tolerates)."""

    model_config = ConfigDict(
        extra="allow",
    )


class WorkflowTimeoutError(BaseModel):
    """Body of the 542 answer of E24: the workflow has a Response step that was not reached within 55 seconds. The execution keeps running in the background (see Task History, E32, with `executionId`). `message` is always `Workflow has been enqueued but has not completed.`."""

    model_config = ConfigDict(
        extra="allow",
    )
    message: Annotated[str, Field(examples=["Workflow has been enqueued but has not completed."])]
    dateSubmitted: str
    """
    When the trigger request was accepted.
    """
    projectId: str
    workflowId: str
    """
    The triggered workflow's id.
    """
    executionId: str
    """
    The workflow execution id (Task History `WorkflowExecution.id`).
    """
