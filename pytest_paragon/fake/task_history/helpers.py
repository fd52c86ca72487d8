"""Task History's test helpers: ``paragon_fake.task_history``.

Read the executions the fake's request-trigger runs recorded
(:meth:`~TaskHistoryHelpers.executions`) and move a running one on
(:meth:`~TaskHistoryHelpers.set_status`).
"""

from __future__ import annotations

from pytest_paragon.errors import ParagonUsageError
from pytest_paragon.fake.base.helpers import AreaHelpers
from pytest_paragon.fake.task_history.executions import (
    ExecutionLog,
    ExecutionStatus,
    WorkflowExecutionRecord,
    set_execution_status,
)


class TaskHistoryHelpers(AreaHelpers):
    """Task History reading helpers (``paragon_fake.task_history``)."""

    _area = "task_history"

    def executions(
        self,
        *,
        user_id: str | None = None,
        workflow_id: str | None = None,
        status: ExecutionStatus | None = None,
    ) -> list[WorkflowExecutionRecord]:
        """The recorded executions (oldest first), optionally filtered."""
        return [
            execution
            for execution in self._state.area(ExecutionLog).executions
            if (user_id is None or execution.user_id == user_id)
            and (workflow_id is None or execution.workflow_id == workflow_id)
            and (status is None or execution.status == status)
        ]

    def set_status(self, execution_id: str, status: ExecutionStatus) -> WorkflowExecutionRecord:
        """Move a recorded execution to ``status`` (see :func:`set_execution_status`)."""
        execution = self._state.area(ExecutionLog).get(execution_id)
        if execution is None:
            raise ParagonUsageError(f"no execution {execution_id!r} was recorded")
        set_execution_status(self._state, execution, status)
        return execution
