"""Names of :class:`~pytest_paragon.fake.core.FakeParagon` kept for one minor release.

0.1.0's README named one-line shortcuts (``paragon_fake.connect``, ``on_proxy``, ``credential``,
``executions``, ...) beside the area helpers. Since 0.2.0 each action has one documented name, on
its area helper (``paragon_fake.users.connect``, ``paragon_fake.proxy.on``, ...); the old names
still work, each access warning with a :class:`~pytest_paragon.errors.ParagonDeprecationWarning`
that names the new spelling. Internals that were public (``checker``, ``validators``, ``hosts``,
``sdk_versions``, ``overrides``, and ``violations``/``failures``: read ``problems()``) are private;
their old names read the same object, warned.
"""

from __future__ import annotations

from typing import Any

from pytest_paragon.errors import deprecated

MOVED: dict[str, str] = {
    # the one-line shortcuts of 0.1.0 and the first 0.2.0 development snapshots
    "connect": "users.connect",
    "workflow_id": "users.workflow_id",
    "field_options": "users.field_options",
    "oauth_outcome": "users.oauth_outcome",
    "metadata": "users.metadata",
    "credentials": "users.credentials",
    "settings": "users.settings",
    "workflow_states": "users.workflow_states",
    "app_events": "users.app_events",
    "on_proxy": "proxy.on",
    "on_trigger": "triggers.on",
    "on_tool": "actionkit.on",
    # 0.1.0's README names that moved to the area helpers without a warning (restored here)
    "credential": "users.credential",
    "seed_tool_records": "actionkit.seed_records",
    "tool_records": "actionkit.records",
    "tool_calls": "actionkit.tool_calls",
    "subscribe_trigger": "actionkit.subscribe",
    "trigger_subscriptions": "actionkit.subscriptions",
    "fire_trigger": "actionkit.fire",
    "executions": "task_history.executions",
    "execution_status": "task_history.set_status",
    "sync_records": "sync.seed_records",
    "delete_sync_records": "sync.delete_records",
    "sync_object": "sync.seed_object",
    "grant": "sync.grant",
    "revoke": "sync.revoke",
    "sync_status": "sync.set_status",
    "syncs": "sync.syncs",
    # internals, now private
    "checker": "_checker",
    "validators": "_validators",
    "hosts": "_hosts",
    "sdk_versions": "_sdk_versions",
    "overrides": "_overrides",
    # the outcome is read one way: problems()
    "violations": "_violations",
    "failures": "_failures",
}
"""Old attribute of ``paragon_fake`` -> its new path (dotted: area helper, then method)."""


def _moved(old: str, new: str) -> property:
    def read(self: Any) -> Any:
        if not new.startswith("_"):
            hint = f"paragon_fake.{new}"
        elif old in ("violations", "failures"):
            hint = "paragon_fake.problems() (the one way to read a test's outcome)"
        else:
            hint = "the documented helpers (it is internal now)"
        deprecated(f"paragon_fake.{old}", hint)
        value = self
        for part in new.split("."):
            value = getattr(value, part)
        return value

    read.__doc__ = f"Deprecated: ``{new}``."
    return property(read)


class DeprecatedNames:
    """The old attribute names of the fake, each a warned way to the new one."""

    def unused_registrations(self) -> list[str]:
        """Deprecated: read ``problems()`` (an unused answer is an ``UnusedAnswerError`` there)."""
        deprecated("paragon_fake.unused_registrations()", "paragon_fake.problems()")
        return self._unused_answers()  # type: ignore[attr-defined,no-any-return]


for _old, _new in MOVED.items():
    setattr(DeprecatedNames, _old, _moved(_old, _new))
