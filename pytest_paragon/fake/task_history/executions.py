"""Task History's data: workflow executions the fake's own request-trigger runs produced (E24).

Each run of a request-triggered workflow records one execution with a trigger step and a response
step, so Task History (E31-E34) pages, filters and replays real activity of the test. A replay
(E34) records a new EXECUTING execution of the same workflow and user, its trigger step fed with
the original trigger input. Executions that are still running (EXECUTING after a 542 timeout, or
a replay) stay so until a test moves them on with :meth:`TaskHistoryHelpers.set_status`
(``SUCCEEDED``, ``FAILED``, ``DELAYED``): the fake runs no workflow in the background.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, get_args

from pytest_paragon.errors import ParagonUsageError

if TYPE_CHECKING:
    from pytest_paragon.fake.base.records import WorkflowRun
    from pytest_paragon.fake.base.state import FakeState

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


def listen(state: FakeState) -> None:
    """Record every workflow run Connect reports on ``state`` as an execution."""

    def on_run(run: WorkflowRun) -> None:
        record_run(
            state,
            execution_id=run.id,
            user_id=run.user_id,
            workflow_id=run.workflow_id,
            integration=run.integration,
            started_at=run.started_at,
            finished=run.finished,
            request=run.request,
            response=run.response,
        )

    state.run_listeners.append(on_run)


def record_run(
    state: FakeState,
    *,
    execution_id: str,
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
        id=execution_id,
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
        state.area(ExecutionLog).executions.append(execution)
    return execution


def replay_execution(
    state: FakeState, original: WorkflowExecutionRecord
) -> WorkflowExecutionRecord:
    """E34: a new EXECUTING execution of ``original``'s workflow and user, started now.

    Its trigger step has run (with the original trigger input); the rest of the workflow has not.
    """
    now = state.clock()
    trigger_input = original.steps[0].input if original.steps else None
    execution = WorkflowExecutionRecord(
        id=state.ids(),
        user_id=original.user_id,
        workflow_id=original.workflow_id,
        integration=original.integration,
        status="EXECUTING",
        date_started=state.clock.iso(now),
        date_ended=None,
        run_duration_ms=None,
        started_at=now,
        replay_of=original.id,
    )
    execution.steps.append(
        StepExecutionRecord(
            id=state.ids(),
            step_id=f"{original.workflow_id}:trigger",
            type=original.steps[0].type if original.steps else "TRIGGER/REQUEST",
            status="SUCCEEDED",
            start=execution.date_started,
            end=execution.date_started,
            input=trigger_input,
            output=trigger_input,
        )
    )
    with state.lock:
        state.area(ExecutionLog).executions.append(execution)
    return execution


def set_execution_status(
    state: FakeState, execution: WorkflowExecutionRecord, status: ExecutionStatus
) -> None:
    """Move ``execution`` to ``status``: SUCCEEDED/FAILED end it now, EXECUTING/DELAYED reopen it.

    Ending closes every open step (the last one takes the final status); reopening clears the end
    date and the run duration, as for an execution still in progress.
    """
    if status not in get_args(ExecutionStatus):
        raise ParagonUsageError(
            f"execution status must be one of {get_args(ExecutionStatus)}, not {status!r}"
        )
    with state.lock:
        execution.status = status
        if status in ("EXECUTING", "DELAYED"):
            execution.date_ended = None
            execution.run_duration_ms = None
            return
        now = state.clock()
        execution.date_ended = state.clock.iso(now)
        execution.run_duration_ms = max(0, int((now - execution.started_at) * 1000))
        for step in execution.steps:
            if step.end is None:
                step.end = execution.date_ended
        if execution.steps:
            execution.steps[-1].status = status
