"""Handlers, one per contract operationId, grouped by area as the API is split.

Importing this package registers every handler in
:data:`pytest_paragon.fake.context.HANDLERS`.
"""

from __future__ import annotations

from pytest_paragon.fake.handlers import (
    actionkit,
    actionkit_triggers,
    credentials,
    oauth,
    proxy,
    runtime,
    sdk_2_0_6,
    sync,
    task_history,
    users,
    workflows,
)

__all__ = [
    "actionkit",
    "actionkit_triggers",
    "credentials",
    "oauth",
    "proxy",
    "runtime",
    "sdk_2_0_6",
    "sync",
    "task_history",
    "users",
    "workflows",
]
