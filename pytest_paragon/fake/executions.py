"""Task History's data: workflow executions the fake's own request-trigger runs produced (E24).

Each run of a request-triggered workflow records one execution with a trigger step and a response
step, so Task History (E31-E34) pages, filters and replays real activity of the test.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from pytest_paragon.fake.state import FakeState

ExecutionStatus = Literal["EXECUTING", "FAILED", "SUCCEEDED", "DELAYED"]


@dataclass
class StepExecutionRecord:
    """One step of an execution (the request trigger, then the Response step)."""

    id: str
    step_id: str
    type: str
    status: ExecutionStatus
    start: str
    end: str | None
    input: Any = None
    output: Any = None
    prev: str | None = None
    next: list[str] = field(default_factory=list)


@dataclass
class WorkflowExecutionRecord:
    """One run of a workflow for a Connected User."""

    id: str
    user_id: str
    workflow_id: str
    integration: str
    status: ExecutionStatus
    date_started: str
    date_ended: str | None
    run_duration_ms: int | None
    started_at: float
    steps: list[StepExecutionRecord] = field(default_factory=list)
    replay_of: str | None = None

    @property
    def task_count(self) -> int:
        """Paragon counts a task per executed step."""
        return len(self.steps)


@dataclass
class ExecutionLog:
    """Every recorded execution, oldest first."""

    executions: list[WorkflowExecutionRecord] = field(default_factory=list)

    def reset(self) -> None:
        """Forget every execution."""
        self.executions.clear()

    def get(self, execution_id: str) -> WorkflowExecutionRecord | None:
        """The execution with ``execution_id``."""
        return next((e for e in self.executions if e.id == execution_id), None)


def record_run(
    state: FakeState,
    *,
    user_id: str,
    workflow_id: str,
    integration: str,
    started_at: float,
    finished: bool,
    request: Any,
    response: Any,
) -> WorkflowExecutionRecord:
    """Record one request-trigger run: a trigger step, then (when it finished) a response step."""
    now = state.clock()
    execution = WorkflowExecutionRecord(
        id=state.ids(),
        user_id=user_id,
        workflow_id=workflow_id,
        integration=integration,
        status="SUCCEEDED" if finished else "EXECUTING",
        date_started=state.clock.iso(started_at),
        date_ended=state.clock.iso(now) if finished else None,
        run_duration_ms=int((now - started_at) * 1000) if finished else None,
        started_at=started_at,
    )
    trigger = StepExecutionRecord(
        id=state.ids(),
        step_id=f"{workflow_id}:trigger",
        type="TRIGGER/REQUEST",
        status="SUCCEEDED",
        start=execution.date_started,
        end=execution.date_started,
        input=request,
        output=request,
    )
    execution.steps.append(trigger)
    if finished:
        respond = StepExecutionRecord(
            id=state.ids(),
            step_id=f"{workflow_id}:response",
            type="ACTION/RESPONSE",
            status="SUCCEEDED",
            start=execution.date_started,
            end=execution.date_ended,
            input=request,
            output=response,
            prev=trigger.id,
        )
        trigger.next.append(respond.id)
        execution.steps.append(respond)
    with state.lock:
        state.executions.executions.append(execution)
    return execution
