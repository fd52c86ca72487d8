"""Generated from contracts/paragon.openapi.yaml by scripts/generate_models.py: do not edit.
Pydantic v2 models of every component schema of the contract, one module per x-paragon-area.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class WorkflowExecutionStatus(str, Enum):
    """Status of a workflow execution in Task History."""

    EXECUTING = "EXECUTING"
    FAILED = "FAILED"
    SUCCEEDED = "SUCCEEDED"
    DELAYED = "DELAYED"


class TaskHistorySortOrder(str, Enum):
    """Sort order of Task History listings by start date (docs: default DESC, newest first)."""

    ASC = "ASC"
    DESC = "DESC"


class WorkflowExecution(BaseModel):
    """One workflow execution (a Task History record) of one Connected User. Docs list id, userId, taskCount, runDuration (milliseconds), workflowId, status, dateStarted and dateEnded; `dateEnded` and `runDuration` are null while the execution is still EXECUTING or DELAYED (inferred; the docs do not say)."""

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    """
    The execution id.
    """
    userId: str
    """
    The Connected User id (the user token's `sub`).
    """
    taskCount: Annotated[int | None, Field(ge=0)] = None
    """
    Tasks consumed by the execution.
    """
    runDuration: Annotated[float | None, Field(ge=0.0)] = None
    """
    Run time in milliseconds.
    """
    workflowId: str
    status: WorkflowExecutionStatus
    dateStarted: str
    dateEnded: str | None = None


class StepExecution(BaseModel):
    """One step of a workflow execution (E32 `stepExecutions[]`). `type` is `<step kind>/<step type>`, e.g. `TRIGGER/CRON` or `ACTION/REQUEST`; `next` and `prev` link step execution ids; sizes are strings (docs). Input and output are fetched separately (E33). The step status vocabulary is not documented separately from the execution's, so it is a plain string."""

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    """
    The step execution id (E33 `stepExecutionId`).
    """
    stepId: str
    """
    The workflow step's id.
    """
    workflowExecutionId: str
    status: Annotated[str, Field(examples=["SUCCEEDED", "FAILED"])]
    type: Annotated[str | None, Field(examples=["TRIGGER/CRON", "ACTION/REQUEST"])] = None
    start: str | None = None
    end: str | None = None
    next: list[str] | None = None
    """
    Ids of the following step executions.
    """
    prev: str | None = None
    """
    Id of the preceding step execution, null for the trigger.
    """
    inputSize: str | None = None
    """
    Size of the step input (a string in the docs).
    """
    outputSize: str | None = None
    """
    Size of the step output (a string in the docs).
    """


class WorkflowExecutionDetail(WorkflowExecution):
    """A workflow execution with its step executions (E32)."""

    model_config = ConfigDict(
        extra="allow",
    )
    stepExecutions: list[StepExecution]


class WorkflowExecutionPage(BaseModel):
    """A page of Task History (E31): at most 100 executions, `nextLink` the URL of the next page (the same query with a larger `offset`) or null on the last page, and `total` the number of executions matching the query."""

    model_config = ConfigDict(
        extra="allow",
    )
    workflowExecutions: Annotated[list[WorkflowExecution], Field(max_length=100)]
    nextLink: str | None
    total: Annotated[int, Field(ge=0)]


class StepExecutionData(BaseModel):
    """Input and output of one step execution (E33). `isLargeInput` / `isLargeOutput` flag payloads too large to inline (docs do not say what `input` / `output` then hold)."""

    model_config = ConfigDict(
        extra="allow",
    )
    isLargeInput: bool
    isLargeOutput: bool
    input: Any | None = None
    """
    The step input (any JSON).
    """
    output: Any | None = None
    """
    The step output (any JSON).
    """


class WorkflowExecutionReplay(BaseModel):
    """The new execution started by a replay (E34, beta). Its status is always EXECUTING."""

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    """
    The id of the new execution.
    """
    userId: str
    workflowId: str
    status: Literal["EXECUTING"]
    dateStarted: str
