"""Task History (E31-E34): the executions the fake's own request-trigger runs recorded.

Authenticated with the project API key (the core refuses a user token with 401). E31 filters by
``userId``, ``workflowId``, ``integration`` (type or integration id), ``status`` and the start
date (``beforeDate`` and ``afterDate`` are exclusive bounds), sorts by start date (``sortBy``,
default ``DESC``; executions started at the same instant keep the order they were recorded in,
reversed for ``DESC``) and pages by 100 with ``offset``. ``nextLink`` repeats the request's query
on the scheme and host the request used, with the next ``offset``; it is null on the last page.
E32 adds the step executions (sizes are the byte length of the step's JSON input and output),
E33 returns a step's input and output (never "large" in the fake) and E34 replays an execution:
201 with a new EXECUTING execution, listed by E31 from then on. Unknown ids answer 404.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from pytest_paragon.fake.base.context import Reply, RequestContext, handles
from pytest_paragon.fake.base.dates import parse_instant
from pytest_paragon.fake.base.errors import bad_request, not_found
from pytest_paragon.fake.task_history.executions import (
    ExecutionLog,
    StepExecutionRecord,
    WorkflowExecutionRecord,
    replay_execution,
)

PAGE_SIZE = 100
SORT_ORDERS = ("ASC", "DESC")
STATUSES = ("EXECUTING", "FAILED", "SUCCEEDED", "DELAYED")


def parse_date(value: str, name: str) -> datetime:
    """An ISO 8601 date (``Z`` or an offset; a date without one is UTC); a 400 otherwise."""
    try:
        return parse_instant(value)  # one parser on every Python (not datetime.fromisoformat)
    except ValueError:
        raise bad_request(f"`{name}` must be an ISO 8601 date, not {value!r}.") from None


def _size(value: Any) -> str:
    if value is None:
        return "0"
    return str(len(json.dumps(value, separators=(",", ":"), default=str).encode()))


def execution_payload(execution: WorkflowExecutionRecord) -> dict[str, Any]:
    """An execution as Task History lists it (``WorkflowExecution``)."""
    return {
        "id": execution.id,
        "userId": execution.user_id,
        "taskCount": execution.task_count,
        "runDuration": execution.run_duration_ms,
        "workflowId": execution.workflow_id,
        "status": execution.status,
        "dateStarted": execution.date_started,
        "dateEnded": execution.date_ended,
    }


def step_payload(execution: WorkflowExecutionRecord, step: StepExecutionRecord) -> dict[str, Any]:
    """One step execution (``StepExecution``), without its input and output."""
    return {
        "id": step.id,
        "stepId": step.step_id,
        "workflowExecutionId": execution.id,
        "status": step.status,
        "type": step.type,
        "start": step.start,
        "end": step.end,
        "next": list(step.next),
        "prev": step.prev,
        "inputSize": _size(step.input),
        "outputSize": _size(step.output),
    }


def _execution(context: RequestContext) -> WorkflowExecutionRecord:
    execution_id = context.path_params["executionId"]
    execution = context.state.area(ExecutionLog).get(execution_id)
    if execution is None:
        raise not_found(f"Workflow execution {execution_id} not found.")
    return execution


def _offset(context: RequestContext) -> int:
    raw = context.query.get("offset", "0")
    try:
        offset = int(raw)
    except ValueError:
        raise bad_request(f"`offset` must be a non-negative integer, not {raw!r}.") from None
    if offset < 0:
        raise bad_request(f"`offset` must be a non-negative integer, not {raw!r}.")
    return offset


def _matching(context: RequestContext) -> list[WorkflowExecutionRecord]:
    query = context.query
    status = query.get("status")
    if status is not None and status not in STATUSES:
        raise bad_request(f"`status` must be one of {', '.join(STATUSES)}.")
    integration = query.get("integration")
    if integration is not None:
        spec = context.state.project.integration(integration)
        integration = spec.type if spec is not None else integration
    before = parse_date(query["beforeDate"], "beforeDate") if "beforeDate" in query else None
    after = parse_date(query["afterDate"], "afterDate") if "afterDate" in query else None
    found = []
    for execution in context.state.area(ExecutionLog).executions:
        if "userId" in query and execution.user_id != query["userId"]:
            continue
        if "workflowId" in query and execution.workflow_id != query["workflowId"]:
            continue
        if integration is not None and execution.integration != integration:
            continue
        if status is not None and execution.status != status:
            continue
        started = parse_date(execution.date_started, "dateStarted")
        if (before is not None and started >= before) or (after is not None and started <= after):
            continue
        found.append(execution)
    return found


def _next_link(context: RequestContext, offset: int) -> str:
    items = [(key, value) for key, value in context.query_items if key != "offset"]
    items.append(("offset", str(offset)))
    return f"{context.scheme}://{context.host}{context.path}?{urlencode(items)}"


@handles("listWorkflowExecutions")
def list_workflow_executions(context: RequestContext) -> Reply:
    """E31: a page of at most 100 matching executions, ``nextLink`` and ``total``."""
    order = context.query.get("sortBy", "DESC")
    if order not in SORT_ORDERS:
        raise bad_request("`sortBy` must be ASC or DESC.")
    offset = _offset(context)
    found = list(enumerate(_matching(context)))
    found.sort(key=lambda item: (parse_date(item[1].date_started, "dateStarted"), item[0]))
    if order == "DESC":
        found.reverse()
    page = [execution for _, execution in found[offset : offset + PAGE_SIZE]]
    more = offset + PAGE_SIZE < len(found)
    return Reply(
        json={
            "workflowExecutions": [execution_payload(execution) for execution in page],
            "nextLink": _next_link(context, offset + PAGE_SIZE) if more else None,
            "total": len(found),
        }
    )


@handles("getWorkflowExecution")
def get_workflow_execution(context: RequestContext) -> Reply:
    """E32: one execution with its step executions."""
    execution = _execution(context)
    payload = execution_payload(execution)
    payload["stepExecutions"] = [step_payload(execution, step) for step in execution.steps]
    return Reply(json=payload)


@handles("getStepExecutionData")
def get_step_execution_data(context: RequestContext) -> Reply:
    """E33: the input and output of one step execution of the execution."""
    execution = _execution(context)
    step_id = context.path_params["stepExecutionId"]
    step = next((step for step in execution.steps if step.id == step_id), None)
    if step is None:
        raise not_found(f"Step execution {step_id} not found in execution {execution.id}.")
    return Reply(
        json={
            "isLargeInput": False,
            "isLargeOutput": False,
            "input": step.input,
            "output": step.output,
        }
    )


@handles("replayWorkflowExecution")
def replay_workflow_execution(context: RequestContext) -> Reply:
    """E34 (beta): start a new execution of the same workflow for the same user; 201."""
    replay = replay_execution(context.state, _execution(context))
    return Reply(
        status=201,
        json={
            "id": replay.id,
            "userId": replay.user_id,
            "workflowId": replay.workflow_id,
            "status": replay.status,
            "dateStarted": replay.date_started,
        },
    )
